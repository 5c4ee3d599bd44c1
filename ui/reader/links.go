package reader

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"dossier/model"
)

// Web addresses (the article's source, and http or https addresses in its
// text) are written whole, each on its own line, never broken inside a
// word: glamour would break them at hyphens and the wrapping cut them
// anywhere. Where the session's terminal shows hyperlinks (OSC 8) each is
// one; an address wider than the pane is split after its slashes (or
// other separators) over several lines, every piece a link to the whole
// address. Only http and https addresses that parse are linked, and what
// is written is the address as net/url prints it: printable ASCII only.

// linkMark stands in the Markdown for an address, followed by its number;
// the rendered line holding it is replaced by the address's own lines.
const linkMark = '\ue003'

// linkPlaceholder is the Markdown for address number n.
func linkPlaceholder(n int) string { return string(linkMark) + strconv.Itoa(n) }

// linkAt returns the length of the web address that starts at s[0], or 0:
// http:// or https:// and what follows up to a space, without the
// punctuation that ends a sentence or closes a bracket around it.
func linkAt(s string) int {
	if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
		return 0
	}
	n := strings.IndexAny(s, " \t\n\r<>\"")
	if n < 0 {
		n = len(s)
	}
	for n > 0 && strings.ContainsRune(".,;:!?'’”)]}", rune(s[n-1])) {
		if s[n-1] == ')' && strings.Count(s[:n], "(") >= strings.Count(s[:n], ")") {
			break // Wikipedia_(disambiguation)
		}
		n--
	}
	if n <= len("https://") {
		return 0
	}
	return n
}

// safeLink is the address to link to, or "" when it is not an http(s)
// address that parses: printable ASCII, as net/url writes it.
func safeLink(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	s := u.String()
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return ""
		}
	}
	return s
}

// linkLines writes an address in lines of at most room cells after indent:
// whole when it fits, else split after separators (/ ? & = - _ .); each
// piece is a hyperlink to the whole address when links is set.
func linkLines(raw string, indent string, room int, links bool) []string {
	shown := model.SanitizeLine(raw)
	target := ""
	if links {
		target = safeLink(raw)
	}
	var pieces []string
	for ansi.StringWidth(shown) > room && room > 0 {
		cut := 0
		for i := 1; i < len(shown); i++ {
			if ansi.StringWidth(shown[:i]) > room {
				break
			}
			if strings.ContainsRune("/?&=-_.", rune(shown[i-1])) {
				cut = i
			}
		}
		if cut == 0 { // no separator early enough: cut at the width
			cut = len(ansi.Cut(shown, 0, room))
		}
		pieces = append(pieces, shown[:cut])
		shown = shown[cut:]
	}
	pieces = append(pieces, shown)
	out := make([]string, len(pieces))
	for i, p := range pieces {
		if target != "" {
			// The pieces of one address share an id: one link to terminals.
			p = fmt.Sprintf("\x1b]8;id=dossier-%x;%s\x1b\\%s\x1b]8;;\x1b\\", fnv32(target), target, p)
		}
		out[i] = indent + p
	}
	return out
}

// replaceLinks swaps a rendered line holding a link placeholder for the
// address's lines, at the line's indentation.
func replaceLinks(line string, addrs []string, width int, links bool) ([]string, bool) {
	k := strings.IndexRune(line, linkMark)
	if k < 0 {
		return nil, false
	}
	rest := line[k+len(string(linkMark)):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(rest[:j])
	if err != nil || n >= len(addrs) {
		return nil, false
	}
	indent := strings.Repeat(" ", ansi.StringWidth(ansi.Strip(line[:k])))
	suffix := strings.TrimRight(rest[j:], " ") // punctuation after the address, and its styles
	out := linkLines(addrs[n], indent, max(width-len(indent)-ansi.StringWidth(suffix), 10), links)
	out[len(out)-1] += suffix
	return out, true
}

// fnv32 is a short hash of s (FNV-1a).
func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

package timeline

import (
	"regexp"
	"sort"
	"strings"
)

// Expressions never contain a line break and lie close to their anchors
// (a digit for calendar dates, a keyword for relative days), so the
// patterns only run over small windows around anchors, which keeps
// Extract fast on long texts.
const (
	digitRadius   = 80 // bytes around a digit run that can belong to its expression
	keywordRadius = 48 // bytes around a relative keyword
)

// relKeywords are ASCII-lower-case fragments every relative expression contains.
var relKeywords = []string{"day", "tonight", "tomorrow", "gestern", "heute", "morgen", "tag", "mittwoch", "sonnabend"}

// digitWindows returns the windows around runs of ASCII digits.
func digitWindows(text string) []span {
	var anchors []span
	for i := 0; i < len(text); {
		if !isASCIIDigit(rune(text[i])) {
			i++
			continue
		}
		j := i
		for j < len(text) && isASCIIDigit(rune(text[j])) {
			j++
		}
		anchors = append(anchors, span{i, j})
		i = j
	}
	return windowsAround(text, anchors, digitRadius)
}

// keywordWindows returns the windows around relative-day keywords.
func keywordWindows(text string) []span {
	low := asciiLower(text)
	var anchors []span
	for _, k := range relKeywords {
		for off := 0; ; {
			i := strings.Index(low[off:], k)
			if i < 0 {
				break
			}
			anchors = append(anchors, span{off + i, off + i + len(k)})
			off += i + len(k)
		}
	}
	return windowsAround(text, anchors, keywordRadius)
}

// windowsAround widens each anchor by radius bytes, stays within its line,
// snaps both ends outwards to ASCII white space (so no word is cut) and
// merges overlapping windows. The result is sorted.
func windowsAround(text string, anchors []span, radius int) []span {
	sort.Slice(anchors, func(i, j int) bool { return anchors[i].start < anchors[j].start })
	var out []span
	ls, le := 0, -1 // bounds of the line holding the current anchor
	for _, a := range anchors {
		if a.start > le {
			ls = strings.LastIndexByte(text[:a.start], '\n') + 1
			le = len(text)
			if k := strings.IndexByte(text[a.start:], '\n'); k >= 0 {
				le = a.start + k
			}
		}
		s, e := max(ls, a.start-radius), min(le, a.end+radius)
		for s > ls && text[s-1] != ' ' && text[s-1] != '\t' {
			s--
		}
		for e < le && text[e] != ' ' && text[e] != '\t' {
			e++
		}
		if n := len(out); n > 0 && out[n-1].end >= s {
			out[n-1].end = max(out[n-1].end, e)
			continue
		}
		out = append(out, span{s, e})
	}
	return out
}

// asciiLower lower-cases ASCII letters only, keeping every byte offset.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// findAll runs re over each window and returns submatch indexes in text
// coordinates (-1 kept for groups that did not take part).
func findAll(re *regexp.Regexp, text string, wins []span) [][]int {
	var out [][]int
	for _, w := range wins {
		for _, m := range re.FindAllStringSubmatchIndex(text[w.start:w.end], -1) {
			for k := range m {
				if m[k] >= 0 {
					m[k] += w.start
				}
			}
			out = append(out, m)
		}
	}
	return out
}

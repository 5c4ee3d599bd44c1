package reader

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dossier/model"
	"dossier/ui/common"
)

// renderKey identifies a rendering; the same key renders the same text.
type renderKey struct {
	ID    string
	Sum   uint64 // the article file's checksum: a changed file renders again
	Width int
	Theme common.Theme
	Marks uint64 // hash of the marked spans
	Links bool   // web addresses are hyperlinks (OSC 8)
}

func marksHash(ms []model.Span) uint64 {
	h := fnv.New64a()
	for _, m := range ms {
		fmt.Fprintf(h, "%d-%d,", m.Start, m.End)
	}
	return h.Sum64()
}

// rendered is an article rendered at one width: its text and marks (clipped
// to the text), the lines still holding the mark sentinels, the line of
// each mark's start, and the line and text offset of each paragraph.
type rendered struct {
	key         renderKey
	text        string
	marks       []model.Span
	lines       []string
	markLines   []int
	paraLines   []int // rendered line where each paragraph starts
	paraOffsets []int // byte offset of each paragraph in text
	slot        int   // the line under the title the reader draws over (slotMark); -1 for none
}

// paragraphAt returns the paragraph shown at rendered line y (the last one
// starting at or above it), or 0.
func (r *rendered) paragraphAt(y int) int {
	k := sort.SearchInts(r.paraLines, y+1) - 1
	return max(k, 0)
}

// paragraphOf returns the paragraph holding text offset off.
func (r *rendered) paragraphOf(off int) int {
	k := sort.SearchInts(r.paraOffsets, off+1) - 1
	return max(k, 0)
}

// renderedMsg carries a finished rendering back to the reader.
type renderedMsg struct {
	seq int
	r   *rendered
	err error
}

// renderArticle reads an article's text and renders it with glamour. It
// runs in a tea.Cmd.
func renderArticle(key renderKey, a model.Article, texts *model.Corpus, marks []model.Span, profile termenv.Profile) (*rendered, error) {
	text, err := texts.Text(a.ID)
	if err != nil {
		return nil, err
	}
	marks = normaliseMarks(text, marks)
	width := max(key.Width-2, 10)
	// glamour wraps at hyphens ("EU-" / "Kazakhstan") and leaves lone words
	// on lines: it renders unwrapped, and wrapLine wraps at spaces only.
	tr, err := glamour.NewTermRenderer(
		glamourStyle(key.Theme, profile),
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(0),
	)
	if err != nil {
		return nil, err
	}
	from := titleLineEnd(a, text)
	original := ""
	if o, ok := texts.Article(a.TranslationOf); ok && a.TranslationOf != "" {
		original = o.Title
	}
	var addrs []string
	md := headerMarkdown(a, original, &addrs)
	md += bodyMarkdown(text, from, marks, &addrs)
	out, err := tr.Render(md)
	if err != nil {
		return nil, err
	}
	r := &rendered{key: key, text: text, marks: marks, paraOffsets: paragraphOffsets(text, from), slot: -1}
	for _, l := range strings.Split(strings.Trim(out, "\n"), "\n") {
		if r.slot < 0 && strings.ContainsRune(l, slotMark) {
			// Right under the title: the blank line glamour puts between goes.
			if n := len(r.lines); n > 0 && strings.TrimSpace(ansi.Strip(r.lines[n-1])) == "" {
				r.lines = r.lines[:n-1]
			}
			r.slot = len(r.lines)
			r.lines = append(r.lines, "")
			continue
		}
		if strings.ContainsRune(l, paraStart) {
			r.paraLines = append(r.paraLines, len(r.lines))
			l = strings.ReplaceAll(l, string(paraStart), "")
		}
		if ls, ok := replaceLinks(l, addrs, width, key.Links); ok {
			r.lines = append(r.lines, ls...)
			continue
		}
		if strings.TrimSpace(ansi.Strip(l)) == "--------" { // the rule under the header, as wide as the text
			l = "  " + strings.Repeat("─", max(width-2, 1))
		}
		r.lines = append(r.lines, wrapLine(l, width)...)
	}
	for i, l := range r.lines {
		for _, ch := range l {
			if ch == markStart {
				r.markLines = append(r.markLines, i)
			}
		}
	}
	return r, nil
}

// paragraphOffsets returns where each paragraph bodyMarkdown makes starts
// in text: every line from offset from on with something to show.
func paragraphOffsets(text string, from int) []int {
	var out []int
	for i := from; i < len(text); {
		end := strings.IndexByte(text[i:], '\n')
		if end < 0 {
			end = len(text) - i
		}
		line := text[i : i+end]
		if strings.TrimFunc(line, func(r rune) bool {
			return r == ' ' || r == '\t' || r == markStart || r == markEnd || r == paraStart
		}) != "" {
			out = append(out, i)
		}
		i += end + 1
	}
	return out
}

// wrapLine wraps one rendered line to width cells at spaces only, so a
// hyphenated word is never split, keeping the line's indentation on every
// line; a paragraph does not end on a lone word when a narrower wrap can
// avoid it.
func wrapLine(line string, width int) []string {
	if ansi.StringWidth(line) <= width {
		return []string{line}
	}
	head, rest, indent := splitIndent(line)
	room := max(width-indent, 10)
	parts := common.Wrap(rest, room)
	if n := len(parts); n > 1 && lone(parts) {
		// Take the previous line's last word down to keep the lone one company.
		prev := parts[n-2]
		if k := strings.LastIndexByte(prev, ' '); k > 0 {
			moved := prev[k+1:] + " " + parts[n-1]
			if ansi.StringWidth(moved) <= room {
				parts[n-2], parts[n-1] = prev[:k], moved
			}
		}
	}
	out := make([]string, len(parts))
	pad := strings.Repeat(" ", indent)
	for i, p := range parts {
		if i == 0 {
			out[i] = head + p
		} else {
			out[i] = pad + strings.TrimLeft(p, " ")
		}
	}
	return out
}

// lone reports whether the last line holds a single word while the one
// before it holds several.
func lone(parts []string) bool {
	last := strings.Fields(ansi.Strip(parts[len(parts)-1]))
	prev := strings.Fields(ansi.Strip(parts[len(parts)-2]))
	return len(last) == 1 && len(prev) >= 3
}

// splitIndent cuts a styled line after its leading spaces (escape
// sequences included), returning the two parts and the indentation width.
func splitIndent(line string) (head, rest string, indent int) {
	i := 0
	for i < len(line) {
		if line[i] == 0x1b { // skip a CSI sequence
			j := i + 1
			if j < len(line) && line[j] == '[' {
				j++
				for j < len(line) && (line[j] < 0x40 || line[j] > 0x7e) {
					j++
				}
				j++
			}
			i = min(j, len(line))
			continue
		}
		if line[i] != ' ' {
			break
		}
		indent++
		i++
	}
	return line[:i], line[i:], indent
}

// SGR sequences for marks: every match reversed, the current one also bold
// and underlined. Attributes, not colours, so they work with NO_COLOR too.
const (
	sgrMark    = "\x1b[7m"
	sgrCurrent = "\x1b[7;1;4m"
	sgrOff     = "\x1b[27;22;24m"
)

// paint replaces the sentinels of lines with mark styles, re-applying the
// style after every reset glamour emits inside a mark. current is the index
// of the mark drawn as current (-1 for none).
func paint(lines []string, current int) []string {
	out := make([]string, len(lines))
	n := -1
	inside := ""
	for i, l := range lines {
		if !strings.ContainsRune(l, markStart) && !strings.ContainsRune(l, markEnd) && inside == "" {
			out[i] = l
			continue
		}
		var b strings.Builder
		b.Grow(len(l) + 16)
		j := 0
		if inside != "" {
			// A mark that goes on from the line above starts where the
			// text does, not in the margin.
			head, _, _ := splitIndent(l)
			b.WriteString(head)
			j = len(head)
			b.WriteString(inside)
		}
		for j < len(l) {
			if l[j] == 0x1b && j+1 < len(l) && l[j+1] == '[' { // copy a CSI sequence whole
				k := j + 2
				for k < len(l) && (l[k] < 0x40 || l[k] > 0x7e) {
					k++
				}
				k = min(k+1, len(l))
				b.WriteString(l[j:k])
				if inside != "" && l[k-1] == 'm' {
					b.WriteString(inside) // glamour reset the style: put the mark back
				}
				j = k
				continue
			}
			r, size := utf8.DecodeRuneInString(l[j:])
			switch r {
			case markStart:
				n++
				inside = sgrMark
				if n == current {
					inside = sgrCurrent
				}
				b.WriteString(inside)
			case markEnd:
				inside = ""
				b.WriteString(sgrOff)
			default:
				b.WriteString(l[j : j+size])
			}
			j += size
		}
		if inside != "" {
			b.WriteString(sgrOff)
		}
		out[i] = b.String()
	}
	return out
}

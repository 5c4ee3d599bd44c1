package reader

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/glamour"
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
}

func marksHash(ms []model.Span) uint64 {
	h := fnv.New64a()
	for _, m := range ms {
		fmt.Fprintf(h, "%d-%d,", m.Start, m.End)
	}
	return h.Sum64()
}

// rendered is an article rendered at one width: its text and marks (clipped
// to the text), the lines still holding the sentinels, and the line of each
// mark's start.
type rendered struct {
	key       renderKey
	text      string
	marks     []model.Span
	lines     []string
	markLines []int
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
	wrap := max(key.Width-2, 10)
	tr, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(key.Theme.GlamourStyle()),
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(wrap),
	)
	if err != nil {
		return nil, err
	}
	out, err := tr.Render(headerMarkdown(a) + bodyMarkdown(text, titleLineEnd(a, text), marks))
	if err != nil {
		return nil, err
	}
	out = strings.Trim(out, "\n")
	lines := strings.Split(out, "\n")
	r := &rendered{key: key, text: text, marks: marks, lines: lines}
	for i, l := range lines {
		for _, ch := range l {
			if ch == markStart {
				r.markLines = append(r.markLines, i)
			}
		}
	}
	return r, nil
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
		if inside != "" {
			b.WriteString(inside)
		}
		for j := 0; j < len(l); {
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

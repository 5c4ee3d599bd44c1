package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"dossier/model"
	"dossier/model/feeds"
	"dossier/ui/common"
)

// progressBars draws a bar per source on a terminal while a fetch runs,
// redrawn in place at most ten times a second; clear takes them away so
// that the summary lines stand alone.
type progressBars struct {
	f      *os.File
	names  []string
	done   []int
	total  []int
	final  []bool
	drawn  int // lines on screen
	last   time.Time
	nameW  int
	width  int
	height int
}

func newProgressBars(f *os.File, srcs []feeds.Source) *progressBars {
	b := &progressBars{f: f, width: 80, height: 24}
	if w, h, err := term.GetSize(int(f.Fd())); err == nil && w > 0 && h > 0 {
		b.width, b.height = w, h
	}
	for _, s := range srcs {
		name := model.SanitizeLine(s.Name)
		b.names = append(b.names, name)
		b.nameW = min(max(b.nameW, common.Width(name)), 30)
	}
	n := len(srcs)
	b.done, b.total, b.final = make([]int, n), make([]int, n), make([]bool, n)
	return b
}

// update takes one step of the fetch (called one at a time).
func (b *progressBars) update(p feeds.Progress) {
	if p.Index < 0 || p.Index >= len(b.names) {
		return
	}
	b.done[p.Index], b.total[p.Index] = p.Done, p.Total
	if p.Final != nil {
		b.final[p.Index] = true
	}
	if time.Since(b.last) < 100*time.Millisecond && p.Final == nil {
		return
	}
	b.last = time.Now()
	b.draw()
}

// lines are the bars to show: the sources, at most a screen's height.
func (b *progressBars) lines() []string {
	room := max(b.height-2, 1)
	var out []string
	for i, name := range b.names {
		var state string
		switch {
		case b.final[i]:
			state = strings.Repeat("█", 20) + " done"
		case b.total[i] == 0:
			state = strings.Repeat("░", 20) + " reading the feed…"
		default:
			state = bar(b.done[i], b.total[i], 20) + fmt.Sprintf(" %d/%d", b.done[i], b.total[i])
		}
		label := common.PadRight(common.Truncate(name, b.nameW), b.nameW)
		out = append(out, common.Truncate(label+"  "+state, b.width-1))
	}
	if len(out) > room {
		rest := len(out) - room + 1
		out = append(out[:room-1], fmt.Sprintf("… and %d more sources", rest))
	}
	return out
}

func (b *progressBars) draw() {
	var s strings.Builder
	b.up(&s)
	lines := b.lines()
	for _, l := range lines {
		s.WriteString("\r\x1b[2K" + l + "\n")
	}
	b.drawn = len(lines)
	b.f.WriteString(s.String())
}

// up moves the cursor to the first bar.
func (b *progressBars) up(s *strings.Builder) {
	if b.drawn > 0 {
		fmt.Fprintf(s, "\x1b[%dA", b.drawn)
	}
}

// clear removes the bars.
func (b *progressBars) clear() {
	var s strings.Builder
	n := b.drawn
	b.up(&s)
	for range n {
		s.WriteString("\r\x1b[2K\n")
	}
	if n > 0 {
		fmt.Fprintf(&s, "\x1b[%dA", n)
	}
	b.drawn = 0
	b.f.WriteString(s.String())
}

// bar draws a progress bar of width cells.
func bar(done, total, width int) string {
	if total <= 0 {
		return strings.Repeat("░", width)
	}
	n := min(done*width/total, width)
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// A build of a kept index that takes more than progressAfter shows, on a
// terminal, one line on stderr that it redraws in place: how many articles
// of how many, a bar, the rate and the time left. Warnings printed
// meanwhile clear it first; it is cleared when the index is ready.
const (
	progressAfter = 2 * time.Second
	progressEvery = 200 * time.Millisecond
)

// progressLine draws the progress of a build on a terminal.
type progressLine struct {
	mu     sync.Mutex
	out    io.Writer
	width  func() int
	now    func() time.Time
	start  time.Time // the first article to index was counted
	last   time.Time // the line was last drawn
	shown  bool      // the line is on screen
	done   int
	total  int
	stage  library.Stage // StageIndex or StageDerive: what the line counts
	active bool          // a build is in progress
}

// terminalProgress returns a progress line for w when it is a terminal,
// else nil.
func terminalProgress(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progressLine{out: f, now: time.Now, width: func() int {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
		return 80
	}}
}

// update takes a progress report of the library.
func (p *progressLine) update(pr library.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	switch {
	case (pr.Stage == library.StageIndex || pr.Stage == library.StageDerive) && pr.Total > 0:
		if !p.active || p.stage != pr.Stage {
			p.active, p.start, p.stage = true, now, pr.Stage
		}
		p.done, p.total = pr.Done, pr.Total
		if now.Sub(p.start) >= progressAfter && (now.Sub(p.last) >= progressEvery || pr.Done == pr.Total) {
			p.draw(now)
		}
	case pr.Stage == library.StageReady:
		p.clear()
		p.active = false
	}
}

// draw writes the line in place of the one shown.
func (p *progressLine) draw(now time.Time) {
	p.last = now
	p.shown = true
	fmt.Fprint(p.out, "\r"+progressText(stageVerb(p.stage), p.done, p.total, now.Sub(p.start), p.width()-1)+"\x1b[K")
}

// clear removes the line from the screen.
func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.out, "\r\x1b[K")
		p.shown = false
	}
}

// around runs print (a warning) with the line cleared first; it is drawn
// again at the next report.
func (p *progressLine) around(print func()) {
	if p == nil {
		print()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	print()
}

// stageVerb says what a stage of loading does to the articles it counts.
func stageVerb(s library.Stage) string {
	if s == library.StageDerive {
		return "reading for the timeline"
	}
	return "indexing"
}

// progressText is the line for done articles of total after elapsed, in at
// most width columns: "indexing 4,210/10,000 articles [####·····] 1,050/s ~6 s left".
func progressText(verb string, done, total int, elapsed time.Duration, width int) string {
	count := fmt.Sprintf("%s %s/%s articles", verb, thousands(done), thousands(total))
	rate, left := "", ""
	if s := elapsed.Seconds(); s > 0 && done > 0 {
		r := float64(done) / s
		rate = fmt.Sprintf(" %s/s", thousands(int(r+0.5)))
		left = " ~" + roundLeft(time.Duration(float64(total-done)/r*float64(time.Second))) + " left"
	}
	tail := rate + left
	room := width - len(count) - len(tail) - 3 // " [" and "]"
	bar := ""
	if room >= 10 {
		n := min(room, 40)
		fill := n * done / max(total, 1)
		bar = " [" + strings.Repeat("#", fill) + strings.Repeat("·", n-fill) + "]"
	}
	return common.Truncate(count+bar+tail, width)
}

// roundLeft says a time left the way a person reads it: "6 s", "2 min".
func roundLeft(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()+0.999))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// withProgress makes a one-shot command's build show its progress on w
// when w is a terminal (see progressLine); warnings and notices then clear
// the line before they are printed.
func withProgress(o library.Options, w io.Writer) library.Options {
	p := terminalProgress(w)
	if p == nil {
		return o
	}
	if warn := o.Warn; warn != nil {
		o.Warn = func(x model.Warning) { p.around(func() { warn(x) }) }
	}
	if notice := o.Notice; notice != nil {
		o.Notice = func(s string) { p.around(func() { notice(s) }) }
	}
	o.Progress = p.update
	return o
}

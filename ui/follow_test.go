package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/ui/common"
	"dossier/ui/reader"
)

// running is a dashboard run by a real Bubble Tea program (no terminal),
// looked at from inside its loop.
type running struct {
	t *testing.T
	p *tea.Program
}

// probeMsg runs f on the App inside the program's loop.
type probeMsg struct {
	f    func(*App)
	done chan struct{}
}

// probed is the App, answering probes.
type probed struct{ *App }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(probeMsg); ok {
		m.f(p.App)
		close(m.done)
		return p, nil
	}
	_, cmd := p.App.Update(msg)
	return p, cmd
}

func runApp(t *testing.T, sh Shared, w, h int) *running {
	ctx, cancel := context.WithCancel(context.Background())
	c := testCommon(t, sh)
	c.Ctx = ctx
	c.Poll = PollEvery
	p := tea.NewProgram(probed{New(c)}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { defer close(done); p.Run() }()
	t.Cleanup(func() { cancel(); <-done })
	p.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return &running{t: t, p: p}
}

// look runs f inside the program's loop and waits for it.
func (r *running) look(f func(*App)) {
	m := probeMsg{f: f, done: make(chan struct{})}
	r.p.Send(m)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		r.t.Fatal("the program does not answer")
	}
}

func (r *running) keys(s string) {
	for _, k := range keys(s) {
		r.p.Send(k)
	}
}

// until waits for ok to hold, looking every 50 ms, and fails with the
// screen after d.
func (r *running) until(what string, d time.Duration, ok func(*App) bool) {
	r.t.Helper()
	deadline := time.Now().Add(d)
	for {
		var good bool
		var screen string
		r.look(func(a *App) { good, screen = ok(a), a.View() })
		if good {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: not within %v; screen:\n%s", what, d, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A running dashboard following its corpus folder sees an added article in
// search and on the timeline with a notice, and a removed one says so in
// the reader, keeping its text, also when drawn again at another width.
func TestDashboardFollowsTheFolder(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	for i, title := range []string{"EU and Kazakhstan sign raw materials memorandum", "Hydrogen plans in Mangystau"} {
		text := fmt.Sprintf("date 2023-0%d-15\n%s\n\nThe partnership covers lithium and hydrogen. Item %d.\n", i+3, title, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sh := testShared(t)
	feed := library.Follow(context.Background(), library.Options{Dirs: []string{dir}, CacheDir: cache, Deriver: library.TimelineDeriver()}, library.FollowOptions{})
	t.Cleanup(func() { feed.Close() })
	sh.Feed = feed
	r := runApp(t, sh, 120, 50)
	r.until("the corpus loaded", 20*time.Second, func(a *App) bool {
		return strings.Contains(a.View(), "2 articles") && strings.Contains(a.View(), "index ready")
	})
	r.keys("pc") // the timeline lists publications and context
	r.keys("/cobalt")
	r.until("the search ran", 10*time.Second, func(a *App) bool {
		return a.search.Results() != nil && a.search.Query() == "cobalt"
	})
	r.look(func(a *App) {
		if n := a.search.Results().Total; n != 0 {
			t.Fatalf("cobalt found %d before the file came", n)
		}
	})

	text := "date 2025-05-20\nCobalt refinery opens in Ust-Kamenogorsk\n\nThe new refinery will process cobalt for European battery makers.\n"
	if err := os.WriteFile(filepath.Join(dir, "cobalt.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r.until("the new article in search, with a notice", 20*time.Second, func(a *App) bool {
		res := a.search.Results()
		return res != nil && res.Total == 1 && strings.Contains(a.View(), "1 new article: “Cobalt refinery opens in Ust-Kamenogorsk”") &&
			strings.Contains(a.View(), "3 articles")
	})
	r.keys("<esc>1")
	r.until("the new article on the timeline", 20*time.Second, func(a *App) bool {
		return a.Focus() == common.PaneTimeline && strings.Contains(a.View(), "Cobalt refinery opens")
	})

	r.keys("4<enter>") // open the hit
	r.until("the article open", 10*time.Second, func(a *App) bool {
		art, ok := a.reader.Article()
		return ok && art.ID == "cobalt" && strings.Contains(a.View(), "battery makers")
	})
	if err := os.Remove(filepath.Join(dir, "cobalt.txt")); err != nil {
		t.Fatal(err)
	}
	r.until("the reader says the article was removed, and keeps it", 20*time.Second, func(a *App) bool {
		v := a.View()
		return a.reader.Removed() && strings.Contains(v, "1 article removed: “Cobalt refinery") &&
			strings.Contains(v, reader.RemovedStatus) && strings.Contains(v, "battery makers")
	})
	r.p.Send(tea.WindowSizeMsg{Width: 100, Height: 45}) // drawn again from the text it kept
	r.until("the removed article drawn again", 10*time.Second, func(a *App) bool {
		v := a.View()
		return a.reader.Removed() && strings.Contains(v, "battery makers") && !strings.Contains(v, "cannot show it")
	})
	r.keys("<esc>1")
	r.until("search and timeline without the removed article", 20*time.Second, func(a *App) bool {
		v := a.View()
		body := v[:strings.LastIndex(v, "\n")] // the footer still tells the removal
		res := a.search.Results()
		return a.Focus() == common.PaneTimeline && res != nil && res.Total == 0 &&
			strings.Contains(body, "Hydrogen plans in Mangystau") && !strings.Contains(body, "Cobalt refinery")
	})
}

// Notices keep showing after the first 20 (the feed keeps only the latest).
func TestNoticesBeyondTheKeptOnesShow(t *testing.T) {
	sh := testShared(t)
	loaded := sh.Feed.State().Snap
	sh.Feed = library.NewFeed()
	sh.Feed.Publish(loaded, true)
	for i := range 20 {
		sh.Feed.Notice(fmt.Sprintf("notice %d", i))
	}
	a := New(testCommon(t, sh))
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: 100, Height: 30})
	if !strings.Contains(a.View(), "notice 19") {
		t.Fatalf("the 20th notice is not shown:\n%s", a.View())
	}
	sh.Feed.Notice("notice 20")
	drive(t, a, a.watchFeed(a.data.Seq))
	if !strings.Contains(a.View(), "notice 20") {
		t.Fatalf("the 21st notice is not shown:\n%s", a.View())
	}
}

// A dashboard opened on an empty corpus folder waits for articles, and
// shows them as they come.
func TestDashboardOnAnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	sh := testShared(t)
	sh.Feed = library.Follow(context.Background(), library.Options{Dirs: []string{dir}, CacheDir: t.TempDir()}, library.FollowOptions{})
	t.Cleanup(func() { sh.Feed.Close() })
	r := runApp(t, sh, 100, 30)
	r.until("waiting for articles", 20*time.Second, func(a *App) bool {
		v := a.View()
		return strings.Contains(v, "waiting for articles") && strings.Contains(v, "the corpus folder has no articles yet") && !strings.Contains(v, "failed")
	})
	text := "date 2025-04-07\nEU and Kazakhstan step up cooperation\n\nThe partners agreed to speed up joint projects.\n"
	if err := os.WriteFile(filepath.Join(dir, "first.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r.until("the first article", 20*time.Second, func(a *App) bool {
		v := a.View()
		return strings.Contains(v, "1 article ") && strings.Contains(v, "index ready") &&
			strings.Contains(v, "1 new article: “EU and Kazakhstan step up cooperation”")
	})
}

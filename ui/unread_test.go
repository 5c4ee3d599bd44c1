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
	"dossier/model/review"
)

// runAppAs is runApp for a person: a dashboard run by a real program,
// polling the store as a session does.
func runAppAs(t *testing.T, sh Shared, who string, w, h int) *running {
	ctx, cancel := context.WithCancel(context.Background())
	c := testCommon(t, sh)
	c.Ctx, c.Reviewer, c.Poll = ctx, who, PollEvery
	p := tea.NewProgram(probed{New(c)}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { defer close(done); p.Run() }()
	t.Cleanup(func() { cancel(); <-done })
	p.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return &running{t: t, p: p}
}

// header is the first line of the screen.
func header(a *App) string { return strings.SplitN(a.View(), "\n", 2)[0] }

// headerSays waits for the header to count n new articles.
func (r *running) headerSays(who string, n int) {
	r.t.Helper()
	want := fmt.Sprintf(" · %d new", n)
	r.until(fmt.Sprintf("%s's header says%s", who, want), 20*time.Second, func(a *App) bool { return strings.Contains(header(a), want) })
}

// writeArticle writes an article into a corpus folder as dossier import
// does (a hidden file, renamed).
func writeArticle(t *testing.T, dir, name, title string) {
	t.Helper()
	text := "date 2025-06-04\n" + title + "\n\nThe partners agreed on tailings, lithium and hydrogen projects.\n"
	tmp := filepath.Join(dir, ".import-"+name)
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// TestNewArticlesPerPerson: the header counts each person's new articles;
// articles added to the followed folder raise every count; opening an
// article marks it read for its reader only, and their other session
// follows (the read stamp is polled); is:new finds them; m marks one
// unread again, and M marks all read once answered yes.
func TestNewArticlesPerPerson(t *testing.T) {
	dir := t.TempDir()
	writeArticle(t, dir, "old.txt", "Roadmap 2025-2026 endorsed in Samarkand")
	sh := testShared(t)
	sh.Feed = library.Follow(context.Background(), library.Options{Dirs: []string{dir}, CacheDir: t.TempDir(), Deriver: library.TimelineDeriver()}, library.FollowOptions{})
	t.Cleanup(func() { sh.Feed.Close() })

	alice := runAppAs(t, sh, "alice", 120, 40)
	alice2 := runAppAs(t, sh, "alice", 100, 30) // her other session
	bob := runAppAs(t, sh, "bob", 120, 40)
	for who, r := range map[string]*running{"alice": alice, "alice's other session": alice2, "bob": bob} {
		r.headerSays(who, 0) // what was there at their first look is not new
	}

	for i := range 3 {
		writeArticle(t, dir, fmt.Sprintf("new%d.txt", i), fmt.Sprintf("Sarytogan graphite project %d selected", i))
	}
	alice.headerSays("alice", 3)
	alice2.headerSays("alice's other session", 3)
	bob.headerSays("bob", 3)

	// is:new finds them, marked new in the results.
	bob.keys("/is:new<esc>")
	bob.until("bob's is:new", 10*time.Second, func(a *App) bool {
		res := a.search.Results()
		return res != nil && res.Total == 3 && strings.Count(a.View(), "new · Sarytogan graphite project") == 3
	})

	// Alice opens two of them: her count drops by two, in both her
	// sessions; bob's does not.
	alice.keys("/is:new<enter>")
	alice.until("alice reads the first", 10*time.Second, func(a *App) bool { _, ok := a.reader.Article(); return ok })
	alice.keys("]")
	alice.headerSays("alice", 1)
	alice2.headerSays("alice's other session", 1)
	bob.until("bob still has 3 new", time.Second, func(a *App) bool { return strings.Contains(header(a), " · 3 new") })

	// m on the article she is reading: new again.
	alice.keys("m")
	alice.headerSays("alice", 2)
	alice.until("the status says so", 5*time.Second, func(a *App) bool { return strings.Contains(a.status.Text, "marked unread:") })
	alice.until("the reader marks it new", 5*time.Second, func(a *App) bool { return strings.Contains(a.View(), "new · Concerns: ") })

	// M asks first: n leaves everything, y marks all read.
	alice.keys("M")
	alice.until("the question", 5*time.Second, func(a *App) bool { return strings.Contains(a.View(), "Mark all 2 new articles read?") })
	alice.keys("j") // other keys wait for the answer
	alice.keys("n")
	alice.until("no answer, no change", 5*time.Second, func(a *App) bool {
		return strings.Contains(a.status.Text, "nothing was marked") && strings.Contains(header(a), " · 2 new")
	})
	alice.keys("My")
	alice.headerSays("alice", 0)
	alice2.headerSays("alice's other session", 0)

	// A new file raises both counts again.
	writeArticle(t, dir, "newer.txt", "Hydrogen valley in Mangystau")
	alice.headerSays("alice", 1)
	bob.headerSays("bob", 4)
	bob.until("bob's is:new runs again with the new article", 20*time.Second, func(a *App) bool {
		res := a.search.Results()
		return res != nil && res.Total == 4 && strings.Contains(a.View(), "new · Hydrogen valley in Mangystau")
	})
}

// TestReadMarksWithoutPerPersonState: a store that keeps no per-person
// state (or none at all) shows no count, and m and M say why instead of
// failing silently.
func TestReadMarksWithoutPerPersonState(t *testing.T) {
	sh := testShared(t)
	sh.Store = plainStore{sh.Store}
	a := newAppOn(t, sh, 100, 30)
	if strings.Contains(header(a), " new") {
		t.Errorf("a count without per-person state: %q", header(a))
	}
	drive(t, a, keys("m")...)
	if !strings.Contains(a.status.Text, "read marks need a review store") {
		t.Errorf("m said %q", a.status.Text)
	}
	drive(t, a, keys("M")...)
	if !strings.Contains(a.status.Text, "read marks need a review store") || a.unread.asking {
		t.Errorf("M said %q (asking %v)", a.status.Text, a.unread.asking)
	}
}

// plainStore is a review store without per-person state.
type plainStore struct{ review.Store }

// TestMarkAllQuestionFits: the "mark all read?" footer keeps its answers
// on screen at every width: the full question with the keys' help where it
// fits, a shorter one with y/n where it does not (down to the smallest
// screen the dashboard draws).
func TestMarkAllQuestionFits(t *testing.T) {
	for _, tc := range []struct {
		w    int
		want string
	}{
		{120, "Mark all 2 new articles read? y/enter yes • n/esc no"},
		{60, "Mark all 2 new articles read? y/enter yes • n/esc no"},
		{52, "Mark all 2 new articles read? y/enter yes • n/esc no"},
		{51, "Mark all 2 new read? y/n"},
		{40, "Mark all 2 new read? y/n"}, // the smallest screen
	} {
		a := newApp(t, tc.w, 12)
		a.unread.ids = map[string]bool{"a": true, "b": true}
		a.unread.asking = true
		lines := strings.Split(a.View(), "\n")
		got := strings.TrimRight(lines[len(lines)-1], " ")
		if got != tc.want {
			t.Errorf("at %d columns the question is %q, want %q", tc.w, got, tc.want)
		}
	}
}

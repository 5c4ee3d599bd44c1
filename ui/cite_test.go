package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// lockedBuffer is a terminal's output as a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// citeShared is a corpus of one article whose title, outlet and text
// carry terminal sequences and bidi controls (the loader removes them from
// files; the citation must not count on it).
func citeShared(t *testing.T) Shared {
	t.Helper()
	art := model.Article{ID: "tailings", Title: "Tailings \x1b]52;c;QUFBQQ==\a pilot \u202eselected", Outlet: "Astana \x1b[31mTimes",
		URL: "https://astanatimes.com/2025/04/tailings/", Lang: "en", Date: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC), Precision: model.Day}
	body := "The first pilot on \x1b[31mmetal-rich\x1b[0m tailings \u202ewas selected in Astana. A second sentence follows.\n"
	c := model.NewMemCorpus("hostile", []model.Document{{Article: art, Body: body}})
	ix, err := index.Open(context.Background(), c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	sh := testShared(t)
	sh.Feed = library.Loaded(library.NewSnapshot(c, ix, nil))
	return sh
}

// TestCiteWritesOSC52: y in the reader writes, through the program's own
// output, exactly one OSC 52 sequence: the citation of the passage under
// the cursor, sanitised, base64-encoded, ended by BEL; the status line
// says what was copied. Y writes the article's address the same way.
func TestCiteWritesOSC52(t *testing.T) {
	sh := citeShared(t)
	term := &lockedBuffer{}
	out := common.NewOutput(term)
	ctx, cancel := context.WithCancel(context.Background())
	c := testCommon(t, sh)
	c.Ctx, c.Out = ctx, out
	app := New(c)
	p := tea.NewProgram(probed{app}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(out.Writer()), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { defer close(done); p.Run() }()
	t.Cleanup(func() { cancel(); <-done })
	p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	r := &running{t: t, p: p}

	r.keys("/tailings<enter>")
	r.until("the article open at its match", 10*time.Second, func(a *App) bool {
		return strings.Contains(a.View(), "1/1 search: tailings")
	})
	r.keys("y")
	r.until("the status says what was copied", 5*time.Second, func(a *App) bool {
		return strings.HasPrefix(a.status.Text, "copied: “The first pilot on metal-rich tailings was selected in…” — Astana Times, “Tailings pilot selected”")
	})
	want := "“The first pilot on metal-rich tailings was selected in Astana.” — Astana Times, “Tailings pilot selected”, 7 Apr 2025, https://astanatimes.com/2025/04/tailings/"
	if seqs := osc52s(term.Bytes()); len(seqs) != 1 || seqs[0] != "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(want))+"\a" {
		t.Fatalf("y wrote %q\nwant one sequence of %q", seqs, want)
	}

	r.keys("Y")
	r.until("the status says the address was copied", 5*time.Second, func(a *App) bool {
		return a.status.Text == "copied: https://astanatimes.com/2025/04/tailings/"
	})
	seqs := osc52s(term.Bytes())
	if len(seqs) != 2 || seqs[1] != "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte("https://astanatimes.com/2025/04/tailings/"))+"\a" {
		t.Fatalf("Y wrote %q", seqs)
	}
}

// osc52s lists the OSC 52 sequences in a terminal's output, each whole:
// from ESC ] 52 to its BEL.
func osc52s(b []byte) []string {
	var out []string
	for {
		i := bytes.Index(b, []byte("\x1b]52;"))
		if i < 0 {
			return out
		}
		j := bytes.IndexByte(b[i:], '\a')
		if j < 0 {
			return append(out, string(b[i:]))
		}
		out = append(out, string(b[i:i+j+1]))
		b = b[i+j+1:]
	}
}

// TestOutputWritesWhole: writes from several goroutines through one Output
// (the program's frames, the clipboard) never interleave: each lands whole.
func TestOutputWritesWhole(t *testing.T) {
	term := &chunkyWriter{}
	out := common.NewOutput(term)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				out.Write([]byte(strings.Repeat(string(rune('a'+g)), 50+i%7) + "\n"))
			}
		}()
	}
	wg.Wait()
	for i, line := range strings.Split(strings.TrimSuffix(term.String(), "\n"), "\n") {
		if strings.Trim(line, line[:1]) != "" {
			t.Fatalf("line %d mixes two writes: %q", i, line)
		}
	}
}

// chunkyWriter writes what it is given a few bytes at a time, yielding in
// between, as an SSH channel sends packets: two writers at once would
// interleave.
type chunkyWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (c *chunkyWriter) Write(p []byte) (int, error) {
	for i := 0; i < len(p); i += 8 {
		c.mu.Lock()
		c.b.Write(p[i:min(i+8, len(p))])
		c.mu.Unlock()
		time.Sleep(time.Microsecond)
	}
	return len(p), nil
}

func (c *chunkyWriter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}

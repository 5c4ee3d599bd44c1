package ui

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/seeds"
	"dossier/ui/common"
)

func init() {
	// Goldens must not depend on the terminal running the tests.
	lipgloss.SetColorProfile(termenv.Ascii)
}

// testShared loads the seeds and builds their index.
func testShared(t testing.TB) Shared {
	t.Helper()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), c, index.Options{Synonyms: syn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return Shared{Feed: library.Loaded(library.NewSnapshot(c, ix, nil)), Roadmap: cat, Store: st}
}

// testNow is the sessions' clock in tests: "quiet for 3 years" does not age.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testCommon is a session with an ASCII profile.
func testCommon(t testing.TB, sh Shared) common.Common {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	c := NewCommon(r, true, sh, SessionOptions{Theme: common.ThemeDark, Reviewer: "tester"})
	c.Poll = 0 // drive runs every command: no endless polling
	c.Clock = func() time.Time { return testNow }
	return c
}

// drive feeds msg to the app and runs the commands it returns, and theirs,
// synchronously, until none is left or the deadline passes.
func drive(t testing.TB, a *App, msgs ...tea.Msg) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	queue := append([]tea.Msg(nil), msgs...)
	for len(queue) > 0 {
		if time.Now().After(deadline) {
			var kinds []string
			for _, m := range queue[:min(len(queue), 8)] {
				kinds = append(kinds, fmt.Sprintf("%T", m))
			}
			t.Fatalf("drive: still busy after 5s (%v)", kinds)
		}
		msg := queue[0]
		queue = queue[1:]
		switch msg := msg.(type) {
		case nil:
			continue
		case tea.Cmd: // a command given as input: run it
			queue = append(queue, run(msg))
			continue
		case tea.BatchMsg:
			for _, c := range msg {
				queue = append(queue, run(c))
			}
			continue
		case tea.QuitMsg:
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().String() == "tea.sequenceMsg" {
			for i := 0; i < v.Len(); i++ { // in order, each to completion
				if c, ok := v.Index(i).Interface().(tea.Cmd); ok && c != nil {
					drive(t, a, run(c))
				}
			}
			continue
		}
		_, cmd := a.Update(msg)
		queue = append(queue, run(cmd))
	}
}

func run(c tea.Cmd) tea.Msg {
	if c == nil {
		return nil
	}
	return c()
}

// keys turns a string into key presses; names in angle brackets are
// special keys: <enter>, <esc>, <tab>, <s-tab>, <down>, <up>.
func keys(s string) []tea.Msg {
	special := map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab,
		"s-tab": tea.KeyShiftTab, "down": tea.KeyDown, "up": tea.KeyUp, "space": tea.KeySpace, "ctrl+s": tea.KeyCtrlS}
	var out []tea.Msg
	for len(s) > 0 {
		if s[0] == '<' {
			end := 1
			for end < len(s) && s[end] != '>' {
				end++
			}
			if kt, ok := special[s[1:end]]; ok {
				out = append(out, tea.KeyMsg{Type: kt})
				s = s[end+1:]
				continue
			}
		}
		r := []rune(s)[0]
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		s = s[len(string(r)):]
	}
	return out
}

var (
	tookRe    = regexp.MustCompile(`\d+(\.\d+)? ?ms`)
	elapsedRe = regexp.MustCompile(`\(\d+(\.\d+)?(ms|s|µs)\)`)
)

// normalise removes timings (and the padding after them) from a screen so
// goldens are stable.
func normalise(s string) string {
	// Keep each line's width: the time is replaced by as many cells.
	same := func(repl string) func(string) string {
		return func(m string) string {
			if n := len([]rune(m)) - len([]rune(repl)); n > 0 {
				return repl + strings.Repeat(" ", n)
			}
			return repl
		}
	}
	s = elapsedRe.ReplaceAllStringFunc(s, same("(T)"))
	s = tookRe.ReplaceAllStringFunc(s, same("T ms"))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

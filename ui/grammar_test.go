package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model/review"
	"dossier/ui/common"
)

// step feeds one key to the app, runs what it starts, and reports whether
// the program was asked to quit.
func step(t *testing.T, a *App, k tea.Msg) (quit bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	queue := []tea.Msg{k}
	for len(queue) > 0 && time.Now().Before(deadline) {
		msg := queue[0]
		queue = queue[1:]
		switch m := msg.(type) {
		case nil:
			continue
		case tea.QuitMsg:
			quit = true
			continue
		case tea.BatchMsg:
			for _, c := range m {
				queue = append(queue, run(c))
			}
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().String() == "tea.sequenceMsg" {
			for i := 0; i < v.Len(); i++ {
				if c, ok := v.Index(i).Interface().(tea.Cmd); ok && c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		_, cmd := a.Update(msg)
		queue = append(queue, run(cmd))
	}
	return quit
}

// state is what a key may change, as the grammar test sees it.
type state struct {
	focus  common.PaneID
	prompt bool // a prompt is open in the focused pane
	help   bool
	quit   bool
	query  string
	sub    bool // the roadmap's detail or history is open
}

func (a *App) state() state {
	return state{focus: a.focus, prompt: a.panes[a.focus].Prompt(), help: a.helpView.open,
		query: a.search.Query(), sub: a.roadmap.InSubView()}
}

func keyMsg(name string) tea.Msg {
	special := map[string]tea.KeyType{"esc": tea.KeyEscape, "enter": tea.KeyEnter, "tab": tea.KeyTab,
		"shift+tab": tea.KeyShiftTab, "space": tea.KeySpace}
	if kt, ok := special[name]; ok {
		return tea.KeyMsg{Type: kt}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// TestKeyboardGrammar holds the rule of keys.go: for each pane and each of
// its modes, what each key does. It also checks that no key changed a
// review unless it is one of the review keys.
func TestKeyboardGrammar(t *testing.T) {
	const (
		tl = common.PaneTimeline
		rm = common.PaneRoadmap
		rd = common.PaneReader
		sr = common.PaneSearch
	)
	type want struct {
		focus  common.PaneID
		prompt bool
		help   bool
		quit   bool
		query  string // "" means: unchanged from after the setup
		sub    bool
	}
	tests := []struct {
		where string // pane and mode, for the message
		setup string // keys that reach the mode (space-separated names)
		key   string
		want  want
	}{
		// The search prompt takes text keys; esc and enter get you out.
		{"search prompt", "/ l i t h", "esc", want{focus: sr}},
		{"search prompt", "/ l i t h", "q", want{focus: sr, prompt: true, query: "lithq"}},
		{"search prompt", "/ l i t h", "1", want{focus: sr, prompt: true, query: "lith1"}},
		{"search prompt", "/ l i t h", "?", want{focus: sr, prompt: true, query: "lith?"}},
		{"search prompt", "/ l i t h", "tab", want{focus: sr, prompt: true}},
		{"search prompt, no hit", "/ z q x w", "enter", want{focus: sr}},
		{"search prompt, a hit", "/ l i t h i u m", "enter", want{focus: rd}},
		{"search prompt reopened", "/ l i t h esc /", "x", want{focus: sr, prompt: true, query: "x"}},
		// Out of the prompt, the global keys work in the search pane.
		{"search results", "/ l i t h esc", "q", want{focus: sr, quit: true}},
		{"search results", "/ l i t h esc", "1", want{focus: tl}},
		{"search results", "/ l i t h esc", "?", want{focus: sr, help: true}},
		{"search results", "/ l i t h esc", "tab", want{focus: tl}},
		{"search results", "2 / l i t h esc", "esc", want{focus: rm}},
		// The help is on top: esc, ? and q close it, nothing else goes through.
		{"help", "?", "esc", want{focus: tl}},
		{"help", "?", "q", want{focus: tl}},
		{"help", "?", "?", want{focus: tl}},
		{"help", "?", "2", want{focus: tl, help: true}},
		{"help", "2 ?", "esc", want{focus: rm}},
		{"status picker", "2 s", "?", want{focus: rm, prompt: true}},
		// The roadmap: digits move, they never set a status.
		{"roadmap list", "2", "1", want{focus: tl}},
		{"roadmap list", "2", "3", want{focus: rd}},
		{"roadmap list", "2", "4", want{focus: sr}},
		{"roadmap list", "2", "space", want{focus: rm}},
		{"roadmap list", "2", "u", want{focus: rm}},
		{"roadmap list", "2", "s", want{focus: rm, prompt: true}},
		{"status picker", "2 s", "1", want{focus: rm, prompt: true}},
		{"status picker", "2 s", "q", want{focus: rm, prompt: true}},
		{"status picker", "2 s", "esc", want{focus: rm}},
		{"status picker", "2 s", "tab", want{focus: rm, prompt: true}},
		{"roadmap detail", "2 enter", "esc", want{focus: rm}},
		{"roadmap detail", "2 enter", "1", want{focus: tl, sub: true}},
		{"roadmap history", "2 h", "esc", want{focus: rm}},
		{"roadmap history, twice", "1 2 h esc", "esc", want{focus: tl}},
		{"note editor", "2 e", "q", want{focus: rm, prompt: true}},
		{"note editor", "2 e", "1", want{focus: rm, prompt: true}},
		{"note editor", "2 e", "esc", want{focus: rm}},
		// The reader.
		{"reader", "/ l i t h i u m enter", "esc", want{focus: sr}},
		{"reader", "/ l i t h i u m enter", "1", want{focus: tl}},
		{"reader", "/ l i t h i u m enter", "f", want{focus: rd, prompt: true}},
		{"find prompt", "/ l i t h i u m enter f", "q", want{focus: rd, prompt: true}},
		{"find prompt", "/ l i t h i u m enter f", "esc", want{focus: rd}},
		{"reader", "/ l i t h i u m enter", "q", want{focus: rd, quit: true}},
		// The timeline and its source chooser.
		{"timeline", "", "enter", want{focus: tl, prompt: true}},
		{"source chooser", "enter", "2", want{focus: tl, prompt: true}},
		{"source chooser", "enter", "esc", want{focus: tl}},
		{"source chooser", "enter", "enter", want{focus: rd}},
		{"timeline", "", "/", want{focus: sr, prompt: true}},
		{"timeline", "", "shift+tab", want{focus: sr}},
		// z (undo) is global: it never moves you, and with nothing of yours to undo changes nothing.
		{"timeline", "", "z", want{focus: tl}},
		{"reader", "/ l i t h i u m enter", "z", want{focus: rd}},
		{"search prompt", "/ l i t h", "z", want{focus: sr, prompt: true, query: "lithz"}},
	}
	for _, tt := range tests {
		name := tt.where + ": " + tt.key + " after [" + tt.setup + "]"
		t.Run(name, func(t *testing.T) {
			a := newApp(t, 120, 35)
			for _, k := range strings.Fields(tt.setup) {
				step(t, a, keyMsg(k))
			}
			before := a.state()
			quit := step(t, a, keyMsg(tt.key))
			got := a.state()
			w := tt.want
			query := w.query
			if query == "" {
				query = before.query
			}
			want := state{focus: w.focus, prompt: w.prompt, help: w.help, quit: w.quit, query: query, sub: w.sub}
			got.quit = quit
			if got != want {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
			// No key of this table is a review change: the store is untouched.
			if h, _ := a.c.Store.History(context.Background(), ""); len(h) != 0 {
				t.Errorf("the key changed a review: %+v", h[0])
			}
			if r, _ := a.c.Store.Get(context.Background(), "mou-1.1"); r.Status != review.Unreviewed {
				t.Errorf("mou-1.1 is %v", r.Status)
			}
		})
	}
}

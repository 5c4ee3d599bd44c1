package roadmap

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/seeds"
	"dossier/ui/common"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// testNow is the sessions' clock in these tests: quiet items stay as quiet.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// pane builds alice's roadmap pane on the seeds with a store in dir.
func pane(t *testing.T, dir string) (*Model, review.Store) {
	t.Helper()
	return paneAs(t, dir, "alice")
}

// paneAs builds who's roadmap pane on the seeds with a store in dir.
func paneAs(t *testing.T, dir, who string) (*Model, review.Store) {
	t.Helper()
	corpus, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), corpus, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	st, err := review.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	c := common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap(),
		Roadmap: cat, Store: st, Reviewer: who, Clock: func() time.Time { return testNow }, Links: common.NewLinks(cat, st)}
	m := New(c)
	_, news := m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(corpus, ix, nil)).State()})
	m.SetSize(76, 22)
	run(t, m, tea.Batch(m.Init(), news))
	return m, st
}

// run executes a command and feeds its messages back, skipping the status
// and focus messages meant for the root.
func run(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var others []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case common.StatusMsg, common.FocusMsg, common.OpenArticleMsg:
			others = append(others, msg)
		case nil:
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	return others
}

func press(t *testing.T, m *Model, keys ...tea.KeyMsg) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(k)
		out = append(out, run(t, m, cmd)...)
	}
	return out
}

func r(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	esc   = tea.KeyMsg{Type: tea.KeyEscape}
	save  = tea.KeyMsg{Type: tea.KeyCtrlS}
	space = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	down  = tea.KeyMsg{Type: tea.KeyDown}
)

// status picks a status with s and its letter.
func status(letter string) []tea.KeyMsg { return []tea.KeyMsg{r("s"), r(letter)} }

func TestStatusPickerAndUndo(t *testing.T) {
	m, st := pane(t, t.TempDir())
	msgs := press(t, m, status("r")...)
	if got := m.Review("mou-1.1").Status; got != review.AtRisk {
		t.Fatalf("s r set %v", got)
	}
	if len(msgs) != 1 || msgs[0].(common.StatusMsg).Text != "mou-1.1 → at risk · z undoes" {
		t.Errorf("the change is not told with its undo key: %v", msgs)
	}
	// Digits, space and u change nothing here (they move, elsewhere).
	press(t, m, r("3"), space, r("u"), r("1"))
	if got := m.Review("mou-1.1").Status; got != review.AtRisk {
		t.Fatalf("a navigation key changed the status to %v", got)
	}
	press(t, m, r("s"), down, enter) // the picker's arrows: at risk → blocked
	if got := m.Review("mou-1.1").Status; got != review.Blocked {
		t.Fatalf("s ↓ enter set %v", got)
	}
	press(t, m, r("s"), r("x"), esc) // esc leaves the picker: nothing changes
	if got := m.Review("mou-1.1").Status; got != review.Blocked || m.mode != modeList {
		t.Fatalf("esc in the picker: %v, mode %v", got, m.mode)
	}
	msgs = press(t, m, status("b")...)
	if len(msgs) != 1 || !strings.Contains(msgs[0].(common.StatusMsg).Text, "nothing changed") {
		t.Errorf("a no-op change is not told as one: %v", msgs)
	}
	press(t, m, append([]tea.KeyMsg{r("j")}, status("d")...)...)
	if got := m.Review("mou-1.2").Status; got != review.Done || m.Review("mou-1.2").By != "alice" {
		t.Fatalf("mou-1.2: %+v", m.Review("mou-1.2"))
	}
	press(t, m, r("z"))
	if got := m.Review("mou-1.2"); got.Status != review.Unreviewed || got.By != "" {
		t.Fatalf("undo left %+v", got)
	}
	press(t, m, r("z"))
	if got := m.Review("mou-1.1").Status; got != review.AtRisk {
		t.Fatalf("second undo left mou-1.1 %v", got)
	}
	h, _ := st.History(context.Background(), "")
	if len(h) != 5 {
		t.Errorf("history has %d changes, want 5 (3 changes, 2 undos)", len(h))
	}
	if !strings.Contains(m.View(), "1/26 reviewed · 1 at risk") {
		t.Errorf("summary missing:\n%s", m.View())
	}
}

func TestNoteEditorSavesAndKeepsDrafts(t *testing.T) {
	m, st := pane(t, t.TempDir())
	press(t, m, r("e"))
	press(t, m, r("Lithium project confirmed."))
	if !m.Dirty() || !m.Prompt() {
		t.Fatal("editor with text is not dirty, or not a prompt")
	}
	teatest.RequireEqualOutput(t, []byte(m.View()))
	// esc leaves the editor and keeps the text: as a draft, not saved.
	press(t, m, esc)
	if m.mode != modeList || m.Review("mou-1.1").Note != "" {
		t.Fatalf("esc: mode %v, note %q", m.mode, m.Review("mou-1.1").Note)
	}
	if d, ok, _ := st.Draft(context.Background(), "mou-1.1", "alice"); !ok || d.Note != "Lithium project confirmed." {
		t.Fatalf("draft %+v %v", d, ok)
	}
	press(t, m, r("e"))
	if m.editor.Value() != "Lithium project confirmed." {
		t.Fatalf("e did not bring the draft back: %q", m.editor.Value())
	}
	press(t, m, save)
	if got := m.Review("mou-1.1").Note; got != "Lithium project confirmed." {
		t.Fatalf("note %q", got)
	}
	if m.Dirty() || m.mode != modeList {
		t.Fatal("editor still open after save")
	}
	if _, ok, _ := st.Draft(context.Background(), "mou-1.1", "alice"); ok {
		t.Error("the draft outlived the save")
	}
}

func TestNoteConflictIsNotOverwrittenSilently(t *testing.T) {
	dir := t.TempDir()
	m, _ := pane(t, dir)
	press(t, m, r("e"), r("mine"))
	other, err := review.Open(dir) // another process
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.SetNote(context.Background(), "mou-1.1", "theirs", "bob"); err != nil {
		t.Fatal(err)
	}
	msgs := press(t, m, save)
	if m.mode != modeEdit || len(msgs) == 0 || !strings.Contains(msgs[0].(common.StatusMsg).Text, "bob changed") {
		t.Fatalf("conflict not reported: mode %v msgs %v", m.mode, msgs)
	}
	if got, _ := other.Get(context.Background(), "mou-1.1"); got.Note != "theirs" {
		t.Fatalf("their note was overwritten: %q", got.Note)
	}
	press(t, m, save) // knowingly overwrite
	if got, _ := other.Get(context.Background(), "mou-1.1"); got.Note != "mine" {
		t.Fatalf("second save: %q", got.Note)
	}
}

func TestChangesFromElsewhereAppear(t *testing.T) {
	dir := t.TempDir()
	m, _ := pane(t, dir)
	other, _ := review.Open(dir)
	defer other.Close()
	other.SetStatus(context.Background(), "rm25-6", review.Done, "bob")
	last, _ := other.LastChangeID(context.Background())
	_, cmd := m.Update(noticeMsg{notice: review.Notice{LastChangeID: last}})
	run(t, m, cmd)
	if got := m.Review("rm25-6"); got.Status != review.Done || got.By != "bob" {
		t.Fatalf("change by another process not loaded: %+v", got)
	}
}

func TestDetailSuggestsAndAcceptsEvidence(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	press(t, m, enter)
	if len(m.suggestions) == 0 {
		t.Fatalf("no suggestions for mou-1.1:\n%s", m.View())
	}
	teatest.RequireEqualOutput(t, []byte(m.View()))
	// The first selectable row is the first suggestion (no evidence yet).
	msgs := press(t, m, enter)
	if len(msgs) != 1 {
		t.Fatalf("enter on a suggestion: %v", msgs)
	}
	open := msgs[0].(common.OpenArticleMsg)
	ref := open.Refs[open.Pos]
	if len(ref.Marks) != 1 || ref.ID != m.suggestions[0].ArticleID {
		t.Fatalf("opened %+v", ref)
	}
	before := len(m.openSuggestions())
	press(t, m, r("a"))
	ev := m.Review("mou-1.1").Evidence
	if len(ev) != 1 || ev[0].ArticleID != ref.ID || ev[0].Start != ref.Marks[0].Start || ev[0].By != "alice" {
		t.Fatalf("evidence %+v", ev)
	}
	if after := len(m.openSuggestions()); after != before-1 || !strings.Contains(m.View(), "Evidence (1)") {
		t.Errorf("the accepted suggestion is still suggested (%d → %d)", before, after)
	}
}

func TestAttachFromReader(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	m.Update(common.AttachRequestMsg{ArticleID: "002_c9518c213fe21bc0", Span: model.Span{Start: 0, End: 40}, Quote: "ASTANA – Kazakhstan and the European"})
	if !strings.Contains(m.View(), "Attach this passage as evidence to which item?") {
		t.Fatalf("no attach prompt:\n%s", m.View())
	}
	msgs := press(t, m, r("j"), enter)
	ev := m.Review("mou-1.2").Evidence
	if len(ev) != 1 || ev[0].ArticleID != "002_c9518c213fe21bc0" || ev[0].End != 40 {
		t.Fatalf("evidence %+v", ev)
	}
	var back bool
	for _, msg := range msgs {
		if f, ok := msg.(common.FocusMsg); ok && f.Pane == common.PaneReader {
			back = true
		}
	}
	if !back {
		t.Error("did not return to the reader")
	}
}

func TestPaneGolden(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	keys := status("o")
	for _, l := range []string{"r", "b", "d"} {
		keys = append(append(keys, r("j")), status(l)...)
	}
	press(t, m, keys...)
	teatest.RequireEqualOutput(t, []byte(m.View()))
}

func TestOthersChangesAreAnnounced(t *testing.T) {
	dir := t.TempDir()
	m, _ := pane(t, dir)
	press(t, m, status("o")...) // alice's own change: not news
	other, _ := review.Open(dir)
	defer other.Close()
	other.SetStatus(context.Background(), "rm23-1", review.Blocked, "bob")
	last, _ := other.LastChangeID(context.Background())
	_, cmd := m.Update(noticeMsg{notice: review.Notice{LastChangeID: last}})
	msgs := run(t, m, cmd)
	if len(msgs) != 1 || msgs[0].(common.StatusMsg).Text != "bob set rm23-1 to blocked" {
		t.Fatalf("announcements %v", msgs)
	}
	// The notice names what changed, not the status it has.
	for _, tc := range []struct {
		change func()
		want   string
	}{
		{func() { other.SetNote(context.Background(), "rm23-1", "first", "bob") }, "bob wrote a note on rm23-1"},
		{func() { other.SetNote(context.Background(), "rm23-1", "second", "bob") }, "bob changed the note of rm23-1"},
		{func() { other.UndoLast(context.Background(), "bob") }, "bob undid a change to rm23-1: note back to what it was (undoing a change)"},
		{func() {
			other.AddEvidence(context.Background(), review.Evidence{ItemID: "rm23-1", ArticleID: "002_c9518c213fe21bc0", Start: 0, End: 10, Quote: "ASTANA", By: "carol"})
		}, "carol added evidence to rm23-1"},
	} {
		tc.change()
		last, _ := other.LastChangeID(context.Background())
		_, cmd := m.Update(noticeMsg{notice: review.Notice{LastChangeID: last}})
		msgs := run(t, m, cmd)
		if len(msgs) != 1 || msgs[0].(common.StatusMsg).Text != tc.want {
			t.Errorf("announced %v, want %q", msgs, tc.want)
		}
	}
}

func TestAttachWhileEditingKeepsTheNote(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	press(t, m, r("e"), r("draft text"))
	_, cmd := m.Update(common.AttachRequestMsg{ArticleID: "002_c9518c213fe21bc0", Span: model.Span{Start: 0, End: 10}, Quote: "x"})
	if m.mode != modeEdit || m.editor.Value() != "draft text" || cmd == nil {
		t.Fatalf("attach while editing: mode %v value %q", m.mode, m.editor.Value())
	}
}

func TestRemoveEvidenceAndUndo(t *testing.T) {
	m, st := pane(t, t.TempDir())
	press(t, m, enter)
	press(t, m, r("a")) // accept the first suggestion
	if len(m.Review("mou-1.1").Evidence) != 1 {
		t.Fatal("no evidence to remove")
	}
	press(t, m, r("g")) // the evidence row is first
	press(t, m, r("x"))
	if n := len(m.Review("mou-1.1").Evidence); n != 0 {
		t.Fatalf("x left %d pieces of evidence", n)
	}
	press(t, m, r("z"))
	if n := len(m.Review("mou-1.1").Evidence); n != 1 {
		t.Fatalf("undo left %d pieces of evidence", n)
	}
	h, _ := st.History(context.Background(), "mou-1.1")
	if len(h) != 3 || h[1].Field != review.FieldEvidenceRemove {
		t.Errorf("history %+v", h)
	}
}

func TestOlderSnapshotIsDropped(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	press(t, m, status("r")...) // mou-1.1 at risk; the pane has seen change 1
	m.Update(loadedMsg{reviews: map[string]review.Review{}, last: 0})
	if m.Review("mou-1.1").Status != review.AtRisk {
		t.Fatal("a stale, older snapshot replaced the current state")
	}
}

// TestStatusLetterAloneSaysHowToSetIt: d, b, r or u pressed without s
// first changes nothing and says "s then d sets done" (o alone orders the
// list: TestOrderCycles).
func TestStatusLetterAloneSaysHowToSetIt(t *testing.T) {
	for _, tt := range []struct{ key, want string }{{"d", "s then d sets done"}, {"b", "s then b sets blocked"},
		{"r", "s then r sets at risk"}, {"u", "s then u sets unreviewed"}} {
		m, _ := pane(t, t.TempDir())
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(tt.key)})
		if cmd == nil {
			t.Fatalf("%s alone: nothing said", tt.key)
		}
		if msg, ok := cmd().(common.StatusMsg); !ok || msg.Text != tt.want {
			t.Errorf("%s alone says %+v, want %q", tt.key, msg, tt.want)
		}
		if m.Review("mou-1.1").Status != review.Unreviewed {
			t.Errorf("%s alone changed the status", tt.key)
		}
	}
}

// TestAttachToChosenItem: the reader's link picker names the item; the
// passage is attached to it at once, without the roadmap's picker, with
// the usual status line and undo.
func TestAttachToChosenItem(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	_, cmd := m.Update(common.AttachRequestMsg{ArticleID: "003_272ce948f6555c66", Span: model.Span{Start: 2890, End: 3103},
		Quote: "Jones also noted", ItemID: "keg-2"})
	if m.mode != modeList {
		t.Fatalf("mode %v: the roadmap's own picker opened", m.mode)
	}
	msgs := run(t, m, cmd)
	ev := m.Review("keg-2").Evidence
	if len(ev) != 1 || ev[0].ArticleID != "003_272ce948f6555c66" || ev[0].Start != 2890 || ev[0].By != "alice" {
		t.Fatalf("evidence %+v", ev)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].(common.StatusMsg).Text, "attached to keg-2 · z undoes") {
		t.Errorf("status %v", msgs)
	}
	press(t, m, r("z"))
	if n := len(m.Review("keg-2").Evidence); n != 0 {
		t.Errorf("z left %d pieces of evidence", n)
	}
}

// TestNoteEditorIsMadeOnFirstEdit: a session that never edits a note holds
// no textarea; the first e makes one, sized for the pane (the golden of
// TestNoteEditorSavesAndKeepsDrafts shows it drawn at the pane's width).
func TestNoteEditorIsMadeOnFirstEdit(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	if m.editorMade {
		t.Fatal("the note editor was made before any note was edited")
	}
	press(t, m, r("e"))
	want := textarea.New()
	want.ShowLineNumbers = false
	want.SetWidth(76 - 2)
	if !m.editorMade || m.editor.Width() != want.Width() {
		t.Fatalf("after e: made %v, width %d, want %d", m.editorMade, m.editor.Width(), want.Width())
	}
}

package roadmap

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// longItem is the catalogue's longest item; multiNote a note of three lines.
const (
	longItem  = "mou-2.1"
	multiNote = "EBRD support confirmed in writing.\nSecond line: HMS Bergbau visit planned for spring.\nThird line."
)

// screenLines returns the plain lines of a view, without trailing spaces.
func screenLines(v string) []string {
	lines := strings.Split(ansi.Strip(v), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// hasLine reports whether some line of v is exactly want, or ends with it
// after a prefix such as "Note (alice, …): ".
func hasLine(v, want string) bool {
	for _, l := range screenLines(v) {
		if strings.HasSuffix(l, want) {
			return true
		}
	}
	return false
}

// words joins the words of a view, so that wrapped text reads as one.
func words(v string) string { return strings.Join(strings.Fields(ansi.Strip(v)), " ") }

// select moves the list's cursor to an item.
func selectItem(t *testing.T, m *Model, id string) {
	t.Helper()
	if !m.lst().Select(id) {
		t.Fatalf("no item %s", id)
	}
}

// TestEvidenceViewKeepsTheWholeItem: the evidence view wraps the whole item
// text, its document and area and every line of its note above the
// passages; beside it, the selected passage is shown, not the item again.
func TestEvidenceViewKeepsTheWholeItem(t *testing.T) {
	m, st := pane(t, t.TempDir())
	ctx := context.Background()
	st.SetNote(ctx, longItem, multiNote, "bob")
	st.AddEvidence(ctx, review.Evidence{ItemID: longItem, ArticleID: "000_59948b4d9c446ef9", Start: 582, End: 758,
		Quote: "Karabayev informed that one of the major joint projects the EU has launched is the investment of the German company HMS Bergbau AG in developing lithium deposits in Kazakhstan.", By: "alice"})
	run(t, m, m.load())
	selectItem(t, m, longItem)
	press(t, m, enter)
	it, _ := m.c.Roadmap.Item(longItem)
	v := m.View()
	for _, want := range []string{it.Text, it.Document + " · " + it.Area} {
		if !strings.Contains(words(v), want) {
			t.Errorf("the evidence view lacks %q:\n%s", want, v)
		}
	}
	for _, line := range strings.Split(multiNote, "\n")[1:] {
		if !hasLine(v, line) {
			t.Errorf("the note's line %q is not a line of its own:\n%s", line, v)
		}
	}
	if !strings.Contains(v, "— written by bob, ") || !strings.Contains(v, "set by") && strings.Contains(v, "unreviewed · set by") {
		t.Errorf("the note does not say who wrote it:\n%s", v)
	}
	if !strings.Contains(v, "Evidence (1)") || !strings.Contains(v, "› “Karabayev informed") {
		t.Errorf("the passages are not under the item:\n%s", v)
	}
	side := m.DetailView(60, 20)
	if strings.Contains(words(side), it.Text) || !strings.Contains(words(side), "in developing lithium deposits in Kazakhstan.”") ||
		!strings.Contains(side, "added by alice") || m.DetailTitle() != "Passage" {
		t.Errorf("beside the evidence view (%s):\n%s", m.DetailTitle(), side)
	}
	// A short box: every text keeps its first line, cut ones end in "…".
	m.SetSize(40, 7)
	v = m.View()
	lines := screenLines(v)
	if len(lines) != 7 || !strings.HasPrefix(lines[0], longItem) || !strings.HasPrefix(lines[1], "Increase transparency") ||
		!strings.HasSuffix(lines[1], "…") || !strings.HasPrefix(lines[2], "MoU 2022") || !strings.HasPrefix(lines[3], "Note: EBRD") ||
		!strings.HasSuffix(lines[3], "…") || lines[4] != "Evidence (1)" {
		t.Errorf("at 40x7:\n%s", v)
	}
}

// TestDraftsShowAfterARestart: a draft kept by esc (or ctrl+c) in an
// earlier session is marked on its row and shown, line by line, in the
// detail, before e is pressed.
func TestDraftsShowAfterARestart(t *testing.T) {
	dir := t.TempDir()
	earlier, err := review.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := earlier.SaveDraft(context.Background(), "mou-1.2", "alice", "draft line one\ndraft line two"); err != nil {
		t.Fatal(err)
	}
	earlier.Close()
	m, _ := pane(t, dir) // a new session
	selectItem(t, m, "mou-1.2")
	var row string
	for _, l := range screenLines(m.View()) {
		if strings.Contains(l, "mou-1.2") {
			row = l
		}
	}
	if !strings.Contains(row, " draft ") { // then the news column
		t.Errorf("the row does not say draft: %q", row)
	}
	d := m.DetailView(60, 20)
	if !hasLine(d, "Draft, not saved (e opens it): draft line one") || !hasLine(d, "draft line two") {
		t.Errorf("the detail does not show the draft:\n%s", d)
	}
	// Saving it clears the mark.
	press(t, m, r("e"), save)
	if _, ok := m.draft("mou-1.2"); ok || m.Review("mou-1.2").Note != "draft line one\ndraft line two" {
		t.Errorf("after saving: draft still there, or note %q", m.Review("mou-1.2").Note)
	}
}

// TestHistoryReadsForwards: the history names articles by their titles and
// says what each undo put back; a note keeps its lines; the page scrolls.
func TestHistoryReadsForwards(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	press(t, m, enter, r("a"))                  // accept the first suggestion
	press(t, m, r("g"), r("x"), r("z"), r("z")) // remove it, put it back, take it off
	press(t, m, esc, r("e"), r("line one"), r("\n"), r("line two"), save)
	press(t, m, r("h"))
	m.SetSize(76, 60)
	v := m.View()
	for _, want := range []string{"evidence added: “", "evidence removed: “", "evidence put back (undoing its removal): “",
		"evidence taken off again (undoing its addition): “", "note written:"} {
		if !strings.Contains(words(v), want) {
			t.Errorf("the history lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "undid:") || strings.Contains(v, "_") && strings.Contains(v, "from 00") {
		t.Errorf("the history reads backwards or names articles by id:\n%s", v)
	}
	if !hasLine(v, "    line one") || !hasLine(v, "    line two") {
		t.Errorf("the note lost its lines:\n%s", v)
	}
	// At 40x7 the page scrolls, and says so.
	m.SetSize(40, 7)
	lines := screenLines(m.View())
	if !strings.HasPrefix(lines[6], "↓ ") {
		t.Fatalf("no scroll hint: %q", lines)
	}
	press(t, m, r("G"))
	if lines := screenLines(m.View()); !strings.HasPrefix(lines[6], "↑ ") || !strings.Contains(strings.Join(lines, "\n"), "status") && !strings.Contains(strings.Join(lines, "\n"), "evidence") {
		t.Errorf("at the bottom: %q", lines)
	}
}

// TestRefusedUndoSaysHowToGoOn: an undo refused because someone else
// changed the item since says so, reason first, and that z again passes
// over it; z again undoes the change before it.
func TestRefusedUndoSaysHowToGoOn(t *testing.T) {
	dir := t.TempDir()
	m, _ := pane(t, dir)
	press(t, m, r("j"))
	press(t, m, status("d")...) // mou-1.2 done
	press(t, m, r("k"))
	press(t, m, status("o")...) // mou-1.1 on track
	other, _ := review.Open(dir)
	defer other.Close()
	other.SetNote(context.Background(), "mou-1.1", "bob's", "bob")
	msgs := press(t, m, r("z"))
	if len(msgs) != 1 {
		t.Fatalf("z: %v", msgs)
	}
	got := msgs[0].(common.StatusMsg)
	if !got.Error || !strings.HasPrefix(got.Text, "bob changed mou-1.1 since (") ||
		!strings.Contains(got.Text, "your status change (on track) can't be undone · z again passes over it and undoes your status change (done) on mou-1.2") {
		t.Fatalf("refusal %+v", got)
	}
	msgs = press(t, m, r("z"))
	if m.Review("mou-1.2").Status != review.Unreviewed || m.Review("mou-1.1").Status != review.OnTrack {
		t.Fatalf("z again: mou-1.2 %v, mou-1.1 %v", m.Review("mou-1.2").Status, m.Review("mou-1.1").Status)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].(common.StatusMsg).Text, "undone: mou-1.2 status back to unreviewed") ||
		!strings.Contains(msgs[0].(common.StatusMsg).Text, "passed over") {
		t.Errorf("z again told %v", msgs)
	}
	msgs = press(t, m, r("z"))
	if len(msgs) != 1 || msgs[0].(common.StatusMsg).Text != "nothing of yours left to undo (passed over: 1 that others changed since)" {
		t.Errorf("third z told %v", msgs)
	}
}

// TestMessagesNameArticlesByTitle: attaching and removing evidence is told
// with the article's short title, not its id.
func TestMessagesNameArticlesByTitle(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	m.Update(common.AttachRequestMsg{ArticleID: "002_c9518c213fe21bc0", Span: model.Span{Start: 0, End: 40}, Quote: "ASTANA – Kazakhstan and the European"})
	msgs := press(t, m, enter)
	var told string
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok {
			told = s.Text
		}
	}
	if !strings.HasPrefix(told, "evidence from “EU, Kazakhstan strengthen cooperation…” attached to mou-1.1") || strings.Contains(told, "002_") {
		t.Errorf("attach told %q", told)
	}
}

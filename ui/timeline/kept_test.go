package timeline

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	tl "dossier/model/timeline"
	"dossier/seeds"
	"dossier/ui/common"
)

// seedsWith is a snapshot of the seeds with one more article.
func seedsWith(t *testing.T, name, text string) *library.Snapshot {
	t.Helper()
	files := fstest.MapFS{}
	err := fs.WalkDir(seeds.Corpus, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(seeds.Corpus, p)
		files[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files[name] = &fstest.MapFile{Data: []byte(text)}
	c, _, err := model.LoadCorpus(files, "corpus")
	if err != nil {
		t.Fatal(err)
	}
	return library.NewSnapshot(c, nil, nil)
}

// keptPane is the pane, w×h, listing what a generation kept (the seeds
// with an article "Stale refinery" that has since changed) before its
// corpus is opened; the snapshot returned is the corpus as the scan will
// find it (the same article now "Fresh refinery").
func keptPane(t *testing.T, w, h int) (*Model, *library.Snapshot) {
	t.Helper()
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	ms := tl.Milestones(cat)
	old := seedsWith(t, "plant.txt", "date 2021-03-04\nEU and Kazakhstan open the Stale refinery\n\nThe EU and Kazakhstan opened the Stale lithium refinery in Karaganda on 3 March 2021 under their raw materials partnership, the Commission said.\n")
	kept, err := old.Timeline(context.Background(), ms)
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	c := common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap(), Roadmap: cat}
	m := New(c)
	m.SetSize(w, h)
	m.Update(keptMsg{earlyFrom(kept)})
	return m, seedsWith(t, "plant.txt", "date 2021-03-06\nEU and Kazakhstan open the Fresh refinery\n\nThe EU and Kazakhstan opened the Fresh lithium refinery in Karaganda on 5 March 2021 under their raw materials partnership, the Commission said.\n")
}

// TestKeptTimelineUntilTheCorpusComes: before the corpus is opened, the
// pane lists the timeline its published generation kept (saying it is
// being checked); enter and the reader wait for the corpus. When the
// corpus comes, its own timeline replaces it whole: the changed article's
// new event shows, and nothing of what was kept stays. A kept timeline
// that arrives after the corpus's own is dropped.
func TestKeptTimelineUntilTheCorpusComes(t *testing.T) {
	m, fresh := keptPane(t, 80, 40)
	v := flat(m.View())
	if !m.kept || !strings.Contains(v, "Stale") || !strings.Contains(v, "checking the corpus for changes") || strings.Contains(v, "putting the timeline together") {
		t.Fatalf("the kept timeline is not listed:\n%s", m.View())
	}
	selectEvent(t, m, "Stale")
	if msgs := press(t, m, enter); len(msgs) != 1 || !strings.Contains(statusOf(t, msgs), "still being opened") {
		t.Errorf("enter before the corpus is opened: %v", msgs)
	}
	if _, ok := m.Preview(); ok {
		t.Error("a preview offered before the corpus is opened")
	}
	if d := m.DetailView(40, 10); !strings.Contains(flat(d), "once the corpus is open") {
		t.Errorf("detail before the corpus is opened:\n%s", d)
	}
	keptMsg := keptMsg{m.keptShown}

	_, cmd := m.Update(common.DataMsg{State: library.Loaded(fresh).State()})
	run(t, m, cmd)
	v = flat(m.View())
	if !m.built || m.kept || !strings.Contains(v, "Fresh") || strings.Contains(v, "Stale") || strings.Contains(v, "checking the corpus") {
		t.Fatalf("after the corpus came:\n%s", m.View())
	}
	for _, ev := range m.t.Events {
		if strings.Contains(ev.Label, "Stale") {
			t.Fatalf("a kept event stays: %q", ev.Label)
		}
	}
	m.Update(keptMsg) // late
	if v := flat(m.View()); m.kept || strings.Contains(v, "Stale") || !strings.Contains(v, "Fresh") {
		t.Fatalf("a kept timeline arriving late replaced the corpus's:\n%s", m.View())
	}
}

// TestKeptTimelineOfACorpusThatFails: when the corpus cannot be opened,
// the kept timeline gives way to the catalogue's milestones.
func TestKeptTimelineOfACorpusThatFails(t *testing.T) {
	m, _ := keptPane(t, 80, 40)
	m.Update(common.DataMsg{State: library.State{Seq: 1, Err: errors.New("no articles")}})
	if v := flat(m.View()); m.kept || strings.Contains(v, "Stale") || !strings.Contains(v, "roadmap milestones meanwhile") {
		t.Fatalf("after the corpus failed:\n%s", m.View())
	}
}

// TestKeptTimelineTakenWhole: the keys and entries made for the kept
// timeline are taken for the snapshot's only when it is that very
// timeline (the snapshot of an unchanged generation takes the one read
// early), not for an equal copy or another timeline.
func TestKeptTimelineTakenWhole(t *testing.T) {
	m, _ := keptPane(t, 80, 40)
	shown := m.keptShown
	k, ok := shown.of(shown.t)
	if !ok || &k.keys[0] != &shown.keys[0] || &k.entries[0] != &shown.entries[0] {
		t.Error("the kept timeline's keys and entries were not taken for itself")
	}
	other := shown.t
	other.Events = append([]tl.Event(nil), shown.t.Events...)
	if _, ok := shown.of(other); ok {
		t.Error("the keys of the timeline shown would be taken for a copy")
	}
	if _, ok := (early{}).of(shown.t); ok {
		t.Error("nothing shown, yet keys taken")
	}
}

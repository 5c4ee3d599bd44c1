package review

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestCopySQLiteToPostgres copies a store with a history that has undos,
// evidence and drafts; the copy reads back the same, refuses to overwrite
// unless told to, and goes on working (new ids, undo of copied changes).
func TestCopySQLiteToPostgres(t *testing.T) {
	bs := backends(t)
	if len(bs) < 2 {
		t.Skip("PostgreSQL is not available here")
	}
	ctx := context.Background()
	src := freshStore(t, bs[0])
	mustWrite(t)(src.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
	mustWrite(t)(src.SetNote(ctx, "mou-1.1", "note «ü» 🇰🇿", "alice"))
	ev := mustWrite(t)(src.AddEvidence(ctx, Evidence{ItemID: "mou-1.2", ArticleID: "a", Start: 1, End: 9, Quote: "quote", By: "bob"}))
	mustWrite(t)(src.RemoveEvidence(ctx, mustEvidence(t, ev).ID, "bob"))
	mustWrite(t)(src.AddEvidence(ctx, Evidence{ItemID: "mou-1.2", ArticleID: "b", Start: 0, End: 4, Quote: "kept", By: "bob"}))
	mustUndo(t, src, "alice")
	if err := src.SaveDraft(ctx, "mou-1.3", "carol", "draft"); err != nil {
		t.Fatal(err)
	}
	// Per-person state: alice started before d and e came, read d; bob
	// started after; alice keeps a search and a setting.
	us := userState(t, src)
	newFor(t, us, "alice", "a", "b")
	newFor(t, us, "alice", "a", "b", "d", "e")
	newFor(t, us, "bob", "a", "b", "d", "e")
	if _, err := us.MarkRead(ctx, "alice", true, "d"); err != nil {
		t.Fatal(err)
	}
	if err := us.SaveSearch(ctx, "alice", "tailings", "tailings OR hydrometallurgy"); err != nil {
		t.Fatal(err)
	}
	if err := us.SetSetting(ctx, "alice", "roadmap.filter", "quiet:>365d"); err != nil {
		t.Fatal(err)
	}
	// Remembered searches and the news feed log come along too.
	for _, q := range []string{"lithium", "tailings"} {
		if err := src.RememberSearch(ctx, "alice", q); err != nil {
			t.Fatal(err)
		}
	}
	fl, ok := FeedLogOf(src)
	if !ok {
		t.Fatal("the source store has no feed log")
	}
	if err := fl.SaveFeedValidators(ctx, "Astana Times", "https://astanatimes.example/feed", `"etag-1"`, ""); err != nil {
		t.Fatal(err)
	}
	for _, f := range []FeedFetch{{Source: "Astana Times", New: 2}, {Source: "Astana Times", Err: "timeout"}} {
		if err := fl.RecordFetch(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := fl.RecordFeedEntry(ctx, FeedEntry{Source: "Astana Times", Entry: "https://astanatimes.example/a", Status: EntryWritten, File: "a.md"}); err != nil {
		t.Fatal(err)
	}
	dstLoc := bs[1].fresh(t)
	dst := bs[1].open(t, dstLoc)
	counts, err := Copy(ctx, dst, src, false)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Changes != 6 || counts.Items != 2 || counts.Evidence != 1 || counts.Drafts != 1 || counts.Personal != 4+2+1+1+1+2+1 || counts.Feeds != 1+2+1 { // arrivals, readers, a mark, a saved search, a setting, remembered searches, alice's read version
		t.Errorf("counts %s", counts)
	}
	if qs, err := dst.Searches(ctx, "alice"); err != nil || !reflect.DeepEqual(qs, []string{"tailings", "lithium"}) && !reflect.DeepEqual(qs, []string{"lithium", "tailings"}) {
		t.Errorf("remembered searches in the copy: %q %v", qs, err)
	}
	dfl, _ := FeedLogOf(dst)
	if st, err := dfl.FeedState(ctx, "Astana Times"); err != nil || st.ETag != `"etag-1"` || st.FailStreak != 1 || st.Fetches != 2 {
		t.Errorf("feed state in the copy: %+v %v", st, err)
	}
	if fs, err := dfl.FeedFetches(ctx, "Astana Times", 10); err != nil || len(fs) != 2 || fs[0].Err != "timeout" {
		t.Errorf("feed fetches in the copy: %+v %v", fs, err)
	}
	if e, ok, err := dfl.FeedEntry(ctx, "Astana Times", "https://astanatimes.example/a"); err != nil || !ok || e.File != "a.md" {
		t.Errorf("feed entry in the copy: %+v %v %v", e, ok, err)
	}
	// New rows after the copy take ids after the copied ones.
	if err := dfl.RecordFetch(ctx, FeedFetch{Source: "Astana Times", New: 1}); err != nil {
		t.Errorf("a fetch recorded in the copy: %v", err)
	}
	if err := dst.RememberSearch(ctx, "alice", "graphite"); err != nil {
		t.Errorf("a search remembered in the copy: %v", err)
	}
	dus := userState(t, dst)
	wantIDs(t, "alice's new articles in the copy", newFor(t, dus, "alice", "a", "b", "d", "e"), "e")
	wantIDs(t, "bob's new articles in the copy", newFor(t, dus, "bob", "a", "b", "d", "e"))
	if ss, err := dus.SavedSearches(ctx, "alice"); err != nil || len(ss) != 1 || ss[0].Query != "tailings OR hydrometallurgy" {
		t.Errorf("saved searches in the copy: %+v %v", ss, err)
	}
	if v, ok, err := dus.Setting(ctx, "alice", "roadmap.filter"); !ok || err != nil || v != "quiet:>365d" {
		t.Errorf("settings in the copy: %q %v %v", v, ok, err)
	}
	h1, _ := src.History(ctx, "")
	h2, _ := dst.History(ctx, "")
	a1, _ := src.All(ctx)
	a2, _ := dst.All(ctx)
	if !reflect.DeepEqual(h1, h2) || !reflect.DeepEqual(a1, a2) {
		t.Errorf("copy differs:\n%+v\n%+v\n%+v\n%+v", h1, h2, a1, a2)
	}
	if d, ok, _ := dst.Draft(ctx, "mou-1.3", "carol"); !ok || d.Note != "draft" {
		t.Errorf("draft not copied: %+v", d)
	}
	if _, err := Copy(ctx, dst, src, false); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "6 changes") {
		t.Errorf("second copy: %v, want ErrNotEmpty", err)
	}
	if _, err := Copy(ctx, dst, src, true); err != nil {
		t.Errorf("copy with replace: %v", err)
	}
	// The copy goes on: new ids after the copied ones, and the undo log came along.
	next := mustWrite(t)(dst.SetStatus(ctx, "mou-2.1", Done, "dave"))
	if next.ID != counts.LastChangeID+1 {
		t.Errorf("first change after the copy has id %d, want %d", next.ID, counts.LastChangeID+1)
	}
	e := mustWrite(t)(dst.AddEvidence(ctx, Evidence{ItemID: "mou-2.1", ArticleID: "c", Start: 0, End: 1, Quote: "c", By: "dave"}))
	if mustEvidence(t, e).ID <= mustEvidence(t, ev).ID+1 {
		t.Errorf("new evidence id %d reuses a copied one", mustEvidence(t, e).ID)
	}
	if u := mustUndo(t, dst, "bob"); u.Field != FieldEvidenceRemove {
		t.Errorf("bob's undo in the copy: %+v", u)
	}
	// Into a non-empty SQLite store, replacing is refused.
	back := freshStore(t, bs[0])
	mustWrite(t)(back.SetStatus(ctx, "x", Done, "z"))
	if _, err := Copy(ctx, back, dst, true); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("replace into SQLite: %v", err)
	}
}

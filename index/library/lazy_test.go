package library

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"dossier/index"
)

// familyCorpus makes a corpus of English articles, German translations of
// some of them, outlets, authors and undated articles.
func familyCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	outlets := []string{"Astana Times", "Euractiv", ""}
	for i := range 30 {
		date := fmt.Sprintf("date: %d-%02d-%02d\n", 2021+i%4, i%12+1, i%28+1)
		if i%7 == 6 {
			date = ""
		}
		write(t, filepath.Join(dir, fmt.Sprintf("e%02d.md", i)), fmt.Sprintf("---\ntitle: Lithium report %d\noutlet: %s\nauthor: Writer %d\nlang: en\n%s---\nThe lithium refinery %s of report %d opened with the battery partners.\n",
			i, outlets[i%3], i%4, date, tag(i), i))
		if i%3 == 0 {
			write(t, filepath.Join(dir, fmt.Sprintf("g%02d.md", i)), fmt.Sprintf("---\ntitle: Lithiumbericht %d\nlang: de\ntranslation_of: e%02d\n%s---\nDie Lithium Raffinerie %s von Bericht %d wurde eröffnet, Batterien.\n",
				i, i, date, tag(i), i))
		}
	}
	write(t, filepath.Join(dir, "plain.txt"), "date 2022-05-01\nA plain text note\n\nIt mentions lithium and hydrogen.\n")
	return dir
}

// TestSearchOnlyAgreesWithTheCorpus: a search that reads the kept index's
// articles one at a time (Options.SearchOnly, the command line) gives what
// the decoded corpus gives, and what the same corpus indexed in memory
// gives: hits, their versions and fragments, counts of articles and
// documents, facets (hits of equal score may come in another order from
// the index in memory: only its counts and facets are compared).
func TestSearchOnlyAgreesWithTheCorpus(t *testing.T) {
	ctx := context.Background()
	o := newOpener(t, familyCorpus(t))
	full := o.open()
	only, err := Open(ctx, func() Options { opts := o.options(); opts.SearchOnly = true; return opts }())
	if err != nil {
		t.Fatal(err)
	}
	defer only.Close()
	if only.Snapshot().Corpus != nil {
		t.Error("a search-only open decoded the corpus")
	}
	mem, err := index.Open(ctx, full.Snapshot().Corpus, index.Options{Synonyms: o.options().Synonyms})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for _, q := range []string{"lithium", "Lithium Raffinerie", "batteries", "lang:de", "year:2023 lithium", "source:euractiv", "hydrogen", "word" + tag(3), "lithium -lang:en", "author:writer"} {
		for _, lang := range []string{"", "de"} {
			req := index.Request{Query: q, Limit: 4, Facets: true, Lang: lang}
			var got, counts [3]string
			for i, ix := range []*index.Index{full.Snapshot().Index, only.Snapshot().Index, mem} {
				res, err := ix.Search(ctx, req)
				if err != nil {
					t.Fatalf("%q: %v", q, err)
				}
				res.Took = 0
				b, _ := json.Marshal(res)
				got[i] = string(b)
				b, _ = json.Marshal([]any{res.Articles, res.Total, res.Facets})
				counts[i] = string(b)
			}
			if got[1] != got[0] {
				t.Errorf("%q (reader %q):\nsearch-only %s\ndecoded     %s", q, lang, got[1], got[0])
			}
			if counts[1] != counts[2] {
				t.Errorf("%q (reader %q): counts %s, in memory %s", q, lang, counts[1], counts[2])
			}
		}
	}
	if got, want := idsOf(only.Snapshot().Index.Corpus()), idsOf(full.Snapshot().Corpus); !slices.Equal(got, want) {
		t.Errorf("the corpus decoded on demand: %v, want %v", got, want)
	}
}

// TestSearchOnlySeesEachChange: between two search-only opens, a file
// added, edited in place (same size, modification time put back), renamed
// and removed are each seen.
func TestSearchOnlySeesEachChange(t *testing.T) {
	ctx := context.Background()
	o := newOpener(t, quickCorpus(t))
	open := func() *Library {
		opts := o.options()
		opts.SearchOnly = true
		l, err := Open(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		return l
	}
	open().Close()
	if got := hits(t, open(), "lithium"); len(got) != 24 {
		t.Fatalf("before: %d hits", len(got))
	}
	write(t, filepath.Join(o.dir, "sub", "new.txt"), "A new article about zirconquartz.")
	editKept(t, filepath.Join(o.dir, "a003.txt"), "lithium", "cobalts")
	os.Rename(filepath.Join(o.dir, "a005.txt"), filepath.Join(o.dir, "sub", "moved.txt"))
	os.Remove(filepath.Join(o.dir, "a004.txt"))
	l := open()
	for q, want := range map[string][]string{
		"zirconquartz":  {"new"},
		"cobalts":       {"a003"},
		"word" + tag(5): {"moved"},
		"word" + tag(4): nil,
	} {
		if got := hits(t, l, q); !slices.Equal(got, want) {
			t.Errorf("%s: found %v, want %v", q, got, want)
		}
	}
	l.Close()
	l = open() // the next generation, unchanged: read where it lies
	if l.Snapshot().Corpus != nil {
		t.Error("the unchanged generation was decoded")
	}
	if got := hits(t, l, "lithium"); len(got) != 22 {
		t.Errorf("after: %d hits for lithium, want 22", len(got))
	}
}

// TestOverlayCountsTheCorpusFamilies: while another process writes the
// kept index, changes are indexed in memory over the published generation;
// its family codes are then not used: an original removed since, its two
// translations are two articles, not one family.
func TestOverlayCountsTheCorpusFamilies(t *testing.T) {
	o := newOpener(t, familyCorpus(t))
	write(t, filepath.Join(o.dir, "h00.md"), "---\ntitle: Lithiumbericht zwei\nlang: de\ntranslation_of: e00\n---\nNoch ein Bericht aaa.\n")
	l := o.open()
	res, err := l.Snapshot().Index.Search(context.Background(), index.Request{Query: "aaa"})
	if err != nil || res.Total != 3 || res.Articles != 1 {
		t.Fatalf("before: %d documents, %d articles (%v)", res.Total, res.Articles, err)
	}
	l.Close()
	holdWriteLock(t, o.cache)
	os.Remove(filepath.Join(o.dir, "e00.md"))
	l = o.open()
	if !l.Snapshot().overlay {
		t.Fatal("not an overlay")
	}
	res, err = l.Snapshot().Index.Search(context.Background(), index.Request{Query: "aaa"})
	if err != nil || res.Total != 2 || res.Articles != 2 {
		t.Errorf("after: %d documents, %d articles (%v), want 2 and 2", res.Total, res.Articles, err)
	}
}

// TestTentativeIndexIsServedOrStopped: Options.Tentative is handed the
// published generation's index before the folders are checked. Unchanged,
// the snapshot opened is that very index, and its work is not stopped;
// after a change (an edit in place with the modification time kept, an
// added, a renamed, a removed file) the work is stopped while the index
// is still open, before the library closes it, and the snapshot is
// another index that sees the change.
func TestTentativeIndexIsServedOrStopped(t *testing.T) {
	ctx := context.Background()
	o := newOpener(t, quickCorpus(t))
	type handed struct {
		ix               *index.Index
		stopped, wasOpen bool
	}
	var got []*handed
	open := func() *Library {
		t.Helper()
		got = nil
		opts := o.options()
		opts.SearchOnly = true
		opts.Tentative = func(ix *index.Index) func() {
			h := &handed{ix: ix}
			got = append(got, h)
			return func() {
				_, err := ix.Search(ctx, index.Request{Query: "lithium"})
				h.stopped, h.wasOpen = true, err == nil
			}
		}
		l, err := Open(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		return l
	}
	open().Close() // builds: nothing to hand
	if len(got) != 0 {
		t.Fatalf("a cold build handed %d indexes", len(got))
	}
	l := open()
	if len(got) != 1 || got[0].ix != l.Snapshot().Index || got[0].stopped {
		t.Fatalf("unchanged: handed %d, served it %v, stopped %v", len(got), len(got) == 1 && got[0].ix == l.Snapshot().Index, len(got) == 1 && got[0].stopped)
	}
	l.Close()
	for _, tc := range []struct {
		name   string
		change func()
		q      string
		want   []string
	}{
		{"edited in place", func() { editKept(t, filepath.Join(o.dir, "a003.txt"), "lithium", "cobalts") }, "cobalts", []string{"a003"}},
		{"added", func() { write(t, filepath.Join(o.dir, "sub", "new.txt"), "A new article about zirconquartz.") }, "zirconquartz", []string{"new"}},
		{"renamed", func() { os.Rename(filepath.Join(o.dir, "a005.txt"), filepath.Join(o.dir, "sub", "moved.txt")) }, "word" + tag(5), []string{"moved"}},
		{"removed", func() { os.Remove(filepath.Join(o.dir, "a004.txt")) }, "word" + tag(4), nil},
	} {
		tc.change()
		l := open()
		switch {
		case len(got) != 1:
			t.Errorf("%s: handed %d indexes, want 1", tc.name, len(got))
		case !got[0].stopped || !got[0].wasOpen:
			t.Errorf("%s: stopped %v, while open %v", tc.name, got[0].stopped, got[0].wasOpen)
		case got[0].ix == l.Snapshot().Index:
			t.Errorf("%s: the index handed before the check was served", tc.name)
		}
		if h := hits(t, l, tc.q); !slices.Equal(h, tc.want) {
			t.Errorf("%s: %s found %v, want %v", tc.name, tc.q, h, tc.want)
		}
		l.Close()
	}
}

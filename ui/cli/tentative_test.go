package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSearchAnswersAfterTheCheck: a search runs its query on the kept
// index while the folders are checked, and prints that answer only when
// the check found nothing changed. Between two searches a file is added,
// edited in place with its modification time put back, renamed or
// removed: the second search sees each change, and an unchanged corpus
// gets the answer of the index it kept.
func TestSearchAnswersAfterTheCheck(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	for i := range 12 {
		body := fmt.Sprintf("---\ntitle: Report %02d\ndate: 2024-01-%02d\n---\nThe lithium report %02d names word%02d.\n", i, i+1, i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%02d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	search := func(q string) []string {
		t.Helper()
		var out, errOut bytes.Buffer
		o := SearchOptions{Sources: Sources{CorpusDirs: []string{dir}, CacheDir: cache}, JSON: true, Limit: 50}
		if err := Search(context.Background(), q, o, &out, &errOut); err != nil {
			t.Fatalf("%s: %v (%s)", q, err, errOut.String())
		}
		var res struct{ Hits []struct{ ID string } }
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		return ids
	}
	if got := search("lithium"); len(got) != 12 { // builds
		t.Fatalf("cold: %v", got)
	}
	if got := search("lithium"); len(got) != 12 { // warm: the kept index's answer
		t.Fatalf("warm: %v", got)
	}
	editKeptTime := func(name, old, new string) {
		p := filepath.Join(dir, name)
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, time.Time{}, info.ModTime()); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		change func()
		q      string
		want   []string
	}{
		{"added", func() {
			os.WriteFile(filepath.Join(dir, "new.md"), []byte("---\ntitle: New one\n---\nAbout zirconquartz.\n"), 0o644)
		}, "zirconquartz", []string{"new"}},
		{"edited in place, same size and time", func() { editKeptTime("a03.md", "word03", "wordxx") }, "wordxx", []string{"a03"}},
		{"renamed", func() { os.Rename(filepath.Join(dir, "a05.md"), filepath.Join(dir, "moved.md")) }, "word05", []string{"moved"}},
		{"removed", func() { os.Remove(filepath.Join(dir, "a04.md")) }, "word04", nil},
		{"unchanged", func() {}, "lithium", []string{"a00", "a01", "a02", "a03", "a06", "a07", "a08", "a09", "a10", "a11", "moved"}},
	} {
		before := search(tc.q) // the kept index is current: the next search's query runs on it early
		if tc.name != "unchanged" && slices.Equal(before, tc.want) {
			t.Fatalf("%s: before the change %s found %v already", tc.name, tc.q, before)
		}
		tc.change()
		if got := search(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %s found %v, want %v", tc.name, tc.q, got, tc.want)
		}
	}
}

package library

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/model"
)

// Random sequences of changes between searches, over two corpus folders
// with a subfolder each: articles added, renamed (keeping their id: to
// another folder, subfolder or extension; or to a new id), edited in place
// with their size and modification time kept, and removed. After each
// step, the library (opened again, refreshed in the same process, or over a
// published generation while another process holds the write lock; with
// and without derived data) has exactly the articles on disk, each at its
// path and found by its own word and by its current text. A rename that
// kept the id once lost the article from the index.
func TestRandomChangesBetweenSearches(t *testing.T) {
	for seed := range 6 {
		mode := []string{"reopen", "refresh", "locked"}[seed%3]
		derive := seed%2 == 1
		t.Run(fmt.Sprintf("%s/derive=%v", mode, derive), func(t *testing.T) {
			r := rand.New(rand.NewSource(int64(seed)))
			d0, d1 := t.TempDir(), t.TempDir()
			dirs := []string{d0, d1, filepath.Join(d0, "s"), filepath.Join(d1, "s")}
			for _, d := range dirs[2:] {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			exts := []string{".txt", ".md"}
			where := map[int]string{} // article number → its file
			text := map[int]string{}
			next := 0
			add := func() {
				i := next
				next++
				where[i] = filepath.Join(dirs[r.Intn(len(dirs))], fmt.Sprintf("x%03d%s", i, exts[r.Intn(2)]))
				text[i] = article(i, "lithium")
				write(t, where[i], text[i])
			}
			for range 12 {
				add()
			}
			opts := Options{Dirs: []string{d0, d1}, CacheDir: t.TempDir()}
			if derive {
				opts.Deriver = TimelineDeriver()
			}
			ctx := context.Background()
			l, err := open(ctx, opts, testHooks{})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { l.Close() }()
			if mode == "locked" {
				holdWriteLock(t, opts.CacheDir)
			}
			for step := range 8 {
				var did []string
				for range 1 + r.Intn(3) {
					keys := slices.Sorted(func(yield func(int) bool) {
						for k := range where {
							if !yield(k) {
								return
							}
						}
					})
					k := keys[r.Intn(len(keys))]
					rel := func(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, d0), d1) }
					switch r.Intn(5) {
					case 0:
						add()
						did = append(did, "add "+rel(where[next-1]))
					case 1, 2:
						prefix := "x" // the same id
						if r.Intn(3) == 0 {
							prefix = "y" // a new id, the same text
						}
						to := filepath.Join(dirs[r.Intn(len(dirs))], fmt.Sprintf("%s%03d%s", prefix, k, exts[r.Intn(2)]))
						if err := os.Rename(where[k], to); err != nil {
							t.Fatal(err)
						}
						did = append(did, "rename "+rel(where[k])+" "+rel(to))
						where[k] = to
					case 3:
						was := text[k]
						text[k] = strings.Replace(was, "lithium", "cobalts", 1)
						if text[k] == was {
							text[k] = strings.Replace(was, "cobalts", "lithium", 1)
						}
						editKept(t, where[k], was, text[k])
						did = append(did, "edit "+rel(where[k]))
					case 4:
						if len(where) > 3 {
							if err := os.Remove(where[k]); err != nil {
								t.Fatal(err)
							}
							did = append(did, "remove "+rel(where[k]))
							delete(where, k)
							delete(text, k)
						}
					}
				}
				if mode == "refresh" {
					if _, err := l.Refresh(ctx); err != nil {
						t.Fatal(err)
					}
				} else {
					l.Close()
					if l, err = open(ctx, opts, testHooks{}); err != nil {
						t.Fatal(err)
					}
				}
				s := l.Snapshot()
				if s.Corpus.Len() != len(where) {
					t.Fatalf("step %d %q: %d articles, want %d", step, did, s.Corpus.Len(), len(where))
				}
				cobalts := hits(t, l, "cobalts")
				derived := s.AllDerived()
				for k, p := range where {
					id := model.IDOf(filepath.Base(p))
					if a, ok := s.Corpus.Article(id); !ok || a.File != p {
						t.Errorf("step %d %q: %s is at %q, want %q", step, did, id, a.File, p)
					}
					if got := hits(t, l, "word"+tag(k)); !slices.Equal(got, []string{id}) {
						t.Errorf("step %d %q: the word of %s found %v", step, did, id, got)
					}
					if slices.Contains(cobalts, id) != strings.Contains(text[k], "cobalts") {
						t.Errorf("step %d %q: %s found by cobalts: %v", step, did, id, slices.Contains(cobalts, id))
					}
					if derive && derived[id] == nil {
						t.Errorf("step %d %q: %s has no derived data", step, did, id)
					}
				}
			}
		})
	}
}

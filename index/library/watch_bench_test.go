package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkFollowLatency measures the time from files written into a
// followed corpus folder (kept index, timeline deriver) to the snapshot
// with them and its notice being published: one op is one file added, or
// a burst of 500 copied one after the other (timed from the last).
func BenchmarkFollowLatency(b *testing.B) {
	for _, c := range []struct{ corpus, burst int }{{100, 1}, {2000, 1}, {2000, 500}} {
		b.Run(fmt.Sprintf("corpus=%d/files=%d", c.corpus, c.burst), func(b *testing.B) {
			dir := b.TempDir()
			for i := range c.corpus {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(article(i, "lithium")), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			opts := Options{Dirs: []string{dir}, CacheDir: b.TempDir(), Deriver: TimelineDeriver()}
			f := Follow(context.Background(), opts, FollowOptions{})
			defer f.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			if _, err := f.Ready(ctx); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st := f.State()
				for j := range c.burst {
					if j == c.burst-1 {
						b.StartTimer()
					}
					name := filepath.Join(dir, fmt.Sprintf("new%04d-%04d.txt", i, j))
					if err := os.WriteFile(name, []byte(article(j, "cobalt")), 0o644); err != nil {
						b.Fatal(err)
					}
				}
				want := st.Snap.Corpus.Len() + c.burst
				for st.Snap.Corpus.Len() != want || st.Snap.Partial {
					st = f.Wait(ctx, st.Seq)
					if ctx.Err() != nil {
						b.Fatal("the files never came")
					}
				}
			}
		})
	}
}

package review

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkAll reads every review of a store with 100 reviewed items and
// 3,000 changes (status and note changes, evidence, undos): what every
// session does after each change anywhere.
func BenchmarkAll(b *testing.B) {
	ctx := context.Background()
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sts := []Status{OnTrack, AtRisk, Blocked, Done}
	for i := 0; i < 3000; i++ {
		item, who := fmt.Sprintf("item-%d", i%100), fmt.Sprintf("r%d", i%7)
		switch i % 5 {
		case 0, 1:
			_, err = s.SetStatus(ctx, item, sts[i%4], who)
		case 2:
			_, err = s.SetNote(ctx, item, fmt.Sprintf("note %d\nline two", i), who)
		case 3:
			_, err = s.AddEvidence(ctx, Evidence{ItemID: item, ArticleID: "a", Start: i, End: i + 5, Quote: "q", By: who})
		case 4:
			s.UndoLast(ctx, who) // refused when someone else changed the item since: as in life
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if all, err := s.All(ctx); err != nil || len(all) == 0 {
			b.Fatal(len(all), err)
		}
	}
}

package timeline

import (
	"sync"
	"testing"
	"time"

	"dossier/model"
)

func TestSharedExtractsOnce(t *testing.T) {
	c := model.NewMemCorpus("t", []model.Document{{Article: model.Article{ID: "a", Lang: "en",
		Date: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC), Precision: model.Day}, Body: "The bridge opened on 4 April 2025."}})
	s := NewShared(c)
	var wg sync.WaitGroup
	results := make([][]Event, 8)
	for i := range results {
		wg.Add(1)
		go func() { defer wg.Done(); results[i], _ = s.Get() }()
	}
	wg.Wait()
	if len(results[0]) != 2 {
		t.Fatalf("events %+v", results[0])
	}
	for _, r := range results[1:] {
		if &r[0] != &results[0][0] {
			t.Fatal("the timeline was extracted more than once")
		}
	}
}

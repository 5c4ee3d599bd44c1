package timeline

import (
	"context"
	"sync"
	"testing"
	"time"

	"dossier/model"
)

func sharedCorpus() *model.Corpus {
	return model.NewMemCorpus("t", []model.Document{{Article: model.Article{ID: "a", Title: "Bridge opens",
		Lang: "en", Date: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC), Precision: model.Day},
		Body: "The bridge in Riverton opened on 4 April 2025."}})
}

func TestSharedBuildsOnce(t *testing.T) {
	s := NewShared(sharedCorpus())
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
			t.Fatal("the timeline was built more than once")
		}
	}
	tl, err := s.Wait(context.Background())
	if err != nil || &tl.Events[0] != &results[0][0] {
		t.Errorf("Wait after Get: %v", err)
	}
}

func TestSharedWaitersLeaveAlone(t *testing.T) {
	// A caller whose context ends stops waiting; the build goes on for the others.
	s := NewShared(model.NewMemCorpus("big", articlesOf(generate(2000, 3))))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Wait(ctx); err != context.Canceled {
		t.Errorf("a cancelled waiter got %v", err)
	}
	tl, err := s.Wait(context.Background())
	if err != nil || len(tl.Events) == 0 {
		t.Errorf("the build did not go on: %v, %d events", err, len(tl.Events))
	}
}

func TestSharedClose(t *testing.T) {
	s := NewShared(model.NewMemCorpus("big", articlesOf(generate(3000, 4))))
	done := make(chan error, 1)
	go func() { _, err := s.Wait(context.Background()); done <- err }()
	time.Sleep(10 * time.Millisecond)
	s.Close()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Wait after Close: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not stop the build")
	}
	if ev, und := s.Get(); ev != nil || und != nil {
		t.Error("Get of a closed build returns nothing")
	}
}

// articlesOf turns generated docs into corpus documents.
func articlesOf(docs []Doc) []model.Document {
	out := make([]model.Document, len(docs))
	for i, d := range docs {
		p := model.Unknown
		if d.DatePrecision == Day {
			p = model.Day
		}
		out[i] = model.Document{Article: model.Article{ID: d.ID, Title: d.Title, Lang: d.Lang, Date: d.Date, Precision: p}, Body: d.Text}
	}
	return out
}

package timeline

import (
	"context"
	"runtime"
	"sync"
)

// Build extracts every doc (in parallel) and assembles the timeline with
// the milestones: Extract and Assemble in one call, for tests and the
// command line. It stops and returns ctx.Err() when ctx is cancelled.
func Build(ctx context.Context, docs []Doc, milestones []Milestone) (Timeline, error) {
	ex, err := ExtractAll(ctx, docs)
	if err != nil {
		return Timeline{}, err
	}
	return Assemble(ctx, docs, ex, milestones)
}

// ExtractAll extracts every doc with its reference date, on all cores.
func ExtractAll(ctx context.Context, docs []Doc) ([]Extraction, error) {
	refs := References(docs)
	out := make([]Extraction, len(docs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range max(1, min(runtime.GOMAXPROCS(0), len(docs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ex, err := Extract(ctx, docs[i], refs[i])
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					continue
				}
				out[i] = ex
			}
		}()
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

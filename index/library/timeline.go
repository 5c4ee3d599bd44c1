package library

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"dossier/model"
	tl "dossier/model/timeline"
)

// timelineVersion names the timeline extraction kept with each article,
// and its encoding (tl.AppendExtraction).
var timelineVersion = fmt.Sprintf("timeline %d compact", tl.ExtractorVersion)

// TimelineDeriver keeps each article's timeline extraction with the index,
// so a warm start assembles the timeline without reading any article.
func TimelineDeriver() *Deriver {
	return &Deriver{Version: timelineVersion, Derive: func(ctx context.Context, doc model.Document, ref model.Article) ([]byte, error) {
		ex, err := tl.Extract(ctx, tl.DocOf(doc.Article, doc.Body), referenceOf(doc.Article, ref))
		if err != nil {
			return nil, err
		}
		return encodeExtraction(ex)
	}}
}

// referenceOf is the timeline's reference of an article whose date
// reference is ref (itself or an original).
func referenceOf(a, ref model.Article) tl.Reference {
	docs := []tl.Doc{tl.DocOf(a, "")}
	if ref.ID != a.ID {
		docs[0].TranslationOf = ref.ID
		docs = append(docs, tl.DocOf(ref, ""))
	}
	return tl.References(docs)[0]
}

func encodeExtraction(ex tl.Extraction) ([]byte, error) { return tl.AppendExtraction(nil, ex), nil }

// decodeExtraction reads a kept extraction; its strings share data, which
// the snapshot never changes.
func decodeExtraction(data []byte) (tl.Extraction, error) { return tl.DecodeExtraction(data) }

// timelineResult is a snapshot's timeline, computed once.
type timelineResult struct {
	t   tl.Timeline
	err error
}

// Timeline returns the snapshot's timeline as a person reads it: on a
// large corpus its notable events only (see tl.AssembleEncoded), made in a
// fraction of the time and memory of the whole; TimelineAll gives every
// event. It assembles the kept extraction of each article (made again
// from its text where missing or stale) with the catalogue's milestones,
// once per snapshot for every caller, and stops when the snapshot is
// replaced; a caller stops waiting when its ctx ends (a closed session, a
// signal). The timeline as a person reads it is kept with the generation
// (keeptimeline.go): the next start on the same corpus reads it.
func (s *Snapshot) Timeline(ctx context.Context, milestones []tl.Milestone) (tl.Timeline, error) {
	return s.timeline(ctx, milestones, false)
}

// TimelineAll returns every event of the snapshot's timeline and every
// publication (see Timeline).
func (s *Snapshot) TimelineAll(ctx context.Context, milestones []tl.Milestone) (tl.Timeline, error) {
	return s.timeline(ctx, milestones, true)
}

func (s *Snapshot) timeline(ctx context.Context, milestones []tl.Milestone, full bool) (tl.Timeline, error) {
	key := "timeline"
	if full {
		key = "timeline, all events"
	}
	v, err := s.Value(ctx, key, func() any {
		// As a person reads it, it is kept with the generation.
		k := timelineKey(milestones)
		if !full {
			if t, ok := s.readKeptTimeline(k); ok {
				return timelineResult{t, nil}
			}
		}
		t, err := s.assembleTimeline(s.Context(), milestones, full, k)
		if s.handsBack() {
			// The assembly's garbage (every extraction decoded) would
			// keep a server at its peak for minutes: hand it back now.
			debug.FreeOSMemory()
		}
		return timelineResult{t, err}
	})
	if err != nil {
		return tl.Timeline{}, err
	}
	r := v.(timelineResult)
	return r.t, r.err
}

// handsBack reports whether the memory an assembly of the timeline let
// go is handed back to the system at once: for a large corpus, unless the
// process exits once done (Options.OneShot).
func (s *Snapshot) handsBack() bool { return len(s.Corpus.Articles) >= bigBuild && !s.oneShot }

// assembleTimeline assembles the kept extractions as they are encoded;
// a missing or stale one is made again from the article's text.
//
// The generation's extractions are mapped, not read onto the heap (200 MB
// at 100,000 articles), for the time of the assembly (see assembleMapped).
func (s *Snapshot) assembleTimeline(ctx context.Context, milestones []tl.Milestone, full bool, key string) (tl.Timeline, error) {
	t, faulted, err := s.assembleMapped(ctx, milestones, full, key)
	if !faulted {
		return t, err
	}
	// The kept file changed under the mapping (cut short): read it, which
	// finds it damaged, and make what it lacks from the articles.
	all := s.derived.all()
	t, err = s.assembleFrom(ctx, func(id string) []byte { return all[id] }, func() bool { return true }, milestones, full)
	if err != nil {
		return tl.Timeline{}, err
	}
	t, _ = s.detach(key, t, !full)
	return t, nil
}

// assembleMapped assembles the timeline from the generation's extractions
// mapped: the timeline is read back from its encoding (detach), and kept
// under key unless full, before they are let go. A kept file cut short
// while mapped faults on access: with SetPanicOnFault that is a panic,
// recovered here (faulted), the mapping let go.
func (s *Snapshot) assembleMapped(ctx context.Context, milestones []tl.Milestone, full bool, key string) (t tl.Timeline, faulted bool, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	release := func() {}
	defer func() {
		if p := recover(); p != nil {
			release()
			if _, fault := p.(interface{ Addr() uintptr }); !fault {
				panic(p)
			}
			t, faulted, err = tl.Timeline{}, true, nil
		}
	}()
	derived, verified, release := s.derived.mappedAhead()
	t, err = s.assembleFrom(ctx, derived, verified, milestones, full)
	if err != nil {
		release()
		return tl.Timeline{}, false, err
	}
	t, detached := s.detach(key, t, !full)
	if detached {
		release()
	} // else (never seen) t still holds strings of the mapping: it stays
	return t, false, nil
}

// assembleFrom assembles the timeline from the extractions derived gives
// by article id (nil: none, or made again from the article). Until
// verified has returned true, derived may give data not yet checked:
// only their headers are read (tl.FreshEncoded) before it is asked, on
// two goroutines at once for a large corpus, while the data is checked.
func (s *Snapshot) assembleFrom(ctx context.Context, derived func(id string) []byte, verified func() bool, milestones []tl.Milestone, full bool) (tl.Timeline, error) {
	arts := s.Corpus.Articles
	docs := make([]tl.Doc, len(arts))
	data := make([][]byte, len(arts))
	var refs []tl.Reference
	fresh := func(from, to int) {
		for i := from; i < to; i++ {
			if d := derived(arts[i].ID); d != nil && tl.FreshEncoded(d, refs[i]) {
				data[i] = d
			}
		}
	}
	inHalves(len(arts), func(from, to int) {
		for i := from; i < to; i++ {
			docs[i] = tl.DocOf(arts[i], "")
		}
	})
	refs = tl.References(docs)
	inHalves(len(arts), fresh)
	if !verified() { // what was kept is damaged: made again from the articles
		clear(data)
		fresh(0, len(arts))
	}
	for i, a := range arts {
		if data[i] != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return tl.Timeline{}, err
		}
		d := docs[i]
		text, err := s.Corpus.Text(a.ID)
		if err == nil { // else the file changed or went away: the next scan picks it up
			d.Text = text
		}
		ex, err := tl.Extract(ctx, d, refs[i])
		if err != nil {
			return tl.Timeline{}, err
		}
		data[i] = tl.AppendExtraction(nil, ex)
	}
	return tl.AssembleEncoded(ctx, docs, data, milestones, full)
}

// inHalves calls do for the first and the second half of n at once (on
// one goroutine below 4,096). The second goroutine reads mapped data as
// the caller does: with the caller's fault mode (debug.SetPanicOnFault),
// and a panic there, a fault included, is raised again in the caller.
func inHalves(n int, do func(from, to int)) {
	if n < 4096 {
		do(0, n)
		return
	}
	faults := debug.SetPanicOnFault(false)
	debug.SetPanicOnFault(faults)
	var (
		wg       sync.WaitGroup
		panicked any
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(faults))
		defer func() { panicked = recover() }()
		do(0, n/2)
	}()
	defer func() {
		wg.Wait() // also when the caller's half panics: the other half ends first
		if panicked != nil {
			panic(panicked)
		}
	}()
	do(n/2, n)
}

// TimelineDataSize is how many bytes of kept extractions an assembly of
// the snapshot's timeline reads: a one-shot command sizes its memory
// limit from it.
func (s *Snapshot) TimelineDataSize() int64 {
	d := s.derived
	if d == nil {
		return 0
	}
	var n int64
	if d.gen != nil {
		n = d.gen.to - d.gen.from
	}
	for _, b := range d.now {
		n += int64(len(b))
	}
	return n
}

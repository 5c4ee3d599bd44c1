package library

import (
	"context"
	"fmt"

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

// Timeline returns the snapshot's timeline: the kept extraction of each
// article (made again from its text where missing or stale) assembled with
// the catalogue's milestones. It is computed once per snapshot for every
// caller and stops when the snapshot is replaced; a caller stops waiting
// when its ctx ends (a closed session, a signal).
func (s *Snapshot) Timeline(ctx context.Context, milestones []tl.Milestone) (tl.Timeline, error) {
	v, err := s.Value(ctx, "timeline", func() any {
		t, err := s.assembleTimeline(s.Context(), milestones)
		return timelineResult{t, err}
	})
	if err != nil {
		return tl.Timeline{}, err
	}
	r := v.(timelineResult)
	return r.t, r.err
}

func (s *Snapshot) assembleTimeline(ctx context.Context, milestones []tl.Milestone) (tl.Timeline, error) {
	arts := s.Corpus.Articles
	docs := make([]tl.Doc, len(arts))
	for i, a := range arts {
		docs[i] = tl.DocOf(a, "")
	}
	refs := tl.References(docs)
	exs := make([]tl.Extraction, len(arts))
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return tl.Timeline{}, err
		}
		if data := s.derived[a.ID]; data != nil {
			if ex, err := decodeExtraction(data); err == nil && ex.Fresh(refs[i]) {
				exs[i] = ex
				continue
			}
		}
		text, err := s.Corpus.Text(a.ID)
		if err != nil {
			continue // the file changed or went away: the next scan picks it up
		}
		d := docs[i]
		d.Text = text
		ex, err := tl.Extract(ctx, d, refs[i])
		if err != nil {
			return tl.Timeline{}, err
		}
		exs[i] = ex
	}
	return tl.Assemble(ctx, docs, exs, milestones)
}

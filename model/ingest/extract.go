package ingest

import (
	"context"
	"errors"
	"fmt"

	"dossier/model"
)

// MaxInputBytes is the largest input read (32 MiB).
const MaxInputBytes = 32 << 20

// Extract converts one input to an article. name is used only to tell
// plain text from Markdown by its extension; the type comes from the
// content. A corrupt, encrypted, empty, oversized or unsupported input is
// refused with a *Refusal saying why. Extraction runs in its own goroutine
// with panics recovered; when ctx ends first, the work stops (PDF reading
// checks ctx between pages, page-tree nodes, streams and every few
// thousand content operators; HTML is linear in its 32 MiB at most) and
// Extract returns once it has, so that nothing of it goes on running: a
// deadline becomes a Refusal, a cancellation ctx.Err().
func Extract(ctx context.Context, name string, data []byte) (Doc, error) {
	if len(data) > MaxInputBytes {
		return Doc{}, refusef("%s is over the %s an import may read", model.HumanBytes(int64(len(data))), model.HumanBytes(MaxInputBytes))
	}
	kind, err := Sniff(name, data)
	if err != nil {
		return Doc{}, err
	}
	var doc Doc
	switch kind {
	case KindPDF:
		doc, err = bounded(ctx, func() (Doc, error) { return fromPDF(ctx, data) })
	case KindHTML:
		doc, err = bounded(ctx, func() (Doc, error) { return fromHTML(data) })
	case KindText:
		doc, err = fromText(data)
	case KindMarkdown:
		doc, err = fromMarkdown(data)
	default:
		return Doc{}, refusef("unsupported type")
	}
	if err != nil {
		return Doc{}, err
	}
	if len(doc.Body) > model.DefaultMaxBytes {
		return Doc{}, refusef("its text (%s) is over the %s a corpus file may hold; split it",
			model.HumanBytes(int64(len(doc.Body))), model.HumanBytes(model.DefaultMaxBytes))
	}
	return doc, nil
}

// bounded runs fn in a goroutine, turning a panic into a refusal. When ctx
// ends first it waits for fn to stop (fn watches ctx) and says why.
func bounded(ctx context.Context, fn func() (Doc, error)) (Doc, error) {
	type result struct {
		doc Doc
		err error
	}
	ch := make(chan result, 1)
	go func() {
		defer func() {
			if x := recover(); x != nil {
				ch <- result{err: refusef("cannot be read: %s", firstLine(fmt.Sprint(x)))}
			}
		}()
		d, err := fn()
		ch <- result{d, err}
	}()
	select {
	case r := <-ch:
		return r.doc, r.err
	case <-ctx.Done():
		<-ch // fn notices ctx and stops; it must not outlive the import
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Doc{}, refusef("reading it took longer than allowed: a damaged or hostile file?")
		}
		return Doc{}, ctx.Err()
	}
}

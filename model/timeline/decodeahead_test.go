package timeline

import (
	"context"
	"reflect"
	"testing"
)

// The extractions are decoded a chunk of docs ahead of the merge, which
// gives their terms dense ids in doc order: the timeline must not depend
// on where the chunks end (one doc a chunk, a few, the default, all).
func TestAssemblyDoesNotDependOnDecodeChunks(t *testing.T) {
	ctx := context.Background()
	docs := generate(700, 3)
	refs := References(docs)
	data := make([][]byte, len(docs))
	for i, d := range docs {
		ex, err := Extract(ctx, d, refs[i])
		if err != nil {
			t.Fatal(err)
		}
		data[i] = AppendExtraction(nil, ex)
	}
	for _, full := range []bool{true, false} {
		want, err := assembleEncoded(ctx, docs, data, nil, full, len(docs), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Events) < 100 {
			t.Fatalf("only %d events: the corpus must make many", len(want.Events))
		}
		for _, chunk := range []int{1, 7, decodeChunk} {
			for _, workers := range []int{1, 2, 3} {
				got, err := assembleEncoded(ctx, docs, data, nil, full, chunk, workers)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("full %v, chunks of %d, %d workers: %d events, want the %d of one chunk", full, chunk, workers, len(got.Events), len(want.Events))
				}
			}
		}
	}
}

// The decoder counts the mentions in parts and decodes chunks on up to
// two goroutines: it must hand over the count first, then every chunk
// once, in order, each holding the docs it names.
func TestDecoderHandsChunksInOrder(t *testing.T) {
	ctx := context.Background()
	docs := generate(300, 5)
	refs := References(docs)
	data := make([][]byte, len(docs))
	mentions := 0
	for i, d := range docs {
		ex, err := Extract(ctx, d, refs[i])
		if err != nil {
			t.Fatal(err)
		}
		data[i] = AppendExtraction(nil, ex)
		mentions += countMentions(data[i])
	}
	if mentions == 0 {
		t.Fatal("no mentions: the corpus must have some")
	}
	for _, workers := range []int{1, 2, 3, 8} {
		for _, chunk := range []int{1, 7, 64, 1000} {
			dec := decodeAhead(data, chunk, workers)
			c := dec.next()
			if c == nil || c.mentions != mentions || len(c.docs) != 0 {
				t.Fatalf("%d workers, chunks of %d: the count is %+v, want %d mentions", workers, chunk, c, mentions)
			}
			dec.done(c)
			for first := 0; first < len(data); first += chunk {
				c := dec.next()
				if c == nil || c.first != first || len(c.docs) != min(chunk, len(data)-first) {
					t.Fatalf("%d workers, chunks of %d: got chunk %v, want docs from %d", workers, chunk, c, first)
				}
				for k, doc := range c.docs {
					h, err := readHeader(data[first+k])
					if doc.err != nil || err != nil || doc.h != h || int(doc.mto-doc.mfrom) != countMentions(data[first+k]) {
						t.Fatalf("%d workers, chunks of %d: doc %d decoded as %+v (%v), want %+v", workers, chunk, first+k, doc.h, doc.err, h)
					}
				}
				dec.done(c)
			}
			dec.close()
		}
	}
}

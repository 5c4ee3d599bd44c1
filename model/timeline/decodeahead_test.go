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
			got, err := assembleEncoded(ctx, docs, data, nil, full, chunk, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("full %v, chunks of %d: %d events, want the %d of one chunk", full, chunk, len(got.Events), len(want.Events))
			}
		}
	}
}

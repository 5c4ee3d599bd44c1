package timeline

import (
	"context"
	"reflect"
	"testing"
)

// encodedForTest extracts docs and encodes their extractions.
func encodedForTest(t testing.TB, docs []Doc) [][]byte {
	t.Helper()
	ex, err := ExtractAll(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	data := make([][]byte, len(ex))
	for i := range ex {
		data[i] = AppendExtraction(nil, ex[i])
	}
	return data
}

// The events are measured and made on several goroutines: the timeline,
// bounded or whole, must be the same on one worker as on several.
func TestAssemblyDoesNotDependOnWorkers(t *testing.T) {
	ctx := context.Background()
	docs := generate(1500, 3)
	data := encodedForTest(t, docs)
	ms := seedMilestones(t)
	for _, full := range []bool{true, false} {
		want, err := assembleEncoded(ctx, docs, data, ms, full, decodeChunk, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !full && !want.Large {
			t.Fatalf("%d events: the corpus must make a large timeline", len(want.Events))
		}
		for _, workers := range []int{2, 3, 8} {
			got, err := assembleEncoded(ctx, docs, data, ms, full, decodeChunk, workers)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("full %v, %d workers: %d events, want the %d of one worker", full, workers, len(got.Events), len(want.Events))
			}
		}
	}
}

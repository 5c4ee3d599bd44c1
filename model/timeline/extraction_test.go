package timeline

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func extractOne(t *testing.T, d Doc) Extraction {
	t.Helper()
	ex, err := Extract(context.Background(), d, References([]Doc{d})[0])
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestExtractRolesAndBasis(t *testing.T) {
	text := "The roadmap for 2025-2026 was endorsed on 4 April 2025 in Samarkand, after talks in March 2025 and in 2024.\n" +
		"The EU and Kazakhstan will develop a Roadmap for 2023-2024.\n" +
		"They yesterday signed a memorandum on lithium."
	d := Doc{ID: "a", Lang: "en", Text: text, Date: mustDay(t, "2025-04-07"), DatePrecision: Day}
	ex := extractOne(t, d)
	type got struct {
		expr   string
		role   Role
		basis  Basis
		period Period
	}
	var gs []got
	for _, m := range ex.Mentions {
		gs = append(gs, got{m.Expr, m.Role, m.Basis, m.Period})
		if text[m.ExprStart:m.ExprEnd] != m.Expr || text[m.QuoteStart:m.QuoteEnd] != m.Quote {
			t.Errorf("offsets of %q wrong", m.Expr)
		}
	}
	want := []got{
		{"4 April 2025", Primary, Stated, Period{2025, 2026}},
		{"March 2025", Secondary, Stated, Period{}},
		{"2024", Secondary, Stated, Period{}},
		{"2023-2024", PeriodOnly, Stated, Period{}},
		{"yesterday", Primary, Relative, Period{}},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("mentions\n got %+v\nwant %+v", gs, want)
	}
	if ex.Ref != (Reference{Date: mustDay(t, "2025-04-07"), Precision: Day, From: "a"}) || !ex.Fresh(ex.Ref) {
		t.Errorf("reference %+v", ex.Ref)
	}
	if ex.Fresh(Reference{}) {
		t.Error("an extraction made with another reference is not fresh")
	}
	if ex.Mentions[0].Label == "" || ex.Mentions[1].Label != "" {
		t.Errorf("only primary mentions have labels: %q, %q", ex.Mentions[0].Label, ex.Mentions[1].Label)
	}
	if ex.Mentions[0].Context || !ex.Relevant {
		t.Errorf("a sentence about the roadmap is relevant: %+v", ex.Mentions[0])
	}
}

// sameExtraction reports whether two extractions are the same, their
// times compared as instants.
func sameExtraction(a, b Extraction) bool {
	if a.Version != b.Version || a.Ref.From != b.Ref.From || !a.Ref.Date.Equal(b.Ref.Date) || a.Ref.Precision != b.Ref.Precision ||
		a.Relevant != b.Relevant || a.Truncated != b.Truncated || len(a.Mentions) != len(b.Mentions) {
		return false
	}
	for k := range a.Mentions {
		x, y := a.Mentions[k], b.Mentions[k]
		if !x.Start.Equal(y.Start) || !x.End.Equal(y.End) || len(x.Terms) != len(y.Terms) || len(x.Terms) > 0 && !reflect.DeepEqual(x.Terms, y.Terms) {
			return false
		}
		x.Start, x.End, y.Start, y.End, x.Terms, y.Terms = time.Time{}, time.Time{}, time.Time{}, time.Time{}, nil, nil
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// TestExtractionCodecRoundTrip: the compact encoding gives back the same
// extraction, still fresh, for the seeds, the articles written for the
// tests and generated ones; and a timeline assembled from decoded
// extractions is the same.
func TestExtractionCodecRoundTrip(t *testing.T) {
	docs := append(append(seedDocs(t), ownDocs(t)...), generate(200, 7)...)
	refs := References(docs)
	var exs []Extraction
	size, gobSize := 0, 0
	for i, d := range docs {
		ex, err := Extract(context.Background(), d, refs[i])
		if err != nil {
			t.Fatal(err)
		}
		data := AppendExtraction(nil, ex)
		back, err := DecodeExtraction(data)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if !sameExtraction(ex, back) || !back.Fresh(refs[i]) {
			t.Fatalf("%s: round trip changed the extraction:\n%+v\n%+v", d.ID, ex, back)
		}
		var g bytes.Buffer
		if err := gob.NewEncoder(&g).Encode(ex); err != nil {
			t.Fatal(err)
		}
		size, gobSize = size+len(data), gobSize+g.Len()
		exs = append(exs, back)
	}
	// each sentence once, no type descriptions: well under (57%) what gob, which
	// the kept index used before, takes
	if t.Logf("%d bytes encoded, gob %d", size, gobSize); size*100 > gobSize*65 {
		t.Errorf("%d bytes encoded, gob takes %d: not compact", size, gobSize)
	}
	meta := make([]Doc, len(docs))
	for i, d := range docs {
		d.Text = "" // Assemble needs metadata only
		meta[i] = d
	}
	got, err := Assemble(context.Background(), meta, exs, seedMilestones(t))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Build(context.Background(), docs, seedMilestones(t))
	if len(got.Events) != len(want.Events) {
		t.Fatalf("%d events from decoded extractions, %d built", len(got.Events), len(want.Events))
	}
	for i := range got.Events {
		if got.Events[i].Key() != want.Events[i].Key() || got.Events[i].Label != want.Events[i].Label {
			t.Errorf("event %d: %q vs %q", i, got.Events[i].Label, want.Events[i].Label)
		}
	}
}

// TestDecodeExtractionRefusesDamage: every truncation and every single
// changed byte of an encoding is refused or decodes, never panics.
func TestDecodeExtractionRefusesDamage(t *testing.T) {
	d := seedDocs(t)[1]
	ex, _ := Extract(context.Background(), d, References([]Doc{d})[0])
	data := AppendExtraction(nil, ex)
	for n := range len(data) {
		if _, err := DecodeExtraction(data[:n]); err == nil {
			t.Errorf("a truncation to %d of %d bytes decodes", n, len(data))
		}
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0xff
		DecodeExtraction(bad)
	}
	if _, err := DecodeExtraction(append(bytes.Clone(data), 0)); err == nil {
		t.Error("trailing data decodes")
	}
}

func TestAssembleChecksItsInput(t *testing.T) {
	docs := []Doc{{ID: "a", Text: "In 2022."}}
	if _, err := Assemble(context.Background(), docs, nil, nil); err == nil {
		t.Error("docs and extractions of different lengths must fail")
	}
	stale := []Extraction{{Version: ExtractorVersion - 1}}
	if _, err := Assemble(context.Background(), docs, stale, nil); err == nil || !strings.Contains(err.Error(), "extract it again") {
		t.Errorf("a stale extraction must fail: %v", err)
	}
}

func TestReferences(t *testing.T) {
	docs := []Doc{
		{ID: "orig", Date: mustDay(t, "2025-04-07"), DatePrecision: Day},
		{ID: "tr", TranslationOf: "orig"},
		{ID: "tr2", TranslationOf: "tr"},
		{ID: "month", Date: mustDay(t, "2023-06-01"), DatePrecision: Month},
		{ID: "year", Date: mustDay(t, "2023-01-01"), DatePrecision: Year},
		{ID: "loop1", TranslationOf: "loop2"},
		{ID: "loop2", TranslationOf: "loop1"},
		{ID: "lost", TranslationOf: "missing"},
	}
	got := References(docs)
	want := []Reference{
		{mustDay(t, "2025-04-07"), Day, "orig"},
		{mustDay(t, "2025-04-07"), Day, "orig"},
		{mustDay(t, "2025-04-07"), Day, "orig"},
		{mustDay(t, "2023-06-01"), Month, "month"},
		{}, {}, {}, {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("References\n got %+v\nwant %+v", got, want)
	}
}

func TestExtractBounds(t *testing.T) {
	// One sentence with many dates: one primary, a few secondary.
	var b strings.Builder
	b.WriteString("Talks were held")
	for d := 1; d <= 28; d++ {
		fmt.Fprintf(&b, " on %d March 2024,", d)
	}
	b.WriteString(" in Astana.")
	ex := extractOne(t, Doc{ID: "a", Lang: "en", Text: b.String()})
	if len(ex.Mentions) != 1+maxSecondary || ex.Mentions[0].Role != Primary {
		t.Errorf("one sentence of 28 dates gave %d mentions", len(ex.Mentions))
	}
	// A repeated dated sentence is one mention.
	ex = extractOne(t, Doc{ID: "b", Lang: "en", Text: strings.Repeat("The EU and Kazakhstan signed a memorandum on 7 November 2022. ", 5000)})
	if len(ex.Mentions) != 1 || ex.Truncated {
		t.Errorf("a repeated sentence gave %d mentions", len(ex.Mentions))
	}
	// Many different dated sentences stop at the bound.
	b.Reset()
	for i := range 2000 {
		fmt.Fprintf(&b, "Project %d was approved on %d May %d. ", i, 1+i%28, 1950+i%100)
	}
	ex = extractOne(t, Doc{ID: "c", Lang: "en", Text: b.String()})
	if len(ex.Mentions) != maxPerArticle || !ex.Truncated {
		t.Errorf("2000 dated sentences gave %d mentions, truncated %v", len(ex.Mentions), ex.Truncated)
	}
	// A long sentence is quoted around its date, within bounds.
	long := strings.Repeat("word ", 400) + "signed on 7 November 2022 " + strings.Repeat("more ", 400) + "."
	ex = extractOne(t, Doc{ID: "d", Lang: "en", Text: long})
	if len(ex.Mentions) != 1 || len(ex.Mentions[0].Quote) > maxQuote || !strings.Contains(ex.Mentions[0].Quote, "7 November 2022") ||
		long[ex.Mentions[0].QuoteStart:ex.Mentions[0].QuoteEnd] != ex.Mentions[0].Quote {
		t.Errorf("long sentence quote %+v", ex.Mentions)
	}
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	text := strings.Repeat("Signed on 7 November 2022. ", 10)
	if _, err := Extract(ctx, Doc{ID: "a", Text: text}, Reference{}); err != context.Canceled {
		t.Errorf("Extract with a cancelled context: %v", err)
	}
	if _, err := Assemble(ctx, nil, nil, nil); err != context.Canceled {
		t.Errorf("Assemble with a cancelled context: %v", err)
	}
}

// TestBuildStopsWhenCancelled cancels a build of many articles while it
// runs: it returns the context's error long before it could have finished.
func TestBuildStopsWhenCancelled(t *testing.T) {
	docs := generate(3000, 7)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Build(ctx, docs, nil)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Build after cancel: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Build did not stop after cancel")
	}
}

// tripContext reports itself cancelled from its look number after+1 on,
// and counts the looks (calls of Err).
type tripContext struct {
	context.Context
	after int64
	looks atomic.Int64
}

func (c *tripContext) Err() error {
	if c.looks.Add(1) > c.after {
		return context.Canceled
	}
	return nil
}

func trip(after int64) *tripContext {
	return &tripContext{Context: context.Background(), after: after}
}

// TestExtractStopsMidway: Extract looks at its context while it reads a
// long article, and stops at the first look after the cancellation.
func TestExtractStopsMidway(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 4<<20; i++ {
		// few dated sentences: the bound on mentions does not end it early
		fmt.Fprintf(&b, "%s met %s of %s in %s. ", genPeople[i%16], genRoles[i%6], genOrgs[i%10], genPlaces[i%18])
		if i%1000 == 0 {
			fmt.Fprintf(&b, "The %s office opened on %d May %d. ", genPlaces[i%18], 1+i%28, 2000+i%25)
		}
	}
	d := Doc{ID: "long", Lang: "en", Text: b.String()}
	whole := trip(1 << 40)
	if _, err := Extract(whole, d, Reference{}); err != nil {
		t.Fatal(err)
	}
	looks := whole.looks.Load()
	if looks < 20 {
		t.Fatalf("Extract looked at its context %d times in a 4 MiB article: it cannot be stopped midway", looks)
	}
	ctx := trip(looks / 2)
	if _, err := Extract(ctx, d, Reference{}); err != context.Canceled {
		t.Fatalf("Extract cancelled midway: %v", err)
	}
	if got := ctx.looks.Load(); got != looks/2+1 {
		t.Errorf("Extract went on after the cancellation: %d looks, want %d", got, looks/2+1)
	}
}

// TestAssembleStopsMidway: so does Assemble while it merges.
func TestAssembleStopsMidway(t *testing.T) {
	docs := generate(3000, 11)
	ex, err := ExtractAll(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	whole := trip(1 << 40)
	if _, err := Assemble(whole, docs, ex, nil); err != nil {
		t.Fatal(err)
	}
	looks := whole.looks.Load()
	if looks < 4 {
		t.Fatalf("Assemble looked at its context %d times for 3,000 articles: it cannot be stopped midway", looks)
	}
	ctx := trip(looks / 2)
	if _, err := Assemble(ctx, docs, ex, nil); err != context.Canceled {
		t.Fatalf("Assemble cancelled midway: %v", err)
	}
	// (each of the two workers merging dates stops at its next look)
	if got := ctx.looks.Load(); got > looks/2+2 {
		t.Errorf("Assemble went on after the cancellation: %d looks, want at most %d", got, looks/2+2)
	}
}

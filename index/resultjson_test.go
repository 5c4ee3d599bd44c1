package index

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"dossier/model"
)

// randomText mixes what JSON must escape or keep: HTML's <>&, quotes and
// backslashes, C0 controls, DEL, invalid UTF-8, U+2028/9, other scripts.
func randomText(r *rand.Rand) string {
	if r.IntN(8) == 0 {
		return ""
	}
	parts := []string{"lithium", " ", "<mark>", "&", ">", `"`, `\`, "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\xff", "\xc3", "\u2028", "\u2029", "\u0085", "\u202e", "Šefčovič", "Литий", "日本", "é", "/", "'", "%", "{}"}
	var b []byte
	for n := r.IntN(12); n >= 0; n-- {
		if r.IntN(10) == 0 {
			b = append(b, byte(r.IntN(256)))
		} else {
			b = append(b, parts[r.IntN(len(parts))]...)
		}
	}
	return string(b)
}

func randomFloat(r *rand.Rand) float64 {
	switch r.IntN(8) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return r.Float64() * 1e-7
	case 3:
		return r.Float64() * 1e25
	case 4:
		return -r.Float64()
	case 5:
		return 1e21
	case 6:
		return 1e-6
	}
	return r.Float64() * 3
}

func randomStrings(r *rand.Rand) []string {
	if r.IntN(4) == 0 {
		return nil
	}
	ss := make([]string, r.IntN(4))
	for i := range ss {
		ss[i] = randomText(r)
	}
	return ss
}

func randomResult(r *rand.Rand) Result {
	res := Result{Query: randomText(r), Total: r.Uint64N(1 << 40), Articles: r.Uint64N(100000),
		Took: time.Duration(r.Int64N(int64(time.Hour))), Ignored: randomStrings(r), Partial: r.IntN(2) == 0}
	facets := func() []FacetCount {
		if r.IntN(4) == 0 {
			return nil
		}
		fc := make([]FacetCount, r.IntN(4))
		for i := range fc {
			fc[i] = FacetCount{Term: randomText(r), Count: r.IntN(1000)}
		}
		return fc
	}
	res.Facets = Facets{Lang: facets(), Year: facets(), Source: facets()}
	if r.IntN(6) > 0 {
		res.Hits = make([]Hit, r.IntN(5))
	}
	for i := range res.Hits {
		h := Hit{ID: randomText(r), Title: randomText(r), Date: randomText(r), Precision: model.Precision(r.IntN(6)),
			Lang: randomText(r), Source: randomText(r), Author: randomText(r), Score: randomFloat(r), Fields: randomStrings(r)}
		for n := r.IntN(3); n > 0; n-- {
			text := randomText(r)
			f := Fragment{Text: text}
			if len(text) > 2 {
				f.Marks = []Span{{Start: 1, End: 2}}
			}
			h.Fragments = append(h.Fragments, f)
		}
		for n := r.IntN(3); n > 0; n-- {
			h.Matches = append(h.Matches, Match{Field: randomText(r), Start: r.IntN(1 << 20), End: -r.IntN(3)})
		}
		for n := r.IntN(3) - 1; n > 0; n-- {
			h.Versions = append(h.Versions, Version{ID: randomText(r), Lang: randomText(r), Title: randomText(r)})
		}
		res.Hits[i] = h
	}
	return res
}

// TestResultJSONAsEncodingJSON: the hand-written JSON of a result is byte
// for byte what encoding/json wrote through the Marshal methods, alone and
// inside an encoder that does not escape HTML (as `dossier search --json`
// writes it), on random results full of characters JSON must escape.
func TestResultJSONAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		res := randomResult(r)
		want, err := reflectResultJSON(res)
		if err != nil {
			t.Fatal(err)
		}
		got, err := res.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, want)
		}
		for _, h := range res.Hits {
			hg, _ := h.MarshalJSON()
			hw, _ := reflectHitJSON(h)
			if !bytes.Equal(hg, hw) {
				t.Fatalf("case %d hit:\n got %s\nwant %s", i, hg, hw)
			}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&res); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), append(want, '\n')) {
			t.Fatalf("case %d through an encoder:\n got %s\nwant %s", i, buf.Bytes(), want)
		}
	}
}

// TestResultJSONRefusesNaN: a score JSON cannot hold is an error, as
// encoding/json makes it.
func TestResultJSONRefusesNaN(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := (Result{Hits: []Hit{{Score: f}}}).MarshalJSON(); err == nil {
			t.Errorf("score %v: no error", f)
		}
		if _, err := (Hit{Score: f}).MarshalJSON(); err == nil {
			t.Errorf("hit score %v: no error", f)
		}
	}
}

// reflectHitJSON is the hit's JSON as encoding/json writes it.
func reflectHitJSON(h Hit) ([]byte, error) {
	var date *string
	if h.Date != "" {
		date = &h.Date
	}
	frags := make([]string, len(h.Fragments))
	for i, f := range h.Fragments {
		frags[i] = f.Marked(MarkOpen, MarkClose)
	}
	type match struct {
		Field string `json:"field"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	}
	fields := h.Fields
	if fields == nil {
		fields = []string{}
	}
	matches := make([]match, len(h.Matches))
	for i, m := range h.Matches {
		matches[i] = match(m)
	}
	return json.Marshal(struct {
		ID        string    `json:"id"`
		Title     string    `json:"title"`
		Date      *string   `json:"date"`
		Precision string    `json:"precision"`
		Lang      string    `json:"lang"`
		Source    string    `json:"source"`
		Author    string    `json:"author,omitempty"`
		Score     float64   `json:"score"`
		Fragments []string  `json:"fragments"`
		Matches   []match   `json:"matches"`
		Fields    []string  `json:"fields"`
		Versions  []Version `json:"versions,omitempty"`
	}{h.ID, h.Title, date, h.Precision.String(), h.Lang, h.Source, h.Author, h.Score, frags, matches, fields, h.Versions})
}

// reflectResultJSON is the result's JSON as encoding/json writes it.
func reflectResultJSON(r Result) ([]byte, error) {
	hits := make([]json.RawMessage, len(r.Hits))
	for i, h := range r.Hits {
		var err error
		if hits[i], err = reflectHitJSON(h); err != nil {
			return nil, err
		}
	}
	return json.Marshal(struct {
		Query    string            `json:"query"`
		Articles uint64            `json:"articles"`
		Total    uint64            `json:"total"`
		TookMS   float64           `json:"took_ms"`
		Hits     []json.RawMessage `json:"hits"`
		Facets   Facets            `json:"facets"`
		Ignored  []string          `json:"ignored,omitempty"`
		Partial  bool              `json:"partial,omitempty"`
	}{r.Query, r.Articles, r.Total, float64(r.Took.Microseconds()) / 1000, hits, r.Facets, r.Ignored, r.Partial})
}

package timeline

import "time"

// Reference is the publication date an article's relative expressions
// ("yesterday", "am Dienstag", "4 April") are resolved against: its own,
// or for an undated translation that of its original.
type Reference struct {
	Date      time.Time // UTC midnight; zero when unknown
	Precision Precision // Day or Month; Unknown when no relative date can be resolved
	From      string    // the id of the article whose date it is
}

// References resolves the reference date of each doc from metadata only
// (Text may be empty): its own date at Day or Month precision, else that
// of the nearest original it translates. The result is parallel to docs.
func References(docs []Doc) []Reference {
	byID := make(map[string]int, len(docs))
	for i, d := range docs {
		if _, dup := byID[d.ID]; !dup {
			byID[d.ID] = i
		}
	}
	out := make([]Reference, len(docs))
	for i := range docs {
		out[i] = referenceOf(docs, byID, i)
	}
	return out
}

// referenceOf follows doc i's translation chain to the first usable date.
func referenceOf(docs []Doc, byID map[string]int, i int) Reference {
	for steps := 0; steps <= len(docs) && steps < 64; steps++ {
		d := docs[i]
		if !d.Date.IsZero() && (d.DatePrecision == Day || d.DatePrecision == Month) {
			y, m, day := d.Date.Date()
			return Reference{Date: mkDay(y, m, day), Precision: d.DatePrecision, From: d.ID}
		}
		j, ok := byID[d.TranslationOf]
		if d.TranslationOf == "" || !ok || j == i {
			break
		}
		i = j
	}
	return Reference{}
}

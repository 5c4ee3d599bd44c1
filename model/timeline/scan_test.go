package timeline

import "time"

// found is one date expression of a text, with its sentence.
type found struct {
	r                  rng
	relative, weekday  bool
	exprStart, exprEnd int
	sent               span
}

// scanDates returns every date expression of text in text order: the
// date engine without the choice of one mention per sentence.
func scanDates(text, lang string, ref time.Time, refPrec Precision) []found {
	s := newScanner(text, lang, newReference(ref, refPrec))
	var out []found
	for _, sent := range splitSentences(text) {
		s.load(sent.start, sent.end)
		for _, c := range s.dates() {
			out = append(out, found{r: c.r, relative: c.relative, weekday: c.weekday,
				exprStart: s.ts[c.a].start, exprEnd: s.ts[c.b-1].end, sent: sent})
		}
	}
	return out
}

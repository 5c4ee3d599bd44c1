package timeline

import (
	"os"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

// wholeText runs Extract's rules over the whole text instead of windows
// around anchors; the results must be the same.
func wholeText(text, lang string, ref time.Time, p Precision) []Mention {
	s := newScan(text, lang, ref, p)
	s.digits = []span{{0, len(text)}}
	s.keywords = s.digits
	return s.mentions()
}

func FuzzExtract(f *testing.F) {
	seeds := []string{
		"",
		"The MoU was signed on 7 November 2022. Yesterday they met on Tuesday.",
		"Die Roadmap wurde am 4. April gebilligt; vom 1.–2. Juni 2023 und im März 2024. Heute Morgen, gestern.",
		"June 30 - July 2, 2023 and 2023-2024, 2023/24, from 2021 to 2027, in 2022, 2025-04-04, 04.04.2025.",
		"Dr. H.E. e.g. U.S. No. 5 3.3 Mio. EUR €2024 31 February 2023 April 31 December 30 - January 2",
		"\u00a0Šefčovič\t– „am 4.\u00a0April“ …\n\nmid-2024 the 2022 EU",
	}
	for _, name := range []string{"000_59948b4d9c446ef9", "004_d123cf3179b2b0cd"} {
		if b, err := os.ReadFile("../../seeds/" + name + ".txt"); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for i, s := range seeds {
		f.Add(s, i%2 == 0, int64(19000+i*300), uint8(i%5))
	}
	f.Fuzz(func(t *testing.T, text string, german bool, refDays int64, prec uint8) {
		lang := "en"
		if german {
			lang = "de"
		}
		ref := time.Unix(0, 0).UTC().AddDate(0, 0, int(refDays%200000))
		ms := Extract(text, lang, ref, Precision(prec%6))
		if whole := wholeText(text, lang, ref, Precision(prec%6)); !reflect.DeepEqual(ms, whole) {
			t.Fatalf("windowed extraction %+v differs from whole-text extraction %+v", ms, whole)
		}
		valid := utf8.ValidString(text)
		for _, m := range ms {
			if m.ExprStart < 0 || m.ExprStart >= m.ExprEnd || m.ExprEnd > len(text) {
				t.Fatalf("expr range [%d:%d] out of bounds (len %d)", m.ExprStart, m.ExprEnd, len(text))
			}
			if m.SentStart < 0 || m.SentStart > m.ExprStart || m.SentEnd < m.ExprEnd || m.SentEnd > len(text) {
				t.Fatalf("sentence range [%d:%d] does not hold expr [%d:%d]", m.SentStart, m.SentEnd, m.ExprStart, m.ExprEnd)
			}
			if text[m.ExprStart:m.ExprEnd] != m.Expr || text[m.SentStart:m.SentEnd] != m.Sentence {
				t.Fatalf("substrings differ from Expr %q / Sentence %q", m.Expr, m.Sentence)
			}
			if valid {
				for _, off := range []int{m.ExprStart, m.ExprEnd, m.SentStart, m.SentEnd} {
					if off < len(text) && !utf8.RuneStart(text[off]) {
						t.Fatalf("offset %d not on a rune boundary in %q", off, text)
					}
				}
			}
			if m.End.Before(m.Start) {
				t.Fatalf("%q: end %v before start %v", m.Expr, m.End, m.Start)
			}
			if m.Precision < Day || m.Precision > Span {
				t.Fatalf("%q: precision %v", m.Expr, m.Precision)
			}
			if y := m.Start.Year(); y < minYear || m.End.Year() > maxYear {
				t.Fatalf("%q: year %d out of range", m.Expr, y)
			}
		}
	})
}

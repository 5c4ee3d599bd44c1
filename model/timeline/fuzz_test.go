package timeline

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"dossier/seeds"
)

func FuzzExtract(f *testing.F) {
	f.Add("", true, int64(19000), uint8(1))
	f.Add("The MoU was signed on 7 November 2022. Yesterday they met on Tuesday.", false, int64(19300), uint8(1))
	f.Add("Die Roadmap wurde am 4. April gebilligt; vom 1.–2. Juni 2023 und im März 2024. Heute Morgen, gestern.", true, int64(19600), uint8(2))
	f.Add("June 30 - July 2, 2023 and 2023-2024, 2023/24, from 2021 to 2027, in 2022, 2025-04-04, 04.04.2025.", false, int64(20000), uint8(1))
	f.Add("Dr. H.E. e.g. U.S. No. 5 3.3 Mio. EUR €2024 31 February 2023 April 31 December 30 - January 2", false, int64(19000), uint8(1))
	f.Add("\u00a0Šefčovič\t– „am 4.\u00a0April“ …\n\nmid-2024 the 2022 EU", true, int64(19000), uint8(1))
	f.Add("“We agreed,” Kallas said on 4 April 2025. TASHKENT, Uzbekistan, November 26. (4. April 2025)", false, int64(20100), uint8(1))
	f.Add("7 ноября 2022 года в Шарм-эш-Шейхе подписали меморандум. Компания планирует до 2030 года. Вчера, с 1993 г.", false, int64(20100), uint8(1))
	f.Add("Sie billigten die Roadmap. (4. April 2025)\n\nDer Minister setzt seine Reise fort. The plant will start by 2030.", true, int64(20100), uint8(1))
	for _, name := range []string{"000_59948b4d9c446ef9.txt", "001_23f0434f9776576a.txt", "004_d123cf3179b2b0cd.txt"} {
		if b, err := seeds.Corpus.ReadFile(name); err == nil {
			f.Add(string(b), strings.HasPrefix(name, "004"), int64(19300), uint8(1))
		}
	}
	f.Fuzz(func(t *testing.T, text string, german bool, refDays int64, prec uint8) {
		lang := "en"
		if german {
			lang = "de"
		}
		d := Doc{ID: "f", Title: "Fuzz", Text: text, Lang: lang,
			Date: time.Unix(0, 0).UTC().AddDate(0, 0, int(refDays%200000)), DatePrecision: Precision(prec % 5)}
		ref := References([]Doc{d})[0]
		ex, err := Extract(context.Background(), d, ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Mentions) > maxPerArticle {
			t.Fatalf("%d mentions", len(ex.Mentions))
		}
		valid := utf8.ValidString(text)
		for _, m := range ex.Mentions {
			if m.ExprStart < 0 || m.ExprStart >= m.ExprEnd || m.ExprEnd > len(text) || text[m.ExprStart:m.ExprEnd] != m.Expr {
				t.Fatalf("expr %q at [%d:%d]", m.Expr, m.ExprStart, m.ExprEnd)
			}
			if m.QuoteStart < 0 || m.QuoteEnd > len(text) || text[m.QuoteStart:m.QuoteEnd] != m.Quote || len(m.Quote) > maxQuote+8 {
				t.Fatalf("quote at [%d:%d] of %d bytes", m.QuoteStart, m.QuoteEnd, len(m.Quote))
			}
			if valid {
				for _, off := range []int{m.ExprStart, m.ExprEnd, m.QuoteStart, m.QuoteEnd} {
					if off < len(text) && !utf8.RuneStart(text[off]) {
						t.Fatalf("offset %d not on a rune boundary", off)
					}
				}
			}
			if m.End.Before(m.Start) || m.Precision < Day || m.Precision > Span {
				t.Fatalf("%q: %v..%v %v", m.Expr, m.Start, m.End, m.Precision)
			}
			if y := m.Start.Year(); y < minYear || m.End.Year() > maxYear {
				t.Fatalf("%q: year %d out of range", m.Expr, y)
			}
			if utf8.RuneCountInString(m.Label) > maxLabel || strings.HasSuffix(m.Label, "…") || len(m.Terms) > maxTerms {
				t.Fatalf("label %q, %d terms", m.Label, len(m.Terms))
			}
			if m.Basis == Relative && ref.Precision == Unknown {
				t.Fatalf("%q resolved without a reference", m.Expr)
			}
		}
		tl, err := Assemble(context.Background(), []Doc{d}, []Extraction{ex}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range tl.Events {
			if e.Label == "" || utf8.RuneCountInString(e.Label) > maxLabel || len(e.Sources) == 0 {
				t.Fatalf("event %+v", e)
			}
		}
	})
}

// FuzzDecodeExtraction: any bytes are refused or decode, never panic;
// what decodes encodes again to the same bytes.
func FuzzDecodeExtraction(f *testing.F) {
	for _, name := range []string{"001_23f0434f9776576a.txt", "004_d123cf3179b2b0cd.txt"} {
		b, _ := seeds.Corpus.ReadFile(name)
		d := Doc{ID: name, Lang: "en", Text: string(b), Date: time.Date(2022, 11, 8, 0, 0, 0, 0, time.UTC), DatePrecision: Day}
		ex, _ := Extract(context.Background(), d, References([]Doc{d})[0])
		f.Add(AppendExtraction(nil, ex))
	}
	f.Add([]byte(codecMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := DecodeExtraction(data)
		if err != nil {
			return
		}
		if len(ex.Mentions) > maxPerArticle {
			t.Fatalf("%d mentions", len(ex.Mentions))
		}
		again := AppendExtraction(nil, ex)
		back, err := DecodeExtraction(again)
		if err != nil || !sameExtraction(ex, back) {
			t.Fatalf("re-encoding changed it: %v", err)
		}
	})
}

package index

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// The result's JSON is written by hand, byte for byte as encoding/json
// wrote it through the Marshal methods (reflectResultJSON, kept in the
// tests as the reference): `dossier search --json` is a one-shot
// process, and reflection's first use of each type, the
// nested Marshal calls and the two compactions that follow them cost more
// than the rest of writing the output.

// AppendJSON appends the result's JSON, as MarshalJSON returns it.
func (r Result) AppendJSON(b []byte) ([]byte, error) {
	for _, h := range r.Hits {
		if err := finiteScore(h.Score); err != nil {
			return b, err
		}
	}
	b = append(b, `{"query":`...)
	b = appendJSONString(b, r.Query)
	b = append(b, `,"articles":`...)
	b = strconv.AppendUint(b, r.Articles, 10)
	b = append(b, `,"total":`...)
	b = strconv.AppendUint(b, r.Total, 10)
	b = append(b, `,"took_ms":`...)
	b = appendJSONFloat(b, float64(r.Took.Microseconds())/1000)
	b = append(b, `,"hits":[`...)
	for i, h := range r.Hits {
		if i > 0 {
			b = append(b, ',')
		}
		b = h.appendJSON(b)
	}
	b = append(b, `],"facets":{"lang":`...)
	b = appendFacetCounts(b, r.Facets.Lang)
	b = append(b, `,"year":`...)
	b = appendFacetCounts(b, r.Facets.Year)
	b = append(b, `,"source":`...)
	b = appendFacetCounts(b, r.Facets.Source)
	b = append(b, '}')
	if len(r.Ignored) > 0 {
		b = append(b, `,"ignored":`...)
		b = appendJSONStrings(b, r.Ignored)
	}
	if r.Partial {
		b = append(b, `,"partial":true`...)
	}
	return append(b, '}'), nil
}

// finiteScore refuses a score that JSON cannot hold (NaN and the
// infinities), as encoding/json does.
func finiteScore(f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	return nil
}

// appendJSON appends the hit's JSON, as its MarshalJSON returns it.
func (h Hit) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, h.ID)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, h.Title)
	b = append(b, `,"date":`...)
	if h.Date == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, h.Date)
	}
	b = append(b, `,"precision":`...)
	b = appendJSONString(b, h.Precision.String())
	b = append(b, `,"lang":`...)
	b = appendJSONString(b, h.Lang)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, h.Source)
	if h.Author != "" {
		b = append(b, `,"author":`...)
		b = appendJSONString(b, h.Author)
	}
	b = append(b, `,"score":`...)
	b = appendJSONFloat(b, h.Score)
	b = append(b, `,"fragments":[`...)
	for i, f := range h.Fragments {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.Marked(MarkOpen, MarkClose))
	}
	b = append(b, `],"matches":[`...)
	for i, m := range h.Matches {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"field":`...)
		b = appendJSONString(b, m.Field)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(m.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(m.End), 10)
		b = append(b, '}')
	}
	b = append(b, `],"fields":`...)
	if h.Fields == nil {
		b = append(b, "[]"...)
	} else {
		b = appendJSONStrings(b, h.Fields)
	}
	if len(h.Versions) > 0 {
		b = append(b, `,"versions":[`...)
		for i, v := range h.Versions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendJSONString(b, v.ID)
			b = append(b, `,"lang":`...)
			b = appendJSONString(b, v.Lang)
			b = append(b, `,"title":`...)
			b = appendJSONString(b, v.Title)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendFacetCounts appends a facet's counts; nil is null, as encoding/json
// writes a nil slice.
func appendFacetCounts(b []byte, fc []FacetCount) []byte {
	if fc == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, c := range fc {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"term":`...)
		b = appendJSONString(b, c.Term)
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(c.Count), 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONStrings appends a list of strings; nil is null.
func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONFloat writes a finite float as encoding/json does (as an ES6
// number: %f, or %e past its cut-offs, without a padded exponent).
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString quotes s as json.Marshal does: HTML's <, > and & as
// \u escapes, the C0 controls escaped, invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

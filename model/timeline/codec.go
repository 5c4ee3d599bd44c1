package timeline

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unsafe"
)

// The compact encoding of an Extraction, kept per article with the index.
// A hundred thousand of them are read at every warm start, so it is made
// to be read fast: no type descriptions (as gob writes in every value),
// each sentence once however many dates it holds, an expression as
// offsets into its sentence, each term once per article, dates as day
// numbers. Decoding checks every length against what is left: a damaged
// or hostile value is an error, never a panic or a huge allocation.

// codecMagic starts an encoded extraction; its second byte is the
// encoding's version.
const codecMagic = "X\x01"

// errCodec is returned for data that is not an encoded extraction.
var errCodec = errors.New("timeline: not an encoded extraction")

// mention flags in the encoding.
const (
	encContext = 1 << iota
	encPlanned
	encLabel
	encDeed
	encObjects
	encPeriod
)

// AppendExtraction appends the compact encoding of ex to b.
func AppendExtraction(b []byte, ex Extraction) []byte {
	b = append(b, codecMagic...)
	b = binary.AppendUvarint(b, uint64(ex.Version))
	b = appendDay(b, ex.Ref.Date)
	b = append(b, byte(ex.Ref.Precision))
	b = appendString(b, ex.Ref.From)
	var flags byte
	if ex.Relevant {
		flags |= 1
	}
	if ex.Truncated {
		flags |= 2
	}
	b = append(b, flags)
	// sentences, each once
	type quote struct{ start, end int }
	quoteOf := map[quote]int{}
	var quotes []Mention
	for _, m := range ex.Mentions {
		q := quote{m.QuoteStart, m.QuoteEnd}
		if _, ok := quoteOf[q]; !ok {
			quoteOf[q] = len(quotes)
			quotes = append(quotes, m)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(quotes)))
	for _, m := range quotes {
		b = binary.AppendUvarint(b, uint64(m.QuoteStart))
		b = appendString(b, m.Quote)
	}
	// terms, each once
	termOf := map[Term]int{}
	var terms []Term
	for _, m := range ex.Mentions {
		for _, t := range m.Terms {
			if _, ok := termOf[t]; !ok {
				termOf[t] = len(terms)
				terms = append(terms, t)
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(terms)))
	for _, t := range terms {
		b = binary.LittleEndian.AppendUint64(b, uint64(t))
	}
	b = binary.AppendUvarint(b, uint64(len(ex.Mentions)))
	prev := int64(0)
	for _, m := range ex.Mentions {
		start, end := dayNumber(m.Start), dayNumber(m.End)
		b = binary.AppendVarint(b, start-prev)
		prev = start
		b = binary.AppendUvarint(b, uint64(end-start))
		b = append(b, byte(m.Precision)|byte(m.Basis)<<3|byte(m.Role)<<5)
		var f byte
		if m.Context {
			f |= encContext
		}
		if m.Planned {
			f |= encPlanned
		}
		if m.Label != "" {
			f |= encLabel
		}
		if m.Deed != 0 {
			f |= encDeed
		}
		if m.Objects != 0 {
			f |= encObjects
		}
		if !m.Period.IsZero() {
			f |= encPeriod
		}
		b = append(b, f)
		b = binary.AppendUvarint(b, uint64(quoteOf[quote{m.QuoteStart, m.QuoteEnd}]))
		b = binary.AppendUvarint(b, uint64(m.ExprStart-m.QuoteStart))
		b = binary.AppendUvarint(b, uint64(m.ExprEnd-m.ExprStart))
		if m.Label != "" {
			b = appendString(b, m.Label)
		}
		b = binary.AppendUvarint(b, uint64(len(m.Terms)))
		for _, t := range m.Terms {
			b = binary.AppendUvarint(b, uint64(termOf[t]))
		}
		if f&encDeed != 0 {
			b = binary.LittleEndian.AppendUint64(b, m.Deed)
		}
		if f&encObjects != 0 {
			b = binary.LittleEndian.AppendUint64(b, m.Objects)
		}
		if f&encPeriod != 0 {
			b = binary.AppendUvarint(b, uint64(m.Period.From))
			b = binary.AppendUvarint(b, uint64(m.Period.To-m.Period.From))
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendDay writes a day as its number since 1970, 0 for the zero time
// (whose day number is far away).
func appendDay(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, dayNumber(t)+1)
}

// DecodeExtraction reads an extraction written by AppendExtraction. Its
// strings are cut from data without copies: data must never change
// afterwards (the kept index's derived data does not).
func DecodeExtraction(data []byte) (Extraction, error) {
	d := codecReader{b: data}
	if len(data) < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic {
		return Extraction{}, errCodec
	}
	d.off = len(codecMagic)
	var ex Extraction
	ex.Version = int(d.uint(math.MaxInt32))
	ex.Ref.Date = d.day()
	ex.Ref.Precision = Precision(d.byte(byte(Span)))
	ex.Ref.From = d.string()
	flags := d.byte(3)
	ex.Relevant, ex.Truncated = flags&1 != 0, flags&2 != 0
	type quote struct {
		start int
		text  string
	}
	quotes := make([]quote, d.count(2))
	for i := range quotes {
		quotes[i] = quote{int(d.uint(math.MaxInt32)), d.string()}
	}
	terms := make([]Term, d.count(8))
	for i := range terms {
		terms[i] = Term(d.uint64())
	}
	n := d.count(8)
	if n > maxPerArticle {
		d.fail()
	}
	ex.Mentions = make([]Mention, n)
	var pool []Term // the mentions' terms, one allocation
	day := int64(0)
	for i := range ex.Mentions {
		if d.err != nil {
			break
		}
		m := &ex.Mentions[i]
		day += d.int()
		span := int64(d.uint(maxSpanYears * 366))
		m.Start, m.End = dayTime(day), dayTime(day+span)
		pb := d.byte(255)
		m.Precision, m.Basis, m.Role = Precision(pb&7), Basis(pb>>3&3), Role(pb>>5&3)
		if m.Precision > Span || m.Basis > Catalogue || m.Role > PeriodOnly {
			d.fail()
		}
		f := d.byte(1<<6 - 1)
		m.Context, m.Planned = f&encContext != 0, f&encPlanned != 0
		qi := int(d.uint(uint64(max(len(quotes)-1, 0))))
		if qi >= len(quotes) {
			d.fail()
			break
		}
		q := quotes[qi]
		m.Quote, m.QuoteStart, m.QuoteEnd = q.text, q.start, q.start+len(q.text)
		es := int(d.uint(uint64(len(q.text))))
		el := int(d.uint(uint64(len(q.text) - es)))
		m.ExprStart, m.ExprEnd = q.start+es, q.start+es+el
		m.Expr = q.text[es : es+el]
		if f&encLabel != 0 {
			m.Label = d.string()
		}
		nt := d.count(1)
		if nt > maxTerms {
			d.fail()
			break
		}
		if pool == nil {
			pool = make([]Term, 0, maxTerms*len(ex.Mentions))
		}
		at := len(pool)
		for range nt {
			k := int(d.uint(uint64(max(len(terms)-1, 0))))
			if k >= len(terms) {
				d.fail()
				break
			}
			pool = append(pool, terms[k])
		}
		m.Terms = pool[at:len(pool):len(pool)]
		if f&encDeed != 0 {
			m.Deed = d.uint64()
		}
		if f&encObjects != 0 {
			m.Objects = d.uint64()
		}
		if f&encPeriod != 0 {
			from := int(d.uint(maxYear))
			m.Period = Period{From: from, To: from + int(d.uint(maxSpanYears))}
		}
	}
	if d.err == nil && d.off != len(data) {
		d.fail()
	}
	if d.err != nil {
		return Extraction{}, d.err
	}
	return ex, nil
}

// dayTime is the UTC midnight of a day number.
func dayTime(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

// codecReader reads the encoding, every value checked against what is left.
type codecReader struct {
	b   []byte
	off int
	err error
}

func (d *codecReader) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("%w (damaged at byte %d)", errCodec, d.off)
	}
}

// uint reads an unsigned number of at most limit.
func (d *codecReader) uint(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 || v > limit {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

func (d *codecReader) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 || v > 1<<31 || v < -(1<<31) {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

func (d *codecReader) byte(limit byte) byte {
	if d.err != nil || d.off >= len(d.b) || d.b[d.off] > limit {
		d.fail()
		return 0
	}
	d.off++
	return d.b[d.off-1]
}

func (d *codecReader) uint64() uint64 {
	if d.err != nil || len(d.b)-d.off < 8 {
		d.fail()
		return 0
	}
	d.off += 8
	return binary.LittleEndian.Uint64(d.b[d.off-8:])
}

// count reads a number of items that must fit in what is left after it,
// each taking at least min bytes.
func (d *codecReader) count(min int) int {
	n := d.uint(math.MaxInt32)
	if d.err == nil && n > uint64(len(d.b)-d.off)/uint64(max(min, 1)) {
		d.fail()
		return 0
	}
	return int(n)
}

// string cuts a string from the data without a copy.
func (d *codecReader) string() string {
	n := d.count(1)
	if d.err != nil || n == 0 {
		return ""
	}
	s := unsafe.String(&d.b[d.off], n)
	d.off += n
	return s
}

// day reads a day written by appendDay.
func (d *codecReader) day() time.Time {
	v := d.int()
	if v == 0 {
		return time.Time{}
	}
	return dayTime(v - 1)
}

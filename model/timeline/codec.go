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
	// sentences, each once: a sentence's mentions follow one another
	qidx := make([]int32, len(ex.Mentions)) // each mention's sentence
	var quotes []int                        // the first mention of each sentence
	for k, m := range ex.Mentions {
		if n := len(quotes); n > 0 {
			last := &ex.Mentions[quotes[n-1]]
			if last.QuoteStart == m.QuoteStart && last.QuoteEnd == m.QuoteEnd {
				qidx[k] = int32(n - 1)
				continue
			}
		}
		qidx[k] = int32(len(quotes))
		quotes = append(quotes, k)
	}
	b = binary.AppendUvarint(b, uint64(len(quotes)))
	for _, k := range quotes {
		b = binary.AppendUvarint(b, uint64(ex.Mentions[k].QuoteStart))
		b = appendString(b, ex.Mentions[k].Quote)
	}
	// terms, each once (an article has a few dozen: a scan finds them)
	var terms []Term
	termOf := func(t Term) int {
		for i, u := range terms {
			if u == t {
				return i
			}
		}
		terms = append(terms, t)
		return len(terms) - 1
	}
	refs := make([]uint8, 0, len(ex.Mentions)*8)
	for _, m := range ex.Mentions {
		for _, t := range m.Terms {
			refs = append(refs, uint8(min(termOf(t), 255)))
		}
	}
	if len(terms) > 255 { // more than a byte can point at: index them the long way
		refs = nil
	}
	b = binary.AppendUvarint(b, uint64(len(terms)))
	for _, t := range terms {
		b = binary.LittleEndian.AppendUint64(b, uint64(t))
	}
	b = binary.AppendUvarint(b, uint64(len(ex.Mentions)))
	prev := int64(0)
	r := 0 // next of refs
	for k, m := range ex.Mentions {
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
		b = binary.AppendUvarint(b, uint64(qidx[k]))
		b = binary.AppendUvarint(b, uint64(m.ExprStart-m.QuoteStart))
		b = binary.AppendUvarint(b, uint64(m.ExprEnd-m.ExprStart))
		if m.Label != "" {
			b = appendString(b, m.Label)
		}
		b = binary.AppendUvarint(b, uint64(len(m.Terms)))
		for _, t := range m.Terms {
			if refs != nil {
				b = binary.AppendUvarint(b, uint64(refs[r]))
				r++
			} else {
				b = binary.AppendUvarint(b, uint64(termOf(t)))
			}
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
	var ms []encMention
	var pool []Term
	h, err := decodeEncoded(data, &codecScratch{}, func(m *encMention) {
		at := len(pool)
		pool = append(pool, m.terms...)
		c := *m
		c.terms = pool[at:len(pool):len(pool)]
		ms = append(ms, c)
	})
	if err != nil {
		return Extraction{}, err
	}
	ex := Extraction{Version: h.version, Ref: h.ref, Relevant: h.relevant, Truncated: h.truncated,
		Mentions: make([]Mention, len(ms))}
	for i, e := range ms {
		m := &ex.Mentions[i]
		m.Start, m.End, m.Precision, m.Basis, m.Role = dayTime(int64(e.start)), dayTime(int64(e.end)), e.prec, e.basis, e.role
		m.Context, m.Planned = e.flags&encContext != 0, e.flags&encPlanned != 0
		m.Quote, m.QuoteStart, m.QuoteEnd = e.quote.in(data), e.quoteStart, e.quoteStart+int(e.quote.n)
		m.Expr = m.Quote[e.exprOff : e.exprOff+e.exprLen]
		m.ExprStart, m.ExprEnd = e.quoteStart+e.exprOff, e.quoteStart+e.exprOff+e.exprLen
		m.Label = e.label.in(data)
		if len(e.terms) > 0 {
			m.Terms = e.terms
		}
		m.Deed, m.Objects, m.Period = e.deed, e.objs, e.period
	}
	return ex, nil
}

// FreshEncoded reports whether an encoded extraction can be used for an
// article whose reference is ref (see Extraction.Fresh), reading its
// header only.
func FreshEncoded(data []byte, ref Reference) bool {
	h, err := readHeader(data)
	return err == nil && h.version == ExtractorVersion && h.ref == ref
}

// countMentions reads how many mentions an encoded extraction holds,
// skipping its sentences and terms (0 for data that does not decode).
func countMentions(data []byte) int {
	d := codecReader{b: data}
	if len(data) < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic {
		return 0
	}
	d.off = len(codecMagic)
	d.header(data)
	for range d.count(2) {
		d.uint(math.MaxInt32)
		d.str()
	}
	if n := d.count(8); d.err == nil && len(data)-d.off >= 8*n {
		d.off += 8 * n
	}
	n := d.count(8)
	if d.err != nil {
		return 0
	}
	return n
}

// readHeader reads the start of an encoded extraction.
func readHeader(data []byte) (encHeader, error) {
	d := codecReader{b: data}
	if len(data) < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic {
		return encHeader{}, errCodec
	}
	d.off = len(codecMagic)
	h := d.header(data)
	return h, d.err
}

// header reads the fields that follow the magic.
func (d *codecReader) header(data []byte) encHeader {
	var h encHeader
	h.version = int(d.uint(math.MaxInt32))
	h.ref.Date = d.day()
	h.ref.Precision = Precision(d.byte(byte(Span)))
	h.ref.From = d.str().in(data)
	flags := d.byte(3)
	h.relevant, h.truncated = flags&1 != 0, flags&2 != 0
	return h
}

// encHeader is what an encoded extraction says about its article.
type encHeader struct {
	version             int
	ref                 Reference
	relevant, truncated bool
}

// strRef is a string of the encoded data, as its byte range.
type strRef struct{ off, n uint32 }

// in cuts the string from data without a copy.
func (r strRef) in(data []byte) string {
	if r.n == 0 {
		return ""
	}
	return unsafe.String(&data[r.off], int(r.n))
}

// encMention is one mention as encoded: its dates as day numbers, its
// strings as byte ranges of the data, its terms valid until the next.
type encMention struct {
	start, end       int32
	prec             Precision
	basis            Basis
	role             Role
	flags            byte
	quote, label     strRef
	quoteStart       int
	exprOff, exprLen int
	terms            []Term
	idx              []uint32 // where terms stand in the article's table
	deed, objs       uint64
	period           Period
}

// codecScratch is reused from one decoding to the next.
type codecScratch struct {
	quotes  []encQuote
	terms   []Term // the article's term table
	m       []Term
	idx     []uint32
	mention encMention
}

type encQuote struct {
	start int
	text  strRef
}

// decodeEncoded reads data, calling fn with each mention in turn (the
// same value, overwritten); fn may be called before an error is found
// further on.
func decodeEncoded(data []byte, sc *codecScratch, fn func(*encMention)) (encHeader, error) {
	d := codecReader{b: data}
	if len(data) < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic {
		return encHeader{}, errCodec
	}
	d.off = len(codecMagic)
	h := d.header(data)
	sc.quotes = sc.quotes[:0]
	for range d.count(2) {
		sc.quotes = append(sc.quotes, encQuote{int(d.uint(math.MaxInt32)), d.str()})
	}
	sc.terms = sc.terms[:0]
	for range d.count(8) {
		sc.terms = append(sc.terms, Term(d.uint64()))
	}
	n := d.count(8)
	if n > maxPerArticle {
		d.fail()
	}
	m := &sc.mention // not on the heap for each call
	day := int64(0)
	for range n {
		if d.err != nil {
			break
		}
		day += d.int()
		span := int64(d.uint(maxSpanYears * 366))
		m.start, m.end = int32(day), int32(day+span)
		pb := d.byte(255)
		m.prec, m.basis, m.role = Precision(pb&7), Basis(pb>>3&3), Role(pb>>5&3)
		if m.prec > Span || m.basis > Catalogue || m.role > PeriodOnly {
			d.fail()
		}
		m.flags = d.byte(1<<6 - 1)
		qi := int(d.uint(uint64(max(len(sc.quotes)-1, 0))))
		if qi >= len(sc.quotes) {
			d.fail()
			break
		}
		q := sc.quotes[qi]
		m.quote, m.quoteStart = q.text, q.start
		m.exprOff = int(d.uint(uint64(q.text.n)))
		m.exprLen = int(d.uint(uint64(int(q.text.n) - m.exprOff)))
		m.label = strRef{}
		if m.flags&encLabel != 0 {
			m.label = d.str()
		}
		nt := d.count(1)
		if nt > maxTerms {
			d.fail()
			break
		}
		sc.m, sc.idx = sc.m[:0], sc.idx[:0]
		for range nt {
			k := int(d.uint(uint64(max(len(sc.terms)-1, 0))))
			if k >= len(sc.terms) {
				d.fail()
				break
			}
			sc.m = append(sc.m, sc.terms[k])
			sc.idx = append(sc.idx, uint32(k))
		}
		m.terms, m.idx = sc.m, sc.idx
		m.deed, m.objs, m.period = 0, 0, Period{}
		if m.flags&encDeed != 0 {
			m.deed = d.uint64()
		}
		if m.flags&encObjects != 0 {
			m.objs = d.uint64()
		}
		if m.flags&encPeriod != 0 {
			from := int(d.uint(maxYear))
			m.period = Period{From: from, To: from + int(d.uint(maxSpanYears))}
		}
		if d.err == nil {
			fn(m)
		}
	}
	if d.err == nil && d.off != len(data) {
		d.fail()
	}
	return h, d.err
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

// str reads a string as its byte range of the data.
func (d *codecReader) str() strRef {
	n := d.count(1)
	if d.err != nil || n == 0 {
		return strRef{}
	}
	r := strRef{uint32(d.off), uint32(n)}
	d.off += n
	return r
}

// day reads a day written by appendDay.
func (d *codecReader) day() time.Time {
	v := d.int()
	if v == 0 {
		return time.Time{}
	}
	return dayTime(v - 1)
}

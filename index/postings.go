package index

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// postings is one term's postings in one field, read one document at a
// time. From an index of scorch segments (all of dossier's) it reads each
// segment's postings directly: bleve's term field reader, around them,
// costs about as much again per posting (an id of bytes per document, its
// comparisons and copies), and a word's postings are most of a search.
// Any other reader is read through its term field reader.
type postings struct {
	term, field string
	idf         float64
	vectors     bool // read with positions
	extra       bool // decides nothing: read only at documents that match
	nextFirst   bool // most often at the next document asked for (see moveTo)
	count       uint64

	// The current posting.
	started, done bool
	num           uint64 // its document number
	freq          uint64
	norm          float64
	locs          []termLoc // with vectors
	reads         int       // postings read and seeks: the work, counted for tests

	segs []segPostings // the segments with the term, in order
	cur  int           // the segment read
	tfr  bindex.TermFieldReader
	tfd  bindex.TermFieldDoc
	id   bindex.IndexInternalID // scratch for tfr
}

// termLoc is one occurrence of a term in a document.
type termLoc struct {
	field           string
	pos, start, end uint64
}

// segPostings is a term's postings in one segment.
type segPostings struct {
	it     segment.PostingsIterator
	offset uint64 // the segment's first document number in the snapshot
	end    uint64 // the number after its last
}

// segDicts holds the term dictionaries of a snapshot's segments, per field.
type segDicts struct {
	snap  *scorch.IndexSnapshot
	dicts map[string][]segment.TermDictionary
}

// dict returns the dictionaries of field, one per segment.
func (d *segDicts) dict(field string) ([]segment.TermDictionary, error) {
	if ds, ok := d.dicts[field]; ok {
		return ds, nil
	}
	var ds []segment.TermDictionary
	for _, ss := range d.snap.Segments() {
		td, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		ds = append(ds, td)
	}
	if d.dicts == nil {
		d.dicts = map[string][]segment.TermDictionary{}
	}
	d.dicts[field] = ds
	return ds, nil
}

// openPostings opens term's postings in field; total is the number of
// documents of the index, for the term's idf.
func openPostings(ctx context.Context, r bindex.IndexReader, dicts *segDicts, term, field string, vectors bool, total uint64) (postings, error) {
	p := postings{term: term, field: field, vectors: vectors}
	if dicts.snap != nil {
		ds, err := dicts.dict(field)
		if err != nil {
			return p, err
		}
		var offset uint64
		for i, ss := range dicts.snap.Segments() {
			n := ss.Segment().Count()
			pl, err := ds[i].PostingsList([]byte(term), ss.Deleted(), nil)
			if err != nil {
				return p, err
			}
			if c := pl.Count(); c > 0 {
				p.count += c
				p.segs = append(p.segs, segPostings{it: pl.Iterator(true, true, vectors, nil), offset: offset, end: offset + n})
			}
			offset += n
		}
	} else {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, vectors)
		if err != nil {
			return p, err
		}
		p.tfr, p.count = tfr, tfr.Count()
	}
	p.idf = 1 + math.Log(float64(total)/float64(p.count+1))
	return p, nil
}

// moveTo moves the postings to the first document at or after n. From
// the document just before n, or where the next posting is most often the
// one asked for (nextFirst), it reads the next posting: cheaper than
// seeking, which it does only when that falls short.
func (p *postings) moveTo(n uint64) error {
	if p.done || p.started && p.num >= n {
		return nil
	}
	if !p.started && n == 0 || p.started && (p.num+1 == n || p.nextFirst) {
		p.started = true
		if err := p.next(); err != nil || p.done || p.num >= n {
			return err
		}
	}
	p.started = true
	return p.advance(n)
}

// next reads the next posting.
func (p *postings) next() error {
	p.reads++
	if p.tfr != nil {
		return p.fromTFR(p.tfr.Next(p.tfd.Reset()))
	}
	for p.cur < len(p.segs) {
		s := &p.segs[p.cur]
		sp, err := s.it.Next()
		if err != nil {
			return err
		}
		if sp != nil {
			p.fromSegment(sp, s.offset)
			return nil
		}
		p.cur++
	}
	p.done = true
	return nil
}

// advance reads the first posting at or after document n.
func (p *postings) advance(n uint64) error {
	p.reads++
	if p.tfr != nil {
		if len(p.id) != 8 {
			p.id = make(bindex.IndexInternalID, 8)
		}
		p.id.SetValue(n)
		return p.fromTFR(p.tfr.Advance(p.id, p.tfd.Reset()))
	}
	for p.cur < len(p.segs) && p.segs[p.cur].end <= n {
		p.cur++
	}
	if p.cur == len(p.segs) {
		p.done = true
		return nil
	}
	s := &p.segs[p.cur]
	if n <= s.offset {
		return p.next()
	}
	sp, err := s.it.Advance(n - s.offset)
	if err != nil {
		return err
	}
	if sp == nil {
		p.cur++
		return p.next()
	}
	p.fromSegment(sp, s.offset)
	return nil
}

// fromSegment takes a segment's posting.
func (p *postings) fromSegment(sp segment.Posting, offset uint64) {
	p.num = sp.Number() + offset
	p.freq = sp.Frequency()
	p.norm = sp.Norm()
	if p.vectors {
		p.locs = p.locs[:0]
		for _, l := range sp.Locations() {
			p.locs = append(p.locs, termLoc{field: l.Field(), pos: l.Pos(), start: l.Start(), end: l.End()})
		}
	}
}

// fromTFR takes the posting a term field reader returned.
func (p *postings) fromTFR(d *bindex.TermFieldDoc, err error) error {
	if err != nil {
		return err
	}
	if d == nil {
		p.done = true
		return nil
	}
	p.num = d.ID.Value()
	p.freq, p.norm = d.Freq, d.Norm
	if p.vectors {
		p.locs = p.locs[:0]
		for _, v := range d.Vectors {
			p.locs = append(p.locs, termLoc{field: v.Field, pos: v.Pos, start: v.Start, end: v.End})
		}
	}
	return nil
}

// at reports whether the postings are at document n.
func (p *postings) at(n uint64) bool { return p.num == n && p.started && !p.done }

// tf is the term's frequency part of its tf-idf score at the current
// posting, as bleve's term scorer computes it.
func (p *postings) tf() float64 { return math.Sqrt(float64(p.freq)) * p.norm }

// close closes the term field reader, if any.
func (p *postings) close() error {
	if p.tfr != nil {
		return p.tfr.Close()
	}
	return nil
}

// size estimates the memory the postings hold.
func (p *postings) size() int {
	n := 160 + len(p.term) + 32*cap(p.locs)
	for _, s := range p.segs {
		n += 32 + s.it.Size()
	}
	if p.tfr != nil {
		n += p.tfr.Size()
	}
	return n
}

package timeline

import (
	"runtime/debug"
	"sync"
)

// The extractions are decoded on a second goroutine, a chunk of docs
// ahead of the assembly, which gives their terms dense ids in doc order
// (the ids' order decides the merge, so that part stays sequential).

// decodeChunk is how many docs one chunk of decoded extractions holds.
const decodeChunk = 256

// decodedMention is a mention as decoded ahead: encMention without its
// terms, which are refs[from:from+n] of its chunk, indexes into its doc's
// term table.
type decodedMention struct {
	encMention
	from, n uint32
}

// decodedDoc is one doc's extraction decoded ahead: its header, its term
// table (chunk.table[tfrom:tto]) and its mentions (chunk.ms[mfrom:mto]).
type decodedDoc struct {
	h                      encHeader
	err                    error
	tfrom, tto, mfrom, mto uint32
}

// decodedChunk holds docs [first, first+len(docs)) decoded, or the panic
// that stopped the decoding (a fault on mapped data that was cut short).
// The first chunk holds no docs, only how many mentions they all have.
type decodedChunk struct {
	mentions int
	first    int
	docs     []decodedDoc
	table    []Term
	ms       []decodedMention
	refs     []uint32
	panicked any
}

// decoder decodes docs' extractions ahead of their use, on a goroutine
// that faults as its caller does (debug.SetPanicOnFault): a panic there
// is handed over and raised again in the caller (next).
type decoder struct {
	out  chan *decodedChunk
	free chan *decodedChunk
	stop chan struct{}
	wg   sync.WaitGroup
}

// decodeAhead starts decoding data, chunk docs at a time, in order: its first chunk counts
// the mentions of all.
func decodeAhead(data [][]byte, chunk int) *decoder {
	faults := debug.SetPanicOnFault(false)
	debug.SetPanicOnFault(faults)
	d := &decoder{out: make(chan *decodedChunk, 2), free: make(chan *decodedChunk, 4), stop: make(chan struct{})}
	for range cap(d.free) {
		d.free <- &decodedChunk{}
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer close(d.out)
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(faults))
		defer func() {
			if p := recover(); p != nil {
				select {
				case d.out <- &decodedChunk{panicked: p}:
				case <-d.stop:
				}
			}
		}()
		var c *decodedChunk
		select {
		case c = <-d.free:
		case <-d.stop:
			return
		}
		c.fill(nil, 0, nil)
		for _, b := range data {
			c.mentions += countMentions(b)
		}
		select {
		case d.out <- c:
		case <-d.stop:
			return
		}
		var sc codecScratch
		for first := 0; first < len(data); first += chunk {
			var c *decodedChunk
			select {
			case c = <-d.free:
			case <-d.stop:
				return
			}
			c.fill(data[first:min(first+chunk, len(data))], first, &sc)
			select {
			case d.out <- c:
			case <-d.stop:
				return
			}
		}
	}()
	return d
}

// fill decodes the extractions of docs first, first+1, ... into c.
func (c *decodedChunk) fill(data [][]byte, first int, sc *codecScratch) {
	c.first, c.mentions = first, 0
	c.docs, c.table, c.ms, c.refs = c.docs[:0], c.table[:0], c.ms[:0], c.refs[:0]
	for _, d := range data {
		doc := decodedDoc{tfrom: uint32(len(c.table)), mfrom: uint32(len(c.ms))}
		var tableDone bool
		doc.h, doc.err = decodeEncoded(d, sc, func(m *encMention) {
			if !tableDone {
				c.table = append(c.table, sc.terms...)
				tableDone = true
			}
			dm := decodedMention{encMention: *m, from: uint32(len(c.refs)), n: uint32(len(m.idx))}
			dm.terms, dm.idx = nil, nil
			c.refs = append(c.refs, m.idx...)
			c.ms = append(c.ms, dm)
		})
		doc.tto, doc.mto = uint32(len(c.table)), uint32(len(c.ms))
		c.docs = append(c.docs, doc)
	}
}

// next returns the next chunk, to be handed back with done; nil at the
// end. A panic of the decoding goroutine is raised here.
func (d *decoder) next() *decodedChunk {
	c, ok := <-d.out
	if !ok {
		return nil
	}
	if c.panicked != nil {
		panic(c.panicked)
	}
	return c
}

// done hands a chunk back for reuse.
func (d *decoder) done(c *decodedChunk) { d.free <- c }

// close stops the decoding and waits until it no longer reads the data.
func (d *decoder) close() {
	close(d.stop)
	d.wg.Wait()
}

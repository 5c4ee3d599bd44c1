package timeline

import (
	"runtime/debug"
	"sync"
)

// The extractions are decoded on other goroutines, chunks of docs ahead
// of the assembly, which gives their terms dense ids in doc order (the
// ids' order decides the merge, so that part stays sequential).

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

// decoder decodes docs' extractions ahead of their use, on goroutines
// that fault as their caller does (debug.SetPanicOnFault): a panic there
// is handed over and raised again in the caller (next). The mentions are
// counted in parts at once; chunk k is decoded by decoding goroutine
// k%len(out), each with chunks of its own to fill, and handed over in
// order.
type decoder struct {
	count chan *decodedChunk   // the first chunk: the count
	out   []chan *decodedChunk // per decoding goroutine, its chunks in order
	free  []chan *decodedChunk // per decoding goroutine, its chunks to fill
	owner map[*decodedChunk]int
	k     int // the next chunk to hand over (-1: the count)
	stop  chan struct{}
	wg    sync.WaitGroup
}

// decodeAhead starts decoding data, chunk docs at a time, in order, on
// at most workers goroutines: its first chunk counts the mentions of all.
func decodeAhead(data [][]byte, chunk, workers int) *decoder {
	faults := debug.SetPanicOnFault(false)
	debug.SetPanicOnFault(faults)
	chunks := (len(data) + chunk - 1) / chunk
	n := max(1, min(workers, maxDecoders, chunks))
	d := &decoder{count: make(chan *decodedChunk, 1), out: make([]chan *decodedChunk, n), free: make([]chan *decodedChunk, n),
		owner: map[*decodedChunk]int{}, k: -1, stop: make(chan struct{})}
	for w := range n {
		d.out[w], d.free[w] = make(chan *decodedChunk, 2), make(chan *decodedChunk, 3)
		for range cap(d.free[w]) {
			c := &decodedChunk{}
			d.owner[c] = w
			d.free[w] <- c
		}
	}
	// hand sends c on to, unless the decoder is stopped.
	hand := func(to chan<- *decodedChunk, c *decodedChunk) bool {
		select {
		case to <- c:
			return true
		case <-d.stop:
			return false
		}
	}
	d.wg.Add(1 + n)
	go func() {
		defer d.wg.Done()
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(faults))
		c := &decodedChunk{}
		if p := onFaultingGoroutines(workers, faults, func(parts int) func(int) {
			sums := make([]int, parts)
			return func(k int) {
				if k < 0 {
					for _, s := range sums {
						c.mentions += s
					}
					return
				}
				for _, b := range data[len(data)*k/parts : len(data)*(k+1)/parts] {
					sums[k] += countMentions(b)
				}
			}
		}); p != nil {
			c = &decodedChunk{panicked: p}
		}
		hand(d.count, c)
	}()
	for w := range n {
		go func() {
			defer d.wg.Done()
			defer close(d.out[w])
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(faults))
			defer func() {
				if p := recover(); p != nil {
					hand(d.out[w], &decodedChunk{panicked: p})
				}
			}()
			var sc codecScratch
			for first := w * chunk; first < len(data); first += n * chunk {
				var c *decodedChunk
				select {
				case c = <-d.free[w]:
				case <-d.stop:
					return
				}
				c.fill(data[first:min(first+chunk, len(data))], first, &sc)
				if !hand(d.out[w], c) {
					return
				}
			}
		}()
	}
	return d
}

// maxDecoders bounds the goroutines that decode ahead: one goroutine
// makes the merge's items of what they decode.
const maxDecoders = 2

// onFaultingGoroutines runs a part of some work on each of up to workers
// goroutines at once (parts of them), which fault as the caller does:
// work(parts) returns the function run with each part's number, then
// with -1 on the caller once all are done. It returns the panic of a
// part (a fault on mapped data), if any, the call with -1 not made.
func onFaultingGoroutines(workers int, faults bool, work func(parts int) func(int)) (panicked any) {
	parts := max(1, workers)
	do := work(parts)
	panics := make([]any, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(faults))
			defer func() { panics[k] = recover() }()
			do(k)
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			return p
		}
	}
	do(-1)
	return nil
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
// end. A panic of a decoding goroutine is raised here.
func (d *decoder) next() *decodedChunk {
	from := d.count
	if d.k >= 0 {
		from = d.out[d.k%len(d.out)]
	}
	c, ok := <-from
	if !ok {
		return nil
	}
	d.k++
	if c.panicked != nil {
		panic(c.panicked)
	}
	return c
}

// done hands a chunk back for reuse (the count's is dropped).
func (d *decoder) done(c *decodedChunk) {
	if w, ok := d.owner[c]; ok {
		d.free[w] <- c
	}
}

// close stops the decoding and waits until it no longer reads the data.
func (d *decoder) close() {
	close(d.stop)
	d.wg.Wait()
}

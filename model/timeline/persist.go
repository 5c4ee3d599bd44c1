package timeline

import (
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

// The encoding of an assembled Timeline, which a kept index keeps next to
// the generation it was assembled from: a warm start reads it instead of
// assembling the extractions again. Times are kept as seconds, strings as
// they are; decoding checks every length against what is left, so a
// damaged value is an error, never a panic or a huge allocation.

// AssemblyVersion changes whenever Assemble's output for the same input
// changes (TestAssemblyVersion holds a digest of one output to remind it):
// a timeline kept by another version is assembled again.
const AssemblyVersion = 1

// timelineMagic starts an encoded timeline; its second byte is the
// encoding's version.
const timelineMagic = "T\x01"

// errTimelineCodec is returned for data that is not an encoded timeline.
var errTimelineCodec = errors.New("timeline: not an encoded timeline")

// AppendTimeline appends the encoding of t to b. A large timeline's
// events are encoded in parts at once (see appendTimeline).
func AppendTimeline(b []byte, t Timeline) []byte {
	parts := 1
	if weight(t.Events) >= encodeInParts {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	return appendTimeline(b, t, parts)
}

// encodeInParts is the least weight (see weight) of events encoded in
// parts at once.
const encodeInParts = 1 << 14

// weight is about how much encoding events takes: one for each and for
// each of their sources.
func weight(events []Event) int {
	n := len(events)
	for i := range events {
		n += len(events[i].Sources)
	}
	return n
}

// appendTimeline is AppendTimeline with the events cut into parts of
// about equal weight, encoded at once, each on a goroutine (into a
// buffer of its own, then copied after b in order, into one of the exact
// size when b has no room: the encoding is often kept, and the strings
// decoded from it share it).
func appendTimeline(b []byte, t Timeline, parts int) []byte {
	b = append(b, timelineMagic...)
	b = appendBool(b, t.Large)
	b = binary.AppendUvarint(b, uint64(t.Left))
	b = binary.AppendUvarint(b, uint64(len(t.Undated)))
	for _, id := range t.Undated {
		b = appendString(b, id)
	}
	b = binary.AppendUvarint(b, uint64(len(t.Events)))
	if parts <= 1 {
		return appendEvents(b, t.Events)
	}
	// cuts[k] is where part k starts: the first event past k parts'
	// share of the weight
	cuts := make([]int, parts+1)
	total, sum, k := weight(t.Events), 0, 1
	for i := range t.Events {
		for k < parts && sum >= total*k/parts {
			cuts[k], k = i, k+1
		}
		sum += 1 + len(t.Events[i].Sources)
	}
	for ; k <= parts; k++ {
		cuts[k] = len(t.Events)
	}
	bufs := make([][]byte, parts)
	var wg sync.WaitGroup
	for k := 1; k < parts; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bufs[k] = appendEvents(nil, t.Events[cuts[k]:cuts[k+1]])
		}()
	}
	bufs[0] = appendEvents(nil, t.Events[:cuts[1]])
	wg.Wait()
	size := len(b)
	for _, p := range bufs {
		size += len(p)
	}
	if size > cap(b) {
		b = append(make([]byte, 0, size), b...)
	}
	for _, p := range bufs {
		b = append(b, p...)
	}
	return b
}

// appendEvents appends the encoding of events to b.
func appendEvents(b []byte, events []Event) []byte {
	for i := range events {
		ev := &events[i]
		b = append(b, byte(ev.Kind), byte(ev.Precision))
		b = appendTime(b, ev.Start)
		b = appendTime(b, ev.End)
		b = appendString(b, ev.Label)
		var flags byte
		if ev.Context {
			flags |= 1
		}
		if ev.Notable {
			flags |= 2
		}
		b = append(b, flags)
		b = binary.AppendUvarint(b, uint64(ev.Period.From))
		b = binary.AppendUvarint(b, uint64(ev.Period.To))
		b = appendString(b, ev.Milestone)
		b = binary.AppendUvarint(b, uint64(ev.MoreReports))
		b = binary.AppendUvarint(b, uint64(ev.MoreAnnounced))
		b = binary.AppendUvarint(b, uint64(len(ev.Sources)))
		for k := range ev.Sources {
			s := &ev.Sources[k]
			b = appendString(b, s.ID)
			b = appendString(b, s.Quote)
			b = binary.AppendUvarint(b, uint64(s.Start))
			b = binary.AppendUvarint(b, uint64(s.End))
			b = appendTime(b, s.DateStart)
			b = appendTime(b, s.DateEnd)
			b = append(b, byte(s.Precision), byte(s.Basis), byte(s.AnchorPrecision))
			b = appendString(b, s.Expression)
			b = appendTime(b, s.Anchor)
			b = appendString(b, s.AnchorID)
			b = appendBool(b, s.Announced)
		}
	}
	return b
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// appendTime writes a time as its Unix seconds, 0 for the zero time.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	return binary.AppendVarint(binary.AppendUvarint(b, 1), t.Unix())
}

// DecodeTimeline reads a timeline written by AppendTimeline. Its strings
// are cut from data without copies: data must never change afterwards.
func DecodeTimeline(data []byte) (Timeline, error) {
	if len(data) < len(timelineMagic) || string(data[:len(timelineMagic)]) != timelineMagic {
		return Timeline{}, errTimelineCodec
	}
	d := &timelineReader{codecReader: codecReader{b: data, off: len(timelineMagic)}}
	if len(data) > 0 {
		d.s = unsafe.String(unsafe.SliceData(data), len(data))
	}
	var t Timeline
	t.Large = d.bool()
	t.Left = int(d.uint(math.MaxInt32))
	if n := d.count(1); n > 0 {
		t.Undated = make([]string, n)
	}
	for i := range t.Undated {
		t.Undated[i] = d.string()
	}
	t.Events = make([]Event, d.count(12))
	for i := range t.Events {
		ev := &t.Events[i]
		ev.Kind = Kind(d.byte(byte(KindPlanned)))
		ev.Precision = Precision(d.byte(byte(Span)))
		ev.Start, ev.End = d.time(), d.time()
		ev.Label = d.string()
		flags := d.byte(3)
		ev.Context, ev.Notable = flags&1 != 0, flags&2 != 0
		ev.Period = Period{From: int(d.uint(math.MaxInt32)), To: int(d.uint(math.MaxInt32))}
		ev.Milestone = d.string()
		ev.MoreReports, ev.MoreAnnounced = int(d.uint(math.MaxInt32)), int(d.uint(math.MaxInt32))
		if n := d.count(13); n > 0 {
			ev.Sources = make([]Source, n)
		}
		for k := range ev.Sources {
			s := &ev.Sources[k]
			s.ID, s.Quote = d.string(), d.string()
			s.Start, s.End = int(d.uint(math.MaxInt32)), int(d.uint(math.MaxInt32))
			s.DateStart, s.DateEnd = d.time(), d.time()
			s.Precision, s.Basis, s.AnchorPrecision = Precision(d.byte(byte(Span))), Basis(d.byte(byte(Catalogue))), Precision(d.byte(byte(Span)))
			s.Expression = d.string()
			s.Anchor = d.time()
			s.AnchorID = d.string()
			s.Announced = d.bool()
		}
		if d.err != nil {
			return Timeline{}, d.err
		}
	}
	if d.err == nil && d.off != len(data) {
		d.fail()
	}
	if d.err != nil {
		return Timeline{}, d.err
	}
	return t, nil
}

// timelineReader reads an encoded timeline; s is its data as a string,
// which strings are cut from.
type timelineReader struct {
	codecReader
	s string
}

func (d *timelineReader) string() string {
	r := d.str()
	return d.s[r.off : r.off+r.n]
}

func (d *timelineReader) bool() bool { return d.byte(1) == 1 }

func (d *timelineReader) time() time.Time {
	if d.byte(1) == 0 {
		return time.Time{}
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 || v < -1<<40 || v > 1<<40 {
		d.fail()
		return time.Time{}
	}
	d.off += n
	return time.Unix(v, 0).UTC()
}

package library

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The derived file of a generation keeps what the Deriver computed for each
// article (the timeline's extraction: 200 MB at 100,000 articles). An open
// needs only who has what (to find what to derive again); the data itself
// only when a timeline is assembled, which a kept timeline (keeptimeline.go)
// mostly spares. So the file holds a table first, each article's id,
// checksum, reference and data length, sealed on its own, then the data,
// sealed apart: an open reads and checks the table alone, and the data is
// read, and checked whole, when it is needed, and let go after.
//
//	magic, table length, table, SHA-256 of all before it,
//	data, SHA-256 of the data

// derivedMagic starts a derived-data file.
const derivedMagic = "dossier derived 2\n"

// derivedMagicV1 started the derived files of earlier versions (the data
// inline in the table): such data is derived again, the index kept.
const derivedMagicV1 = "dossier derived 1\n"

// errOldDerived is a derived file of an earlier version.
var errOldDerived = errors.New("derived data of an earlier version")

// Derived is what a Deriver computed for one article, with the reference
// article (itself, or the original it translates) whose date it used.
type Derived struct {
	ID      string
	Sum     uint64 // the article file's checksum when it was derived
	RefID   string
	RefDate int64 // unix seconds of the reference's date, 0 when undated
	Data    []byte

	off, n int64 // the data's place in the file's data (when read from one)
}

// encodeDerived is the content of a derived file.
func encodeDerived(version string, ds []Derived) []byte {
	e := &encoder{}
	e.string(version)
	e.uint(uint64(len(ds)))
	size := 0
	for _, d := range ds {
		e.string(d.ID)
		e.uint(d.Sum)
		e.string(d.RefID)
		e.int(d.RefDate)
		e.uint(uint64(len(d.Data)))
		size += len(d.Data)
	}
	head := binary.AppendUvarint([]byte(derivedMagic), uint64(len(e.b)))
	out := make([]byte, 0, len(head)+len(e.b)+size+2*sha256.Size)
	out = append(append(out, head...), e.b...)
	sum := sha256.Sum256(out)
	out = append(out, sum[:]...)
	start := len(out)
	for _, d := range ds {
		out = append(out, d.Data...)
	}
	sum = sha256.Sum256(out[start:])
	return append(out, sum[:]...)
}

// derivedFile is a derived file whose table was read: its entries, without
// their data, and where the data lies.
type derivedFile struct {
	path     string
	version  string
	entries  map[string]Derived
	from, to int64 // the data, between the table's seal and the data's
}

// maxDerivedTable bounds a derived file's table (a few dozen bytes an
// article): a damaged length is an error, not a huge allocation.
const maxDerivedTable = 1 << 30

// readDerivedTable reads and checks a derived file's table.
func readDerivedTable(path string) (*derivedFile, error) {
	f, info, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, len(derivedMagic)+binary.MaxVarintLen64)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("%w: %v", errDamaged, err)
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte(derivedMagicV1)) {
		return nil, errOldDerived
	}
	if len(head) < len(derivedMagic) || string(head[:len(derivedMagic)]) != derivedMagic {
		return nil, fmt.Errorf("%w: not a dossier derived file", errDamaged)
	}
	size, k := binary.Uvarint(head[len(derivedMagic):])
	tableAt := int64(len(derivedMagic) + k)
	if k <= 0 || size > maxDerivedTable || tableAt+int64(size)+2*sha256.Size > info.Size() {
		return nil, fmt.Errorf("%w: bad table length", errDamaged)
	}
	buf := make([]byte, tableAt+int64(size)+sha256.Size)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, fmt.Errorf("%w: %v", errDamaged, err)
	}
	body, sum := buf[:len(buf)-sha256.Size], buf[len(buf)-sha256.Size:]
	if got := sha256.Sum256(body); string(got[:]) != string(sum) {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or overwritten)", errDamaged)
	}
	d := newDecoder(body[tableAt:])
	df := &derivedFile{path: path, version: d.string(), from: int64(len(buf)), to: info.Size() - sha256.Size}
	count := d.count(5)
	df.entries = make(map[string]Derived, count)
	off := int64(0)
	for range count {
		e := Derived{ID: d.string(), Sum: d.uint(), RefID: d.string(), RefDate: d.int()}
		e.off, e.n = off, int64(d.uint())
		off += e.n
		if d.err == nil && off > df.to-df.from {
			d.fail("data length")
		}
		df.entries[e.ID] = e
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	if off != df.to-df.from {
		return nil, fmt.Errorf("%w: the data is %d bytes, the table says %d", errDamaged, df.to-df.from, off)
	}
	return df, nil
}

// data reads the file's data and checks it whole; each entry's Data is cut
// from it.
func (df *derivedFile) data() (map[string]Derived, error) {
	data, err := df.checked()
	if err != nil {
		return nil, err
	}
	out := make(map[string]Derived, len(df.entries))
	for id, e := range df.entries {
		e.Data = df.cut(data, e)
		out[id] = e
	}
	return out, nil
}

// cut returns entry e's data from the file's data.
func (df *derivedFile) cut(data []byte, e Derived) []byte { return data[e.off : e.off+e.n : e.off+e.n] }

// checked reads the file's data and checks it whole (mapAhead maps it
// instead, for an assembly).
func (df *derivedFile) checked() ([]byte, error) {
	f, _, err := openRegular(df.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, df.to-df.from+sha256.Size)
	if _, err := f.ReadAt(buf, df.from); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errDamaged, df.path, err)
	}
	data, sum := buf[:len(buf)-sha256.Size], buf[len(buf)-sha256.Size:]
	if got := sha256.Sum256(data); string(got[:]) != string(sum) {
		return nil, fmt.Errorf("%w: %s: checksum mismatch (truncated or overwritten)", errDamaged, df.path)
	}
	return data, nil
}

// derivedSet is a snapshot's derived data: what was computed now (all of
// it for a corpus in memory) over its generation's, read when first asked
// for and not kept (a timeline assembled from it keeps what it needs).
type derivedSet struct {
	now    map[string][]byte
	gen    *derivedFile // nil: none
	notice func(string) // says when the generation's could not be read

	afterMap func(path string) // tests: the generation's data was mapped
}

// all returns every article's derived data. The generation's is read
// now; when it cannot be (gone, damaged), it is left out, and what needs
// it is derived again from the articles.
func (d *derivedSet) all() map[string][]byte {
	if d == nil {
		return nil
	}
	if d.gen == nil {
		return maps.Clone(d.now)
	}
	out := make(map[string][]byte, len(d.gen.entries)+len(d.now))
	ds, err := d.gen.data()
	if err != nil {
		d.unread(err)
	}
	for id, e := range ds {
		out[id] = e.Data
	}
	for id, data := range d.now {
		out[id] = data
	}
	return out
}

// unread tells that the generation's data could not be read (err).
func (d *derivedSet) unread(err error) {
	if d.notice != nil {
		d.notice(fmt.Sprintf("the kept timeline data could not be read (%v): the timeline is made from the articles", err))
	}
}

// mappedAhead is all with the generation's data mapped rather than read:
// off the heap (200 MB at 100,000 articles) while a timeline is
// assembled. Nothing cut from it may be used after release. It returns a
// lookup by article id rather than a map: at 100,000 articles, two maps
// of every id cost 0.1 CPU-s before each assembly. The generation's data
// is checked on a goroutine of its own while the caller starts: until
// verify has returned true, get
// gives the generation's data unchecked (to read no more than headers
// that the caller checks themselves); verify waits for the check and
// reports whether it passed: if not, the damage is told and get gives
// only what was derived now. A fault while the data is checked (the file
// cut short under the mapping) fails the check. release waits for the
// check before the mapping goes.
func (d *derivedSet) mappedAhead() (get func(id string) []byte, verify func() bool, release func()) {
	if d == nil {
		return func(string) []byte { return nil }, func() bool { return true }, func() {}
	}
	if d.gen == nil {
		return func(id string) []byte { return d.now[id] }, func() bool { return true }, func() {}
	}
	var bad atomic.Bool
	data, check, release, err := d.gen.mapAhead(d.afterMap)
	tell := func(err error) {
		bad.Store(true)
		d.unread(err)
	}
	if err != nil {
		tell(err)
		release, check = func() {}, func() error { return nil }
	}
	var once sync.Once
	verify = func() bool {
		once.Do(func() {
			if err := check(); err != nil {
				tell(err)
			}
		})
		return !bad.Load()
	}
	return func(id string) []byte {
		if b, ok := d.now[id]; ok {
			return b
		}
		if e, ok := d.gen.entries[id]; ok && !bad.Load() {
			return d.gen.cut(data, e)
		}
		return nil
	}, verify, release
}

// mapAhead maps the file's data and checks it whole on a goroutine of its
// own: check waits for the result; release waits for it, then lets the
// mapping go. afterMap (tests) is called once it is mapped.
func (df *derivedFile) mapAhead(afterMap func(path string)) (data []byte, check func() error, release func(), err error) {
	f, info, err := openRegular(df.path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	if info.Size() != df.to+sha256.Size {
		return nil, nil, nil, fmt.Errorf("%w: %s: %d bytes, its table says %d", errDamaged, df.path, info.Size(), df.to+sha256.Size)
	}
	all, rel, err := mapFile(f, info.Size())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %s: %v", errDamaged, df.path, err)
	}
	data, sum := all[df.from:df.to], all[df.to:]
	if afterMap != nil {
		afterMap(df.path)
	}
	done := make(chan error, 1)
	go func() {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if p := recover(); p != nil {
				if _, fault := p.(interface{ Addr() uintptr }); !fault {
					panic(p)
				}
				done <- fmt.Errorf("%w: %s: cut short while read", errDamaged, df.path)
			}
		}()
		if got := sha256.Sum256(data); string(got[:]) != string(sum) {
			done <- fmt.Errorf("%w: %s: checksum mismatch (truncated or overwritten)", errDamaged, df.path)
			return
		}
		done <- nil
	}()
	var result error
	var once sync.Once
	wait := func() { once.Do(func() { result = <-done }) }
	check = func() error { wait(); return result }
	release = func() { wait(); rel() }
	return data, check, release, nil
}

// newDecoder decodes b, cutting strings from it without copies (b is never
// written again).
func newDecoder(b []byte) *decoder {
	if len(b) == 0 {
		return &decoder{}
	}
	return &decoder{b: b, s: unsafe.String(unsafe.SliceData(b), len(b))}
}

package library

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// The kept files (manifest, derived) are written with this small binary
// codec: length-prefixed fields, then a SHA-256 of everything before it.
// Decoding checks every length against what is left, so a damaged or
// hostile file is an error, never a panic or a huge allocation.

// errDamaged is returned for a file that fails a check.
var errDamaged = errors.New("damaged")

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}
func (e *encoder) string(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bytes(p []byte)  { e.uint(uint64(len(p))); e.b = append(e.b, p...) }

// seal appends the checksum; the result is the file's content.
func (e *encoder) seal() []byte {
	sum := sha256.Sum256(e.b)
	return append(e.b, sum[:]...)
}

type decoder struct {
	b   []byte
	s   string // the same bytes as b, so strings are cut from it without copies
	err error
}

// openFile checks a file's magic and checksum and returns a decoder of its body.
func openFile(data []byte, magic string) (*decoder, error) {
	if len(data) < len(magic)+sha256.Size || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a dossier cache file", errDamaged)
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); string(got[:]) != string(sum) {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or overwritten)", errDamaged)
	}
	rest := body[len(magic):]
	// The strings are cut from the file's bytes without copies: data is
	// never written again once read (decodeManifest and decodeDerived own it).
	return &decoder{b: rest, s: unsafe.String(unsafe.SliceData(rest), len(rest))}, nil
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: bad %s", errDamaged, what)
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.advance(n)
	return v
}

// advance skips n bytes of both views.
func (d *decoder) advance(n int) {
	d.b = d.b[n:]
	d.s = d.s[n:]
}

func (d *decoder) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.advance(n)
	return v
}

func (d *decoder) bool() bool { return d.uint() == 1 }

// count reads a length that must fit in what is left, each item taking at
// least min bytes.
func (d *decoder) count(min int) int {
	n := d.uint()
	if d.err == nil && (n > math.MaxInt32 || n*uint64(max(min, 1)) > uint64(len(d.b))) {
		d.fail("length")
		return 0
	}
	return int(n)
}

func (d *decoder) bytes() []byte {
	n := d.count(1)
	if d.err != nil {
		return nil
	}
	p := d.b[:n:n]
	d.advance(n)
	return p
}

func (d *decoder) string() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	s := d.s[:n]
	d.advance(n)
	return s
}

// done reports an error unless the whole body was read.
func (d *decoder) done() error {
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing data")
	}
	return d.err
}

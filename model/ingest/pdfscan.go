package ingest

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"io"
	"math"
	"strconv"

	"dossier/model"
)

// The PDF library bounds how deep objects nest, but not how far a stream
// inflates (a font's character map is parsed whole), nor a cross-reference
// chain that loops (it follows it for ever), nor the tables it allocates
// from the sizes a file claims (a /Size of ten billion is a fatal out of
// memory, which no recover catches). scanPDF reads the file first, bounded,
// and refuses all three.
const (
	maxStream   = 64 << 20  // one Flate stream that is not an image, decompressed
	maxInflated = 256 << 20 // all of them together
	maxXrefs    = 1000      // cross-reference sections chained by /Prev
	maxObjects  = 5_000_000 // objects a cross-reference table may claim
	maxColumns  = 1 << 20   // the Columns of a predictor
)

// scanPDF checks a PDF's shape before the library reads it. Image streams
// are never decoded by the import, so they are not inflated here either.
func scanPDF(data []byte) error {
	var inflated int64
	pos := 0
	for pos < len(data) {
		i := streamStart(data[pos:])
		if i < 0 {
			break
		}
		dictEnd := pos + i
		start := dictEnd + len("stream")
		if start < len(data) && data[start] == '\r' {
			start++
		}
		if start < len(data) && data[start] == '\n' {
			start++
		}
		end := bytes.Index(data[start:], []byte("endstream"))
		if end < 0 {
			end = len(data) - start
		}
		dict := data[max(0, dictEnd-4096):dictEnd]
		if k := bytes.LastIndex(dict, []byte(" obj")); k >= 0 {
			dict = dict[k:]
		}
		if !bytes.Contains(dict, []byte("/Image")) && (bytes.Contains(dict, []byte("/FlateDecode")) || flateAbbrev().Match(dict)) {
			n, _ := inflate(data[start:start+end], bytes.Contains(dict, []byte("/ASCII85Decode")), maxStream+1)
			if n > maxStream {
				return refusef("PDF with a stream that expands to over %s: a PDF bomb?", model.HumanBytes(maxStream))
			}
			if inflated += n; inflated > maxInflated {
				return refusef("PDF whose streams expand to over %s: a PDF bomb?", model.HumanBytes(maxInflated))
			}
		}
		pos = start + end + len("endstream")
	}
	if err := checkSizes(data); err != nil {
		return err
	}
	return checkXrefChain(data)
}

var (
	sizeRx   = lazyRegexp(`/(Size|Columns)\s*(\d{1,20})`)
	wRx      = lazyRegexp(`/W\s*\[\s*(\d{1,20})\s+(\d{1,20})\s+(\d{1,20})\s*\]`)
	indexRx  = lazyRegexp(`/Index\s*\[([\d\s]{0,1000})\]`)
	subsecRx = lazyRegexp(`(?m)^\s*(\d{1,20})[ \t]+(\d{1,20})[ \t]*\r?$`)
	xrefKwRx = lazyRegexp(`(?m)(?:^|\s)xref\s`)
)

// checkSizes refuses the sizes the library would allocate tables for
// without looking: /Size, xref subsections, xref stream /W and /Index,
// predictor /Columns.
func checkSizes(data []byte) error {
	tooBig := func() error {
		return refusef("corrupt PDF: it claims more than %d objects or absurd table sizes", maxObjects)
	}
	num := func(b []byte) int64 {
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return math.MaxInt64
		}
		return n
	}
	for _, m := range sizeRx().FindAllSubmatch(data, -1) {
		limit := int64(maxObjects)
		if string(m[1]) == "Columns" {
			limit = maxColumns
		}
		if num(m[2]) > limit {
			return tooBig()
		}
	}
	for _, m := range wRx().FindAllSubmatch(data, -1) {
		if num(m[1]) > 8 || num(m[2]) > 8 || num(m[3]) > 8 {
			return tooBig()
		}
	}
	for _, m := range indexRx().FindAllSubmatch(data, -1) {
		f := bytes.Fields(m[1])
		for i := 0; i+1 < len(f); i += 2 {
			if a, b := num(f[i]), num(f[i+1]); a > maxObjects || b > maxObjects || a+b > maxObjects {
				return tooBig()
			}
		}
	}
	for _, loc := range xrefKwRx().FindAllIndex(data, -1) {
		section := data[loc[1]:]
		if end := bytes.Index(section, []byte("trailer")); end >= 0 {
			section = section[:end]
		} else if len(section) > 1<<20 {
			section = section[:1<<20]
		}
		for _, m := range subsecRx().FindAllSubmatch(section, -1) {
			if a, b := num(m[1]), num(m[2]); a > maxObjects || b > maxObjects || a+b > maxObjects {
				return tooBig()
			}
		}
	}
	return nil
}

var flateAbbrev = lazyRegexp(`/Fl[\s/\]>]`)

// streamStart finds the keyword "stream" that opens a stream's data.
func streamStart(b []byte) int {
	off := 0
	for {
		i := bytes.Index(b[off:], []byte("stream"))
		if i < 0 {
			return -1
		}
		at := off + i
		after := at + len("stream")
		isEnd := at >= 3 && string(b[at-3:at]) == "end"
		if !isEnd && after < len(b) && (b[after] == '\r' || b[after] == '\n') {
			return at
		}
		off = after
	}
}

// inflate decompresses one stream, at most limit bytes, and returns how
// many it got. Broken data just ends the stream: the library will say what
// is wrong with it, if it ever reads it.
func inflate(data []byte, a85 bool, limit int64) (int64, error) {
	var r io.Reader = bytes.NewReader(data)
	if a85 {
		r = ascii85.NewDecoder(&a85Clean{r: r})
	}
	zr, err := zlib.NewReader(r)
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	return io.Copy(io.Discard, io.LimitReader(zr, limit))
}

// a85Clean passes the ASCII85 alphabet and stops at the "~>" end marker.
type a85Clean struct {
	r    io.Reader
	done bool
}

func (a *a85Clean) Read(p []byte) (int, error) {
	if a.done {
		return 0, io.EOF
	}
	n, err := a.r.Read(p)
	k := 0
	for _, c := range p[:n] {
		if c == '~' {
			a.done = true
			break
		}
		if c >= '!' && c <= 'u' || c == 'z' {
			p[k] = c
			k++
		}
	}
	if a.done && k == 0 {
		return 0, io.EOF
	}
	return k, err
}

var (
	startxrefRx = lazyRegexp(`startxref\s+(\d{1,15})`)
	prevRx      = lazyRegexp(`/Prev\s+(\d{1,15})`)
)

// checkXrefChain follows the /Prev links between cross-reference sections
// from the last startxref, as the library will, and refuses a chain that
// loops or is absurdly long.
func checkXrefChain(data []byte) error {
	all := startxrefRx().FindAllSubmatch(data[max(0, len(data)-4096):], -1)
	if len(all) == 0 {
		return nil // the library reports the missing startxref
	}
	off, _ := strconv.ParseInt(string(all[len(all)-1][1]), 10, 64)
	seen := map[int64]bool{}
	for n := 0; off > 0 && off < int64(len(data)); n++ {
		if seen[off] {
			return refusef("corrupt PDF: its cross-reference sections refer to each other in a loop")
		}
		if n >= maxXrefs {
			return refusef("corrupt PDF: more than %d cross-reference sections", maxXrefs)
		}
		seen[off] = true
		section := data[off:]
		if end := bytes.Index(section, []byte("startxref")); end >= 0 {
			section = section[:end]
		}
		m := prevRx().FindSubmatch(section)
		if m == nil {
			return nil
		}
		off, _ = strconv.ParseInt(string(m[1]), 10, 64)
	}
	return nil
}

package ingest

import (
	"bytes"
	"compress/zlib"
	"context"
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

// scanPDF checks a PDF's shape before the library reads it: the objects
// outside streams and in object streams (pdfLexer: no array or dictionary
// the library would hold in too much memory), how far streams inflate, the
// table sizes it claims and its cross-reference chain. Image streams are
// never decoded by the import, so they are not inflated here either. ctx
// stops it between streams.
func scanPDF(ctx context.Context, data []byte) error {
	var inflated int64
	objects := &pdfLexer{}
	pos := 0
	for pos < len(data) {
		if err := ctx.Err(); err != nil {
			return err
		}
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
		if _, err := objects.Write(data[pos:start]); err != nil {
			return err
		}
		end := bytes.Index(data[start:], []byte("endstream"))
		if end < 0 {
			end = len(data) - start
		}
		dict := data[max(0, dictEnd-4096):dictEnd]
		if k := bytes.LastIndex(dict, []byte(" obj")); k >= 0 {
			dict = dict[k:]
		}
		flate := bytes.Contains(dict, []byte("/FlateDecode")) || flateAbbrev().Match(dict)
		objStm := bytes.Contains(dict, []byte("/ObjStm"))
		if !bytes.Contains(dict, []byte("/Image")) && flate {
			var sink io.Writer = io.Discard
			if objStm {
				sink = &pdfLexer{} // the objects in it, as the library will parse them
			}
			n, err := inflate(data[start:start+end], bytes.Contains(dict, []byte("/ASCII85Decode")), maxStream+1, sink)
			if IsRefusal(err) {
				return err
			}
			if n > maxStream {
				return refusef("PDF with a stream that expands to over %s: a PDF bomb?", model.HumanBytes(maxStream))
			}
			if inflated += n; inflated > maxInflated {
				return refusef("PDF whose streams expand to over %s: a PDF bomb?", model.HumanBytes(maxInflated))
			}
		} else if objStm && !flate {
			if _, err := (&pdfLexer{}).Write(data[start : start+end]); err != nil {
				return err
			}
		}
		pos = start + end
	}
	if _, err := objects.Write(data[pos:]); err != nil {
		return err
	}
	if err := checkSizes(data); err != nil {
		return err
	}
	return checkXrefChain(data)
}

// checkSizes refuses the sizes the library would allocate tables for
// without looking: /Size, xref subsections, xref stream /W and /Index,
// predictor /Columns. It reads the file once, keeping nothing (a file may
// hold millions of such keys).
func checkSizes(data []byte) error {
	tooBig := func() error {
		return refusef("corrupt PDF: it claims more than %d objects or absurd table sizes", maxObjects)
	}
	for i := 0; i < len(data); {
		k := bytes.IndexByte(data[i:], '/')
		if k < 0 {
			break
		}
		i += k + 1
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("Size")) || bytes.HasPrefix(rest, []byte("Columns")):
			limit, skip := int64(maxObjects), len("Size")
			if rest[0] == 'C' {
				limit, skip = maxColumns, len("Columns")
			}
			if n, _, ok := pdfNumber(rest, skipPDFSpace(rest, skip)); ok && n > limit {
				return tooBig()
			}
		case bytes.HasPrefix(rest, []byte("W")) || bytes.HasPrefix(rest, []byte("Index")):
			isW := rest[0] == 'W'
			at := skipPDFSpace(rest, 1)
			if !isW {
				at = skipPDFSpace(rest, len("Index"))
			}
			if at >= len(rest) || rest[at] != '[' {
				continue
			}
			var nums [3]int64
			count, ok := 0, true
			for at = skipPDFSpace(rest, at+1); at < len(rest) && rest[at] != ']' && at < 1024; at = skipPDFSpace(rest, at) {
				n, next, isNum := pdfNumber(rest, at)
				if !isNum {
					ok = false
					break
				}
				if isW {
					if count < 3 {
						nums[count] = n
					}
				} else if count%2 == 1 {
					if a := nums[0]; a > maxObjects || n > maxObjects || a+n > maxObjects {
						return tooBig()
					}
				} else {
					nums[0] = n
				}
				count++
				at = next
			}
			if isW && ok && count == 3 && at < len(rest) && rest[at] == ']' && (nums[0] > 8 || nums[1] > 8 || nums[2] > 8) {
				return tooBig()
			}
		}
	}
	// Cross-reference tables: each subsection header is a line of two
	// numbers. Sections are read one after the other, never twice.
	for i := 0; i < len(data); {
		k := bytes.Index(data[i:], []byte("xref"))
		if k < 0 {
			break
		}
		at := i + k
		i = at + len("xref")
		if at > 0 && !isPDFSpace(data[at-1]) || i >= len(data) || !isPDFSpace(data[i]) {
			continue
		}
		section := data[i:]
		if end := bytes.Index(section, []byte("trailer")); end >= 0 {
			section = section[:end]
		} else if len(section) > 1<<20 {
			section = section[:1<<20]
		}
		i += len(section)
		for len(section) > 0 {
			line := section
			if nl := bytes.IndexAny(section, "\r\n"); nl >= 0 {
				line, section = section[:nl], section[nl+1:]
			} else {
				section = nil
			}
			a, next, ok := pdfNumber(line, skipPDFSpace(line, 0))
			if !ok || next >= len(line) || line[next] != ' ' && line[next] != '\t' {
				continue
			}
			b, next, ok := pdfNumber(line, skipPDFSpace(line, next))
			if ok && skipPDFSpace(line, next) == len(line) && (a > maxObjects || b > maxObjects || a+b > maxObjects) {
				return tooBig()
			}
		}
	}
	return nil
}

// skipPDFSpace returns the first index from i that is not white space.
func skipPDFSpace(b []byte, i int) int {
	for i < len(b) && isPDFSpace(b[i]) {
		i++
	}
	return i
}

// pdfNumber reads the digits at b[i:] (at most 20; a longer number is
// too big anyway) as a number, math.MaxInt64 when it overflows.
func pdfNumber(b []byte, i int) (n int64, next int, ok bool) {
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 20 {
		if n > (math.MaxInt64-9)/10 {
			n = math.MaxInt64
		} else if n != math.MaxInt64 {
			n = n*10 + int64(b[i]-'0')
		}
		i++
	}
	return n, i, i > start
}

var flateAbbrev = model.LazyRegexp(`/Fl[\s/\]>]`)

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

// inflate decompresses one stream into sink, at most limit bytes, and
// returns how many it got. Broken data just ends the stream: the library
// will say what is wrong with it, if it ever reads it. An error of the sink
// (a refusal from a pdfLexer) is returned.
func inflate(data []byte, a85 bool, limit int64, sink io.Writer) (int64, error) {
	var r io.Reader = bytes.NewReader(data)
	if a85 {
		r = ascii85.NewDecoder(&a85Clean{r: r})
	}
	zr, err := zlib.NewReader(r)
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	return io.Copy(sink, io.LimitReader(zr, limit))
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
	startxrefRx = model.LazyRegexp(`startxref\s+(\d{1,15})`)
	prevRx      = model.LazyRegexp(`/Prev\s+(\d{1,15})`)
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

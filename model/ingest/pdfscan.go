package ingest

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"io"
	"regexp"
	"strconv"
)

// The PDF library parses nested arrays and dictionaries by recursion, and
// Go cannot recover from a stack overflow: a few megabytes of "[[[[" would
// end the process. scanPDF therefore reads the file and every compressed
// stream in it first, bounded, and refuses what nests too deep, inflates
// too far, or chains its cross-reference sections in a loop.
const (
	maxNesting  = 2000      // arrays and dictionaries inside each other
	maxInflated = 512 << 20 // all Flate streams together, decompressed
	maxXrefs    = 1000      // cross-reference sections chained by /Prev
)

// scanPDF checks a PDF's shape before the library reads it.
func scanPDF(data []byte) error {
	var raw nestScanner
	var inflated int64
	pos := 0
	for pos < len(data) {
		i := streamStart(data[pos:])
		if i < 0 {
			raw.Write(data[pos:])
			break
		}
		dictEnd := pos + i
		raw.Write(data[pos:dictEnd])
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
		dict := data[max(0, dictEnd-512):dictEnd]
		if bytes.Contains(dict, []byte("/FlateDecode")) || flateAbbrev.Match(dict) {
			var sc nestScanner
			n, _ := inflate(data[start:start+end], bytes.Contains(dict, []byte("/ASCII85Decode")), &sc, maxInflated-inflated+1)
			if inflated += n; inflated > maxInflated {
				return refusef("PDF whose streams expand to over %s: a PDF bomb?", humanSize(maxInflated))
			}
			if sc.max > maxNesting {
				return refusef("corrupt PDF: a stream nests arrays or dictionaries more than %d deep", maxNesting)
			}
		}
		raw.resetString()
		pos = start + end + len("endstream")
	}
	if raw.max > maxNesting {
		return refusef("corrupt PDF: it nests arrays or dictionaries more than %d deep", maxNesting)
	}
	return checkXrefChain(data)
}

var flateAbbrev = regexp.MustCompile(`/Fl[\s/\]>]`)

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

// inflate decompresses one stream into w, at most limit bytes, and returns
// how many it wrote. Broken data just ends the stream: the library will
// say what is wrong with it, if it ever reads it.
func inflate(data []byte, a85 bool, w io.Writer, limit int64) (int64, error) {
	var r io.Reader = bytes.NewReader(data)
	if a85 {
		r = ascii85.NewDecoder(&a85Clean{r: r})
	}
	zr, err := zlib.NewReader(r)
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	return io.Copy(w, io.LimitReader(zr, limit))
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
	if a.done && err == nil && k == 0 {
		return 0, io.EOF
	}
	return k, err
}

// nestScanner follows PDF syntax far enough to measure how deep arrays
// and dictionaries nest: it skips literal strings (with their escapes and
// balanced parentheses) and comments.
type nestScanner struct {
	depth, max int
	str        int  // parenthesis depth inside a literal string
	esc        bool // the previous byte in a string was a backslash
	comment    bool
	lt, gt     bool // the previous byte was an unpaired < or >
}

// Write scans p; it never fails.
func (s *nestScanner) Write(p []byte) (int, error) {
	for _, c := range p {
		switch {
		case s.comment:
			s.comment = c != '\n' && c != '\r'
			continue
		case s.str > 0:
			switch {
			case s.esc:
				s.esc = false
			case c == '\\':
				s.esc = true
			case c == '(':
				s.str++
			case c == ')':
				s.str--
			}
			continue
		}
		lt, gt := s.lt, s.gt
		s.lt, s.gt = false, false
		switch c {
		case '%':
			s.comment = true
		case '(':
			s.str = 1
		case '[':
			s.open()
		case ']':
			s.close()
		case '<':
			if lt {
				s.open()
			} else {
				s.lt = true
			}
		case '>':
			if gt {
				s.close()
			} else {
				s.gt = true
			}
		}
	}
	return len(p), nil
}

func (s *nestScanner) open() {
	s.depth++
	s.max = max(s.max, s.depth)
}

func (s *nestScanner) close() {
	if s.depth > 0 {
		s.depth--
	}
}

// resetString forgets string and comment state (at a stream's end).
func (s *nestScanner) resetString() {
	s.str, s.esc, s.comment, s.lt, s.gt = 0, false, false, false, false
}

var (
	startxrefRx = regexp.MustCompile(`startxref\s+(\d{1,15})`)
	prevRx      = regexp.MustCompile(`/Prev\s+(\d{1,15})`)
)

// checkXrefChain follows the /Prev links between cross-reference sections
// from the last startxref, as the library will, and refuses a chain that
// loops (the library would follow it for ever) or is absurdly long.
func checkXrefChain(data []byte) error {
	all := startxrefRx.FindAllSubmatch(data[max(0, len(data)-4096):], -1)
	if len(all) == 0 {
		return nil // the library reports the missing startxref
	}
	off, _ := strconv.ParseInt(string(all[len(all)-1][1]), 10, 64)
	seen := map[int64]bool{}
	for n := 0; off > 0 && off < int64(len(data)); n++ {
		if seen[off] {
			return refusef("corrupt PDF: its cross-reference sections refer to each other in a loop")
		}
		if n > maxXrefs {
			return refusef("corrupt PDF: more than %d cross-reference sections", maxXrefs)
		}
		seen[off] = true
		section := data[off:]
		if end := bytes.Index(section, []byte("startxref")); end >= 0 {
			section = section[:end]
		}
		m := prevRx.FindSubmatch(section)
		if m == nil {
			return nil
		}
		off, _ = strconv.ParseInt(string(m[1]), 10, 64)
	}
	return nil
}

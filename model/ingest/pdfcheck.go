package ingest

import "fmt"

// The PDF library parses every object it reads whole, into a Go value per
// element (an array of a million entries is tens of megabytes), and keeps
// every operand of a content stream until the next operator. pdfLexer
// reads the same syntax as it streams by, allocating nothing, and refuses
// what would take the library more memory than an import may use.
const (
	maxPDFEntries = 500_000 // entries of one array or dictionary in an object
	maxOperands   = 100_000 // operands before an operator in a content stream or character map
	maxNesting    = 256     // arrays and dictionaries counted inside each other
)

// lexState is where a pdfLexer is between two bytes.
type lexState uint8

const (
	lexNormal  lexState = iota
	lexComment          // % to the end of the line
	lexString           // ( … ), nested, with \ escapes
	lexHex              // < … >
	lexToken            // a name, number or keyword
	lexInline           // inline image data, from ID to EI
)

// pdfLexer counts, without allocating, the entries of every open array and
// dictionary and the operands since the last operator. content says
// whether keywords are operators (a content stream, a character map) or
// only parts of objects (R, obj).
type pdfLexer struct {
	content bool
	err     error

	state   lexState
	depth   int // string nesting
	escape  bool
	prev    byte    // the byte before, for >>
	fresh   bool    // the < before was the first byte of a hex string
	tok     [3]byte // the first bytes of the current token
	tokLen  int
	keyword bool            // the current token is a keyword
	counts  [maxNesting]int // entries per open array or dictionary
	open    int             // open arrays and dictionaries (may exceed maxNesting)
	run     int             // operands since the last operator
	tail    [3]byte         // the last bytes of inline image data
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// Write reads more of the stream; it fails once a limit is passed.
func (l *pdfLexer) Write(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	for i := 0; i < len(p); i++ {
		l.byte(p[i])
		if l.err != nil {
			return i, l.err
		}
	}
	return len(p), nil
}

// Close ends the stream (a token at its very end).
func (l *pdfLexer) Close() error {
	if l.state == lexToken {
		l.endToken()
	}
	return l.err
}

// value counts one operand or entry.
func (l *pdfLexer) value() {
	if l.open > 0 && l.open <= maxNesting {
		if l.counts[l.open-1]++; l.counts[l.open-1] > maxPDFEntries {
			l.err = refusef("PDF with an array or dictionary of more than %d entries: damaged or hostile", maxPDFEntries)
		}
	}
	if l.content && l.open == 0 {
		if l.run++; l.run > maxOperands {
			l.err = fmt.Errorf("more than %d operands without an operator (damaged or hostile content)", maxOperands)
		}
	}
}

func (l *pdfLexer) push() {
	l.value() // the array or dictionary is itself one entry of its container
	if l.open < maxNesting {
		l.counts[l.open] = 0
	}
	l.open++
}

func (l *pdfLexer) pop() {
	if l.open > 0 {
		l.open--
	}
}

func (l *pdfLexer) endToken() {
	l.state = lexNormal
	if !l.keyword {
		l.value()
		return
	}
	kw := string(l.tok[:min(l.tokLen, 3)])
	if l.tokLen > 3 {
		kw = ""
	}
	switch {
	case kw == "tru" || kw == "fal" || kw == "nul": // true, false, null (a prefix is enough here)
		l.value()
	case !l.content && kw == "R" && l.tokLen == 1:
		// "3 0 R" is one entry, a reference, not three.
		if l.open > 0 && l.open <= maxNesting {
			l.counts[l.open-1] = max(l.counts[l.open-1]-2, 0)
		}
		l.value()
	case !l.content:
		l.value() // obj, endobj … are parts of objects
	case l.open > 0:
		l.value()
	default:
		l.run = 0 // an operator
		if kw == "ID" {
			l.state = lexInline
			l.tail = [3]byte{}
		}
	}
}

func (l *pdfLexer) byte(c byte) {
	switch l.state {
	case lexComment:
		if c == '\n' || c == '\r' {
			l.state = lexNormal
		}
		l.prev = c
		return
	case lexString:
		switch {
		case l.escape:
			l.escape = false
		case c == '\\':
			l.escape = true
		case c == '(':
			l.depth++
		case c == ')':
			if l.depth--; l.depth == 0 {
				l.state = lexNormal
				l.value()
			}
		}
		l.prev = 0
		return
	case lexHex:
		switch {
		case l.fresh && c == '<': // <<: a dictionary, not a hex string
			l.state = lexNormal
			l.push()
		case c == '>':
			l.state = lexNormal
			l.value()
		}
		l.fresh = false
		l.prev = 0
		return
	case lexInline:
		// Binary data up to whitespace, EI, then whitespace or a delimiter.
		t := l.tail
		if isPDFSpace(t[0]) && t[1] == 'E' && t[2] == 'I' && (isPDFSpace(c) || isPDFDelim(c)) {
			l.state = lexNormal
			l.run = 0
			l.prev = 0
			break
		}
		l.tail = [3]byte{t[1], t[2], c}
		return
	case lexToken:
		if !isPDFSpace(c) && !isPDFDelim(c) {
			if l.tokLen < len(l.tok) {
				l.tok[l.tokLen] = c
			}
			l.tokLen++
			l.prev = c
			return
		}
		l.endToken()
		if l.state == lexInline {
			l.prev = c
			return
		}
	}
	// lexNormal
	switch {
	case isPDFSpace(c):
	case c == '%':
		l.state = lexComment
	case c == '(':
		l.state, l.depth, l.escape = lexString, 1, false
	case c == '<':
		l.state, l.fresh = lexHex, true
	case c == '>':
		if l.prev == '>' {
			l.pop()
			c = 0
		}
	case c == '[' || c == '{':
		l.push()
	case c == ']' || c == '}':
		l.pop()
	case c == ')':
	default:
		l.state, l.tokLen = lexToken, 1
		l.tok[0] = c
		l.keyword = c != '/' && c != '+' && c != '-' && c != '.' && (c < '0' || c > '9')
	}
	l.prev = c
}

package index

import (
	"slices"
	"strings"
	"time"

	"dossier/model"
)

// The parsed query: a small tree that compile turns into a bleve query.
type node interface{ nodePos() int }

// termNode matches words, a phrase or a prefix in text fields.
type termNode struct {
	Field  string // "" for title and body; or "title", "source", "author"
	Text   string
	Phrase bool
	Prefix bool
	Pos    int
}

// filterNode matches a keyword field exactly (lang, id).
type filterNode struct {
	Field, Value string
	Pos          int
}

// rangeNode matches publication dates in [From, To); a zero end is open.
type rangeNode struct {
	From, To time.Time
	Pos      int
}

// setNode matches the articles of a set the caller names (is:new: the
// asking person's new articles); the index knows no such sets itself.
type setNode struct {
	Name string
	Pos  int
}

type notNode struct {
	X   node
	Pos int
}

type andNode struct{ Xs []node }

type orNode struct{ Xs []node }

func (n termNode) nodePos() int   { return n.Pos }
func (n filterNode) nodePos() int { return n.Pos }
func (n rangeNode) nodePos() int  { return n.Pos }
func (n notNode) nodePos() int    { return n.Pos }
func (n setNode) nodePos() int    { return n.Pos }
func (n andNode) nodePos() int    { return n.Xs[0].nodePos() }
func (n orNode) nodePos() int     { return n.Xs[0].nodePos() }

// knownFields lists the field filters of the query language, for messages.
var knownFields = []string{"title", "source", "author", "lang", "year", "date", "id", "is"}

// SetNew names the set of is:new: the articles new for the person asking.
const SetNew = "new"

// knownSets are the names is: takes.
var knownSets = []string{SetNew}

func fieldExample(name string) string {
	switch name {
	case "lang":
		return "lang:de"
	case "year":
		return "year:2025 or year:2023..2024"
	case "date":
		return "date:>=2023-01-01 or date:2025-04"
	case "title":
		return "title:roadmap"
	case "source", "outlet":
		return `source:"astana times"`
	case "author":
		return "author:banks"
	case "id":
		return "id:002_c9518c213fe21bc0"
	case "is":
		return "is:new"
	}
	return strings.Join(knownFields, ", ")
}

// parser is a recursive-descent parser over the tokens of one query.
type parser struct {
	q     string
	toks  []token
	i     int
	depth int // groups open
	words int // words so far (see maxQueryWords)
}

// parseQuery parses the query language:
//
//	words         all must match; ranked
//	"a phrase"    words in this order
//	-word         must not match (also NOT word); works on any term
//	a OR b        either; binds tighter than the implicit AND
//	( ... )       grouping
//	lith*         prefix
//	title: source: author:   words or "phrases" in that field
//	lang:de  id:ID           exact
//	is:new                   the articles of a set the caller gives (Request.Sets)
//	year:2025  year:2023..2024  year:>=2024
//	date:2025-04-04  date:>=2023-01-01  date:<2024  date:2023-06..2024-05
//
// A query longer than maxQueryBytes, with more than maxQueryWords words or
// groups nested deeper than maxQueryDepth is refused.
func parseQuery(q string) (node, error) {
	if err := checkLength(q); err != nil {
		return nil, err
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, errAt(q, 0, "empty query: type a word to search for")
	}
	p := &parser{q: q, toks: toks}
	n, err := p.parseAnd(false)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, errAt(q, t.Pos, "unmatched ')': there is no '(' before it")
	}
	return n, nil
}

func (p *parser) peek() (token, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return token{}, false
}

func (p *parser) parseAnd(inGroup bool) (node, error) {
	var xs []node
	for {
		t, ok := p.peek()
		if !ok || t.Kind == tokRParen {
			break
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 0 {
		pos := len(p.q)
		if t, ok := p.peek(); ok {
			pos = t.Pos
		}
		if inGroup {
			return nil, errAt(p.q, pos, "empty group (): put a term inside")
		}
		return nil, errAt(p.q, pos, "unmatched ')': there is no '(' before it")
	}
	if len(xs) == 1 {
		return xs[0], nil
	}
	return andNode{Xs: xs}, nil
}

func (p *parser) parseOr() (node, error) {
	if t, _ := p.peek(); t.Kind == tokOr {
		return nil, errAt(p.q, t.Pos, "OR needs a term before it")
	}
	first, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	xs := []node{first}
	for {
		t, ok := p.peek()
		if !ok || t.Kind != tokOr {
			break
		}
		p.i++
		next, ok := p.peek()
		if !ok || next.Kind == tokOr || next.Kind == tokRParen {
			return nil, errAt(p.q, t.Pos, "OR needs a term after it")
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 1 {
		return first, nil
	}
	return orNode{Xs: xs}, nil
}

func (p *parser) parseUnary() (node, error) {
	t, _ := p.peek()
	if t.Kind != tokNot {
		return p.parsePrimary()
	}
	p.i++
	next, ok := p.peek()
	if !ok || next.Kind == tokOr || next.Kind == tokRParen {
		return nil, errAt(p.q, t.Pos, "'-' (or NOT) needs a term after it")
	}
	if next.Kind == tokNot {
		return nil, errAt(p.q, next.Pos, "double negation: remove one '-' or NOT")
	}
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	return notNode{X: x, Pos: t.Pos}, nil
}

func (p *parser) parsePrimary() (node, error) {
	t, _ := p.peek()
	p.i++
	switch t.Kind {
	case tokLParen:
		if p.depth++; p.depth > maxQueryDepth {
			return nil, errAt(p.q, t.Pos, "groups nested too deep: at most %d ( ) within each other", maxQueryDepth)
		}
		n, err := p.parseAnd(true)
		p.depth--
		if err != nil {
			return nil, err
		}
		if end, ok := p.peek(); !ok || end.Kind != tokRParen {
			return nil, errAt(p.q, t.Pos, "this '(' is never closed: add a ')'")
		}
		p.i++
		return n, nil
	case tokRParen:
		return nil, errAt(p.q, t.Pos, "unmatched ')': there is no '(' before it")
	}
	if p.words += countWords(t.Text); p.words > maxQueryWords {
		return nil, errAt(p.q, t.Pos, "too many words: a query has at most %d", maxQueryWords)
	}
	switch t.Kind {
	case tokPhrase:
		return termNode{Text: t.Text, Phrase: true, Pos: t.Pos}, nil
	case tokField:
		return p.field(t)
	}
	return p.word(t.Text, t.Pos, "")
}

// word turns a bare word into a term, checking wildcard use.
func (p *parser) word(text string, pos int, field string) (node, error) {
	if k := strings.IndexAny(text, "*?"); k >= 0 {
		if k != len(text)-1 || text[k] == '?' {
			return nil, errAt(p.q, pos+k, "wildcards work only at the end of a word, as in lith*")
		}
		prefix := text[:k]
		if len([]rune(prefix)) < 2 {
			return nil, errAt(p.q, pos, "prefix %q is too short: give at least two letters before *", text)
		}
		return termNode{Field: field, Text: prefix, Prefix: true, Pos: pos}, nil
	}
	return termNode{Field: field, Text: text, Pos: pos}, nil
}

func (p *parser) field(t token) (node, error) {
	switch t.Field {
	case "title", "source", "outlet", "author":
		name := t.Field
		if name == "outlet" {
			name = "source"
		}
		if t.Phrase {
			return termNode{Field: name, Text: t.Text, Phrase: true, Pos: t.Pos}, nil
		}
		return p.word(t.Text, t.Pos, name)
	case "lang", "language":
		v := strings.ToLower(t.Text)
		if !model.ValidLang(v) {
			return nil, errAt(p.q, t.ValuePos, "lang:%s is not a language code; use e.g. lang:en or lang:de", t.Text)
		}
		return filterNode{Field: fieldLang, Value: v, Pos: t.Pos}, nil
	case "id":
		return filterNode{Field: "_id", Value: t.Text, Pos: t.Pos}, nil
	case "is":
		v := strings.ToLower(t.Text)
		if t.Phrase || !slices.Contains(knownSets, v) {
			return nil, errAt(p.q, t.ValuePos, "is:%s is not known; use %s", t.Text, "is:"+strings.Join(knownSets, ", is:"))
		}
		return setNode{Name: v, Pos: t.Pos}, nil
	case "year", "date":
		from, to, err := parseDateFilter(t.Field, t.Text)
		if err != nil {
			return nil, errAt(p.q, t.ValuePos, "%s: %v (e.g. %s)", t.Field, err, fieldExample(t.Field))
		}
		return rangeNode{From: from, To: to, Pos: t.Pos}, nil
	}
	return nil, errAt(p.q, t.Pos, "unknown field %q: use one of %s", t.Field+":", strings.Join(knownFields, ", "))
}

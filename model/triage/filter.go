package triage

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
)

// FilterHelp is the filter language in a few lines, for help screens and
// the command line.
const FilterHelp = `status:at-risk        status: unreviewed, on-track, at-risk, blocked, done (status:at-risk,blocked: either)
reviewer:alice         changed last by alice ("reviewer:Alice Example"; a,b: either)
has:evidence  no:note  has: or no: evidence, note, news
changed:<7d            changed less than 7 days ago (> more than; d, w, m = 30 days, y = 365 days)
quiet:>365d            no news for more than 365 days (an item never in the news is quiet forever)
tailings "value chain" words and phrases of the id, text, document, area or note
-word  NOT has:note    leave out; all terms must hold`

// Row is one item as the filter and the orders see it.
type Row struct {
	Item   roadmap.Item
	Review review.Review
	News   News // zero when the item has none
}

// Filter is a parsed roadmap filter: every term must hold.
type Filter struct {
	src   string
	terms []term
}

// termKind is what a filter term tests.
type termKind int

const (
	kindWords termKind = iota
	kindStatus
	kindReviewer
	kindHas
	kindChanged
	kindQuiet
)

// term is one condition of a filter.
type term struct {
	kind     termKind
	not      bool
	text     string // folded word or phrase (kindWords)
	statuses []review.Status
	names    []string // folded (kindReviewer)
	what     string   // evidence, note or news (kindHas); want says has (true) or no (false)
	want     bool
	cmp      string  // <, <=, >, >= (kindChanged, kindQuiet)
	days     float64 // the duration compared with
}

// String returns the filter as it was typed.
func (f *Filter) String() string { return f.src }

// Empty reports whether the filter lets every item through.
func (f *Filter) Empty() bool { return f == nil || len(f.terms) == 0 }

// fields are the filter's field names, for messages.
const fields = "status:, reviewer:, has:, no:, changed:, quiet:"

// ParseFilter reads a roadmap filter. A mistake is a *model.SyntaxError
// pointing at it, as for a search query.
func ParseFilter(src string) (*Filter, error) {
	f := &Filter{src: src}
	p := filterParser{q: src}
	for {
		p.space()
		if p.i >= len(src) {
			return f, nil
		}
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		f.terms = append(f.terms, t)
	}
}

type filterParser struct {
	q string
	i int
}

func (p *filterParser) errAt(pos int, format string, args ...any) error {
	return model.SyntaxErrorAt(p.q, pos, format, args...)
}

func (p *filterParser) space() {
	for p.i < len(p.q) {
		r, size := utf8.DecodeRuneInString(p.q[p.i:])
		if !unicode.IsSpace(r) {
			return
		}
		p.i += size
	}
}

// word reads up to the next space or quote.
func (p *filterParser) word() (string, int) {
	start := p.i
	for p.i < len(p.q) {
		r, size := utf8.DecodeRuneInString(p.q[p.i:])
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		p.i += size
	}
	return p.q[start:p.i], start
}

// phrase reads a quoted phrase starting at the quote.
func (p *filterParser) phrase() (string, error) {
	start := p.i
	end := strings.IndexByte(p.q[start+1:], '"')
	if end < 0 {
		return "", p.errAt(start, "this quote is never closed: add a closing \"")
	}
	text := p.q[start+1 : start+1+end]
	p.i = start + end + 2
	if strings.TrimSpace(text) == "" {
		return "", p.errAt(start, "empty phrase \"\"")
	}
	return text, nil
}

func (p *filterParser) term() (term, error) {
	not := false
	negPos := p.i
	switch {
	case p.q[p.i] == '-':
		not = true
		p.i++
		if p.i >= len(p.q) || startsSpace(p.q[p.i:]) {
			return term{}, p.errAt(negPos, "a lone '-' leaves nothing out: write -word or -has:note")
		}
	case strings.HasPrefix(p.q[p.i:], "NOT") && (p.i+3 == len(p.q) || startsSpace(p.q[p.i+3:])):
		not = true
		p.i += 3
		p.space()
		if p.i >= len(p.q) {
			return term{}, p.errAt(negPos, "NOT needs a term after it")
		}
	}
	if not && (p.q[p.i] == '-' || strings.HasPrefix(p.q[p.i:], "NOT ")) {
		return term{}, p.errAt(p.i, "double negation: remove one '-' or NOT")
	}
	t, err := p.positive()
	t.not = not
	return t, err
}

func startsSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func (p *filterParser) positive() (term, error) {
	if p.q[p.i] == '"' {
		text, err := p.phrase()
		if err != nil {
			return term{}, err
		}
		return term{kind: kindWords, text: fold(text)}, nil
	}
	w, start := p.word()
	name, value, isField := strings.Cut(w, ":")
	if !isField || !fieldName(name) {
		return term{kind: kindWords, text: fold(w)}, nil
	}
	vpos := start + len(name) + 1
	if value == "" && p.i < len(p.q) && p.q[p.i] == '"' {
		text, err := p.phrase()
		if err != nil {
			return term{}, err
		}
		value = text
	}
	key := strings.ToLower(name)
	if value == "" {
		if example := fieldExample(key); example != "" {
			return term{}, p.errAt(vpos, "%s: needs a value, e.g. %s", name, example)
		}
	}
	switch key {
	case "status":
		return p.status(value, vpos)
	case "reviewer", "by":
		t := term{kind: kindReviewer}
		for _, n := range strings.Split(value, ",") {
			if n = strings.TrimSpace(n); n != "" {
				t.names = append(t.names, fold(n))
			}
		}
		if len(t.names) == 0 {
			return term{}, p.errAt(vpos, "%s: needs a name, e.g. reviewer:alice", name)
		}
		return t, nil
	case "has", "no":
		what := strings.ToLower(value)
		switch what {
		case "evidence", "note", "news":
		default:
			return term{}, p.errAt(vpos, "%s:%s: want %s:evidence, %s:note or %s:news", name, value, key, key, key)
		}
		return term{kind: kindHas, what: what, want: key == "has"}, nil
	case "changed", "quiet":
		cmp, days, err := parseAge(value)
		if err != nil {
			return term{}, p.errAt(vpos, "%s:%s: %v, e.g. %s", name, value, err, fieldExample(key))
		}
		kind := kindChanged
		if key == "quiet" {
			kind = kindQuiet
		}
		return term{kind: kind, cmp: cmp, days: days}, nil
	}
	return term{}, p.errAt(start, "unknown filter %q: use %s (or words without a colon)", name+":", fields)
}

// status reads status:a,b at vpos.
func (p *filterParser) status(value string, vpos int) (term, error) {
	t := term{kind: kindStatus}
	off := vpos
	for _, v := range strings.Split(value, ",") {
		st, err := review.ParseStatus(v)
		if err != nil || strings.TrimSpace(v) == "" {
			return term{}, p.errAt(off, "status:%s: want unreviewed, on-track, at-risk, blocked or done", v)
		}
		t.statuses = append(t.statuses, st)
		off += len(v) + 1
	}
	return t, nil
}

func fieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func fieldExample(key string) string {
	switch key {
	case "status":
		return "status:at-risk"
	case "reviewer", "by":
		return "reviewer:alice"
	case "has":
		return "has:evidence"
	case "no":
		return "no:note"
	case "changed":
		return "changed:<7d"
	case "quiet":
		return "quiet:>365d"
	}
	return ""
}

// parseAge reads a comparison with a duration: <7d, >=2w, >3m, <1y.
func parseAge(s string) (cmp string, days float64, err error) {
	switch {
	case strings.HasPrefix(s, "<="), strings.HasPrefix(s, ">="):
		cmp, s = s[:2], s[2:]
	case strings.HasPrefix(s, "<"), strings.HasPrefix(s, ">"):
		cmp, s = s[:1], s[1:]
	default:
		return "", 0, fmt.Errorf("say < or > before the duration")
	}
	if len(s) < 2 {
		return "", 0, fmt.Errorf("want a number and a unit (d, w, m, y) after %s", cmp)
	}
	unit := map[byte]float64{'d': 1, 'w': 7, 'm': 30, 'y': 365}[s[len(s)-1]]
	n, perr := strconv.Atoi(s[:len(s)-1])
	if unit == 0 || perr != nil || n < 0 || n > 100000 {
		return "", 0, fmt.Errorf("want a number and a unit (d, w, m, y) after %s", cmp)
	}
	return cmp, float64(n) * unit, nil
}

// fold lower-cases and strips accents, as search does.
func fold(s string) string {
	f, _ := model.Fold(strings.TrimSpace(s))
	return f
}

// Match reports whether every term of the filter holds for r at now.
func (f *Filter) Match(r Row, now time.Time) bool {
	if f.Empty() {
		return true
	}
	var hay string
	for _, t := range f.terms {
		if t.kind == kindWords && hay == "" {
			hay = fold(strings.Join([]string{r.Item.ID, r.Item.Text, r.Item.Document, r.Item.Area, r.Review.Note}, "\n"))
		}
		if t.holds(r, hay, now) == t.not {
			return false
		}
	}
	return true
}

func (t term) holds(r Row, hay string, now time.Time) bool {
	switch t.kind {
	case kindWords:
		return strings.Contains(hay, t.text)
	case kindStatus:
		for _, s := range t.statuses {
			if r.Review.Status == s {
				return true
			}
		}
		return false
	case kindReviewer:
		by := fold(r.Review.By)
		for _, n := range t.names {
			if by != "" && by == n {
				return true
			}
		}
		return false
	case kindHas:
		var has bool
		switch t.what {
		case "evidence":
			has = len(r.Review.Evidence) > 0
		case "note":
			has = strings.TrimSpace(r.Review.Note) != ""
		case "news":
			has = r.News.Known()
		}
		return has == t.want
	case kindChanged:
		age := math.Inf(1) // never changed: changed longer ago than anything
		if !r.Review.At.IsZero() {
			age = now.Sub(r.Review.At).Hours() / 24
		}
		return compare(age, t.cmp, t.days)
	case kindQuiet:
		quiet := math.Inf(1) // never in the news: quiet forever
		if d, ok := r.News.QuietDays(now); ok {
			quiet = float64(d)
		}
		return compare(quiet, t.cmp, t.days)
	}
	return false
}

func compare(v float64, cmp string, limit float64) bool {
	switch cmp {
	case "<":
		return v < limit
	case "<=":
		return v <= limit
	case ">":
		return v > limit
	}
	return v >= limit
}

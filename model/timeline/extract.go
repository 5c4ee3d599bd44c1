package timeline

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Mention is one dated expression found in a text.
type Mention struct {
	Start, End         time.Time // inclusive days (UTC midnight); End == Start for one day
	Precision          Precision // Day, Month, Year or Span
	Expr               string    // the matched expression, e.g. "7 November 2022"
	ExprStart, ExprEnd int       // byte range of Expr in the text
	Sentence           string    // the trimmed sentence containing Expr
	SentStart, SentEnd int       // byte range of Sentence in the text
}

// candStatus says what a matched expression contributes.
type candStatus int

const (
	stReject candStatus = iota // not a date after all; ignored
	stBlock                    // a date-like expression that cannot be resolved; hides shorter overlapping matches
	stOK                       // a resolved date
)

// candidate is one expression found by some rule before overlaps are settled.
type candidate struct {
	start, end int
	r          rng
	status     candStatus
	prio       int
	weekday    bool
}

// scan holds the state of one Extract call.
type scan struct {
	text     string
	en, de   bool
	ref      reference
	sents    []span
	digits   []span // windows around digits, where calendar dates can be
	keywords []span // windows around relative-day keywords
}

// Extract finds the dated expressions in text, in English and German.
// Month names of both languages are always recognised, in any case; lang
// selects the relative words ("en", "de"; anything else: both).
// ref and refPrec date the text itself: yearless dates need Day or Month
// precision, relative days ("yesterday", "am Dienstag") need Day precision;
// otherwise those expressions are left out rather than guessed.
// Mentions are returned in text order; Expr and Sentence are exact
// substrings of text at the given byte offsets.
func Extract(text, lang string, ref time.Time, refPrec Precision) []Mention {
	return newScan(text, lang, ref, refPrec).mentions()
}

func newScan(text, lang string, ref time.Time, refPrec Precision) *scan {
	s := &scan{text: text, ref: newReference(ref, refPrec), sents: splitSentences(text),
		digits: digitWindows(text), keywords: keywordWindows(text)}
	s.en, s.de = langFlags(lang)
	return s
}

// mentions runs all rules, settles overlaps and builds the mentions.
func (s *scan) mentions() []Mention {
	var cands []candidate
	cands = s.absolute(cands)
	cands = s.loneYears(cands)
	cands = s.relative(cands)
	chosen := settle(cands)
	out := make([]Mention, 0, len(chosen))
	for k, c := range chosen {
		if c.status != stOK || (c.weekday && s.beforeDate(c, chosen[k+1:])) {
			continue
		}
		sent := enclosing(s.sents, c.start, c.end)
		out = append(out, Mention{
			Start: c.r.start, End: c.r.end, Precision: c.r.prec,
			Expr: s.text[c.start:c.end], ExprStart: c.start, ExprEnd: c.end,
			Sentence: s.text[sent.start:sent.end], SentStart: sent.start, SentEnd: sent.end,
		})
	}
	return out
}

// langFlags maps a language tag to the word sets to use.
func langFlags(lang string) (en, de bool) {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch {
	case strings.HasPrefix(l, "en"):
		return true, false
	case strings.HasPrefix(l, "de"):
		return false, true
	}
	return true, true
}

// settle keeps the longest of overlapping candidates (ties: earlier, then
// rule order) and returns the kept ones in text order.
func settle(cands []candidate) []candidate {
	sort.SliceStable(cands, func(i, j int) bool {
		li, lj := cands[i].end-cands[i].start, cands[j].end-cands[j].start
		if li != lj {
			return li > lj
		}
		if cands[i].start != cands[j].start {
			return cands[i].start < cands[j].start
		}
		return cands[i].prio < cands[j].prio
	})
	var kept []candidate // sorted by start, non-overlapping
	for _, c := range cands {
		k := sort.Search(len(kept), func(i int) bool { return kept[i].start >= c.start })
		if k > 0 && kept[k-1].end > c.start {
			continue
		}
		if k < len(kept) && kept[k].start < c.end {
			continue
		}
		kept = append(kept, candidate{})
		copy(kept[k+1:], kept[k:])
		kept[k] = c
	}
	return kept
}

// beforeDate reports whether weekday candidate c directly precedes an
// absolute date ("on Tuesday, April 4"), which then dates it instead.
func (s *scan) beforeDate(c candidate, rest []candidate) bool {
	if len(rest) == 0 || rest[0].status == stReject || rest[0].weekday {
		return false
	}
	gap := strings.ToLower(s.text[c.end:rest[0].start])
	gap = strings.Trim(gap, " ,(\t\u00a0")
	return gap == "" || gap == "the" || gap == "den" || gap == "dem"
}

// futureCue reports whether the expression at [a, b) is governed by a
// future-tense word ("will", "wird", ...): one of the eight words before it
// in its sentence, or of the two words after it ("Am Freitag wird ...").
// This widens the window for yearless dates and turns "on Tuesday" forward.
func (s *scan) futureCue(a, b int) bool {
	sent := enclosing(s.sents, a, b)
	before := tokenize(s.text[max(sent.start, a-160):a])
	if len(before) > 8 {
		before = before[len(before)-8:]
	}
	after := tokenize(s.text[b:min(sent.end, b+80)])
	if len(after) > 2 {
		after = after[:2]
	}
	for _, w := range append(before, after...) {
		if futureWords[w] {
			return true
		}
	}
	return false
}

// futureWords signal that an expression speaks of the future.
var futureWords = map[string]bool{
	"will": true, "shall": true, "ll": true, "upcoming": true, "scheduled": true, "planned": true,
	"wird": true, "werden": true, "soll": true, "sollen": true, "geplant": true, "kommenden": true,
}

// runeBefore returns the rune ending at byte i, or -1 at the start.
func runeBefore(s string, i int) rune {
	if i <= 0 || i > len(s) {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// runeAt returns the rune starting at byte i, or -1 at the end.
func runeAt(s string, i int) rune {
	if i < 0 || i >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// endOK reports whether an expression ending at byte end is not glued to a
// following word or number ("April 2025" is not "April 20"; "4.5" not "4").
func endOK(s string, end int) bool {
	r := runeAt(s, end)
	if isWordRune(r) {
		return false
	}
	if (r == '.' || r == ',') && isASCIIDigit(runeAt(s, end+1)) && isASCIIDigit(runeBefore(s, end)) {
		return false
	}
	return true
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

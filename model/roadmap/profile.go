package roadmap

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Term is a word or a phrase that says what an item is about, with how
// much it says. An item's terms are what the index looks for, both to
// suggest passages for an item and to tell which items an article concerns.
type Term struct {
	Text   string
	Weight float64
	Own    bool // from the item itself (its text and the names in it), not its context
}

// Weights of the parts of an item's profile. A name (an organisation, a
// place, a project, an acronym, a year) says most; the words of the item
// come next; its document and area tell apart items that say the same
// in different roadmaps; accepted evidence adds the words the articles
// themselves use.
const (
	WeightName     = 2.0
	WeightWord     = 1.0
	WeightNamePart = 0.5 // each word of a name of several words, so that "Tau-Ken" alone counts a little
	WeightDocument = 0.6
	WeightDocYear  = 1.0 // a year in the document's title: 2023 and 2025 tell the roadmaps apart
	WeightArea     = 0.4
	WeightEvidence = 0.3
)

// maxEvidenceTerms bounds the words taken from an item's evidence.
const maxEvidenceTerms = 40

// Profile returns the terms of an item: its words and names, its
// document's and area's words, and the words of the quotes accepted as
// its evidence, each once (with the largest weight it has), in that order.
func (c *Catalogue) Profile(it Item, quotes []string) []Term {
	var p profile
	p.add(it.Text, WeightWord, WeightName, true)
	p.add(titleOf(it.Document), WeightDocument, WeightDocument, false)
	for _, w := range words(it.Document) {
		if isYear(w.text) {
			p.put(w.text, WeightDocYear, false)
		}
	}
	for _, d := range c.Documents {
		if d.Title == it.Document {
			p.names(d.Description, WeightDocument)
		}
	}
	if area := areaOf(it.Area); !genericArea(area) {
		p.add(area, WeightArea, WeightArea, false)
	}
	n := len(p.terms)
	for _, q := range quotes {
		for _, w := range words(q) {
			if len(p.terms)-n >= maxEvidenceTerms {
				break
			}
			if keep(w.text) {
				p.put(w.text, WeightEvidence, false)
			}
		}
	}
	return p.terms
}

// Since is when an item came to be: its own date, else its document's
// (signed, agreed, held); zero when the catalogue gives neither. An
// article published before it hardly reports on the item.
func (c *Catalogue) Since(it Item) time.Time {
	if !it.Date.IsZero() {
		return it.Date.Time
	}
	for _, d := range c.Documents {
		if d.Title == it.Document && !d.Date.IsZero() {
			return d.Date.Time
		}
	}
	return time.Time{}
}

// titleOf drops a document title's date in words ("…, 9 December 2025").
func titleOf(doc string) string {
	if i := strings.LastIndex(doc, ","); i > 0 && strings.ContainsAny(doc[i:], "0123456789") {
		return doc[:i]
	}
	return doc
}

// areaOf drops a numbering before "·" ("Area 1 · Resilience of supply chains").
func areaOf(area string) string {
	if _, after, ok := strings.Cut(area, "·"); ok {
		return strings.TrimSpace(after)
	}
	return area
}

// genericArea reports area titles that say nothing about the items.
func genericArea(area string) bool {
	switch strings.ToLower(strings.TrimSpace(area)) {
	case "", "areas of action", "reported actions", "proposals":
		return true
	}
	return false
}

type profile struct {
	terms []Term
	at    map[string]int
}

// put adds a term or raises its weight.
func (p *profile) put(text string, weight float64, own bool) {
	if p.at == nil {
		p.at = map[string]int{}
	}
	k := strings.ToLower(text)
	if i, ok := p.at[k]; ok {
		p.terms[i].Weight = max(p.terms[i].Weight, weight)
		p.terms[i].Own = p.terms[i].Own || own
		return
	}
	p.at[k] = len(p.terms)
	p.terms = append(p.terms, Term{Text: text, Weight: weight, Own: own})
}

// add takes the words and names of text: a run of capitalised words that
// does not start a sentence is a name (a phrase when it has several
// words); an acronym or a year is a name on its own.
func (p *profile) add(text string, word, name float64, own bool) {
	ws := words(text)
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if !isName(w) {
			if keep(w.text) {
				p.put(w.text, word, own)
			}
			continue
		}
		j := i + 1
		for j < len(ws) && isName(ws[j]) && ws[j].joined {
			j++
		}
		if j-i == 1 {
			p.put(w.text, max(word, name), own)
			continue
		}
		parts := make([]string, 0, j-i)
		for _, x := range ws[i:j] {
			parts = append(parts, x.text)
			if keep(x.text) {
				p.put(x.text, max(WeightNamePart, min(word, WeightNamePart)), own)
			}
		}
		p.put(strings.Join(parts, " "), max(word, name), own)
		i = j - 1
	}
}

// names takes only the names of text (a document's description: who
// signed it, where), as context.
func (p *profile) names(text string, weight float64) {
	var q profile
	q.add(text, 0, weight, false)
	for _, t := range q.terms {
		if t.Weight >= weight {
			p.put(t.Text, weight, false)
		}
	}
}

// word is one word of a text: where it is in its sentence, and whether
// only a space or a hyphen separates it from the word before.
type word struct {
	text    string
	initial bool // first word of a sentence
	joined  bool // follows the word before with only " " or "-" between
}

// words splits text into words (letters and digits, with inner
// apostrophes), marking sentence starts.
func words(text string) []word {
	var out []word
	start := true
	sep := ""
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			sep += text[i : i+size]
			if strings.ContainsAny(text[i:i+size], ".!?:;(") {
				start = true
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, s := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) && !(r == '\'' || r == '’') {
				break
			}
			j += s
		}
		w := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(text[i:j], "'s"), "’s"), "'’")
		out = append(out, word{text: w, initial: start, joined: sep == " " || sep == "-"})
		start, sep = false, ""
		i = j
	}
	return out
}

// isName: a capitalised word that does not start a sentence, or an
// acronym (two capitals or more: EBRD, MoU); month names are dates.
func isName(w word) bool {
	rs := []rune(w.text)
	upper := 0
	for _, r := range rs {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper >= 2 {
		return true
	}
	if !unicode.IsUpper(rs[0]) || w.initial || isMonth(w.text) {
		return false
	}
	return true
}

func isYear(s string) bool {
	if len(s) != 4 || (s[0] != '1' && s[0] != '2') {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isMonth(s string) bool {
	switch strings.ToLower(s) {
	case "january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december":
		return true
	}
	return false
}

// keep reports whether a plain word says something: not a function word
// or a word every item of a roadmap uses, not a lone letter or number.
func keep(w string) bool {
	lw := strings.ToLower(w)
	if len([]rune(lw)) < 3 && !isUpperWord(w) {
		return false
	}
	if isMonth(lw) {
		return false
	}
	allDigits := true
	for _, r := range lw {
		allDigits = allDigits && unicode.IsDigit(r)
	}
	if allDigits && !isYear(lw) {
		return false
	}
	return !isStopWord(lw)
}

func isUpperWord(w string) bool {
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return w != ""
}

// stopList holds English function words and the verbs of every
// commitment, each between spaces.
const stopList = ` a an and are as at be been being between both but by can could did do does
 for from had has have how in into is it its more most much not of on or other our out over own per same
 should so some such than that the their them then there these they this those through to too under up
 upon very was we were what when where which while who whom why will with within would also along
 including include includes further closely among across via each all any new
 identify identified implement implemented jointly joint make made take taken use using used
 support supported advance promote increase agree agreed run `

func isStopWord(lw string) bool {
	return strings.Contains(stopList, " "+lw+" ") || strings.Contains(stopList, " "+lw+"\n") ||
		strings.Contains(stopList, "\n "+lw+" ")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

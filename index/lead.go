package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/model"
)

// Which version of an article a hit shows, when the article and its
// translations all match:
//
//  1. the version in the language of the query's words: the one whose
//     matches are more of the very words typed. A word found as it was
//     typed (accents and case aside) counts two, a word found through the
//     version's own stemming one ("водород" in "водорода"), a word found
//     only through a synonym or another language's stemming nothing. So
//     "Rohstoffe" and "Wasserstoff" show the German text, "batteries" the
//     English one, though the German "Batterien" stems alike;
//  2. where the words do not decide (the versions score the same: names,
//     loanwords, ids, or words found in every version), the reader's
//     language (Request.Lang);
//  3. failing both, the original rather than a translation.
//
// The family keeps its place in the list, the place of its best-ranked
// member; only which member is shown changes.

// maxLeadWords bounds the words of a query that take part in the choice.
const maxLeadWords = 16

// leads turns families into hits: the member each one shows, the others
// beside it as Versions.
func (ix *Index) leads(fams []family, words []string, lang string) []Hit {
	hits := make([]Hit, len(fams))
	for i, f := range fams {
		k := 0
		if len(f.members) > 1 {
			k = ix.choose(f.members, words, lang)
		}
		lead := f.members[k]
		lead.Versions = nil
		for j, m := range f.members {
			if j != k {
				lead.Versions = append(lead.Versions, Version{ID: m.ID, Lang: m.Lang, Title: m.Title})
			}
		}
		hits[i] = lead
	}
	return hits
}

// choose returns the index of the member a family shows.
func (ix *Index) choose(ms []Hit, words []string, lang string) int {
	cands := make([]int, len(ms))
	for i := range cands {
		cands[i] = i
	}
	if len(words) > 0 {
		own := make([]int, len(ms))
		best := 0
		for i, m := range ms {
			own[i] = ix.ownWords(m, words)
			best = max(best, own[i])
		}
		var top []int
		for i, n := range own {
			if n == best {
				top = append(top, i)
			}
		}
		if best > 0 && len(top) < len(ms) {
			cands = top // the words decide
		}
	}
	if lang != "" {
		for _, i := range cands {
			if ms[i].Lang == lang {
				return i
			}
		}
	}
	for _, i := range cands {
		if a, ok := ix.article(ms[i].ID); ok && a.TranslationOf == "" {
			return i
		}
	}
	return cands[0]
}

// ownWords scores how much of the query a hit's matches are in the words
// typed: two for each word found as typed, one for each found through the
// hit's own language's stemming.
func (ix *Index) ownWords(h Hit, words []string) int {
	an := ix.im.AnalyzerNamed(analyzerName(analyzerFor(h.Lang)))
	stems := func(s string) []string {
		var out []string
		for _, tok := range an.Analyze([]byte(s)) {
			if t := string(tok.Term); !strings.HasPrefix(t, "\x01") {
				out = append(out, t)
			}
		}
		return out
	}
	var folded []string
	var stemmed []string
	for _, s := range h.surfaces {
		f, _ := model.Fold(s)
		folded = append(folded, f)
		stemmed = append(stemmed, stems(s)...)
	}
	n := 0
	for _, w := range words {
		switch {
		case slices.ContainsFunc(folded, func(f string) bool { return hasWord(f, w) }):
			n += 2
		case hasAll(stemmed, stems(w)):
			n++
		}
	}
	return n
}

// hasAll reports whether every one of want is in have (and want is not empty).
func hasAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return len(want) > 0
}

// hasWord reports whether w occurs in s as a whole word.
func hasWord(s, w string) bool {
	for from := 0; from+len(w) <= len(s); {
		k := strings.Index(s[from:], w)
		if k < 0 {
			return false
		}
		start, end := from+k, from+k+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isWordChar(before)) && (end == len(s) || !isWordChar(after)) {
			return true
		}
		from = start + 1
	}
	return false
}

func isWordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// queryWords lists the words a query looks for in titles and texts (not
// those it leaves out, not prefixes, not field filters), folded, each once,
// without the words too common to search for.
func (c *compiler) queryWords(n node) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case andNode:
			for _, x := range n.Xs {
				walk(x)
			}
		case orNode:
			for _, x := range n.Xs {
				walk(x)
			}
		case termNode:
			if n.Prefix || (n.Field != "" && n.Field != "title") {
				return
			}
			for _, w := range strings.FieldsFunc(n.Text, func(r rune) bool { return !isWordChar(r) }) {
				f, _ := model.Fold(w)
				if f == "" || seen[f] || len(out) >= maxLeadWords || c.isStopWord(w) {
					continue
				}
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	walk(n)
	return out
}

// filterFields names the filters of a query (language, date, id) that a
// hit meets, for Hit.Fields; filters under NOT are not counted.
func (ix *Index) filterFields(n node, h Hit) map[string]bool {
	out := map[string]bool{}
	a, ok := ix.article(h.ID)
	if !ok {
		return out
	}
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case andNode:
			for _, x := range n.Xs {
				walk(x)
			}
		case orNode:
			for _, x := range n.Xs {
				walk(x)
			}
		case filterNode:
			switch {
			case n.Field == fieldLang && a.Lang == n.Value:
				out["lang"] = true
			case n.Field == "_id" && a.ID == n.Value:
				out["id"] = true
			}
		case rangeNode:
			if a.Precision != model.Unknown && !a.Date.Before(n.From) && (n.To.IsZero() || a.Date.Before(n.To)) {
				out["date"] = true
			}
		}
	}
	walk(n)
	return out
}

// setFields fills a hit's Fields from its matches and the filters it meets.
func (ix *Index) setFields(n node, h *Hit) {
	has := ix.filterFields(n, *h)
	for _, m := range h.Matches {
		has[m.Field] = true
	}
	h.Fields = nil
	for _, f := range MatchFields {
		if has[f] {
			h.Fields = append(h.Fields, f)
		}
	}
}

package index

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// compiler turns a parsed query into a bleve query for one index.
type compiler struct {
	im      mapping.IndexMapping
	syn     *synonymTable
	keys    []string            // language keys with documents in the index
	sets    map[string][]string // the article ids of each is: set
	ignored []string            // words dropped because every analyzer removes them
}

func (c *compiler) compile(n node) query.Query {
	switch n := n.(type) {
	case andNode:
		return c.and(n.Xs)
	case orNode:
		var qs []query.Query
		for _, x := range n.Xs {
			if q := c.compile(x); q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil
		}
		return bleve.NewDisjunctionQuery(qs...)
	case notNode:
		return c.and([]node{n})
	case termNode:
		return c.term(n)
	case filterNode:
		if n.Field == "_id" {
			return bleve.NewDocIDQuery([]string{n.Value})
		}
		q := bleve.NewTermQuery(n.Value)
		q.SetField(n.Field)
		return q
	case setNode:
		ids := c.sets[n.Name]
		if len(ids) == 0 {
			return bleve.NewMatchNoneQuery()
		}
		return bleve.NewDocIDQuery(ids)
	case rangeNode:
		incl, excl := true, false
		q := bleve.NewDateRangeInclusiveQuery(n.From, n.To, &incl, &excl)
		q.SetField(fieldDate)
		return q
	}
	panic(fmt.Sprintf("index: unknown query node %T", n))
}

// and requires every positive part and excludes every negated one; with only
// negated parts it starts from all documents.
func (c *compiler) and(xs []node) query.Query {
	var must, mustNot []query.Query
	for _, x := range c.joinSynonymPhrases(xs) {
		if not, ok := x.(notNode); ok {
			if q := c.compile(not.X); q != nil {
				mustNot = append(mustNot, q)
			}
			continue
		}
		if q := c.compile(x); q != nil {
			must = append(must, q)
		}
	}
	must = joinClauses(must)
	if len(mustNot) == 0 {
		switch len(must) {
		case 0:
			return nil
		case 1:
			return must[0]
		}
		return bleve.NewConjunctionQuery(must...)
	}
	b := bleve.NewBooleanQuery()
	if len(must) == 0 {
		b.AddMust(bleve.NewMatchAllQuery())
	} else {
		b.AddMust(must...)
	}
	b.AddMustNot(mustNot...)
	return b
}

// joinClauses reads the words and phrases of a conjunction as one
// andQuery (see there), the rest beside it.
func joinClauses(must []query.Query) []query.Query {
	var and andQuery
	var rest []query.Query
	for _, q := range must {
		switch q := q.(type) {
		case *wordQuery:
			and.clauses = append(and.clauses, q.clause())
		case *phraseQuery:
			and.clauses = append(and.clauses, q.clause())
		default:
			rest = append(rest, q)
		}
	}
	if len(and.clauses) < 2 {
		return must
	}
	return append([]query.Query{&and}, rest...)
}

// joinSynonymPhrases replaces runs of plain words that spell a multi-word
// synonym ("CRM Act") with one phrase term, longest run first.
func (c *compiler) joinSynonymPhrases(xs []node) []node {
	if c.syn == nil || c.syn.maxWords < 2 {
		return xs
	}
	plain := func(n node) (termNode, bool) {
		t, ok := n.(termNode)
		return t, ok && t.Field == "" && !t.Phrase && !t.Prefix
	}
	var out []node
	for i := 0; i < len(xs); {
		joined := false
		for n := min(c.syn.maxWords, len(xs)-i); n >= 2 && !joined; n-- {
			words := make([]string, 0, n)
			for _, x := range xs[i : i+n] {
				t, ok := plain(x)
				if !ok {
					break
				}
				words = append(words, t.Text)
			}
			if len(words) == n && c.syn.has(strings.Join(words, " ")) {
				first := xs[i].(termNode)
				out = append(out, termNode{Text: strings.Join(words, " "), Phrase: true, Pos: first.Pos})
				i += n
				joined = true
			}
		}
		if !joined {
			out = append(out, xs[i])
			i++
		}
	}
	return out
}

// literalBoost ranks the very words of a query above their synonyms, so an
// English query puts English articles before their translations.
const literalBoost = 2.0

// target is one field a term is looked up in, with its analyzers: the
// text and title fields hold every language, each analysed by its own.
type target struct {
	field     string
	analyzers []string
}

// textTarget is the text field (or, for title:, the title field) in the
// languages of the index.
func (c *compiler) textTarget(field string) target {
	tg := target{field: field}
	for _, k := range c.keys {
		tg.analyzers = append(tg.analyzers, analyzerName(k))
	}
	return tg
}

// term matches a word, phrase or prefix in the text field (title and
// body, every language; see titleWeight for how a title match ranks), in
// the title field, or in source or author. Each language's analyzer reads
// it: a synonym is one group token (plus its variant token, boosted); a
// single word is a term; several words are a phrase, whose words may each
// be a synonym.
func (c *compiler) term(t termNode) query.Query {
	var tg target
	switch t.Field {
	case "":
		tg = c.textTarget(fieldText)
	case "title":
		tg = c.textTarget(fieldTitle)
	default: // source, author
		tg = target{field: t.Field, analyzers: []string{analyzerDefault}}
	}
	if t.Prefix {
		p := c.foldPrefix(t.Text)
		if p == "" {
			return nil
		}
		return &prefixQuery{prefix: p, field: tg.field, pos: t.Pos}
	}
	if !t.Phrase && (t.Field == "" || t.Field == "title") && c.isStopWord(t.Text) {
		c.ignored = append(c.ignored, t.Text)
		return nil
	}
	q := c.lookup(t.Text, tg)
	if q == nil {
		c.ignored = append(c.ignored, t.Text)
	}
	return q
}

// termShape is what a text is to one analyzer: one position where any of
// alts will do (a word, its synonym group, a pair of synonyms), or a
// phrase of positions, each a set of terms (empty: a stop word's gap).
type termShape struct {
	alts   []string
	boosts []float64 // per alt, relative to the field's boost
	slots  [][]string
}

// same reports whether two shapes look up the same terms.
func (s termShape) same(o termShape) bool {
	return slices.Equal(s.alts, o.alts) && slices.Equal(s.boosts, o.boosts) && sameSlots(s.slots, o.slots)
}

// empty reports that the analyzer keeps nothing of the text.
func (s termShape) empty() bool { return len(s.alts) == 0 && len(s.slots) == 0 }

// lookup builds the query for text in one field: the shapes its
// analyzers give it, each looked up once.
func (c *compiler) lookup(text string, tg target) query.Query {
	var alts []string
	boosts := map[string]float64{}
	var phrases [][][]string
	for _, an := range tg.analyzers {
		sh := c.shape(text, an)
		if len(sh.slots) > 0 {
			phrases = addPhrase(phrases, sh.slots)
			continue
		}
		for i, a := range sh.alts {
			if b, ok := boosts[a]; !ok {
				alts = append(alts, a)
				boosts[a] = sh.boosts[i]
			} else {
				boosts[a] = max(b, sh.boosts[i])
			}
		}
	}
	var qs []query.Query
	if len(alts) > 0 {
		w := &wordQuery{field: tg.field}
		for _, a := range alts {
			// Members with the same postings are one term read once
			// and counted for each, as when each was read.
			w.terms = append(w.terms, c.canonical(a))
			w.boosts = append(w.boosts, boosts[a])
		}
		qs = append(qs, w)
	}
	for _, slots := range phrases {
		qs = append(qs, newPhraseQuery(slots, tg.field))
	}
	return disjunction(qs)
}

// canonical is term, or the variant token with the same postings that a
// word reads for it (see synVariants).
func (c *compiler) canonical(term string) string {
	if c.syn == nil {
		return term
	}
	return c.syn.variants.canonical(term)
}

// addPhrase adds a phrase as one language analyses it to the phrases of
// the others: into one that has words at the same places, each slot
// taking the other language's terms as alternatives (the phrase's terms
// are then read once, not once per language), else as a phrase of its own.
func addPhrase(phrases [][][]string, slots [][]string) [][][]string {
	for _, p := range phrases {
		if len(p) != len(slots) {
			continue
		}
		same := true
		for i := range p {
			same = same && (len(p[i]) == 0) == (len(slots[i]) == 0)
		}
		if !same {
			continue
		}
		for i := range p {
			for _, t := range slots[i] {
				if !slices.Contains(p[i], t) {
					p[i] = append(p[i], t)
				}
			}
		}
		return phrases
	}
	own := make([][]string, len(slots))
	for i, s := range slots {
		own[i] = slices.Clone(s)
	}
	return append(phrases, own)
}

// sameSlots reports whether two phrases have the same terms at the same places.
func sameSlots(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

// shape analyses text as the analyzer does: a synonym is one group token
// (plus its variant token, boosted); a single word is a term; several
// words are a phrase, whose words may each be a synonym.
func (c *compiler) shape(text, analyzer string) termShape {
	toks := c.im.AnalyzerNamed(analyzer).Analyze([]byte(text))
	var words analysis.TokenStream
	var group, variants []string
	lo, hi := len(text), 0
	for _, tok := range toks {
		if !isSynToken(tok.Term) {
			words = append(words, tok)
			lo, hi = min(lo, tok.Start), max(hi, tok.End)
		}
	}
	for _, tok := range toks {
		if isSynToken(tok.Term) && tok.Start == lo && tok.End == hi {
			if strings.Contains(string(tok.Term), ".") {
				variants = append(variants, string(tok.Term))
			} else {
				group = append(group, string(tok.Term))
			}
		}
	}
	var sh termShape
	one := func(term string, boost float64) {
		sh.alts = append(sh.alts, term)
		sh.boosts = append(sh.boosts, boost)
	}
	switch {
	case len(group) > 0: // the whole text is a synonym
		for _, g := range group {
			one(g, 1)
		}
		for _, v := range variants {
			one(v, literalBoost)
		}
		return sh
	case len(words) == 0:
		return sh
	case len(words) == 1:
		one(string(words[0].Term), 1)
		return sh
	}
	if pair, ok := pairOf(words, toks); ok {
		one(pair, 1)
		return sh
	}
	// Several words, or one hyphenated or letter–digit word: keep them in
	// order; where a word is a synonym, any member of its group will do.
	first := words[0].Position
	slots := make([][]string, words[len(words)-1].Position-first+1)
	grouped := map[[2]int]bool{} // words a group token stands at (start, end)
	for _, tok := range toks {
		if isSynToken(tok.Term) && !strings.Contains(string(tok.Term), ".") {
			grouped[[2]int{tok.Start, tok.End}] = true
		}
	}
	for _, tok := range toks {
		switch {
		case isSynToken(tok.Term) && strings.Contains(string(tok.Term), "."):
			continue // a variant adds nothing its group does not find
		case !isSynToken(tok.Term) && grouped[[2]int{tok.Start, tok.End}]:
			continue // the word's group token finds it, and its synonyms
		}
		if p := tok.Position - first; p >= 0 && p < len(slots) {
			slots[p] = append(slots[p], string(tok.Term))
		}
	}
	sh.slots = slots
	return sh
}

// pairOf returns the pair token of a text that is exactly two synonyms,
// one after the other ("EU-Kasachstan", "European Union Kazakhstan").
func pairOf(words, toks analysis.TokenStream) (string, bool) {
	lastAt := map[int]int{} // word end byte -> position
	for _, w := range words {
		lastAt[w.End] = w.Position
	}
	var groups []occurrence
	for _, tok := range toks {
		if isSynToken(tok.Term) && !strings.Contains(string(tok.Term), ".") {
			g, err := strconv.Atoi(string(tok.Term[len(synPrefix):]))
			if err != nil {
				return "", false
			}
			groups = append(groups, occurrence{group: g, first: tok.Position, last: lastAt[tok.End], start: tok.Start, end: tok.End})
		}
	}
	first, last := words[0].Position, words[len(words)-1].Position
	for _, a := range groups {
		for _, b := range groups {
			if a.first == first && b.last == last && b.first == a.last+1 {
				return pairToken(a.group, b.group), true
			}
		}
	}
	return "", false
}

func isSynToken(term []byte) bool { return strings.HasPrefix(string(term), synPrefix) }

func disjunction(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// isStopWord reports whether a word is too common to index in any of the
// index's languages ("the", "und"); such words are left out of queries so
// they cannot make an otherwise good query match nothing.
func (c *compiler) isStopWord(word string) bool {
	for _, k := range c.keys {
		if len(c.im.AnalyzerNamed(analyzerName(k)).Analyze([]byte(word))) == 0 {
			return true
		}
	}
	return false
}

// foldPrefix lower-cases and folds a prefix the way the analyzers do; prefix
// terms are not analysed by bleve.
func (c *compiler) foldPrefix(p string) string {
	toks := c.im.AnalyzerNamed(analyzerPrefix).Analyze([]byte(p))
	if len(toks) != 1 {
		return ""
	}
	return string(toks[0].Term)
}

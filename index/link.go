package index

import (
	"context"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"dossier/model"
	"dossier/model/roadmap"
)

// Evidence suggestions (the passages that speak of an item) and concerns
// (the items an article speaks of) are one relation read in two
// directions: a Topic is an item seen through its weighted words
// (roadmap.Catalogue.Profile), each weighted by its rarity in the index.
// From an article, a Linker analyses its text (and its translations') as
// the index analysed it, languages and synonyms included, and reads which
// of every topic's words it has; from a topic, it searches the index for
// the topic's words and reads the same from the hits' match positions.

// Topic is something articles may concern: a roadmap item, through its terms.
type Topic struct {
	ID    string
	Terms []roadmap.Term
	// Since is when the topic came to be (roadmap.Catalogue.Since): an
	// article published before it counts half and is never a strong link.
	Since time.Time
}

// Link is how much an article concerns a topic, and where it says so best.
type Link struct {
	TopicID string
	// Score is the share of the topic's weighted words (each weighted by
	// how rare it is in the corpus) that the article or one of its
	// translations has: 0 to 1.
	Score float64
	// Strong is set when the article has at least StrongShare of the
	// topic's own words (its text and names, without its document's and
	// area's), so weighted, and was not published before the topic's
	// Since: the article is news for the item.
	Strong bool
	// Passage is the sentence of the article that has most of the
	// topic's words (whole words, a usable evidence range); zero when
	// the article has none of them itself (only its translation does).
	Passage model.Span
}

// StrongShare is the share of a topic's own weighted words that makes a
// strong link.
const StrongShare = 0.5

// minScore leaves out topics an article only touches (one common word).
const minScore = 0.08

// Linker relates articles and topics over one index. It is prepared once
// (the terms' rarity is read from the index) and may be used from any
// goroutine; it holds no state of its own after that.
type Linker struct {
	ix     *Index
	topics []Topic
	terms  []linkTerm
	refs   [][]termRef // per topic, its terms
	total  []float64   // per topic, the weight of all its terms
	own    []float64   // per topic, the weight of its own terms
	// versions lists, per original article, its translations (and, per
	// translation, its original), so that a family is found without a scan.
	versions map[string][]string
}

// linkTerm is one distinct term of the topics.
type linkTerm struct {
	text   string
	idf    float64
	shapes map[string]termShape // per language key
}

// termRef is a topic's use of a term.
type termRef struct {
	term   int
	weight float64 // the topic's weight of it times its rarity
	own    bool
}

// NewLinker prepares a linker for topics over the index.
func (ix *Index) NewLinker(ctx context.Context, topics []Topic) (lk *Linker, err error) {
	if !ix.acquire() {
		return nil, ErrClosed
	}
	defer ix.release()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			lk, err = nil, fmt.Errorf("link: the index failed: %v", p)
		}
	}()
	lk = &Linker{ix: ix, topics: topics, refs: make([][]termRef, len(topics)),
		total: make([]float64, len(topics)), own: make([]float64, len(topics))}
	lk.versions = map[string][]string{}
	for _, a := range ix.Corpus().Articles {
		if a.TranslationOf != "" {
			lk.versions[a.TranslationOf] = append(lk.versions[a.TranslationOf], a.ID)
			lk.versions[a.ID] = append(lk.versions[a.ID], a.TranslationOf)
		}
	}
	var readers []bindex.IndexReader
	for _, p := range ix.parts {
		adv, err := p.Bleve.Advanced()
		if err != nil {
			continue
		}
		if r, err := adv.Reader(); err == nil {
			readers = append(readers, r)
		}
	}
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	at := map[string]int{}
	c := compiler{im: ix.im, syn: ix.syn, keys: ix.keys}
	n := float64(max(ix.Corpus().Len(), 1))
	for ti, t := range topics {
		for _, term := range t.Terms {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			k := strings.ToLower(strings.TrimSpace(term.Text))
			if k == "" || term.Weight <= 0 {
				continue
			}
			j, ok := at[k]
			if !ok {
				lt, keep := prepare(&c, readers, term.Text, n)
				j = -1
				if keep {
					j = len(lk.terms)
					lk.terms = append(lk.terms, lt)
				}
				at[k] = j
			}
			if j < 0 {
				continue
			}
			w := term.Weight * lk.terms[j].idf
			lk.refs[ti] = append(lk.refs[ti], termRef{term: j, weight: w, own: term.Own})
			lk.total[ti] += w
			if term.Own {
				lk.own[ti] += w
			}
		}
	}
	return lk, nil
}

// prepare analyses one term in every language of the index and reads how
// rare it is; keep is false when no analyzer keeps anything of it.
func prepare(c *compiler, readers []bindex.IndexReader, text string, n float64) (linkTerm, bool) {
	lt := linkTerm{text: text, shapes: map[string]termShape{}}
	df := 0.0
	var counted []termShape
	for _, k := range c.keys {
		an := analyzerName(k)
		sh := c.shape(text, an)
		if sh.empty() {
			continue
		}
		lt.shapes[k] = sh
		// Every language is in one field: a shape two languages share
		// is counted once.
		if !slices.ContainsFunc(counted, sh.same) {
			counted = append(counted, sh)
			df += docFreq(readers, sh, fieldText)
		}
	}
	if len(lt.shapes) == 0 {
		return lt, false
	}
	// BM25's rarity: a word in every article weighs little, never nothing.
	lt.idf = math.Log(1 + (n-df+0.5)/(df+0.5))
	return lt, true
}

// docFreq estimates in how many articles a shape occurs in a field: the
// most frequent of its alternatives; for a phrase, its rarest position.
func docFreq(readers []bindex.IndexReader, sh termShape, field string) float64 {
	freq := func(terms []string) float64 {
		best := 0.0
		for _, t := range terms {
			best = max(best, termFreq(readers, t, field))
		}
		return best
	}
	if len(sh.slots) == 0 {
		return freq(sh.alts)
	}
	out := math.Inf(1)
	for _, s := range sh.slots {
		if len(s) > 0 {
			out = min(out, freq(s))
		}
	}
	if math.IsInf(out, 1) {
		return 0
	}
	return out
}

// termFreq counts the documents holding term in field, over every part.
func termFreq(readers []bindex.IndexReader, term, field string) float64 {
	total := 0.0
	for _, r := range readers {
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
		if err == nil {
			total += float64(tfr.Count())
			tfr.Close()
		}
	}
	return total
}

// Topics returns the linker's topics.
func (lk *Linker) Topics() []Topic { return lk.topics }

// termAt is where a term occurs in one field of one document.
type termAt struct {
	start, end int
}

// found is where the terms occur in one document.
type found struct {
	has  []bool     // per term: in the title or body
	body [][]termAt // per term: in the body
}

// Concerns ranks the topics articleID concerns, best first, at most limit
// (all when limit <= 0), with the best linking passage of each. It reads
// and analyses the article and its translations once; it does not search.
func (lk *Linker) Concerns(ctx context.Context, articleID string, limit int) (links []Link, err error) {
	ix := lk.ix
	a, ok := ix.article(articleID)
	if !ok {
		return nil, fmt.Errorf("concerns: no article %q in the corpus", articleID)
	}
	if !ix.acquire() {
		return nil, ErrClosed
	}
	defer ix.release()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			links, err = nil, fmt.Errorf("concerns: the index failed: %v", p)
		}
	}()
	family := lk.family(a)
	founds, texts, err := lk.find(ctx, family)
	if err != nil {
		return nil, err
	}
	text := texts[articleID]
	published := publishedEnd(family)
	for ti := range lk.topics {
		l := lk.link(ti, family, founds)
		if since := lk.topics[ti].Since; !since.IsZero() && !published.IsZero() && published.Before(since) {
			l.Score *= earlyFactor
			l.Strong = false
		}
		if l.Score < minScore {
			continue
		}
		var own bool
		l.Passage, own = lk.passage(ti, text, founds[articleID])
		if !own {
			if sp := lk.translated(ti, text, family[1:], founds, texts); sp != (model.Span{}) {
				l.Passage = sp
			}
		}
		links = append(links, l)
	}
	sort.SliceStable(links, func(i, j int) bool { return links[i].Score > links[j].Score })
	if limit > 0 && len(links) > limit {
		links = links[:limit]
	}
	return links, nil
}

// earlyFactor is what an article published before a topic came to be
// keeps of its score.
const earlyFactor = 0.5

// publishedEnd is the last day an article (or, undated, the first of its
// translations with a date) may have been published; zero when unknown.
func publishedEnd(family []model.Article) time.Time {
	for _, a := range family {
		switch a.Precision {
		case model.Day:
			return a.Date
		case model.Month:
			return a.Date.AddDate(0, 1, -1)
		case model.Year:
			return a.Date.AddDate(1, 0, -1)
		}
	}
	return time.Time{}
}

// family is an article and its other languages: its original and the
// original's other translations, or its own translations.
func (lk *Linker) family(a model.Article) []model.Article {
	out := []model.Article{a}
	seen := map[string]bool{a.ID: true}
	var walk func(id string)
	walk = func(id string) {
		for _, v := range lk.versions[id] {
			if seen[v] {
				continue
			}
			seen[v] = true
			if b, ok := lk.ix.article(v); ok {
				out = append(out, b)
			}
			walk(v)
		}
	}
	walk(a.ID)
	return out
}

// link scores a topic against the terms found in a family of articles.
func (lk *Linker) link(ti int, family []model.Article, founds map[string]found) Link {
	l := Link{TopicID: lk.topics[ti].ID}
	var got, own float64
	for _, r := range lk.refs[ti] {
		for _, a := range family {
			if f, ok := founds[a.ID]; ok && f.has[r.term] {
				got += r.weight
				if r.own {
					own += r.weight
				}
				break
			}
		}
	}
	if lk.total[ti] > 0 {
		l.Score = got / lk.total[ti]
	}
	l.Strong = lk.own[ti] > 0 && own/lk.own[ti] >= StrongShare
	return l
}

// passage is the sentence of text holding the most weight of the topic's
// terms; zero when the article's body has none of them. own reports
// whether it has one of the topic's own words.
func (lk *Linker) passage(ti int, text string, f found) (sp model.Span, own bool) {
	if f.body == nil {
		return model.Span{}, false
	}
	type cand struct {
		span  model.Span
		score float64
		terms map[int]bool
	}
	var cands []*cand
	at := map[model.Span]*cand{}
	for _, r := range lk.refs[ti] {
		var last model.Span
		for _, o := range f.body[r.term] {
			// Occurrences come in order: one sentence is looked for once,
			// not once per occurrence (a long sentence that repeats a
			// word would cost its length times its repetitions).
			sp := last
			if o.start < sp.Start || o.start >= sp.End {
				sp = model.SentenceAt(text, o.start)
				last = sp
			}
			if sp.End <= sp.Start {
				continue
			}
			c := at[sp]
			if c == nil {
				c = &cand{span: sp, terms: map[int]bool{}}
				at[sp] = c
				cands = append(cands, c)
			}
			if !c.terms[r.term] {
				c.terms[r.term] = true
				c.score += passageWeight(r)
			}
		}
	}
	var best *cand
	for _, c := range cands {
		if best == nil || c.score > best.score || c.score == best.score && c.span.Start < best.span.Start {
			best = c
		}
	}
	if best == nil {
		return model.Span{}, false
	}
	for j := range best.terms {
		for _, r := range lk.refs[ti] {
			own = own || r.term == j && r.own
		}
	}
	return best.span, own
}

// translated is the passage for an article whose own text has none of a
// topic's own words where its translation has some: the sentence of the
// article at the same place, in proportion, as the translation's best one
// (translations keep the order of their original).
func (lk *Linker) translated(ti int, text string, others []model.Article, founds map[string]found, texts map[string]string) model.Span {
	for _, o := range others {
		f, ok := founds[o.ID]
		otext := texts[o.ID]
		if !ok || otext == "" {
			continue
		}
		sp, own := lk.passage(ti, otext, f)
		if !own {
			continue
		}
		mid := (sp.Start + sp.End) / 2
		return model.SentenceAt(text, int(float64(mid)/float64(len(otext))*float64(len(text))))
	}
	return model.Span{}
}

// find reads where each term occurs in the given articles. Each text is
// analysed as the index analysed it (its language's analyzer, with the
// synonyms), so a term is found exactly where a search for it would match;
// nothing else is read, so the cost is one pass over the article.
func (lk *Linker) find(ctx context.Context, arts []model.Article) (map[string]found, map[string]string, error) {
	out, texts := map[string]found{}, map[string]string{}
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		text, err := lk.ix.text(a.ID)
		if err != nil {
			if i == 0 {
				return nil, nil, fmt.Errorf("concerns: %w", err)
			}
			continue // a translation that cannot be read adds nothing
		}
		key := analyzerFor(a.Lang)
		an := lk.ix.im.AnalyzerNamed(analyzerName(key))
		out[a.ID] = lk.read(key, locationsOf(an.Analyze([]byte(a.Title))), locationsOf(an.Analyze([]byte(text))))
		texts[a.ID] = text
	}
	return out, texts, nil
}

// locationsOf indexes a token stream by term, as the index's term vectors do.
func locationsOf(toks analysis.TokenStream) search.TermLocationMap {
	m := search.TermLocationMap{}
	for _, t := range toks {
		m[string(t.Term)] = append(m[string(t.Term)], &search.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
	}
	return m
}

// read turns one document's term locations into where each term occurs.
func (lk *Linker) read(key string, title, body search.TermLocationMap) found {
	f := found{has: make([]bool, len(lk.terms)), body: make([][]termAt, len(lk.terms))}
	for j := range lk.terms {
		lk.readTerm(&f, j, key, title, body)
	}
	return f
}

// readTerms is read for the terms of one topic only.
func (lk *Linker) readTerms(refs []termRef, key string, title, body search.TermLocationMap) found {
	f := found{has: make([]bool, len(lk.terms)), body: make([][]termAt, len(lk.terms))}
	for _, r := range refs {
		lk.readTerm(&f, r.term, key, title, body)
	}
	return f
}

// readTerm finds term j in one document's locations.
func (lk *Linker) readTerm(f *found, j int, key string, title, body search.TermLocationMap) {
	sh, ok := lk.terms[j].shapes[key]
	if !ok {
		return
	}
	if occ := sh.occurrences(body); len(occ) > 0 {
		f.has[j] = true
		f.body[j] = occ
	} else if len(sh.occurrences(title)) > 0 {
		f.has[j] = true
	}
}

// occurrences finds the shape among the locations of one field: any of
// its alternatives, or its phrase's terms at consecutive positions.
func (sh termShape) occurrences(locs search.TermLocationMap) []termAt {
	if len(locs) == 0 {
		return nil
	}
	var out []termAt
	if len(sh.slots) == 0 {
		for _, alt := range sh.alts {
			for _, l := range locs[alt] {
				out = append(out, termAt{int(l.Start), int(l.End)})
			}
		}
		return out
	}
	// Each slot's occurrences by position, then one pass over them (see
	// phraseWalk): an article that repeats a phrase's words costs time
	// in proportion to their number, not its square.
	classOf, classes, _ := phraseClasses(trimSlots(sh.slots))
	if len(classOf) == 0 {
		return nil
	}
	w := newPhraseWalk(classOf, len(classes))
	var all []*search.Location
	for c, terms := range classes {
		for _, t := range terms {
			for _, l := range locs[t] {
				w.add(c, l.Pos, len(all))
				all = append(all, l)
			}
		}
	}
	if !w.ready() {
		return nil
	}
	var firsts []int
	w.starts(func(start uint64) bool {
		var end uint64
		firsts = firsts[:0]
		w.each(start, func(slot int, e posEntry) {
			end = max(end, all[e.i].End)
			if slot == 0 {
				firsts = append(firsts, e.i)
			}
		})
		for _, i := range firsts {
			out = append(out, termAt{int(all[i].Start), int(end)})
		}
		return true
	})
	return out
}

// passageWeight favours a topic's own words when choosing its passage:
// the sentence that names the roadmap is not the one about the item.
func passageWeight(r termRef) float64 {
	if r.own {
		return r.weight
	}
	return r.weight / 4
}

// RoadmapTopics turns a catalogue's items into topics: each item's
// profile (roadmap.Catalogue.Profile) with the quotes accepted as its
// evidence (by item id), and the date it came to be.
func RoadmapTopics(cat *roadmap.Catalogue, quotes map[string][]string) []Topic {
	var out []Topic
	for _, it := range cat.Items() {
		out = append(out, Topic{ID: it.ID, Terms: cat.Profile(it, quotes[it.ID]), Since: cat.Since(it)})
	}
	return out
}

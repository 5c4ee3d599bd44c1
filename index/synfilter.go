package index

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Synonyms are applied when an article is indexed: wherever a word or phrase
// of a synonym group occurs, the synonym filter adds, at the position of its
// first word and spanning all its words, a group token (found by every
// member of the group) and a variant token (found by that member only). A
// query for a synonym is then one term lookup per field, whatever the size
// of the group, and the variant token ranks the very words of the query
// above their translations. Both tokens start with a control byte that no
// sanitised text contains, so they never collide with words.
const synPrefix = "\x01g"

// Where two synonyms follow each other ("EU–Kazakhstan", "European Union
// Kazakhstan"), the filter also adds a pair token spanning both, found by
// every member of the first group followed by every member of the second:
// a phrase of two synonyms, the costliest kind to check word by word, is
// then one term lookup.
const pairPrefix = "\x01p"

// pairToken is the token of a member of group a followed by one of group b.
func pairToken(a, b int) string { return pairPrefix + strconv.Itoa(a) + "." + strconv.Itoa(b) }

// groupToken is the token of synonym group g.
func groupToken(g int) string { return synPrefix + strconv.Itoa(g) }

// variantToken is the token of member v of synonym group g.
func variantToken(g, v int) string { return synPrefix + strconv.Itoa(g) + "." + strconv.Itoa(v) }

// synSeq is one synonym as its analyzer chain turns it into terms, with
// their relative positions (stop words leave gaps).
type synSeq struct {
	terms  []string
	gaps   []int // position of each term relative to the first
	groups []synRef
}

// synRef names a group member, with the terms of its group and variant
// tokens (made once: each occurrence shares them, and no filter runs
// after this one to change a term in place).
type synRef struct {
	group, variant int
	groupTerm      []byte
	variantTerm    []byte
}

// synFilter adds group and variant tokens after each synonym occurrence.
// Its table is built when it first filters: opening an index builds every
// language's filter, and a search analyses its words with some of them.
type synFilter struct {
	table func() *synTable
	built atomic.Bool // the table has been built (for the tests)
}

// synTable holds the synonyms by their first term.
type synTable struct {
	byFirst map[string][]*synSeq
	// firsts has bit min(len, 63) of word 'first byte' set for each
	// synonym's first term: most words of a text are no synonym's, and
	// are passed over without a map lookup.
	firsts [256]uint64
}

// firstBit is the bit of a term's length in synFilter.firsts.
func firstBit(term []byte) uint64 { return 1 << min(len(term), 63) }

// mayStart reports whether a synonym may start with term (false: none does).
func (f *synTable) mayStart(term []byte) bool {
	return len(term) > 0 && f.firsts[term[0]]&firstBit(term) != 0
}

// newSynFilter builds the filter from its config: "groups", the synonym
// groups, and "chain", the names of the token filters that run before it
// in its analyzer (each synonym is analysed by them to match the text).
func newSynFilter(config map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
	groups, err := stringLists(config["groups"])
	if err != nil {
		return nil, fmt.Errorf("synonym filter: groups: %w", err)
	}
	chainNames, err := stringList(config["chain"])
	if err != nil {
		return nil, fmt.Errorf("synonym filter: chain: %w", err)
	}
	tok, err := cache.TokenizerNamed("unicode")
	if err != nil {
		return nil, err
	}
	chain := make([]analysis.TokenFilter, len(chainNames))
	for i, n := range chainNames {
		if chain[i], err = cache.TokenFilterNamed(n); err != nil {
			return nil, err
		}
	}
	f := &synFilter{}
	f.table = sync.OnceValue(func() *synTable {
		f.built.Store(true)
		return newSynTable(groups, tok, chain)
	})
	return f, nil
}

// newSynTable analyses every member of the groups with the tokenizer and
// the chain of filters that run before the synonym filter.
func newSynTable(groups [][]string, tok analysis.Tokenizer, chain []analysis.TokenFilter) *synTable {
	members := 0
	for _, group := range groups {
		members += len(group)
	}
	f := &synTable{byFirst: make(map[string][]*synSeq, members)}
	seqs := make(map[string]*synSeq, members)
	var key []byte
	for g, group := range groups {
		for v, term := range group {
			stream := tok.Tokenize([]byte(term))
			for _, c := range chain {
				stream = c.Filter(stream)
			}
			if len(stream) == 0 {
				continue
			}
			seq := &synSeq{}
			for _, t := range stream {
				seq.terms = append(seq.terms, string(t.Term))
				seq.gaps = append(seq.gaps, t.Position-stream[0].Position)
			}
			key = key[:0]
			for k, term := range seq.terms {
				key = append(key, term...)
				key = append(key, 0)
				key = strconv.AppendInt(key, int64(seq.gaps[k]), 10)
				key = append(key, 0)
			}
			if have, ok := seqs[string(key)]; ok {
				seq = have
			} else {
				seqs[string(key)] = seq
				f.byFirst[seq.terms[0]] = append(f.byFirst[seq.terms[0]], seq)
			}
			seq.groups = append(seq.groups, synRef{group: g, variant: v, groupTerm: fixedTerm(groupToken(g)), variantTerm: fixedTerm(variantToken(g, v))})
		}
	}
	for first := range f.byFirst {
		if first != "" {
			f.firsts[first[0]] |= firstBit([]byte(first))
		}
	}
	return f
}

// fixedTerm is a token term that no append can grow in place.
func fixedTerm(s string) []byte {
	b := []byte(s)
	return b[:len(b):len(b)]
}

// Filter appends a group and a variant token after the first word of every
// synonym occurrence.
func (sf *synFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	f := sf.table()
	if len(f.byFirst) == 0 {
		return input
	}
	var out analysis.TokenStream
	var found []occurrence
	for i, tok := range input {
		var seqs []*synSeq
		if f.mayStart(tok.Term) {
			seqs = f.byFirst[string(tok.Term)]
		}
		if len(seqs) == 0 {
			if out != nil {
				out = append(out, tok)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, 0, len(input)+len(input)/4+16)
			out = append(out, input[:i]...)
		}
		out = append(out, tok)
		for _, seq := range seqs {
			end, ok := seq.match(input, i)
			if !ok {
				continue
			}
			last := input[i+len(seq.terms)-1].Position
			for k, ref := range seq.groups {
				if !slices.ContainsFunc(seq.groups[:k], func(r synRef) bool { return r.group == ref.group }) {
					out = append(out, synToken(ref.groupTerm, tok, end))
					found = append(found, occurrence{ref.group, tok.Position, last, tok.Start, end})
				}
				out = append(out, synToken(ref.variantTerm, tok, end))
			}
		}
	}
	if out == nil {
		return input
	}
	return appendPairs(out, found)
}

// occurrence is where a synonym group's member stands: its first and last
// word positions and its bytes.
type occurrence struct {
	group       int
	first, last int
	start, end  int
}

// appendPairs adds a pair token for every two occurrences that follow each
// other (found is in order of first position).
func appendPairs(out analysis.TokenStream, found []occurrence) analysis.TokenStream {
	for i, a := range found {
		for _, b := range found[i+1:] {
			if b.first > a.last+1 {
				break
			}
			if b.first == a.last+1 {
				out = append(out, &analysis.Token{Term: []byte(pairToken(a.group, b.group)), Start: a.start, End: b.end,
					Position: a.first, Type: analysis.Single, KeyWord: true})
			}
		}
	}
	return out
}

// match reports whether the synonym occurs at input[i], and the byte offset
// where it ends.
func (s *synSeq) match(input analysis.TokenStream, i int) (int, bool) {
	if i+len(s.terms) > len(input) {
		return 0, false
	}
	first := input[i].Position
	for k, term := range s.terms {
		t := input[i+k]
		if string(t.Term) != term || t.Position-first != s.gaps[k] {
			return 0, false
		}
	}
	return input[i+len(s.terms)-1].End, true
}

func synToken(term []byte, first *analysis.Token, end int) *analysis.Token {
	return &analysis.Token{Term: term, Start: first.Start, End: end, Position: first.Position,
		Type: analysis.Single, KeyWord: true}
}

// stringList reads a list of strings from a mapping config value, as given
// ([]string) or as read back from the index's JSON ([]any).
func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []string:
		return v, nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("item %d is %T, not a string", i, x)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("%T is not a list", v)
}

func stringLists(v any) ([][]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case [][]string:
		return v, nil
	case []any:
		out := make([][]string, len(v))
		for i, x := range v {
			l, err := stringList(x)
			if err != nil {
				return nil, fmt.Errorf("group %d: %w", i, err)
			}
			out[i] = l
		}
		return out, nil
	}
	return nil, fmt.Errorf("%T is not a list of lists", v)
}

// wordsOnly is a language analyzer without its synonym filter: the words
// of a text as the fields hold them, for the questions that ignore the
// group tokens (is a word a stop word, which members of a group read
// alike), so that they build no synonym table. The synonym filter only
// adds tokens after words, so the words are the same.
func wordsOnly(an analysis.Analyzer) analysis.Analyzer {
	d, ok := an.(*analysis.DefaultAnalyzer)
	if !ok || len(d.TokenFilters) == 0 {
		return an
	}
	if _, syn := d.TokenFilters[len(d.TokenFilters)-1].(*synFilter); !syn {
		return an
	}
	return &analysis.DefaultAnalyzer{CharFilters: d.CharFilters, Tokenizer: d.Tokenizer,
		TokenFilters: d.TokenFilters[: len(d.TokenFilters)-1 : len(d.TokenFilters)-1]}
}

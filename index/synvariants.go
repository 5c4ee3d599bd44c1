package index

import (
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
)

// synVariants tells which members of a synonym group stand at the same
// places in every article: members that each language's analyzer reads as
// the same words ("lithium" and "Lithium") get their variant tokens at
// the same occurrences, so their postings are the same. A query then
// reads one of them for all (see canonical), not one per member.
type synVariants struct {
	im     mapping.IndexMapping
	groups [][]string

	mu    sync.Mutex
	first map[int][]int // per group read so far: each member's first same member
}

// canonical returns the variant token of the first member of term's group
// that stands wherever term's member does; any other term unchanged.
func (s *synVariants) canonical(term string) string {
	if s == nil || !strings.HasPrefix(term, synPrefix) {
		return term
	}
	g, v, ok := strings.Cut(term[len(synPrefix):], ".")
	if !ok {
		return term
	}
	gi, err1 := strconv.Atoi(g)
	vi, err2 := strconv.Atoi(v)
	if err1 != nil || err2 != nil || gi < 0 || gi >= len(s.groups) || vi < 0 || vi >= len(s.groups[gi]) {
		return term
	}
	if f := s.firstOf(gi)[vi]; f != vi {
		return variantToken(gi, f)
	}
	return term
}

// firstOf reads group g's members with every language's analyzer, once.
func (s *synVariants) firstOf(g int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.first[g]; ok {
		return f
	}
	if s.first == nil {
		s.first = map[int][]int{}
	}
	keys := make([]string, len(s.groups[g]))
	f := make([]int, len(keys))
	for v, member := range s.groups[g] {
		var b strings.Builder
		for _, lang := range analyzerLangs {
			first := -1
			for _, tok := range wordsOnly(s.im.AnalyzerNamed(analyzerName(lang))).Analyze([]byte(member)) {
				if isSynToken(tok.Term) {
					continue
				}
				if first < 0 {
					first = tok.Position
				}
				b.Write(tok.Term)
				b.WriteString("\x00" + strconv.Itoa(tok.Position-first) + "\x00")
			}
			b.WriteString("\x01")
		}
		keys[v] = b.String()
		f[v] = v
		for u := range v {
			if keys[u] == keys[v] {
				f[v] = u
				break
			}
		}
	}
	s.first[g] = f
	return f
}

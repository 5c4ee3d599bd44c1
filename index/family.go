package index

import (
	bindex "github.com/blevesearch/bleve_index_api"
)

// An article and its translations are one family; a search lists each
// family once (one hit, the other languages beside it as Versions), so it
// also counts them once: Result.Articles.

// family is the matching members of one family, best ranked first.
type family struct{ members []Hit }

// familyOf is the root of an article's family: the original it translates,
// else itself.
func (ix *Index) familyOf(id string) string {
	if root, ok := ix.family(id); ok {
		return root
	}
	return id
}

// family returns the root of the family of an article that has another
// language version; false for one that has none.
func (ix *Index) family(id string) (string, bool) {
	if ix.arts != nil {
		return ix.arts.Family(id)
	}
	root, ok := ix.families[id]
	return root, ok
}

// group gathers ranked hits into families, in the order of each family's
// best hit.
func (ix *Index) group(hits []Hit) []family {
	at := map[string]int{} // family root -> index in out
	out := make([]family, 0, len(hits))
	for _, h := range hits {
		root := ix.familyOf(h.ID)
		if k, ok := at[root]; ok {
			out[k].members = append(out[k].members, h)
			continue
		}
		at[root] = len(out)
		out = append(out, family{members: []Hit{h}})
	}
	return out
}

// familyCounter counts the families among every hit of a search (not only
// the collected ones): articles without a translation one by one, the
// others once per family. It costs a map lookup per hit, and nothing when
// the corpus holds no translation (it is not made then).
type familyCounter struct {
	ix       *Index
	ids      DocIDs // the part's numbering, when it has one
	coded    Coded  // the part's coded numbering, when its family codes are used (before ids)
	numbered Coded  // the part's coded numbering, for its ids only
	codeSeen map[int32]bool
	singles  uint64
	seen     map[string]bool // roots of families met
}

func newFamilyCounter(ix *Index) *familyCounter {
	if !ix.hasFamilies {
		return nil
	}
	return &familyCounter{ix: ix, seen: map[string]bool{}}
}

// part sets the part whose hits are counted next. A part's family codes
// are used when the index reads its articles from the same manifest
// (Config.Articles); otherwise the corpus's families decide (an overlay's
// corpus may have changed a family the codes still hold).
func (fc *familyCounter) part(p Part) {
	fc.ids, fc.coded, fc.numbered, fc.codeSeen = p.IDs, nil, nil, nil
	switch {
	case p.Coded != nil && fc.ix.arts != nil:
		fc.coded, fc.codeSeen = p.Coded, map[int32]bool{}
	case p.Coded != nil:
		fc.numbered = p.Coded
	}
}

// add counts one hit of a part; r resolves its id where the part has no
// numbering.
func (fc *familyCounter) add(r bindex.IndexReader, in bindex.IndexInternalID) {
	if fc.coded != nil && len(in) == 8 && in.Value() < uint64(fc.coded.Len()) {
		_, _, _, fam := fc.coded.Codes(int(in.Value()))
		switch {
		case fam < 0:
			fc.singles++
		case !fc.codeSeen[fam]:
			fc.codeSeen[fam] = true
			fc.seen[fc.coded.FamilyID(fam)] = true
		}
		return
	}
	var id string
	switch {
	case fc.numbered != nil && len(in) == 8 && in.Value() < uint64(fc.numbered.Len()):
		id = fc.numbered.ID(int(in.Value()))
	case fc.ids != nil && len(in) == 8 && in.Value() < uint64(len(fc.ids)):
		id = fc.ids[in.Value()]
	case r != nil:
		ext, err := r.ExternalID(in)
		if err != nil {
			fc.singles++ // counted, if not deduplicated
			return
		}
		id = ext
	}
	if root, ok := fc.ix.family(id); ok {
		fc.seen[root] = true
		return
	}
	fc.singles++
}

// count is the number of families met.
func (fc *familyCounter) count() uint64 { return fc.singles + uint64(len(fc.seen)) }

package library

import (
	"fmt"
	"hash/fnv"
	"os"
	"path"
	"slices"

	"dossier/model"
)

// scanned is the corpus folders as they are now, before any file is read.
type scanned struct {
	files []model.FileStat       // one per article id, in folder then path order
	cats  []model.Catalogue      // per folder
	catOf map[string]*model.Meta // catalogue entry per article id
}

// scan lists the folders, reads their catalogues, and drops duplicate ids
// and files over the size cap (with warnings), reading no article.
func (l *Library) scan() (*scanned, error) {
	sc := &scanned{catOf: map[string]*model.Meta{}}
	var ids map[string]int32 // index in sc.files
	limit := l.opts.MaxBytes
	if limit <= 0 {
		limit = model.DefaultMaxBytes
	}
	for i, dir := range l.opts.Dirs {
		label := l.labels[i]
		if st, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("%s: %w", model.Escape(label), err)
		} else if !st.IsDir() {
			return nil, fmt.Errorf("%s: not a folder", model.Escape(label))
		}
		files, warns, err := model.Scan(dir, i, label)
		if err != nil {
			return nil, err
		}
		for _, w := range warns {
			l.warn(w)
		}
		cat, catWarn := model.ReadCatalogue(os.DirFS(dir))
		if catWarn != "" {
			l.warn(model.Warning{Path: path.Join(label, model.CatalogueFile), Reason: catWarn})
		}
		sc.cats = append(sc.cats, cat)
		if ids == nil {
			ids = make(map[string]int32, len(files))
		}
		var found map[string]bool
		if len(cat) > 0 {
			found = make(map[string]bool, len(cat))
		}
		sc.files = slices.Grow(sc.files, len(files))
		for _, f := range files {
			id := f.ID()
			if first, dup := ids[id]; dup {
				l.warn(model.Warning{Path: path.Join(label, f.Rel), Reason: fmt.Sprintf("duplicate id %q (already read from %s); skipped",
					model.Escape(id), model.Escape(path.Join(l.labels[sc.files[first].Dir], sc.files[first].Rel)))})
				continue
			}
			if f.Size > limit {
				l.warn(model.Warning{Path: path.Join(label, f.Rel), Reason: fmt.Sprintf("skipped: %s is over the %s limit", model.HumanBytes(f.Size), model.HumanBytes(limit))})
				continue
			}
			ids[id] = int32(len(sc.files))
			sc.files = append(sc.files, f)
			if len(cat) > 0 {
				found[id] = true
				if m, ok := cat[id]; ok {
					sc.catOf[id] = &m
				}
			}
		}
		for _, id := range model.MissingFromCatalogue(cat, found) {
			l.warn(model.Warning{Path: path.Join(label, model.CatalogueFile), Reason: fmt.Sprintf("lists \"%s\" but there is no such article", model.Escape(id))})
		}
	}
	// Each folder's files come sorted by path, and the folders in order.
	return sc, nil
}

// catSum is the checksum of a catalogue entry (0 for none): an article is
// indexed again when its entry changes.
func catSum(m *model.Meta) uint64 {
	if m == nil {
		return 0
	}
	h := fnv.New64a()
	for _, s := range []string{m.Title, m.Outlet, m.Author, m.URL, m.Lang, m.Date, m.TranslationOf} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum64() | 1
}

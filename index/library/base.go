package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"dossier/index"
	"dossier/model"
)

// base is the published generation as this process found it.
type base struct {
	gen    string
	dir    string
	m      *Manifest
	byPath map[pathKey]int // index in m.Files

	derivedOnce    sync.Once
	derivedVersion string
	derivedAll     map[string]Derived
	derivedErr     error
}

type pathKey struct {
	dir int
	rel string
}

// synonymsSum identifies the synonym groups an index was built with.
func synonymsSum(groups [][]string) string {
	h := sha256.New()
	for _, g := range groups {
		for _, t := range g {
			h.Write([]byte(t))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// openBase reads and checks the published generation; it returns nil when
// there is none. A damaged one, or one from another version, is set aside.
func (l *Library) openBase() (*base, error) {
	st := l.kept
	gen, err := st.current()
	if err == nil && gen == "" {
		return nil, nil
	}
	var b *base
	if err == nil {
		b, err = l.readBase(gen)
	}
	if err != nil {
		if !errors.Is(err, errDamaged) && !errors.Is(err, errStale) {
			return nil, err
		}
		l.setAside(err)
		return nil, nil
	}
	return b, nil
}

// errStale marks a cache written by another version of dossier or for
// other settings.
var errStale = errors.New("was written by another version")

func (l *Library) readBase(gen string) (*base, error) {
	dir := filepath.Join(l.kept.dir, gen)
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s has no manifest", errDamaged, gen)
		}
		return nil, err
	}
	m, err := decodeManifest(data)
	if err != nil {
		return nil, fmt.Errorf("%s/manifest: %w", gen, err)
	}
	switch {
	case m.Mapping != index.MappingVersion:
		return nil, fmt.Errorf("%w (index format %d, this dossier uses %d)", errStale, m.Mapping, index.MappingVersion)
	case m.Synonyms != synonymsSum(l.opts.Synonyms) || !slices.Equal(m.Dirs, l.opts.Dirs):
		return nil, fmt.Errorf("%w: for other folders or synonyms", errStale)
	}
	if err := checkSeal(filepath.Join(dir, indexDir), m.Seal); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errDamaged, gen, err)
	}
	b := &base{gen: gen, dir: dir, m: m, byPath: make(map[pathKey]int, len(m.Files))}
	for i, f := range m.Files {
		b.byPath[pathKey{f.Stat.Dir, f.Stat.Rel}] = i
	}
	if l.opts.Deriver != nil {
		if _, _, err := b.derived(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// derived reads the generation's derived data, once, when it is needed.
func (b *base) derived() (string, map[string]Derived, error) {
	b.derivedOnce.Do(func() {
		b.derivedAll = map[string]Derived{}
		if b.dir == "" {
			return
		}
		data, err := os.ReadFile(filepath.Join(b.dir, derivedName))
		if errors.Is(err, os.ErrNotExist) {
			return
		}
		if err != nil {
			b.derivedErr = err
			return
		}
		v, ds, err := decodeDerived(data)
		if err != nil {
			b.derivedErr = fmt.Errorf("%s/derived: %w", b.gen, err)
			return
		}
		b.derivedVersion = v
		for _, d := range ds {
			b.derivedAll[d.ID] = d
		}
	})
	return b.derivedVersion, b.derivedAll, b.derivedErr
}

// validDerived is the generation's derived data if it was made by version.
func (b *base) validDerived(version string) map[string]Derived {
	if b == nil {
		return nil
	}
	v, all, err := b.derived()
	if err != nil || v != version {
		return nil
	}
	return all
}

// setAside moves a damaged or stale cache out of the way, saying so once.
func (l *Library) setAside(why error) {
	to, err := l.kept.setAside()
	if err != nil {
		l.notice(fmt.Sprintf("the kept index in %s cannot be used (%v) nor moved away (%v); indexing in memory",
			model.Escape(l.kept.dir), why, err))
		return
	}
	what := fmt.Sprintf("was damaged (%v)", why)
	if errors.Is(why, errStale) {
		what = why.Error() // "was written by another version (index format 3, …)"
	}
	l.notice(fmt.Sprintf("the kept index %s; moved to %s and rebuilt", what, model.Escape(to)))
}

// openIndex opens a published generation's index read-only. A panic in the
// index library (a damaged segment) is an error, not a crash.
func openIndex(dir string) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: the index panicked: %v", errDamaged, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	idx, err = bleve.OpenUsing(filepath.Join(dir, indexDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errDamaged, err)
	}
	return idx, nil
}

// probe runs one query on a freshly opened index, so that damage shows now.
func probe(ctx context.Context, idx bleve.Index) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: the index panicked: %v", errDamaged, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	if _, err := idx.SearchInContext(ctx, req); err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	return nil
}

package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"syscall"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"dossier/index"
)

// base is the published generation as this process found it.
type base struct {
	gen     string
	dir     string
	v       *manifestView
	holdMu  sync.Mutex
	hold    *os.File           // the manifest, locked shared while the generation is used
	checked map[string]stamped // index files as they were when last found whole

	derivedOnce sync.Once
	derivedFile *derivedFile // the table of the derived file (nil: none)
	derivedErr  error
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
// there is none. A damaged one, or one from another version, is a *damage.
func (l *Library) openBase(ctx context.Context) (*base, error) {
	gen, err := l.kept.current()
	if err != nil {
		if damageLike(err) {
			return nil, &damage{err: err}
		}
		return nil, err
	}
	if gen == "" {
		return nil, nil
	}
	b, err := l.readBase(ctx, gen, sealCheck{})
	if err != nil {
		if ctx.Err() == nil && (errors.Is(err, errDamaged) || errors.Is(err, errStale)) {
			return nil, &damage{gen: gen, err: err}
		}
		return nil, err
	}
	return b, nil
}

// errStale marks a cache written by another version of dossier or for
// other settings.
var errStale = errors.New("was written by another version")

// readBase reads a published generation's manifest and checks its index
// files against their seal (c says how deeply). The base returned holds
// the generation (tidy leaves it) until it is released.
func (l *Library) readBase(ctx context.Context, gen string, c sealCheck) (*base, error) {
	dir := filepath.Join(l.kept.dir, gen)
	f, _, err := openRegular(filepath.Join(dir, manifestName))
	if err != nil {
		if damageLike(err) {
			return nil, fmt.Errorf("%w: %s has no readable manifest (%v)", errDamaged, gen, unwrapPath(err))
		}
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errRaced // a writer is removing it: CURRENT names another
		}
		return nil, err
	}
	b := &base{gen: gen, dir: dir, hold: f}
	ok := false
	defer func() {
		if !ok {
			b.release()
		}
	}()
	read := readAllSized
	if l.opts.SearchOnly {
		read = mapAll
	}
	data, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/manifest: %v", errDamaged, gen, err)
	}
	m, err := openView(data)
	if err != nil {
		return nil, fmt.Errorf("%s/manifest: %w", gen, err)
	}
	switch {
	case m.Mapping != index.MappingVersion:
		return nil, fmt.Errorf("%w (index format %d, this dossier uses %d)", errStale, m.Mapping, index.MappingVersion)
	case m.Synonyms != synonymsSum(l.opts.Synonyms) || !slices.Equal(m.Dirs, l.opts.Dirs):
		return nil, fmt.Errorf("%w: for other folders or synonyms", errStale)
	}
	c.label = gen + "/" + indexDir
	c.onSum = l.hooks.sum
	c.stamp = readStamp(dir)
	c.fresh = map[string]stamped{}
	if err := checkSeal(ctx, filepath.Join(dir, indexDir), m.Seal, c); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if damageLike(err) && !errors.Is(err, errDamaged) {
			err = fmt.Errorf("%w: %v", errDamaged, err)
		}
		return nil, err
	}
	restamp(dir, c.stamp, c.fresh, m.Seal)
	b.checked = maps.Clone(c.stamp)
	if b.checked == nil {
		b.checked = map[string]stamped{}
	}
	maps.Copy(b.checked, c.fresh)
	m.pathPrefix, m.filePrefix = l.prefixes()
	b.v = m
	if l.opts.Deriver != nil {
		if _, _, err := b.derived(); err != nil {
			return nil, err
		}
	}
	ok = true
	return b, nil
}

// release lets the generation go (see readBase); releasing twice, or a
// base that holds nothing, is harmless.
func (b *base) release() error {
	if b == nil {
		return nil
	}
	b.holdMu.Lock()
	defer b.holdMu.Unlock()
	if b.hold == nil {
		return nil
	}
	err := b.hold.Close() // drops the lock
	b.hold = nil
	return err
}

// manifest is the generation's manifest decoded whole (once): for an open
// that found changes.
func (b *base) manifest() (*Manifest, error) {
	m, err := b.v.manifest()
	if err != nil {
		return nil, fmt.Errorf("%s/manifest: %w", b.gen, err)
	}
	return m, nil
}

// readAllSized reads an open file whole, in one allocation of its size
// when it does not grow meanwhile.
func readAllSized(f *os.File) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 0, info.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// unwrapPath drops the path of an *fs.PathError: the message names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// derived reads the table of the generation's derived data (without the
// data), once, when it is needed.
func (b *base) derived() (string, map[string]Derived, error) {
	b.derivedOnce.Do(func() {
		if b.dir == "" {
			return
		}
		df, err := readDerivedTable(filepath.Join(b.dir, derivedName))
		switch {
		case errors.Is(err, os.ErrNotExist), errors.Is(err, errOldDerived): // none: derived again
		case err != nil:
			b.derivedErr = fmt.Errorf("%s/derived: %w", b.gen, err)
		default:
			b.derivedFile = df
		}
	})
	if b.derivedFile == nil {
		return "", nil, b.derivedErr
	}
	return b.derivedFile.version, b.derivedFile.entries, nil
}

// validDerived is the table of the generation's derived data if it was
// made by version (each entry without its data).
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

// derivedWhole reports whether the generation keeps derived data made by
// version for every article. Written so, it was made consistent then
// (rederive): nothing needs deriving again while its files are unchanged.
func (b *base) derivedWhole(version string) bool {
	t := b.validDerived(version)
	return t != nil && len(t) == b.v.Len()
}

// derivedWithData is the generation's derived data made by version, with
// the data, read now (nil when it has none or it cannot be read).
func (b *base) derivedWithData(version string) map[string]Derived {
	if b.validDerived(version) == nil {
		return nil
	}
	ds, err := b.derivedFile.data()
	if err != nil {
		return nil
	}
	return ds
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

// probe runs one query on a freshly opened index, so that damage shows
// now: with ids (live documents of the manifest's table), a search for
// them that must find each, which reads every segment's id dictionary;
// without, a search for every document (at 100,000 articles that
// visits 100,000 numbers, about 10 ms).
func probe(ctx context.Context, idx bleve.Index, ids ...string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: the index panicked: %v", errDamaged, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var q query.Query = bleve.NewMatchAllQuery()
	if len(ids) > 0 {
		q = bleve.NewDocIDQuery(ids)
	}
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err() // cancelled: says nothing about the index
		}
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	if len(ids) > 0 && res.Total != uint64(len(ids)) {
		return fmt.Errorf("%w: the index holds %d of the documents %q", errDamaged, res.Total, ids)
	}
	return nil
}

// checkDocIDs compares the manifest's document table with the index (see
// index.CheckDocIDs); a panic in the index library is damage.
func checkDocIDs(idx bleve.Index, ids index.Numbered) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: the index panicked: %v", errDamaged, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	if err := index.CheckDocIDs(idx, ids); err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	return nil
}

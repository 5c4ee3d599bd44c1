package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Status describes a corpus's kept index, for `dossier index`.
type Status struct {
	Dir         string    // the corpus's cache folder
	Folders     []string  // the corpus folders
	Gen         string    // the published generation ("" when none)
	Articles    int       // articles in it
	Bytes       int64     // size of the cache folder
	Built       time.Time // when the published generation was written
	Generations int       // generations on disk (older ones are removed once unused)
	State       string    // up to date, out of date, damaged, another version, not built
	Changes     string    // what changed since, when out of date
	// Followed says a running dossier follows the folders and vouches
	// that they hold the published generation: commands skip their scan.
	Followed bool
}

// Inspect reports on the kept index of opts's folders without changing
// anything: a damaged index is only reported (the next open sets it aside).
func Inspect(opts Options) (Status, error) {
	l, err := prepare(opts, testHooks{})
	if err != nil {
		return Status{}, err
	}
	if l.kept == nil {
		return Status{}, errors.New("no kept index: the embedded seeds and --no-cache are indexed in memory")
	}
	st := Status{Dir: l.kept.dir, Folders: l.opts.Dirs, Generations: len(l.kept.generations())}
	st.Bytes = du(l.kept.dir)
	gen, err := l.kept.current()
	switch {
	case err != nil && !damageLike(err):
		return st, err
	case err != nil:
		st.State = "damaged: " + damageText(err) + " (set aside and rebuilt on the next run)"
		return st, nil
	case gen == "":
		st.State = "not built yet (built on the first run)"
		return st, nil
	}
	b, err := l.readBase(context.Background(), gen, sealCheck{})
	defer b.release()
	if err == nil {
		// What an open checks too: the index opens, answers, and its
		// documents are the manifest's.
		var idx interface{ Close() error }
		if idx, _, err = l.openChecked(context.Background(), b); err == nil {
			idx.Close()
		}
	}
	switch {
	case errors.Is(err, errStale):
		st.State = "from another version of dossier: it " + err.Error() + " (rebuilt on the next run)"
		return st, nil
	case err != nil && !damageLike(err):
		return st, err
	case err != nil:
		st.State = "damaged: " + damageText(err) + " (set aside and rebuilt on the next run)"
		return st, nil
	}
	st.Gen, st.Articles = gen, b.v.Len()
	if info, err := os.Stat(filepath.Join(l.kept.dir, gen, manifestName)); err == nil {
		st.Built = info.ModTime()
	}
	if _, ok := l.askFollower(context.Background(), gen); ok {
		st.State, st.Followed = "up to date (a running dossier follows the folders: commands skip their scan)", true
		return st, nil
	}
	sc, err := l.scan()
	if err != nil {
		return st, err
	}
	m, err := b.manifest()
	if err != nil {
		return st, err
	}
	plan, removed := classify(m, sc)
	var nAdded, nChanged int
	for _, c := range plan {
		switch c.kind {
		case added:
			nAdded++
		case changed, touched:
			nChanged++
		}
	}
	if nAdded+nChanged+len(removed) == 0 {
		st.State = "up to date"
		return st, nil
	}
	st.State = "out of date (updated on the next run)"
	st.Changes = fmt.Sprintf("%d new, %d changed or touched, %d removed", nAdded, nChanged, len(removed))
	return st, nil
}

// Verified is what Verify found.
type Verified struct {
	Gen     string        // the generation checked ("" when none is published)
	Files   int           // index files checksummed
	Bytes   int64         // their size
	Took    time.Duration // how long it took
	Damage  string        // what is wrong, naming the file ("" when all is well)
	Rebuilt string        // the generation built to replace a damaged one
}

// Verify checksums every file of the published generation's index whole
// against its manifest. A damaged generation is named, set aside and
// rebuilt at once, as any open would (and with the same notice).
func Verify(ctx context.Context, opts Options) (Verified, error) {
	l, err := prepare(opts, testHooks{})
	if err != nil {
		return Verified{}, err
	}
	defer l.Close()
	if l.kept == nil {
		return Verified{}, errors.New("no kept index: the embedded seeds and --no-cache are indexed in memory")
	}
	start := time.Now()
	gen, err := l.kept.current()
	var v Verified
	if err == nil && gen == "" {
		return v, nil
	}
	var b *base
	if err == nil {
		v.Gen = gen
		b, err = l.readBase(ctx, gen, sealCheck{deep: true})
	}
	v.Took = time.Since(start)
	if err == nil {
		for _, s := range b.v.Seal {
			v.Files++
			v.Bytes += s.Size
		}
		b.release()
		return v, nil
	}
	if ctx.Err() != nil {
		return v, ctx.Err()
	}
	d := &damage{gen: gen, err: err, deep: true}
	if gen == "" || !(errors.Is(err, errDamaged) || errors.Is(err, errStale)) {
		if !damageLike(err) {
			return v, err
		}
		d.gen = ""
	}
	v.Damage = damageText(err)
	l.loadMu.Lock()
	err = l.loadKeptAfter(ctx, d)
	l.loadMu.Unlock()
	if err != nil {
		return v, fmt.Errorf("rebuild: %w", err)
	}
	v.Rebuilt = l.Snapshot().Gen
	return v, nil
}

// Rebuild indexes the corpus again from scratch into a new generation and
// opens it; the old generations go once no process holds them open.
func Rebuild(ctx context.Context, opts Options) (*Library, error) {
	l, err := prepare(opts, testHooks{})
	if err != nil {
		return nil, err
	}
	if l.kept == nil {
		return nil, errors.New("no kept index to rebuild: the embedded seeds and --no-cache are indexed in memory")
	}
	l.cold = true
	if err := l.load(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// du is the size of the files under dir.
func du(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

package library

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"dossier/index"
	"dossier/model"
)

// A kept index found damaged is set aside and rebuilt, but only once the
// damage is certain. Other processes publish new generations and remove
// old ones at any time, and a process may be told to stop at any time: a
// generation that vanished while it was opened, or an open that was
// cancelled, says nothing about the cache. So a damaged verdict is checked
// again holding write.lock (nobody publishes or removes anything then),
// on the generation CURRENT names at that moment, before anything moves.

// damage is a published generation (gen; "" when CURRENT itself is bad)
// that failed a check.
type damage struct {
	gen  string
	err  error
	deep bool // found by checksumming the files whole: check again the same way
}

func (d *damage) Error() string { return d.err.Error() }
func (d *damage) Unwrap() error { return d.err }

// asDamage makes a failure to open generation gen a *damage when it is
// one.
func asDamage(gen string, err error) error {
	var d *damage
	if err == nil || errors.As(err, &d) || !(errors.Is(err, errDamaged) || errors.Is(err, errStale)) {
		return err
	}
	return &damage{gen: gen, err: err}
}

// damageText is what is wrong, without the "damaged: " the errors start with.
func damageText(err error) string {
	return strings.TrimPrefix(err.Error(), errDamaged.Error()+": ")
}

// errRaced means another process published a generation during ours.
var errRaced = errors.New("another process published meanwhile")

// maxRaces is how many times in a row an open starts over because other
// processes published meanwhile.
const maxRaces = 20

// errInMemory says the kept index could not be used nor moved away.
var errInMemory = errors.New("indexing in memory")

// loadKept brings the kept index up to date with the folders and opens it.
func (l *Library) loadKept(ctx context.Context) error {
	return l.loadKeptAfter(ctx, nil)
}

// loadKeptAfter is loadKept, starting from a damage already found (nil:
// none).
func (l *Library) loadKeptAfter(ctx context.Context, found *damage) error {
	var unlock func() // write.lock, held from setting a damaged cache aside to publishing its rebuild
	defer func() {
		if unlock != nil {
			unlock()
		}
	}()
	setAside := false
	for races := 0; ; {
		var err error
		if found != nil {
			err, found = found, nil
		} else {
			err = l.tryKept(ctx, unlock != nil)
		}
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err() // cancelled: nothing was damaged
		}
		var d *damage
		switch {
		case errors.As(err, &d) && !setAside:
			held, moved, cerr := l.confirm(ctx, d)
			switch {
			case errors.Is(cerr, errInMemory):
				return l.loadMemory(ctx)
			case cerr != nil:
				return cerr
			case moved:
				unlock, setAside = held, true
				continue
			}
			// Not damaged after all: replaced meanwhile.
		case errors.Is(err, errRaced):
		default:
			return err
		}
		if races++; races > maxRaces {
			return err
		}
		time.Sleep(time.Duration(races) * time.Millisecond)
	}
}

// confirm checks a damage again holding write.lock. When it holds, the
// cache is set aside and confirm returns with the lock held, for the
// rebuild; when it does not (another process replaced the generation
// meanwhile), it returns with the lock released and moved false.
func (l *Library) confirm(ctx context.Context, d *damage) (unlock func(), moved bool, err error) {
	unlock, err = l.kept.waitLock(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		l.notice(fmt.Sprintf("the kept index in %s cannot be used (%s) nor locked to be moved away (%v); indexing in memory",
			model.Escape(l.kept.dir), damageText(d.err), err))
		return nil, false, errInMemory
	}
	still, err := l.stillDamaged(ctx, d)
	if err != nil || !still {
		unlock()
		return nil, false, err
	}
	to, err := l.kept.setAside()
	if err != nil {
		unlock()
		l.notice(fmt.Sprintf("the kept index in %s cannot be used (%s) nor moved away (%v); indexing in memory",
			model.Escape(l.kept.dir), damageText(d.err), err))
		return nil, false, errInMemory
	}
	if errors.Is(d.err, errStale) {
		// Another version's cache is not damage: there is nothing in it
		// to look into, and a copy would take the index's size on disk.
		os.RemoveAll(to)
		l.notice(fmt.Sprintf("the kept index %s; rebuilt for this version", d.err.Error())) // "was written by another version (index format 3, …)"
		return unlock, true, nil
	}
	l.notice(fmt.Sprintf("the kept index was damaged (%s); moved to %s and rebuilt", damageText(d.err), model.Escape(to)))
	return unlock, true, nil
}

// stillDamaged looks again at what CURRENT names, holding write.lock.
func (l *Library) stillDamaged(ctx context.Context, d *damage) (bool, error) {
	gen, err := l.kept.current()
	switch {
	case err != nil:
		return damageLike(err), nil
	case gen == "" || gen != d.gen:
		return false, nil // replaced, or already set aside
	}
	b, err := l.readBase(ctx, gen, sealCheck{deep: d.deep})
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return errors.Is(err, errDamaged) || errors.Is(err, errStale), nil
	}
	defer b.release()
	if _, err := b.manifest(); err != nil { // all of it: the damage may lie where a warm open does not read
		return errors.Is(err, errDamaged), nil
	}
	idx, _, err := l.openChecked(ctx, b)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return errors.Is(err, errDamaged), nil
	}
	idx.Close()
	return false, nil
}

// suspect is what a search of generation gen calls when it fails inside
// the index library (index.Config.Suspect): gen is checked whole and
// repaired if it is damaged, and the search asks the new index.
func (l *Library) suspect(gen string) func(context.Context, error) *index.Index {
	return func(ctx context.Context, _ error) *index.Index { return l.healNow(ctx, gen) }
}

// repair checks generation gen whole, as a search failed on it, and sets
// it aside and rebuilds it if it is damaged. It returns the snapshot to
// search instead, nil when gen is whole (the fault is not the cache's).
func (l *Library) repair(gen string) *Snapshot {
	l.loadMu.Lock()
	defer l.loadMu.Unlock()
	ctx := l.life
	cur := l.Snapshot()
	if cur == nil || cur.Gen != gen {
		return cur // replaced meanwhile: search the new one
	}
	b, err := l.readBase(ctx, gen, sealCheck{deep: true})
	if err == nil {
		if cur.files != nil {
			cur.files.found(b.checked) // found whole as they are now (a copy of the files is no damage)
		}
		b.release()
		return nil
	}
	l.repairFrom(ctx, gen, err) //nolint:errcheck // told by notice; the search reports its own error
	if now := l.Snapshot(); now != cur {
		return now
	}
	return nil
}

// repairFrom sets generation gen, which this library serves, aside and
// rebuilds it, after checking it whole failed with err; the library then
// serves the rebuilt generation (or the one another process published
// meanwhile). It returns the damage, with the rebuild's error if that
// failed; err itself when it is no damage (the cache could not be read).
// Call it holding loadMu.
func (l *Library) repairFrom(ctx context.Context, gen string, err error) error {
	var d *damage
	if !errors.As(asDamage(gen, err), &d) {
		if !damageLike(err) {
			return err
		}
		d = &damage{gen: gen, err: fmt.Errorf("%w: %v", errDamaged, err)}
	}
	d.deep = true
	before := l.Snapshot()
	if err := l.loadKeptAfter(ctx, d); err != nil {
		return errors.Join(d, err)
	}
	if now := l.Snapshot(); l.opts.Replaced != nil && now != nil && now != before {
		l.opts.Replaced(now)
	}
	return d
}

package library

import (
	"bytes"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"dossier/model"
)

// A quick scan lists every folder (getdents) and looks each name up in the
// manifest: at 100,000 articles that is a third of its time, beside the
// stats. Adding, removing or renaming a file changes its folder's
// modification and change times, so a folder whose times did not move
// since a listing that found the manifest's files holds the same names:
// a quick scan that finds every folder so stats the manifest's files by
// their names, in order, without listing (an edit in place is still
// caught by the file's own stat). The listing is recorded per generation
// in the file "listed": each folder's device, inode and times, and the
// warnings about files that are not articles.
//
// Times are only trusted where they are exact and local (ext4, XFS,
// Btrfs, tmpfs, F2FS, bcachefs), and only for a folder last changed
// listedMargin before the listing began: a change made after the listing
// then gets a later time, however coarse the file system's clock.

// listedName is the record of a generation's last full quick scan.
const (
	listedName   = "listed"
	listedMagic  = "dossier listed 1\n"
	listedMargin = 2 * time.Second
)

// listedDir is a folder as a listing found it.
type listedDir struct {
	dir          uint32 // corpus folder
	rel          string // path inside it ("" for the folder itself)
	dev, ino     uint64
	mtime, ctime int64
}

// listedWarn is a warning of a listing: a file that is not an article.
type listedWarn struct {
	dir         uint32
	rel, reason string
}

func (d listedDir) sameAs(st *unix.Stat_t) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFDIR && st.Dev == d.dev && st.Ino == d.ino &&
		st.Mtim.Nano() == d.mtime && st.Ctim.Nano() == d.ctime
}

// exactTimes reports whether every folder is on a file system whose times
// the listing may trust (see above).
func exactTimes(dirs []string) bool {
	const bcachefs = 0xCA451A4E
	for _, d := range dirs {
		var st unix.Statfs_t
		if unix.Statfs(d, &st) != nil {
			return false
		}
		switch uint32(st.Type) {
		case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.TMPFS_MAGIC, unix.F2FS_SUPER_MAGIC, bcachefs:
		default:
			return false
		}
	}
	return true
}

// encodeListed lays out a listing.
func encodeListed(dirs []listedDir, warns []listedWarn) []byte {
	e := &encoder{b: []byte(listedMagic)}
	e.uint(uint64(len(dirs)))
	for _, d := range dirs {
		e.uint(uint64(d.dir))
		e.string(d.rel)
		e.uint(d.dev)
		e.uint(d.ino)
		e.int(d.mtime)
		e.int(d.ctime)
	}
	e.uint(uint64(len(warns)))
	for _, w := range warns {
		e.uint(uint64(w.dir))
		e.string(w.rel)
		e.string(w.reason)
	}
	return e.seal()
}

// readListed reads a generation's listing (nil when it has none, or one
// that fails its checks) and its bytes.
func readListed(genDir string, folders int) ([]listedDir, []listedWarn, []byte) {
	data, err := readRegular(filepath.Join(genDir, listedName))
	if err != nil {
		return nil, nil, nil
	}
	d, err := openFile(data, listedMagic)
	if err != nil {
		return nil, nil, nil
	}
	dirs := make([]listedDir, d.count(6))
	for i := range dirs {
		dirs[i] = listedDir{dir: uint32(d.uint()), rel: d.string(), dev: d.uint(), ino: d.uint(), mtime: d.int(), ctime: d.int()}
		if dirs[i].dir >= uint32(folders) {
			return nil, nil, nil
		}
	}
	warns := make([]listedWarn, d.count(3))
	for i := range warns {
		warns[i] = listedWarn{dir: uint32(d.uint()), rel: d.string(), reason: d.string()}
		if warns[i].dir >= uint32(folders) {
			return nil, nil, nil
		}
	}
	if d.done() != nil {
		return nil, nil, nil
	}
	return dirs, warns, data
}

// keepListing records the listing of a quick scan that found the
// generation's files (best effort), unless a folder changed too recently
// to be trusted or the record holds it already.
func (q *quickScan) keepListing(genDir string, began time.Time, margin time.Duration) {
	if margin <= 0 {
		margin = listedMargin
	}
	limit := began.Add(-margin).UnixNano()
	for _, d := range q.dirs {
		if d.ctime >= limit || d.mtime >= limit {
			return
		}
	}
	data := encodeListed(q.dirs, q.warnRecs)
	if _, _, old := readListed(genDir, len(q.labels)); bytes.Equal(old, data) {
		return
	}
	writeAtomic(filepath.Join(genDir, listedName), data) //nolint:errcheck // best effort: the next scan lists again
}

// unlisted stats the manifest's files without listing their folders, when
// every folder of the generation's listing is as it was. decided is false
// when one is not (or there is no listing): the folders are listed then.
func (q *quickScan) unlisted(genDir string, dirs []string) (same, decided bool) {
	list, warns, _ := readListed(genDir, len(dirs))
	if list == nil {
		return false, false
	}
	fds := make(map[pathKey]int, len(list))
	var st unix.Stat_t
	for _, d := range list {
		var fd int
		var err error
		if d.rel == "" {
			fd, err = unix.Open(dirs[d.dir], unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		} else {
			parent, name := "", d.rel
			if i := strings.LastIndexByte(d.rel, '/'); i >= 0 {
				parent, name = d.rel[:i], d.rel[i+1:]
			}
			pfd, ok := fds[pathKey{int(d.dir), parent}]
			if !ok {
				return false, false
			}
			fd, err = unix.Openat(pfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		}
		if err != nil {
			return false, false
		}
		q.fds = append(q.fds, fd)
		if unix.Fstat(fd, &st) != nil || !d.sameAs(&st) {
			return false, false
		}
		fds[pathKey{int(d.dir), d.rel}] = fd
	}
	for i := range dirs {
		if _, ok := fds[pathKey{i, ""}]; !ok {
			return false, false
		}
	}
	for _, w := range warns {
		q.warns = append(q.warns, model.Warning{Path: path.Join(q.labels[w.dir], w.rel), Reason: w.reason})
	}
	return q.statManifest(fds)
}

// statManifest stats every file of the manifest by its name in its
// folder (fds: the folders' descriptors, read only), on every core, each
// worker finding its files' paths in the manifest itself, and compares
// each with its record; it stops at the first difference. decided is
// false when a file lies in a folder fds lacks: the folders are listed.
func (q *quickScan) statManifest(fds map[pathKey]int) (same, decided bool) {
	n := q.v.Len()
	var differ, unknown atomic.Bool
	statWorkers(n, func(w, workers int) {
		var st unix.Stat_t
		last, lastFD := pathKey{-1, ""}, -1
		for i := w; i < n && !differ.Load() && !unknown.Load(); i += workers {
			dir, rel := q.v.relAt(i)
			prefix, name := "", rel
			if k := strings.LastIndexByte(rel, '/'); k >= 0 {
				prefix, name = rel[:k], rel[k+1:]
			}
			if key := (pathKey{int(dir), prefix}); key != last {
				fd, ok := fds[key]
				if !ok {
					unknown.Store(true) // a folder the listing did not see
					return
				}
				last, lastFD = key, fd
			}
			if !fstatat(lastFD, name, &st) || !q.same(&st, q.v.rec(i)) {
				differ.Store(true)
			}
		}
	})
	if unknown.Load() {
		return false, false
	}
	return !differ.Load(), true
}

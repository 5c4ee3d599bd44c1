package library

import (
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"dossier/model"
)

// The quick scan decides the common case of a warm open, that no file
// changed, at the cost of one stat per file and nothing else in proportion
// to the corpus: each folder is listed with large getdents reads into one
// buffer (no allocation per file), each name is looked up in the
// manifest's hash table where it lies, and each file is stat'ed by the
// name in that buffer, relative to its folder's descriptor, on every core,
// its size, modification time, inode and inode change time compared with
// the manifest's record in place. Anything else (a file added, removed,
// renamed or touched, a catalogue, an entry of unknown type) makes it give
// up, and the full scan (scan.go) decides; so its answer "unchanged" is the
// full scan's, and the inode change time still catches an edit that put
// the size and modification time back.

// direntBuf is the size of the first getdents read of a folder.
const direntBuf = 256 << 10

// quickStat is one file to stat: its corpus folder, the folder's
// descriptor, its path there (prefix, and its name in a listing's buffer).
type quickStat struct {
	dir    uint32
	fd     int
	prefix string
	name   string
}

// quickScan is the state of one quick scan.
type quickScan struct {
	v      *manifestView
	limit  int64
	labels []string
	fds    []int
	bufs   [][]byte // the listings, kept alive while their names are stat'ed
	jobs   []quickStat
	warns  []model.Warning

	dirs     []listedDir  // the folders listed, as they were (listed_linux.go)
	warnRecs []listedWarn // the warnings, for the record
}

// quickSame reports whether the folders hold exactly the files of the
// generation's manifest, unchanged. false means "not sure": the full scan
// decides. With true come the warnings a full scan would give (files that
// are not articles), in its order.
// genDir is the generation's folder, where its last listing is kept
// (listed_linux.go).
func (l *Library) quickSame(v *manifestView, genDir string) (bool, []model.Warning) {
	if v.checkScanShapes() != nil {
		return false, nil // the full scan reads the manifest whole and says what is wrong
	}
	// The sections' checksums are verified on another core while the files
	// are stat'ed; nothing is kept and nothing is answered before they hold.
	sums := make(chan error, 1)
	go func() { sums <- v.checkScanSections() }()
	verified := sync.OnceValue(func() bool { return <-sums == nil })
	same, warns := l.quickSameShaped(v, genDir, verified)
	if !verified() {
		return false, nil
	}
	return same, warns
}

// quickSameShaped is quickSame once the sections' shapes are checked;
// verified waits for their checksums.
func (l *Library) quickSameShaped(v *manifestView, genDir string, verified func() bool) (bool, []model.Warning) {
	limit := l.opts.MaxBytes
	if limit <= 0 {
		limit = model.DefaultMaxBytes
	}
	exact := exactTimes(l.opts.Dirs)
	if exact {
		q := &quickScan{v: v, limit: limit, labels: l.labels}
		same, decided := q.unlisted(genDir, l.opts.Dirs)
		q.close()
		if l.hooks.unlisted != nil {
			l.hooks.unlisted(decided)
		}
		if decided {
			return q.result(same)
		}
	}
	began := time.Now()
	q := &quickScan{v: v, limit: limit, labels: l.labels, jobs: make([]quickStat, 0, v.Len())}
	defer q.close()
	for i, dir := range l.opts.Dirs {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return false, nil
		}
		q.fds = append(q.fds, fd)
		if !q.list(uint32(i), fd, "") {
			return false, nil
		}
	}
	if len(q.jobs) != v.Len() || !q.statAll() {
		return false, nil
	}
	if exact && verified() {
		q.keepListing(genDir, began, l.hooks.listedMargin)
	}
	return q.result(true)
}

// result is quickSame's answer: the warnings in the full scan's order.
func (q *quickScan) result(same bool) (bool, []model.Warning) {
	if !same {
		return false, nil
	}
	slices.SortStableFunc(q.warns, func(a, b model.Warning) int { return strings.Compare(a.Path, b.Path) })
	return true, q.warns
}

func (q *quickScan) close() {
	for _, fd := range q.fds {
		unix.Close(fd)
	}
	runtime.KeepAlive(q.bufs)
}

// list reads folder fd (prefix: its path inside corpus folder dir) and
// queues its article files, as model.Scan would find them.
func (q *quickScan) list(dir uint32, fd int, prefix string) bool {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil { // before the listing: a change during it moves the times
		return false
	}
	q.dirs = append(q.dirs, listedDir{dir: dir, rel: prefix, dev: st.Dev, ino: st.Ino, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()})
	buf, ok := readDirents(fd)
	if !ok {
		return false
	}
	q.bufs = append(q.bufs, buf)
	for off := 0; off < len(buf); {
		reclen := int(*(*uint16)(unsafe.Pointer(&buf[off+16])))
		typ := buf[off+18]
		rec := buf[off+19 : off+reclen]
		n := 0
		for n < len(rec) && rec[n] != 0 {
			n++
		}
		off += reclen
		if n == 0 || n == len(rec) || rec[0] == '.' {
			continue // hidden, . and ..
		}
		name := unsafe.String(&rec[0], n)
		rel := func() string {
			if prefix == "" {
				return name
			}
			return prefix + "/" + name
		}
		switch {
		case prefix == "" && name == model.CatalogueFile:
			return false // catalogues are the full scan's
		case typ == unix.DT_DIR:
			sub, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
			if err != nil {
				return false
			}
			q.fds = append(q.fds, sub)
			if !q.list(dir, sub, rel()) {
				return false
			}
		case typ == unix.DT_UNKNOWN:
			return false
		case !model.ArticleExt(name):
			q.warn(dir, rel(), "ignored: only .txt and .md files are articles")
		case typ != unix.DT_REG:
			q.warn(dir, rel(), "ignored: not a regular file")
		default: // looked up in the manifest by statAll, on every core
			q.jobs = append(q.jobs, quickStat{dir: dir, fd: fd, prefix: prefix, name: name})
		}
	}
	return true
}

func (q *quickScan) warn(dir uint32, rel, reason string) {
	q.warns = append(q.warns, model.Warning{Path: path.Join(q.labels[dir], rel), Reason: reason})
	q.warnRecs = append(q.warnRecs, listedWarn{dir: dir, rel: rel, reason: reason})
}

// readDirents reads a whole folder's getdents records into one buffer.
func readDirents(fd int) ([]byte, bool) {
	buf := make([]byte, direntBuf)
	n := 0
	for {
		if len(buf)-n < 64<<10 {
			buf = append(buf, make([]byte, len(buf))...)
		}
		k, err := unix.Getdents(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, false
		}
		if k == 0 {
			return buf[:n], true
		}
		n += k
	}
}

// statAll looks the queued files up in the manifest and stats them, on
// every core, and compares each with its record; it stops at the first
// difference (a file the manifest does not hold is one). Each name is
// looked up once and names are distinct, so with as many files as the
// manifest every record is matched once.
func (q *quickScan) statAll() bool {
	var differ atomic.Bool
	statWorkers(len(q.jobs), func(w, workers int) {
		var st unix.Stat_t
		for k := w; k < len(q.jobs) && !differ.Load(); k += workers {
			j := &q.jobs[k]
			i := q.v.findFile(j.dir, j.prefix, j.name)
			if i < 0 || !fstatat(j.fd, j.name, &st) || !q.same(&st, q.v.rec(i)) {
				differ.Store(true)
			}
		}
	})
	return !differ.Load()
}

// statWorkers calls work(w, workers) on as many goroutines as stat'ing n
// files is worth (one per 1,024 files, at most 4 and the cores), w being
// each one's number, and waits for them.
func statWorkers(n int, work func(w, workers int)) {
	workers := min(runtime.GOMAXPROCS(0), 4, max(1, n/1024))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(w, workers)
		}()
	}
	wg.Wait()
}

// same compares a file's stat with its record.
func (q *quickScan) same(st *unix.Stat_t, r fileRec) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFREG && st.Size <= q.limit && r.cat == 0 &&
		st.Size == r.size && st.Mtim.Nano() == r.mtime && st.Ctim.Nano() == r.ctime && st.Ino == r.ino
}

// fstatat stats a file by its name relative to a folder, without
// following a symbolic link.
func fstatat(fd int, name string, st *unix.Stat_t) bool {
	for {
		err := unix.Fstatat(fd, name, st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		return err == nil
	}
}

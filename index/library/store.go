package library

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"dossier/model"
)

// File and folder names inside a corpus's cache folder.
const (
	currentFile  = "CURRENT"
	lockFile     = "write.lock"
	dirsFile     = "FOLDERS" // the corpus folders, for people looking
	genPrefix    = "gen-"
	tmpPrefix    = "tmp-"
	indexDir     = "index"
	manifestName = "manifest"
	derivedName  = "derived"
	currentMagic = "dossier current 1"
)

// DefaultCacheDir is $XDG_CACHE_HOME/dossier, or ~/.cache/dossier.
func DefaultCacheDir() string {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "dossier")
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "dossier")
	}
	return filepath.Join(os.TempDir(), "dossier-cache")
}

// store is the cache folder of one set of corpus folders.
type store struct {
	dir  string   // CACHE/corpora/KEY
	dirs []string // the corpus folders, absolute
}

// storeFor names the cache folder of a set of corpus folders: its key is a
// hash of their absolute paths, in order, and of the synonyms (an index
// built with other synonyms is another index, not a stale one).
func storeFor(cacheDir string, dirs []string, synonyms string) store {
	h := sha256.New()
	for _, d := range dirs {
		h.Write([]byte(d))
		h.Write([]byte{0})
	}
	h.Write([]byte(synonyms))
	key := hex.EncodeToString(h.Sum(nil)[:8])
	return store{dir: filepath.Join(cacheDir, "corpora", key), dirs: dirs}
}

// current returns the published generation's name, "" when there is none.
func (s store) current() (string, error) {
	data, err := readRegular(filepath.Join(s.dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) != 3 || lines[0] != currentMagic || !strings.HasPrefix(lines[1], genPrefix) ||
		lines[2] != checksum(lines[0]+"\n"+lines[1]) || strings.ContainsAny(lines[1], `/\`) {
		return "", fmt.Errorf("%w: %s is not a dossier pointer", errDamaged, currentFile)
	}
	return lines[1], nil
}

func checksum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// publish points CURRENT at a generation, atomically.
func (s store) publish(gen string) error {
	body := currentMagic + "\n" + gen
	return writeAtomic(filepath.Join(s.dir, currentFile), []byte(body+"\n"+checksum(body)+"\n"))
}

// writeAtomic writes a file under a temporary name, syncs it and renames it.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// nextGen is the name of the generation after the newest one on disk,
// counting those of the copy set aside: a name is never used twice, so a
// process that still reads a generation set aside never takes its rebuild
// for it.
func (s store) nextGen() string {
	n := 0
	dirs := []string{s.dir}
	if aside := s.asideCopies(); len(aside) > 0 {
		dirs = append(dirs, aside...)
	}
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if v, ok := strings.CutPrefix(e.Name(), genPrefix); ok {
				if k, err := strconv.Atoi(v); err == nil {
					n = max(n, k)
				}
			}
		}
	}
	return fmt.Sprintf("%s%06d", genPrefix, n+1)
}

// lock takes write.lock without waiting; ok is false when another process
// holds it.
func (s store) lock() (unlock func(), ok bool, err error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(filepath.Join(s.dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, true, nil
}

// lockPoll is how often waitLock tries the write lock again.
const lockPoll = 20 * time.Millisecond

// waitLock takes write.lock, waiting while another process holds it, until
// ctx ends.
func (s store) waitLock(ctx context.Context) (unlock func(), err error) {
	for {
		unlock, ok, err := s.lock()
		if err != nil || ok {
			return unlock, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

// damagedInfix names the copies of a damaged cache set aside:
// CACHE/corpora/KEY.damaged-TIME.
const damagedInfix = ".damaged-"

// setAside moves what the cache folder holds (all but write.lock, which
// the caller holds) into a new folder beside it, so that a damaged cache
// can be looked at, and returns where it went. Only the newest such copy
// is kept: older ones are removed. Call it holding write.lock. A process
// reading one of the generations moved keeps reading it; one about to
// open it finds it gone, reads CURRENT again and finds none.
func (s store) setAside() (string, error) {
	to := s.dir + damagedInfix + time.Now().UTC().Format("20060102T150405.000")
	err := os.Mkdir(to, 0o700)
	for n := 2; errors.Is(err, fs.ErrExist) && n < 100; n++ {
		to = fmt.Sprintf("%s%s%s-%d", s.dir, damagedInfix, time.Now().UTC().Format("20060102T150405.000"), n)
		err = os.Mkdir(to, 0o700)
	}
	if err != nil {
		return "", err
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return "", err
	}
	// CURRENT first: from then on nobody starts on a generation moved.
	slices.SortStableFunc(entries, func(a, b fs.DirEntry) int {
		return cmpBool(a.Name() != currentFile, b.Name() != currentFile)
	})
	for _, e := range entries {
		if e.Name() == lockFile || e.Name() == followDir {
			continue // held by running processes, and no damage
		}
		if err := os.Rename(filepath.Join(s.dir, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return "", err
		}
	}
	syncDir(s.dir)
	s.dropAsideBut(to)
	return to, nil
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// asideCopies lists the copies set aside of this cache folder.
func (s store) asideCopies() []string {
	parent, base := filepath.Split(s.dir)
	entries, _ := os.ReadDir(parent)
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), base+damagedInfix) {
			out = append(out, filepath.Join(parent, e.Name()))
		}
	}
	return out
}

// dropAsideBut removes the copies set aside of this cache folder except keep.
func (s store) dropAsideBut(keep string) {
	for _, p := range s.asideCopies() {
		if p != keep {
			os.RemoveAll(p)
		}
	}
}

// tidy removes unpublished generations left by crashed writers and
// published ones no process holds open, except the current one. A process
// holds a generation from before it reads its manifest until it closes it
// (a shared lock on the manifest; bleve's own on its bolt file): neither
// can be locked exclusively while it does. Call it holding write.lock.
//
// Removing a generation unlinks the segment files it shares with the
// current one, which moves their inode change time: stamp, the current
// generation's files as they were last found whole, is carried across
// (a file it vouched for before is vouched for after).
func (s store) tidy(current string, stamp map[string]stamped) {
	cur := filepath.Join(s.dir, current, indexDir)
	before := map[string]stamped{}
	for name, st := range stamp {
		if info, err := os.Lstat(filepath.Join(cur, filepath.FromSlash(name))); err == nil && stampOf(info) == st {
			before[name] = st
		}
	}
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(s.dir, name)
		switch {
		case strings.HasPrefix(name, tmpPrefix):
			os.RemoveAll(p)
		case strings.HasPrefix(name, genPrefix) && name != current:
			if unused(filepath.Join(p, manifestName)) && unused(filepath.Join(p, indexDir, "store", "root.bolt")) {
				// Rename first: a reader that resolved CURRENT before the
				// switch then fails to open and reads CURRENT again.
				trash := filepath.Join(s.dir, tmpPrefix+"old-"+name)
				if os.Rename(p, trash) == nil {
					os.RemoveAll(trash)
				}
			}
		}
	}
	for name, st := range before {
		if info, err := os.Lstat(filepath.Join(cur, filepath.FromSlash(name))); err == nil && inode(info) == st.Ino {
			stamp[name] = stampOf(info)
		}
	}
}

// unused reports whether no process holds a file of a generation (see
// tidy). A file that is missing or not a regular file holds nothing.
func unused(path string) bool {
	f, _, err := openRegular(path)
	if err != nil {
		return true
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}

// cloneIndex makes dst a copy of the index folder src that shares the
// segment files (hard links; they are never changed once written) and
// copies the rest. A link moves a file's inode change time: for each file
// linked whose change time was the one checked says it was found whole
// at, vouched gets the new one (see stamp.go).
func cloneIndex(src, dst string, checked, vouched map[string]stamped) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		if strings.HasSuffix(p, ".zap") {
			before, err := os.Lstat(p)
			if err != nil {
				return err
			}
			if err := os.Link(p, to); err == nil {
				name := filepath.ToSlash(rel)
				if after, err := os.Lstat(to); err == nil && checked[name] == stampOf(before) && inode(after) == inode(before) {
					vouched[name] = stampOf(after)
				}
				return nil
			}
		}
		return copyFile(p, to)
	})
}

func copyFile(src, dst string) error {
	in, _, err := openRegular(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncDir makes a folder's entries durable.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// folderList is the FOLDERS file: the corpus folders, one per line.
func folderList(dirs []string) []byte {
	var b bytes.Buffer
	for _, d := range dirs {
		b.WriteString(model.Escape(d))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// generations lists the generation folders on disk, oldest first.
func (s store) generations() []string {
	var out []string
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), genPrefix) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

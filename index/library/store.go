package library

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	data, err := os.ReadFile(filepath.Join(s.dir, currentFile))
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

// nextGen is the name of the generation after the newest one on disk.
func (s store) nextGen() string {
	n := 0
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		if v, ok := strings.CutPrefix(e.Name(), genPrefix); ok {
			if k, err := strconv.Atoi(v); err == nil {
				n = max(n, k)
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

// setAside renames the whole cache folder out of the way (never deletes
// it), so a damaged cache can be looked at, and returns where it went.
func (s store) setAside() (string, error) {
	to := fmt.Sprintf("%s.damaged-%s", s.dir, time.Now().UTC().Format("20060102T150405.000"))
	if err := os.Rename(s.dir, to); err != nil {
		return "", err
	}
	return to, nil
}

// tidy removes unpublished generations left by crashed writers and
// published ones no process holds open (their bolt file can be locked
// exclusively), except the current one. Call it holding write.lock.
func (s store) tidy(current string) {
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(s.dir, name)
		switch {
		case strings.HasPrefix(name, tmpPrefix):
			os.RemoveAll(p)
		case strings.HasPrefix(name, genPrefix) && name != current:
			if unused(filepath.Join(p, indexDir, "store", "root.bolt")) {
				// Rename first: a reader that resolved CURRENT before the
				// switch then fails to open and reads CURRENT again.
				trash := filepath.Join(s.dir, tmpPrefix+"old-"+name)
				if os.Rename(p, trash) == nil {
					os.RemoveAll(trash)
				}
			}
		}
	}
}

// unused reports whether no process holds a bolt file open: bleve's readers
// hold a shared lock on it for as long as the index is open.
func unused(bolt string) bool {
	f, err := os.Open(bolt)
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
// copies the rest.
func cloneIndex(src, dst string) error {
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
			if err := os.Link(p, to); err == nil {
				return nil
			}
		}
		return copyFile(p, to)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
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

package library

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"sync"
	"time"
	"unsafe"

	"dossier/index"
	"dossier/model"
)

// A manifest is read at every open of a kept index, and a warm open must
// not cost time in proportion to the corpus beyond one stat per file. So
// the manifest is laid out to be used where it lies: a table of contents,
// then sections, each with its own SHA-256, checked the first time the
// section is used (damage to what is used is always found; a section no
// open needs is not hashed):
//
//	magic
//	toc        per section: offset and length (uint64, little-endian) and SHA-256;
//	           then the SHA-256 of the magic and the toc
//	head       varint codec: mapping, synonyms, deriver, folders, counts, the seal
//	stats      per file, in folder then path order, statSize bytes: folder,
//	           path offset, path length, 0 (uint32), size, mtime, ctime, inode,
//	           catalogue checksum (64 bits each)
//	paths      the files' paths, back to back
//	pathSlots  hash table of (folder, path) → file index + 1 (uint32; 0: empty),
//	           a power of two at least twice the number of files
//	articles   varint codec: each article's metadata, in corpus order
//	idSlots    hash table of article id → corpus position + 1
//	order      uint32 per corpus position: its file; then uint32 per
//	           document number of the index: corpus position + 1 (0: none)
//
// Open checks the table of contents and the head; the quick scan (quick.go)
// uses stats, paths and pathSlots; the corpus is made of articles, idSlots
// and order without a map or a copy of the strings.

// The sections of a manifest.
const (
	secHead = iota
	secStats
	secPaths
	secPathSlots
	secArticles
	secIDSlots
	secOrder
	numSections
)

// statSize is the size of one file's record in the stats section.
const statSize = 56

// tocSize is the size of the table of contents, its own checksum included.
const tocSize = numSections*(16+sha256.Size) + sha256.Size

// encode lays the manifest out (see above).
func (m *Manifest) encode() []byte {
	n := len(m.Files)
	var sec [numSections][]byte

	h := &encoder{}
	h.int(m.Mapping)
	h.string(m.Synonyms)
	h.string(m.Deriver)
	h.uint(uint64(len(m.Dirs)))
	for _, d := range m.Dirs {
		h.string(d)
	}
	h.uint(uint64(n))
	h.uint(uint64(len(m.Docs)))
	h.uint(uint64(len(m.Seal)))
	for _, s := range m.Seal {
		h.string(s.Name)
		h.int(s.Size)
		h.int(s.MTime)
		h.uint(s.Ino)
		h.string(s.Ends)
		h.string(s.Sum)
	}
	sec[secHead] = h.b

	stats := make([]byte, 0, n*statSize)
	var paths []byte
	le := binary.LittleEndian
	for _, f := range m.Files {
		st := f.Stat
		stats = le.AppendUint32(stats, uint32(st.Dir))
		stats = le.AppendUint32(stats, uint32(len(paths)))
		stats = le.AppendUint32(stats, uint32(len(st.Rel)))
		stats = le.AppendUint32(stats, 0)
		stats = le.AppendUint64(stats, uint64(st.Size))
		stats = le.AppendUint64(stats, uint64(st.MTime))
		stats = le.AppendUint64(stats, uint64(st.CTime))
		stats = le.AppendUint64(stats, st.Ino)
		stats = le.AppendUint64(stats, f.Cat)
		paths = append(paths, st.Rel...)
	}
	sec[secStats], sec[secPaths] = stats, paths
	sec[secPathSlots] = buildSlots(n, func(i int) uint64 { return pathHash(uint32(m.Files[i].Stat.Dir), "", m.Files[i].Stat.Rel) })

	a := &encoder{}
	for _, i := range m.Order {
		art := &m.Files[i].Article
		for _, s := range []string{art.ID, art.Title, art.Outlet, art.Author, art.URL, art.Lang, art.TranslationOf} {
			a.string(s)
		}
		a.int(art.Date.Unix())
		a.uint(uint64(art.Precision))
		a.bool(art.LangDetected)
		a.uint(uint64(art.Words))
		a.uint(uint64(art.Size))
		a.uint(art.Sum)
	}
	sec[secArticles] = a.b
	sec[secIDSlots] = buildSlots(n, func(k int) uint64 { return idHash(m.Files[m.Order[k]].Article.ID) })

	pos := make([]int32, n) // file index -> corpus position
	order := make([]byte, 0, 4*(n+len(m.Docs)))
	for k, i := range m.Order {
		pos[i] = int32(k)
		order = le.AppendUint32(order, uint32(i))
	}
	for _, i := range m.Docs {
		v := uint32(0)
		if i >= 0 {
			v = uint32(pos[i]) + 1
		}
		order = le.AppendUint32(order, v)
	}
	sec[secOrder] = order

	out := make([]byte, 0, len(manifestMagic)+tocSize+len(stats)+len(paths)+len(a.b)+len(h.b)+len(order)+8*n+16)
	out = append(out, manifestMagic...)
	off := uint64(len(manifestMagic) + tocSize)
	for _, s := range sec {
		out = le.AppendUint64(out, off)
		out = le.AppendUint64(out, uint64(len(s)))
		sum := sha256.Sum256(s)
		out = append(out, sum[:]...)
		off += uint64(len(s))
	}
	sum := sha256.Sum256(out)
	out = append(out, sum[:]...)
	for _, s := range sec {
		out = append(out, s...)
	}
	return out
}

// buildSlots makes an open-addressing hash table of n keys (linear
// probing): slot → key index + 1.
func buildSlots(n int, hash func(i int) uint64) []byte {
	size := 2
	for size < 2*n {
		size *= 2
	}
	slots := make([]uint32, size)
	mask := uint64(size - 1)
	for i := range n {
		for s := hash(i) & mask; ; s = (s + 1) & mask {
			if slots[s] == 0 {
				slots[s] = uint32(i) + 1
				break
			}
		}
	}
	out := make([]byte, 0, 4*size)
	for _, v := range slots {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	return out
}

// FNV-1a, 64 bits, over the bytes given in pieces.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// pathHash hashes a file's key: its folder and its path (prefix + "/" +
// name when prefix is not empty, else name), without joining them.
func pathHash(dir uint32, prefix, name string) uint64 {
	h := uint64(fnvOffset)
	for i := range 4 {
		h ^= uint64(byte(dir >> (8 * i)))
		h *= fnvPrime
	}
	if prefix != "" {
		h = fnvAdd(fnvAdd(h, prefix), "/")
	}
	return fnvAdd(h, name)
}

func idHash(id string) uint64 { return fnvAdd(fnvOffset, id) }

// manifestView is a manifest used where it lies: the sections are checked
// when first used, and decoded only as far as they are needed.
type manifestView struct {
	data []byte
	sec  [numSections][]byte
	sum  [numSections][sha256.Size]byte
	once [numSections]sync.Once
	err  [numSections]error

	// From the head, decoded at open.
	Mapping  int64
	Synonyms string
	Deriver  string
	Dirs     []string
	Seal     []Sealed
	files    int // articles
	docs     int // document numbers of the index

	// Per folder, what the articles' Path and File start with (see
	// Library.prefixes); set before the articles are decoded.
	pathPrefix, filePrefix []string

	full     sync.Once
	m        *Manifest
	mErr     error
	corpOnce sync.Once
	arts     []model.Article // in corpus order, decoded once
	artsErr  error
}

// openView checks a manifest's table of contents and head; the other
// sections are checked when used. data is owned by the view from now on
// (strings are cut from it without copies).
func openView(data []byte) (*manifestView, error) {
	if other, ok := otherVersion(data, manifestMagic); ok {
		return nil, fmt.Errorf("%w (manifest format %s, this dossier uses %s)", errStale, other, lastField(manifestMagic))
	}
	start := len(manifestMagic)
	if len(data) < start+tocSize || string(data[:start]) != manifestMagic {
		return nil, fmt.Errorf("%w: not a dossier cache file", errDamaged)
	}
	toc := data[start : start+tocSize]
	if got := sha256.Sum256(data[:start+tocSize-sha256.Size]); string(got[:]) != string(toc[tocSize-sha256.Size:]) {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or overwritten)", errDamaged)
	}
	v := &manifestView{data: data}
	le := binary.LittleEndian
	end := uint64(start + tocSize)
	for i := range numSections {
		e := toc[i*(16+sha256.Size):]
		off, n := le.Uint64(e), le.Uint64(e[8:])
		if off != end || n > uint64(len(data))-off {
			return nil, fmt.Errorf("%w: bad section table (truncated or overwritten)", errDamaged)
		}
		v.sec[i] = data[off : off+n : off+n]
		copy(v.sum[i][:], e[16:16+sha256.Size])
		end = off + n
	}
	if end != uint64(len(data)) {
		return nil, fmt.Errorf("%w: trailing data (overwritten)", errDamaged)
	}
	if err := v.decodeHead(); err != nil {
		return nil, err
	}
	return v, nil
}

// section returns section i once its checksum holds.
func (v *manifestView) section(i int) ([]byte, error) {
	v.once[i].Do(func() {
		if got := sha256.Sum256(v.sec[i]); got != v.sum[i] {
			v.err[i] = fmt.Errorf("%w: checksum mismatch (truncated or overwritten)", errDamaged)
			return
		}
		v.err[i] = v.checkSection(i)
	})
	return v.sec[i], v.err[i]
}

// checkSection checks the structure of a fixed-width section once, so that
// later reads of it need no checks (a manifest may be hostile: an error,
// never a panic).
func (v *manifestView) checkSection(i int) error {
	le := binary.LittleEndian
	s := v.sec[i]
	bad := func(what string) error { return fmt.Errorf("%w: bad %s", errDamaged, what) }
	switch i {
	case secStats:
		if len(s) != v.files*statSize {
			return bad("file table")
		}
		paths := uint64(len(v.sec[secPaths]))
		for r := 0; r < len(s); r += statSize {
			dir, off, n := le.Uint32(s[r:]), uint64(le.Uint32(s[r+4:])), uint64(le.Uint32(s[r+8:]))
			if int(dir) >= len(v.Dirs) || off+n > paths || n == 0 {
				return bad("file table")
			}
		}
	case secPathSlots, secIDSlots:
		if len(s) < 8 || len(s)/4&(len(s)/4-1) != 0 || len(s)/4 < 2*v.files {
			return bad("hash table")
		}
		for r := 0; r < len(s); r += 4 {
			if le.Uint32(s[r:]) > uint32(v.files) {
				return bad("hash table")
			}
		}
	case secOrder:
		if len(s) != 4*(v.files+v.docs) {
			return bad("order")
		}
		seen := make([]bool, v.files)
		for k := range v.files {
			i := le.Uint32(s[4*k:])
			if i >= uint32(v.files) || seen[i] {
				return bad("order")
			}
			seen[i] = true
		}
		for n := range v.docs {
			if le.Uint32(s[4*(v.files+n):]) > uint32(v.files) {
				return bad("document number")
			}
		}
	}
	return nil
}

// body decodes a varint section with the codec of codec.go.
func body(s []byte) *decoder {
	return &decoder{b: s, s: unsafe.String(unsafe.SliceData(s), len(s))}
}

func (v *manifestView) decodeHead() error {
	s, err := v.section(secHead)
	if err != nil {
		return err
	}
	d := body(s)
	v.Mapping, v.Synonyms, v.Deriver = d.int(), d.string(), d.string()
	v.Dirs = make([]string, d.count(1))
	for i := range v.Dirs {
		v.Dirs[i] = d.string()
	}
	nFiles, nDocs := d.uint(), d.uint()
	if d.err == nil && (nFiles > uint64(len(v.sec[secStats]))/statSize || nDocs > uint64(len(v.sec[secOrder]))/4) {
		d.fail("counts")
	}
	v.files, v.docs = int(nFiles), int(nDocs)
	v.Seal = make([]Sealed, d.count(6))
	for i := range v.Seal {
		v.Seal[i] = Sealed{Name: d.string(), Size: d.int(), MTime: d.int(), Ino: d.uint(), Ends: d.string(), Sum: d.string()}
	}
	return d.done()
}

// Len is the number of articles.
func (v *manifestView) Len() int { return v.files }

// fileRec is one file's record: folder, path, size, times, inode.
type fileRec struct {
	dir                uint32
	rel                string
	size, mtime, ctime int64
	ino, cat           uint64
}

// rec reads file i of a checked stats section.
func (v *manifestView) rec(i int) fileRec {
	le := binary.LittleEndian
	r := v.sec[secStats][i*statSize : (i+1)*statSize]
	off, n := le.Uint32(r[4:]), le.Uint32(r[8:])
	paths := v.sec[secPaths]
	return fileRec{
		dir: le.Uint32(r), rel: unsafe.String(unsafe.SliceData(paths[off:]), int(n)),
		size: int64(le.Uint64(r[16:])), mtime: int64(le.Uint64(r[24:])), ctime: int64(le.Uint64(r[32:])),
		ino: le.Uint64(r[40:]), cat: le.Uint64(r[48:]),
	}
}

// relAt is file i's path and folder, read where they lie.
func (v *manifestView) relAt(i int) (uint32, string) {
	r := v.sec[secStats][i*statSize:]
	le := binary.LittleEndian
	off, n := le.Uint32(r[4:]), le.Uint32(r[8:])
	return le.Uint32(r), unsafe.String(unsafe.SliceData(v.sec[secPaths][off:]), int(n))
}

// findFile returns the index of the file of folder dir at prefix/name (see
// pathHash), or -1. The stats, paths and pathSlots sections must have been
// checked.
func (v *manifestView) findFile(dir uint32, prefix, name string) int {
	slots := v.sec[secPathSlots]
	le := binary.LittleEndian
	mask := uint64(len(slots)/4 - 1)
	for s, probes := pathHash(dir, prefix, name)&mask, 0; probes <= v.files; s, probes = (s+1)&mask, probes+1 {
		e := le.Uint32(slots[4*s:])
		if e == 0 {
			return -1
		}
		if d, rel := v.relAt(int(e - 1)); d == dir && joinedIs(rel, prefix, name) {
			return int(e - 1)
		}
	}
	return -1
}

// joinedIs reports whether rel is prefix/name (name alone when prefix is empty).
func joinedIs(rel, prefix, name string) bool {
	if prefix == "" {
		return rel == name
	}
	return len(rel) == len(prefix)+1+len(name) && rel[:len(prefix)] == prefix && rel[len(prefix)] == '/' && rel[len(prefix)+1:] == name
}

// checkScanSections checks what the quick scan reads.
func (v *manifestView) checkScanSections() error {
	for _, i := range []int{secPaths, secStats, secPathSlots} {
		if _, err := v.section(i); err != nil {
			return err
		}
	}
	return nil
}

// articles decodes the articles in corpus order, once (Path and File left
// empty); the strings are cut from the manifest's bytes.
func (v *manifestView) articles() ([]model.Article, error) {
	v.corpOnce.Do(func() {
		v.arts, v.artsErr = v.decodeArticles()
	})
	return v.arts, v.artsErr
}

func (v *manifestView) decodeArticles() ([]model.Article, error) {
	for _, i := range []int{secPaths, secStats, secArticles, secOrder} {
		if _, err := v.section(i); err != nil {
			return nil, err
		}
	}
	d := body(v.sec[secArticles])
	arts := make([]model.Article, v.files)
	order := v.sec[secOrder]
	le := binary.LittleEndian
	// Every Path and File is cut from one buffer each, not allocated alone.
	var pathsLen, filesLen int
	for i := range v.files {
		dir, rel := v.relAt(i)
		pathsLen += len(v.prefix(v.pathPrefix, dir)) + len(rel)
		filesLen += len(v.prefix(v.filePrefix, dir)) + len(rel)
	}
	pathBuf, fileBuf := make([]byte, 0, pathsLen), make([]byte, 0, filesLen)
	cut := func(buf *[]byte, prefix, rel string, slash bool) string {
		at := len(*buf)
		*buf = append(*buf, prefix...)
		from := len(*buf)
		*buf = append(*buf, rel...)
		if slash {
			for j := from; j < len(*buf); j++ {
				if (*buf)[j] == '/' {
					(*buf)[j] = filepath.Separator
				}
			}
		}
		return unsafe.String(unsafe.SliceData((*buf)[at:]), len(*buf)-at)
	}
	for k := range arts {
		a := &arts[k]
		a.ID, a.Title, a.Outlet, a.Author, a.URL, a.Lang, a.TranslationOf = d.string(), d.string(), d.string(), d.string(), d.string(), d.string(), d.string()
		unix := d.int()
		a.Precision = model.Precision(d.uint())
		a.LangDetected = d.bool()
		a.Words = int(d.uint())
		a.Size = int(d.uint())
		a.Sum = d.uint()
		if a.Precision != model.Unknown {
			a.Date = time.Unix(unix, 0).UTC()
		}
		if d.err != nil {
			break
		}
		dir, rel := v.relAt(int(le.Uint32(order[4*k:])))
		if a.Precision > model.Day || a.ID == "" || a.ID != model.IDOf(rel) {
			d.fail("article")
			break
		}
		a.Path = cut(&pathBuf, v.prefix(v.pathPrefix, dir), rel, false)
		a.File = cut(&fileBuf, v.prefix(v.filePrefix, dir), rel, filepath.Separator != '/')
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	return arts, nil
}

func (v *manifestView) prefix(list []string, dir uint32) string {
	if int(dir) < len(list) {
		return list[dir]
	}
	return ""
}

// findArticle returns the corpus position of the article id, or -1. The
// articles must have been decoded and the idSlots section checked.
func (v *manifestView) findArticle(id string) int {
	slots := v.sec[secIDSlots]
	le := binary.LittleEndian
	mask := uint64(len(slots)/4 - 1)
	for s, probes := idHash(id)&mask, 0; probes <= v.files; s, probes = (s+1)&mask, probes+1 {
		e := le.Uint32(slots[4*s:])
		if e == 0 {
			return -1
		}
		if v.arts[e-1].ID == id {
			return int(e - 1)
		}
	}
	return -1
}

// docIDs is the table of the index's documents, by number (nil when the
// manifest has none).
func (v *manifestView) docIDs() (index.DocIDs, error) {
	if v.docs == 0 {
		return nil, nil
	}
	arts, err := v.articles()
	if err != nil {
		return nil, err
	}
	ids := make(index.DocIDs, v.docs)
	for n := range ids {
		if p := v.docPosition(n); p >= 0 {
			ids[n] = arts[p].ID
		}
	}
	return ids, nil
}

// docPosition returns the corpus position of the article of document
// number n of the index (-1: no live document).
func (v *manifestView) docPosition(n int) int {
	return int(binary.LittleEndian.Uint32(v.sec[secOrder][4*(v.files+n):])) - 1
}

// manifest decodes the whole manifest, once.
func (v *manifestView) manifest() (*Manifest, error) {
	v.full.Do(func() { v.m, v.mErr = v.decodeAll() })
	return v.m, v.mErr
}

func (v *manifestView) decodeAll() (*Manifest, error) {
	arts, err := v.articles()
	if err != nil {
		return nil, err
	}
	for i := range numSections {
		if _, err := v.section(i); err != nil {
			return nil, err
		}
	}
	m := &Manifest{Mapping: v.Mapping, Synonyms: v.Synonyms, Deriver: v.Deriver, Dirs: v.Dirs, Seal: v.Seal}
	m.Files = make([]Entry, v.files)
	for i := range m.Files {
		r := v.rec(i)
		m.Files[i].Stat = model.FileStat{Dir: int(r.dir), Rel: r.rel, Size: r.size, MTime: r.mtime, CTime: r.ctime, Ino: r.ino}
		m.Files[i].Cat = r.cat
	}
	le := binary.LittleEndian
	order := v.sec[secOrder]
	m.Order = make([]int32, v.files)
	pos2file := m.Order
	for k := range m.Order {
		i := int32(le.Uint32(order[4*k:]))
		m.Order[k] = i
		m.Files[i].Article = arts[k]
	}
	m.Docs = make([]int32, v.docs)
	for n := range m.Docs {
		m.Docs[n] = -1
		if p := v.docPosition(n); p >= 0 {
			m.Docs[n] = pos2file[p]
		}
	}
	return m, nil
}

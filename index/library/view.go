package library

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"sync"
	"time"
	"unsafe"

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
//	artOffsets uint32 per corpus position: where its record starts in articles
//	codes      per corpus position, 4 uint32: its language, year and outlet
//	           (position + 1 in dicts' lists) and its family (the corpus
//	           position + 1 of the family's root; 0: none)
//	dicts      varint codec: the languages, the years and the outlets; every
//	           language in corpus order of first use ("" too); whether any
//	           article has a family
//
// Open checks the table of contents and the head; the quick scan (quick.go)
// uses stats, paths and pathSlots; the corpus is made of articles, idSlots
// and order without a map or a copy of the strings. A search that reads
// one article at a time (keptArticles) uses artOffsets, idSlots and order;
// it counts its facets and families with codes and dicts.

// The sections of a manifest.
const (
	secHead = iota
	secStats
	secPaths
	secPathSlots
	secArticles
	secIDSlots
	secOrder
	secArtOffsets
	secCodes
	secDicts
	numSections
)

// codeSize is the size of one article's record in the codes section.
const codeSize = 16

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
	offsets := make([]byte, 0, 4*n)
	for _, i := range m.Order {
		art := &m.Files[i].Article
		offsets = le.AppendUint32(offsets, uint32(len(a.b)))
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
	sec[secArticles], sec[secArtOffsets] = a.b, offsets
	sec[secCodes], sec[secDicts] = m.encodeCodes()
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

// encodeCodes lays out the codes and dicts sections (see above).
func (m *Manifest) encodeCodes() ([]byte, []byte) {
	n := len(m.Files)
	posOf := make(map[string]uint32, n)
	roots := map[string]bool{}
	for k, i := range m.Order {
		art := &m.Files[i].Article
		posOf[art.ID] = uint32(k)
		if art.TranslationOf != "" {
			roots[art.TranslationOf] = true
		}
	}
	var langs, years, sources, used []string // used: every language, "" too, for the index's fields
	dicts := [3]map[string]uint32{{}, {}, {}}
	seen := map[string]bool{}
	code := func(d int, list *[]string, v string) uint32 {
		if v == "" {
			return 0
		}
		c, ok := dicts[d][v]
		if !ok {
			*list = append(*list, v)
			c = uint32(len(*list))
			dicts[d][v] = c
		}
		return c
	}
	le := binary.LittleEndian
	codes := make([]byte, 0, codeSize*n)
	for k, i := range m.Order {
		art := &m.Files[i].Article
		year := ""
		if art.Precision != model.Unknown {
			year = time.Unix(art.Date.Unix(), 0).UTC().Format("2006") // as decoded
		}
		fam := uint32(0)
		if p, ok := posOf[art.TranslationOf]; ok && art.TranslationOf != "" {
			fam = p + 1
		} else if roots[art.ID] {
			fam = uint32(k) + 1
		}
		if !seen[art.Lang] {
			seen[art.Lang] = true
			used = append(used, art.Lang)
		}
		codes = le.AppendUint32(codes, code(0, &langs, art.Lang))
		codes = le.AppendUint32(codes, code(1, &years, year))
		codes = le.AppendUint32(codes, code(2, &sources, art.Outlet))
		codes = le.AppendUint32(codes, fam)
	}
	d := &encoder{}
	for _, list := range [][]string{langs, years, sources, used} {
		d.uint(uint64(len(list)))
		for _, v := range list {
			d.string(v)
		}
	}
	d.bool(len(roots) > 0)
	return codes, d.b
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

	live     int // document numbers that hold an article (once order is checked)
	dictOnce sync.Once
	dicts    [4][]string // languages, years, outlets; languages used
	families bool
	dictsErr error
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
		v.live = 0
		for n := range v.docs {
			p := le.Uint32(s[4*(v.files+n):])
			if p > uint32(v.files) {
				return bad("document number")
			}
			if p > 0 {
				v.live++
			}
		}
	case secArtOffsets:
		if len(s) != 4*v.files {
			return bad("article table")
		}
		last, end := uint32(0), uint32(len(v.sec[secArticles]))
		for k := range v.files {
			off := le.Uint32(s[4*k:])
			if off < last || off >= end {
				return bad("article table")
			}
			last = off
		}
	case secCodes:
		if len(s) != codeSize*v.files {
			return bad("codes")
		}
		if err := v.decodeDicts(); err != nil {
			return err
		}
		for r := 0; r < len(s); r += codeSize {
			for d := range 3 { // dicts[3] is not coded
				if le.Uint32(s[r+4*d:]) > uint32(len(v.dicts[d])) {
					return bad("codes")
				}
			}
			if le.Uint32(s[r+12:]) > uint32(v.files) {
				return bad("codes")
			}
		}
	}
	return nil
}

// decodeDicts decodes the dicts section, once.
func (v *manifestView) decodeDicts() error {
	v.dictOnce.Do(func() {
		s, err := v.section(secDicts)
		if err != nil {
			v.dictsErr = err
			return
		}
		d := body(s)
		for i := range v.dicts {
			v.dicts[i] = make([]string, d.count(1))
			for j := range v.dicts[i] {
				v.dicts[i][j] = d.string()
			}
		}
		v.families = d.bool()
		v.dictsErr = d.done()
	})
	return v.dictsErr
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

// scanSections are the sections the quick scan reads.
var scanSections = [...]int{secPaths, secStats, secPathSlots}

// checkScanSections checks what the quick scan reads: checksums and shapes.
func (v *manifestView) checkScanSections() error {
	for _, i := range scanSections {
		if _, err := v.section(i); err != nil {
			return err
		}
	}
	return nil
}

// checkScanShapes checks only the shapes of what the quick scan reads, so
// that reading it cannot fail; their checksums (checkScanSections, the
// longer part at 100,000 files) are verified meanwhile, and the scan's
// answer counts only if they hold. It writes nothing: it may run beside
// section.
func (v *manifestView) checkScanShapes() error {
	for _, i := range scanSections {
		if err := v.checkSection(i); err != nil {
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
		decodeRecord(d, a)
		if d.err != nil {
			break
		}
		dir, rel := v.relAt(int(le.Uint32(order[4*k:])))
		if !recordFits(a, rel) {
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

// decodeRecord decodes one article's record (Path and File left empty).
func decodeRecord(d *decoder, a *model.Article) {
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
}

// recordFits reports whether a decoded record is an article of file rel.
func recordFits(a *model.Article, rel string) bool {
	return a.Precision <= model.Day && a.ID != "" && a.ID == model.IDOf(rel)
}

// checkArticleSections checks what reading one article at a time uses.
func (v *manifestView) checkArticleSections() error {
	for _, i := range []int{secPaths, secStats, secArticles, secArtOffsets, secIDSlots, secOrder, secCodes} {
		if _, err := v.section(i); err != nil {
			return err
		}
	}
	return nil
}

// articleAt decodes the article at corpus position k alone (the sections
// of checkArticleSections checked).
func (v *manifestView) articleAt(k int) (model.Article, error) {
	le := binary.LittleEndian
	d := body(v.sec[secArticles][le.Uint32(v.sec[secArtOffsets][4*k:]):])
	var a model.Article
	decodeRecord(d, &a)
	dir, rel := v.relAt(int(le.Uint32(v.sec[secOrder][4*k:])))
	if d.err != nil || !recordFits(&a, rel) {
		return model.Article{}, fmt.Errorf("%w: bad article", errDamaged)
	}
	a.Path = v.prefix(v.pathPrefix, dir) + rel
	a.File = v.prefix(v.filePrefix, dir) + filepath.FromSlash(rel)
	return a, nil
}

// idAt is the id of the article at corpus position k ("" if its record is
// damaged).
func (v *manifestView) idAt(k int) string {
	d := body(v.sec[secArticles][binary.LittleEndian.Uint32(v.sec[secArtOffsets][4*k:]):])
	id := d.string()
	if d.err != nil {
		return ""
	}
	return id
}

// positionOf returns the corpus position of the article id, or -1, reading
// ids where they lie (checkArticleSections done).
func (v *manifestView) positionOf(id string) int { return v.probe(id, v.idAt) }

// probe looks id up in the idSlots section: the corpus position whose id
// (idOf) is id, or -1.
func (v *manifestView) probe(id string, idOf func(k int) string) int {
	slots := v.sec[secIDSlots]
	le := binary.LittleEndian
	mask := uint64(len(slots)/4 - 1)
	for s, probes := idHash(id)&mask, 0; probes <= v.files; s, probes = (s+1)&mask, probes+1 {
		e := le.Uint32(slots[4*s:])
		if e == 0 {
			return -1
		}
		if idOf(int(e-1)) == id {
			return int(e - 1)
		}
	}
	return -1
}

// codesAt returns the codes of the article at corpus position k (see the
// codes section; -1 for none).
func (v *manifestView) codesAt(k int) (lang, year, source, family int32) {
	r := v.sec[secCodes][codeSize*k : codeSize*(k+1)]
	le := binary.LittleEndian
	return int32(le.Uint32(r)) - 1, int32(le.Uint32(r[4:])) - 1, int32(le.Uint32(r[8:])) - 1, int32(le.Uint32(r[12:])) - 1
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
	return v.probe(id, func(k int) string { return v.arts[k].ID })
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

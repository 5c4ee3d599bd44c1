package library

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/index"
	"dossier/model"
)

// manifestMagic starts a manifest file; the number is the format version.
const manifestMagic = "dossier manifest 4\n"

// Manifest is what a generation knows about the corpus it indexed and about
// its own files.
type Manifest struct {
	Mapping  int64    // index.MappingVersion the index was built with
	Synonyms string   // checksum of the synonym groups the index was built with
	Deriver  string   // version of the derived data
	Dirs     []string // the corpus folders, absolute, in order
	Files    []Entry  // the indexed articles, by folder then path
	Order    []int32  // Files' indexes in corpus order (model.CompareOrder)
	Docs     []int32  // by the index's document number: the index in Files (-1: no live document)
	Seal     []Sealed // the index files
}

// Entry is one indexed article file.
type Entry struct {
	Stat    model.FileStat
	Article model.Article // Path and File are not kept (they follow from the folder and Stat)
	Cat     uint64        // checksum of the catalogue entry applied to it (0: none)
}

// Sealed records one index file as it was published.
type Sealed struct {
	Name  string // path inside the index folder, slash-separated
	Size  int64
	MTime int64
	Ino   uint64
	Ends  string // SHA-256 of the first and last 64 KiB
	Sum   string // SHA-256 of the whole file
}

func (m *Manifest) encode() []byte {
	e := &encoder{b: []byte(manifestMagic)}
	e.int(m.Mapping)
	e.string(m.Synonyms)
	e.string(m.Deriver)
	e.uint(uint64(len(m.Dirs)))
	for _, d := range m.Dirs {
		e.string(d)
	}
	e.uint(uint64(len(m.Files)))
	for _, f := range m.Files {
		st, a := f.Stat, f.Article
		e.uint(uint64(st.Dir))
		e.string(st.Rel)
		e.int(st.Size)
		e.int(st.MTime)
		e.int(st.CTime)
		e.uint(st.Ino)
		e.uint(f.Cat)
		for _, s := range []string{a.ID, a.Title, a.Outlet, a.Author, a.URL, a.Lang, a.TranslationOf} {
			e.string(s)
		}
		e.int(a.Date.Unix())
		e.uint(uint64(a.Precision))
		e.bool(a.LangDetected)
		e.uint(uint64(a.Words))
		e.uint(uint64(a.Size))
		e.uint(a.Sum)
	}
	for _, i := range m.Order {
		e.uint(uint64(i))
	}
	e.uint(uint64(len(m.Docs)))
	for _, i := range m.Docs {
		e.uint(uint64(i + 1))
	}
	e.uint(uint64(len(m.Seal)))
	for _, s := range m.Seal {
		e.string(s.Name)
		e.int(s.Size)
		e.int(s.MTime)
		e.uint(s.Ino)
		e.string(s.Ends)
		e.string(s.Sum)
	}
	return e.seal()
}

// sortOrder sets the manifest's corpus order from its files.
func (m *Manifest) sortOrder() {
	m.Order = make([]int32, len(m.Files))
	for i := range m.Order {
		m.Order[i] = int32(i)
	}
	slices.SortFunc(m.Order, func(a, b int32) int { return model.CompareOrder(&m.Files[a].Article, &m.Files[b].Article) })
}

// otherVersion reports whether data is a kept file of the same kind in
// another format version, and which.
func otherVersion(data []byte, magic string) (string, bool) {
	kind := magic[:strings.LastIndexByte(strings.TrimSuffix(magic, "\n"), ' ')+1] // "dossier manifest "
	head, _, found := strings.Cut(string(data[:min(len(data), 64)]), "\n")
	if !found || !strings.HasPrefix(head+"\n", kind) || head+"\n" == magic {
		return "", false
	}
	return strings.TrimPrefix(head, kind), true
}

// lastField is the last word of s (a magic's version).
func lastField(s string) string {
	f := strings.Fields(s)
	return f[len(f)-1]
}

// setDocs numbers the index's documents by the manifest's files.
func (m *Manifest) setDocs(ids index.DocIDs) {
	at := make(map[string]int32, len(m.Files))
	for i := range m.Files {
		at[m.Files[i].Article.ID] = int32(i)
	}
	m.Docs = make([]int32, len(ids))
	for n, id := range ids {
		i, ok := at[id]
		if !ok {
			i = -1
		}
		m.Docs[n] = i
	}
}

// docIDs is the table of the index's documents, by number.
func (m *Manifest) docIDs() index.DocIDs {
	if len(m.Docs) == 0 {
		return nil
	}
	ids := make(index.DocIDs, len(m.Docs))
	for n, i := range m.Docs {
		if i >= 0 {
			ids[n] = m.Files[i].Article.ID
		}
	}
	return ids
}

// decodeManifest reads a manifest, refusing anything damaged.
func decodeManifest(data []byte) (*Manifest, error) {
	if other, ok := otherVersion(data, manifestMagic); ok {
		return nil, fmt.Errorf("%w (manifest format %s, this dossier uses %s)", errStale, other, lastField(manifestMagic))
	}
	d, err := openFile(data, manifestMagic)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Mapping: d.int(), Synonyms: d.string(), Deriver: d.string()}
	m.Dirs = make([]string, d.count(1))
	for i := range m.Dirs {
		m.Dirs[i] = d.string()
	}
	m.Files = make([]Entry, d.count(20))
	for i := range m.Files {
		f := &m.Files[i]
		dir := d.uint()
		if d.err == nil && dir >= uint64(len(m.Dirs)) {
			d.fail("folder number")
		}
		f.Stat = model.FileStat{Dir: int(dir), Rel: d.string(), Size: d.int(), MTime: d.int(), CTime: d.int(), Ino: d.uint()}
		f.Cat = d.uint()
		a := &f.Article
		for _, s := range []*string{&a.ID, &a.Title, &a.Outlet, &a.Author, &a.URL, &a.Lang, &a.TranslationOf} {
			*s = d.string()
		}
		a.Date = time.Unix(d.int(), 0).UTC()
		a.Precision = model.Precision(d.uint())
		a.LangDetected = d.bool()
		a.Words = int(d.uint())
		a.Size = int(d.uint())
		a.Sum = d.uint()
		if a.Precision == model.Unknown {
			a.Date = time.Time{}
		}
		if d.err == nil && (a.Precision > model.Day || a.ID == "" || a.ID != model.IDOf(f.Stat.Rel)) {
			d.fail("article")
		}
	}
	m.Order = make([]int32, len(m.Files))
	seen := make([]bool, len(m.Files))
	for k := range m.Order {
		i := d.uint()
		if d.err == nil && (i >= uint64(len(m.Files)) || seen[i]) {
			d.fail("order")
		}
		if d.err != nil {
			break
		}
		seen[i] = true
		m.Order[k] = int32(i)
	}
	m.Docs = make([]int32, d.count(1))
	for n := range m.Docs {
		i := d.uint()
		if d.err == nil && i > uint64(len(m.Files)) {
			d.fail("document number")
		}
		m.Docs[n] = int32(i) - 1
	}
	m.Seal = make([]Sealed, d.count(6))
	for i := range m.Seal {
		m.Seal[i] = Sealed{Name: d.string(), Size: d.int(), MTime: d.int(), Ino: d.uint(), Ends: d.string(), Sum: d.string()}
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	return m, nil
}

package library

import (
	"slices"
	"strings"

	"dossier/index"
	"dossier/model"
)

// manifestMagic starts a manifest file; the number is the format version.
const manifestMagic = "dossier manifest 6\n"

// Manifest is what a generation knows about the corpus it indexed and about
// its own files. A warm open does not decode it whole: it uses the file
// where it lies (manifestView, view.go); the whole decoding serves the
// opens that found changes.
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

// decodeManifest reads a whole manifest, refusing anything damaged.
func decodeManifest(data []byte) (*Manifest, error) {
	v, err := openView(data)
	if err != nil {
		return nil, err
	}
	return v.manifest()
}

package model

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Warning reports a file that was skipped or only partly understood.
type Warning struct {
	Path   string
	Reason string
}

// String formats the warning as one line "path: reason", with the path
// escaped (file names come from outside and may hold terminal controls) and
// the reason sanitised (it may quote the file's content).
func (w Warning) String() string { return Escape(w.Path) + ": " + SanitizeLine(w.Reason) }

// Loader reads articles and their texts into memory from one or more
// folders of any fs.FS (the embedded seeds, tests, --no-cache), remembering
// ids across them.
type Loader struct {
	MaxBytes int64 // size cap per file; DefaultMaxBytes when zero
	docs     []Document
	seen     map[string]string // id -> path of its first file
	warnings []Warning
}

// Warnings returns what went wrong so far, in the order it was found.
func (l *Loader) Warnings() []Warning { return l.warnings }

func (l *Loader) warn(p, format string, args ...any) {
	l.warnings = append(l.warnings, Warning{Path: p, Reason: fmt.Sprintf(format, args...)})
}

// Add reads every .txt and .md file under root of fsys; label prefixes the
// paths in warnings (a folder name, or "seeds"). A bad file is reported as a
// warning and skipped; only a root that cannot be read at all is an error.
func (l *Loader) Add(fsys fs.FS, label string) error {
	if l.seen == nil {
		l.seen = map[string]string{}
	}
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return fmt.Errorf("%s: %w", Escape(label), unwrapPath(err))
	}
	cat, catWarn := ReadCatalogue(fsys)
	if catWarn != "" {
		l.warn(path.Join(label, CatalogueFile), "%s", catWarn)
	}
	found := map[string]bool{}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		display := path.Join(label, p)
		if err != nil {
			l.warn(display, "cannot read: %v", unwrapPath(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != "." && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || p == CatalogueFile {
			return nil
		}
		if !ArticleExt(name) {
			l.warn(display, "ignored: only .txt and .md files are articles")
			return nil
		}
		if !d.Type().IsRegular() {
			l.warn(display, "ignored: not a regular file")
			return nil
		}
		id := IDOf(name)
		if first, dup := l.seen[id]; dup {
			l.warn(display, "duplicate id %q (already read from %s); skipped", Escape(id), Escape(first))
			return nil
		}
		data, err := l.readCapped(fsys, p)
		if err != nil {
			l.warn(display, "%v", err)
			return nil
		}
		var entry *Meta
		if m, ok := cat[id]; ok {
			entry = &m
		}
		doc, notes, err := ParseDocument(data, name, display, entry)
		for _, n := range notes {
			l.warn(display, "%s", n)
		}
		if err != nil {
			l.warn(display, "%v", err)
			return nil
		}
		l.seen[id] = display
		found[id] = true
		l.docs = append(l.docs, doc)
		return nil
	})
	for _, id := range MissingFromCatalogue(cat, found) {
		l.warn(path.Join(label, CatalogueFile), "lists \"%s\" but there is no such article", Escape(id))
	}
	return nil
}

// ReadCatalogue reads the catalogue of a folder; a missing one is no
// catalogue, a broken one is reported (warning) and ignored.
func ReadCatalogue(fsys fs.FS) (Catalogue, string) {
	data, err := fs.ReadFile(fsys, CatalogueFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ""
	}
	if err != nil {
		return nil, fmt.Sprintf("cannot read: %v", unwrapPath(err))
	}
	cat, err := ParseCatalogue(data)
	if err != nil {
		return nil, fmt.Sprintf("ignored: %v", err)
	}
	return cat, ""
}

// MissingFromCatalogue lists, sorted, the catalogue ids with no article.
func MissingFromCatalogue(cat Catalogue, found map[string]bool) []string {
	var missing []string
	for id := range cat {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	return missing
}

func (l *Loader) readCapped(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	var size int64 = -1
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	return ReadCapped(f, size, l.MaxBytes)
}

// ReadCapped reads an article file of the given size (-1 if unknown),
// refusing files over limit bytes (DefaultMaxBytes when limit is 0).
func ReadCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if size > limit {
		return nil, fmt.Errorf("skipped: %s is over the %s limit", HumanBytes(size), HumanBytes(limit))
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("skipped: over the %s limit", HumanBytes(limit))
	}
	return data, nil
}

// Finish validates cross-article links and returns the corpus, texts in memory.
func (l *Loader) Finish(name string) *Corpus {
	arts := make([]*Article, len(l.docs))
	for i := range l.docs {
		arts[i] = &l.docs[i].Article
	}
	LinkTranslations(arts, func(a Article, why string) { l.warn(a.Path, "%s", why) })
	return NewMemCorpus(name, l.docs)
}

// LinkTranslations drops translation_of links to articles that do not
// exist (or to the article itself), reporting each through warn.
func LinkTranslations(arts []*Article, warn func(a Article, why string)) {
	ids := make(map[string]bool, len(arts))
	for _, a := range arts {
		ids[a.ID] = true
	}
	for _, a := range arts {
		if a.TranslationOf != "" && (a.TranslationOf == a.ID || !ids[a.TranslationOf]) {
			warn(*a, fmt.Sprintf("translation_of %q: no such article; link ignored", Escape(a.TranslationOf)))
			a.TranslationOf = ""
		}
	}
}

// LoadCorpus reads one folder into a corpus.
func LoadCorpus(fsys fs.FS, name string) (*Corpus, []Warning, error) {
	var l Loader
	if err := l.Add(fsys, name); err != nil {
		return nil, nil, err
	}
	c := l.Finish(name)
	return c, l.Warnings(), nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

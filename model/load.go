package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

// DefaultMaxBytes is the largest article file read (4 MiB).
const DefaultMaxBytes = 4 << 20

// Warning reports a file that was skipped or only partly understood.
type Warning struct {
	Path   string
	Reason string
}

// String formats the warning as "path: reason".
func (w Warning) String() string { return w.Path + ": " + w.Reason }

// Loader reads articles from one or more folders, remembering ids across them.
type Loader struct {
	MaxBytes int64 // size cap per file; DefaultMaxBytes when zero
	articles []Article
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
		return fmt.Errorf("%s: %w", label, unwrapPath(err))
	}
	cat := l.readCatalogue(fsys, label)
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
		ext := strings.ToLower(path.Ext(name))
		if ext != ".txt" && ext != ".md" {
			l.warn(display, "ignored: only .txt and .md files are articles")
			return nil
		}
		if !d.Type().IsRegular() {
			l.warn(display, "ignored: not a regular file")
			return nil
		}
		id := strings.TrimSuffix(name, path.Ext(name))
		if first, dup := l.seen[id]; dup {
			l.warn(display, "duplicate id %q (already read from %s); skipped", id, first)
			return nil
		}
		a, ok := l.readArticle(fsys, p, display, id, ext, cat)
		if !ok {
			return nil
		}
		l.seen[id] = display
		found[id] = true
		l.articles = append(l.articles, a)
		return nil
	})
	var missing []string
	for id := range cat {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	for _, id := range missing {
		l.warn(path.Join(label, CatalogueFile), "lists %q but there is no such article", id)
	}
	return nil
}

func (l *Loader) readCatalogue(fsys fs.FS, label string) Catalogue {
	data, err := fs.ReadFile(fsys, CatalogueFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	p := path.Join(label, CatalogueFile)
	if err != nil {
		l.warn(p, "cannot read: %v", unwrapPath(err))
		return nil
	}
	cat, err := ParseCatalogue(data)
	if err != nil {
		l.warn(p, "ignored: %v", err)
		return nil
	}
	return cat
}

func (l *Loader) readArticle(fsys fs.FS, p, display, id, ext string, cat Catalogue) (Article, bool) {
	data, err := l.readCapped(fsys, p)
	if err != nil {
		l.warn(display, "%v", err)
		return Article{}, false
	}
	if reason := binaryReason(data); reason != "" {
		l.warn(display, "skipped: %s", reason)
		return Article{}, false
	}
	if !utf8.Valid(data) {
		l.warn(display, "skipped: not valid UTF-8 (first bad byte at offset %d); convert it to UTF-8", firstInvalid(data))
		return Article{}, false
	}
	text := string(data)
	a := Article{ID: id, Path: display}
	var meta Meta
	var hasMeta bool
	if ext == ".md" {
		front, body, ok, err := SplitFrontMatter(text)
		if err != nil {
			l.warn(display, "skipped: %v", err)
			return Article{}, false
		}
		if ok {
			meta, err = ParseFrontMatter(front)
			if err != nil {
				l.warn(display, "skipped: %v", err)
				return Article{}, false
			}
			hasMeta = true
		}
		text = body
	}
	if t, rest, err := CutDateLine(text); err != nil {
		l.warn(display, "date line ignored: %v", err)
	} else if !t.IsZero() {
		a.Date, a.Precision, text = t, Day, rest
	}
	a.Body = strings.TrimSpace(Sanitize(text))
	if a.Body == "" {
		l.warn(display, "skipped: no text")
		return Article{}, false
	}
	a.Title, a.Author = DeriveTitle(a.Body)
	a.Title = SanitizeLine(a.Title)
	a.Lang, a.LangDetected = DetectLanguage(a.Body), true
	if m, ok := cat[id]; ok {
		m.apply(&a)
	}
	if hasMeta {
		meta.apply(&a)
	}
	if a.Title == "" {
		a.Title = id
	}
	return a, true
}

func (l *Loader) readCapped(fsys fs.FS, p string) ([]byte, error) {
	limit := l.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > limit {
		return nil, fmt.Errorf("skipped: %s is over the %s limit", humanBytes(st.Size()), humanBytes(limit))
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("skipped: over the %s limit", humanBytes(limit))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("skipped: empty file")
	}
	return data, nil
}

// Finish validates cross-article links and returns the corpus.
func (l *Loader) Finish(name string) *Corpus {
	ids := make(map[string]bool, len(l.articles))
	for _, a := range l.articles {
		ids[a.ID] = true
	}
	for i := range l.articles {
		a := &l.articles[i]
		if a.TranslationOf != "" && (a.TranslationOf == a.ID || !ids[a.TranslationOf]) {
			l.warn(a.Path, "translation_of %q: no such article; link ignored", a.TranslationOf)
			a.TranslationOf = ""
		}
	}
	return NewCorpus(name, l.articles)
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

// binaryReason says why data looks binary, or "" when it looks like text.
func binaryReason(data []byte) string {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "binary file (contains NUL bytes)"
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	if ctrl*10 > len(head) {
		return "binary file (mostly control bytes)"
	}
	return ""
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

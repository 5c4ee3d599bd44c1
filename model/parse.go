package model

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultMaxBytes is the largest article file read (4 MiB).
const DefaultMaxBytes = 4 << 20

// ArticleExt reports whether a file name has an article extension (.txt or .md).
func ArticleExt(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".txt" || ext == ".md"
}

// IDOf is the article id of a file name: the name without its extension.
// A name that is not valid UTF-8 (raw\x9b2Jname.md) gets a valid id that
// stays the same for the same name: each byte that is not part of a valid
// character, and each %, is written %XX (raw%9B2Jname).
func IDOf(name string) string {
	id := strings.TrimSuffix(path.Base(name), path.Ext(name))
	if utf8.ValidString(id) {
		return id
	}
	var b strings.Builder
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		if r == '%' || r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, "%%%02X", id[i])
		} else {
			b.WriteString(id[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Checksum is the checksum kept of an article file's bytes (64-bit FNV-1a):
// cheap, and enough to notice that a file changed under dossier.
func Checksum(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// ParseError says why a file is not an article; the file is skipped.
type ParseError struct{ Reason string }

// Error returns the reason.
func (e *ParseError) Error() string { return e.Reason }

func skip(format string, args ...any) error {
	return &ParseError{Reason: fmt.Sprintf(format, args...)}
}

// ParseDocument turns the bytes of one article file into a document: the
// front matter of a .md file or the date line of a .txt file, the sanitised
// text, and the metadata derived from it, with cat (the folder catalogue's
// entry, or nil) applied on top. name is the file name (for the id and the
// format), display names it in messages. A file that is not an article
// returns a *ParseError; notes are warnings about a file that still loads.
func ParseDocument(data []byte, name, display string, cat *Meta) (doc Document, notes []string, err error) {
	body, meta, date, notes, err := parseFile(data, name)
	if err != nil {
		return Document{}, notes, err
	}
	a := Article{ID: IDOf(name), Path: display, Size: len(body), Sum: Checksum(data)}
	if !date.IsZero() {
		a.Date, a.Precision = date, Day
	}
	a.Words = CountWords(body)
	a.Title, a.Author = DeriveTitle(body)
	// Both may be cut from the body: copies, so that the metadata kept of
	// every article does not keep its whole text.
	a.Title, a.Author = strings.Clone(SanitizeLine(a.Title)), strings.Clone(a.Author)
	a.Lang, a.LangDetected = DetectLanguage(body), true
	if cat != nil {
		cat.apply(&a)
	}
	if meta != nil {
		meta.apply(&a)
	}
	if a.Title == "" {
		a.Title = SanitizeLine(a.ID)
	}
	return Document{Article: a, Body: body}, notes, nil
}

// ParseBody returns only the sanitised text of an article file, exactly as
// ParseDocument does; it is how a text is read again when it is shown.
func ParseBody(data []byte, name string) (string, error) {
	body, _, _, _, err := parseFile(data, name)
	return body, err
}

// parseFile checks the bytes, splits off the front matter or the date line
// and sanitises the text.
func parseFile(data []byte, name string) (body string, meta *Meta, date time.Time, notes []string, err error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", nil, date, nil, skip("skipped: empty file")
	}
	if reason := binaryReason(data); reason != "" {
		return "", nil, date, nil, skip("skipped: %s", reason)
	}
	if !utf8.Valid(data) {
		return "", nil, date, nil, skip("skipped: not valid UTF-8 (first bad byte at offset %d); convert it to UTF-8", InvalidUTF8At(data))
	}
	text := string(data)
	if strings.EqualFold(path.Ext(name), ".md") {
		front, rest, ok, err := SplitFrontMatter(text)
		if err != nil {
			return "", nil, date, nil, skip("skipped: %v", err)
		}
		if ok {
			m, err := ParseFrontMatter(front)
			if err != nil {
				return "", nil, date, nil, skip("skipped: %v", err)
			}
			meta = &m
		}
		text = rest
	}
	if t, rest, err := CutDateLine(text); err != nil {
		notes = append(notes, fmt.Sprintf("date line ignored: %v", err))
	} else if !t.IsZero() {
		date, text = t, rest
	}
	body = strings.TrimSpace(Sanitize(text))
	if meta != nil {
		// A title too long to be one (MaxTitle) is cut where it is
		// applied; the whole of it stays readable as the first paragraph.
		if t := SanitizeLine(meta.Title); utf8.RuneCountInString(t) > MaxTitle {
			body = strings.TrimSpace(t + "\n\n" + body)
		}
	}
	if body == "" {
		return "", nil, date, notes, skip("skipped: no text")
	}
	return body, meta, date, notes, nil
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

// IsParseError reports whether err says a file is not an article.
func IsParseError(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe)
}

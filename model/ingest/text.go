package ingest

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"dossier/model"
)

// fromText reads a plain-text article: an optional first line "date
// YYYY-MM-DD", then the text. It becomes Markdown with front matter; the
// title and a leading byline are derived as the corpus loader would.
func fromText(data []byte) (Doc, error) {
	if err := plainCheck(data); err != nil {
		return Doc{}, err
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var m Meta
	t, rest, err := model.CutDateLine(text)
	if err != nil {
		return Doc{}, refusef("bad date line: %v", err)
	}
	if !t.IsZero() {
		m.Date, text = t.Format(time.DateOnly), rest
	}
	body := normaliseNewlines(model.Sanitize(text))
	if model.CountWords(body) == 0 {
		return Doc{}, refusef("no text")
	}
	title, author := model.DeriveTitle(body)
	m.Title, m.Author = cleanLine(title), cleanLine(author)
	return Doc{Kind: KindText, Meta: m, Body: body}, nil
}

// fromMarkdown passes a Markdown article through unchanged, after checking
// that dossier can read it: valid UTF-8, front matter with known keys and
// valid values, some text.
func fromMarkdown(data []byte) (Doc, error) {
	if err := plainCheck(data); err != nil {
		return Doc{}, err
	}
	a, err := LoadOne("article.md", data)
	if err != nil {
		return Doc{}, err
	}
	_, body, _, _ := model.SplitFrontMatter(string(data))
	return Doc{Kind: KindMarkdown, Raw: data, Body: body, Meta: Meta{
		Title: a.Title, Source: a.Outlet, Author: a.Author, Date: a.DayString(), URL: a.URL, Lang: a.Lang,
	}}, nil
}

// plainCheck refuses text that is not UTF-8 or looks binary.
func plainCheck(data []byte) error {
	if !utf8.Valid(data) {
		return refusef("not valid UTF-8; convert it to UTF-8 first")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return refusef("unsupported type: binary data (contains NUL bytes)")
	}
	if len(data) > model.DefaultMaxBytes {
		return refusef("over the %s a corpus file may hold; split it", model.HumanBytes(model.DefaultMaxBytes))
	}
	return nil
}

// normaliseNewlines trims a body and turns CRLF into LF.
func normaliseNewlines(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// LoadOne reads one corpus file exactly as dossier's corpus loader does
// (fstest.MapFS is just a one-file file system here)
// and returns the article, or the loader's reason for skipping it as a
// Refusal. name's extension (.md or .txt) says how to read it.
func LoadOne(name string, data []byte) (model.Article, error) {
	doc, notes, err := model.ParseDocument(data, name, "import/"+name, nil)
	if err != nil {
		return model.Article{}, refusef("%s", strings.TrimPrefix(err.Error(), "skipped: "))
	}
	if len(notes) > 0 {
		return model.Article{}, refusef("%s", notes[0])
	}
	return doc.Article, nil
}

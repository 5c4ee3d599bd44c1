package model

import (
	"container/list"
	"errors"
	"fmt"
	"sync"
)

// ErrChanged is returned when an article's file no longer holds the text
// that was indexed; the next scan picks the change up.
var ErrChanged = errors.New("the file changed since it was indexed")

// textCacheBytes bounds the texts FileTexts keeps in memory.
const textCacheBytes = 8 << 20

// FileTexts reads texts from the article files on demand, checking that
// each file still has the bytes that were indexed (its checksum), and keeps
// the most recently read texts up to a few MiB. Safe for concurrent use.
type FileTexts struct {
	mu    sync.Mutex
	order *list.List // of *cachedText, most recent first
	byID  map[string]*list.Element
	bytes int
}

type cachedText struct {
	id   string
	sum  uint64
	text string
}

// NewFileTexts returns an empty reader of article files.
func NewFileTexts() *FileTexts {
	return &FileTexts{order: list.New(), byID: map[string]*list.Element{}}
}

// Text reads, checks and parses the file of a.
func (f *FileTexts) Text(a Article) (string, error) {
	if t, ok := f.cached(a); ok {
		return t, nil
	}
	if a.File == "" {
		return "", fmt.Errorf("%s: %w", Escape(a.ID), ErrNoText)
	}
	fh, st, err := OpenRegular(a.File) // a file swapped for a pipe must not hold a search
	if err != nil {
		return "", fmt.Errorf("%s: %w", Escape(a.Path), err)
	}
	defer fh.Close()
	data, err := ReadCapped(fh, st.Size(), 0)
	if err != nil {
		return "", fmt.Errorf("%s: %w", Escape(a.Path), err)
	}
	if Checksum(data) != a.Sum {
		return "", fmt.Errorf("%s: %w", Escape(a.Path), ErrChanged)
	}
	text, err := ParseBody(data, a.File)
	if err != nil {
		return "", fmt.Errorf("%s: %w", Escape(a.Path), err)
	}
	f.put(a, text)
	return text, nil
}

func (f *FileTexts) cached(a Article) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.byID[a.ID]
	if !ok || e.Value.(*cachedText).sum != a.Sum {
		return "", false
	}
	f.order.MoveToFront(e)
	return e.Value.(*cachedText).text, true
}

func (f *FileTexts) put(a Article, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.byID[a.ID]; ok {
		f.bytes -= len(e.Value.(*cachedText).text)
		f.order.Remove(e)
	}
	f.byID[a.ID] = f.order.PushFront(&cachedText{id: a.ID, sum: a.Sum, text: text})
	f.bytes += len(text)
	for f.bytes > textCacheBytes && f.order.Len() > 1 {
		last := f.order.Back()
		c := last.Value.(*cachedText)
		f.order.Remove(last)
		delete(f.byID, c.id)
		f.bytes -= len(c.text)
	}
}

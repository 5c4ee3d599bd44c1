package model

import (
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// wordAt, the ASCII shortcut of word counting and language detection,
// says what isWordRune says of the rune it decodes, for every byte
// (invalid UTF-8 too).
func FuzzWordAtAgreesWithIsWordRune(f *testing.F) {
	for _, s := range []string{"abc XYZ 019 _-.,;:'\"", "Über straße", "e\u0301", "Казахстан", "東京", "\xff\xfea", "١٢٣", "\u00a0\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, in := 0, false
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			word, got := wordAt(s, i)
			if word != isWordRune(r) || got != size {
				t.Fatalf("%q at %d: wordAt says %v, %d; isWordRune(%U) %v, size %d", s, i, word, got, r, isWordRune(r), size)
			}
			if word && !in {
				n++
			}
			in, i = word, i+size
		}
		if got := CountWords(s); got != n {
			t.Fatalf("CountWords(%q) = %d, want %d", s, got, n)
		}
	})
}

// Detection skips the dictionary for ASCII words longer than any
// function word, and still counts them.
func TestDetectLatinCountsLongWords(t *testing.T) {
	long := "the cooperation and the partnership of the materials for the investment with extraordinary considerations "
	if got := DetectLanguage(long + long); got != LangEnglish {
		t.Errorf("DetectLanguage = %q, want %q", got, LangEnglish)
	}
	// Function words are under a twentieth of the words: undetermined.
	var b []byte
	for range 50 {
		b = append(b, "extraordinary considerations regarding "...)
	}
	b = append(b, "the and of"...)
	if got := DetectLanguage(string(b)); got != LangUndetermined {
		t.Errorf("DetectLanguage of few function words = %q, want %q", got, LangUndetermined)
	}
}

// The title and author kept of an article are not cut from its text: the
// metadata kept of every article of a corpus must not keep every text.
func TestParsedMetadataDoesNotKeepTheText(t *testing.T) {
	data := []byte("By Jane Doe\nLithium\n\n" + strings.Repeat("The partnership on raw materials grows. ", 100))
	doc, _, err := ParseDocument(data, "a.txt", "a.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Author != "Jane Doe" || doc.Title != "Lithium" {
		t.Fatalf("author %q, title %q", doc.Author, doc.Title)
	}
	body := unsafe.StringData(doc.Body)
	for name, s := range map[string]string{"author": doc.Author, "title": doc.Title} {
		p := unsafe.StringData(s)
		if uintptr(unsafe.Pointer(p)) >= uintptr(unsafe.Pointer(body)) && uintptr(unsafe.Pointer(p)) < uintptr(unsafe.Pointer(body))+uintptr(len(doc.Body)) {
			t.Errorf("the %s %q points into the body", name, s)
		}
	}
}

package timeline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLabel is the longest label in runes, including the ellipsis.
const maxLabel = 80

// datelineRe matches leading news boilerplate: "ASTANA –", "BRUSSELS,
// Belgium —", "ASTANA, April 7 (Kazinform) –", "Berlin (dpa) -".
var datelineRe = regexp.MustCompile(`^(?:\p{Lu}{3,}(?:[ \-]\p{Lu}{2,})*(?:,[\p{L}\p{N}.'’ ]{1,30}?)?\s*(?:\([^()]{1,40}\)\s*)?|\p{Lu}\p{Ll}+(?:[ \-]\p{Lu}\p{Ll}+)?\s*\([^()]{1,40}\)\s*)[\-\x{2013}\x{2014}]+\s+`)

// cleanSentence collapses white space and removes a leading dateline.
func cleanSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if t := datelineRe.ReplaceAllString(s, ""); t != "" {
		s = t
	}
	return s
}

// shorten cuts s to at most maxLabel runes at a word boundary, marking the cut with "…".
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxLabel {
		return s
	}
	cut, n := len(s), 0 // cut: byte offset after maxLabel-1 runes
	for i := range s {
		if n == maxLabel-1 {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	if r, _ := utf8.DecodeRuneInString(s[cut:]); !unicode.IsSpace(r) {
		if k := strings.LastIndexFunc(head, unicode.IsSpace); k > 0 {
			head = head[:k]
		}
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:–—-(\"“„'", r)
	})
	if head == "" {
		head = s[:cut]
	}
	return head + "…"
}

// makeLabel turns a source sentence into a short event label.
func makeLabel(sentence string) string { return shorten(cleanSentence(sentence)) }

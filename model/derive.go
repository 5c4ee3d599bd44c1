package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// dateLine matches the optional first line "date YYYY-MM-DD" of a .txt
// article. Real files put the text on the same line after the date, so the
// date is a prefix, not necessarily a whole line.
var dateLine = LazyRegexp(`^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|[ \t]*\r?\n|$)`)

// CutDateLine removes a leading "date YYYY-MM-DD" and returns the date, or the
// text unchanged and a zero time when there is none or it is not a real day.
func CutDateLine(text string) (time.Time, string, error) {
	m := dateLine().FindStringSubmatchIndex(text)
	if m == nil {
		return time.Time{}, text, nil
	}
	t, _, err := ParseDate(text[m[2]:m[3]])
	if err != nil {
		return time.Time{}, text, err
	}
	return t, text[m[1]:], nil
}

var byline = LazyRegexp(`^(?:By|Von|Автор:?)\s+(\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,3})\s*$`)

// maxTitle is the longest title, in runes, derived from the text.
const maxTitle = 90

// headingText is a Markdown heading line's text ("# Title" -> "Title");
// other lines are returned as they are.
func headingText(line string) string {
	rest := strings.TrimLeft(line, "#")
	if n := len(line) - len(rest); n == 0 || n > 6 || !strings.HasPrefix(rest, " ") {
		return line
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(rest), "#"))
}

// DeriveTitle picks a title from the text: a short first line that reads as a
// headline, otherwise the first sentence cut at a word boundary. A leading
// byline ("By Jane Doe") is skipped and returned as the author.
func DeriveTitle(body string) (title, author string) {
	lines := strings.Split(body, "\n")
	i := 0
	next := func() string {
		for i < len(lines) {
			l := strings.TrimSpace(lines[i])
			i++
			if l != "" {
				return l
			}
		}
		return ""
	}
	first := headingText(next())
	if m := byline().FindStringSubmatch(first); m != nil {
		author = m[1]
		first = headingText(next())
	}
	if first == "" {
		return "", author
	}
	if utf8.RuneCountInString(first) <= maxTitle && !strings.HasSuffix(first, ".") {
		return first, author
	}
	sentence := first
	if end := sentenceEnd(first); end > 0 {
		sentence = first[:end]
	}
	// Drop a dateline such as "ASTANA – ".
	if k := strings.Index(sentence, " – "); k > 0 && k < 30 && strings.ToUpper(sentence[:k]) == sentence[:k] {
		sentence = sentence[k+len(" – "):]
	}
	return Truncate(strings.TrimSuffix(sentence, "."), maxTitle), author
}

func sentenceEnd(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' && i > 20 {
			return i + 1
		}
	}
	return -1
}

// Truncate cuts s to at most n runes at a word boundary, adding "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	cut := string(runes[:n-1])
	if k := strings.LastIndexByte(cut, ' '); k > len(cut)/2 {
		cut = cut[:k]
	}
	return strings.TrimRight(cut, " ,;:–-") + "…"
}

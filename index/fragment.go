package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fragment sizes in bytes: context kept before the first match of a
// fragment, and the most text a fragment shows.
const (
	fragLead = 60
	fragSize = 220
	maxFrags = 3
)

// fragments cuts up to maxFrags passages around the body matches, each
// grouping the matches that fall inside it, never crossing a paragraph and
// never longer than fragSize bytes (and a word cut short at its end): a
// match that runs past the window (a phrase merged from a paragraph of the
// same word repeated) is marked as far as the window goes.
func fragments(body string, matches []Match) []Fragment {
	var out []Fragment
	for i := 0; i < len(matches) && len(out) < maxFrags; {
		m := matches[i]
		start := snapBack(body, max(m.Start-fragLead, 0), m.Start)
		window := min(start+fragSize, len(body))
		end := snapForward(body, window, min(m.End, window))
		f := Fragment{Start: start}
		for ; i < len(matches) && matches[i].Start < end; i++ {
			f.Marks = append(f.Marks, Span{Start: matches[i].Start - start, End: min(matches[i].End, end) - start})
		}
		text := body[start:end]
		prefix := ""
		if start > 0 && body[start-1] != '\n' {
			prefix = "…"
		}
		suffix := ""
		if end < len(body) && body[end] != '\n' {
			suffix = "…"
		}
		// Newlines inside the window are within one paragraph only (see the
		// snapping), but a single line break may remain: flatten it.
		text = strings.ReplaceAll(text, "\n", " ")
		for k := range f.Marks {
			f.Marks[k].Start += len(prefix)
			f.Marks[k].End += len(prefix)
		}
		f.Text = prefix + text + suffix
		out = append(out, f)
	}
	return out
}

// snapBack moves pos back to a word start, not before the paragraph that
// holds limit (the match start).
func snapBack(s string, pos, limit int) int {
	if k := strings.LastIndex(s[:limit], "\n"); k >= pos {
		return k + 1
	}
	for pos > 0 && !utf8.RuneStart(s[pos]) {
		pos--
	}
	for pos < limit {
		r, size := utf8.DecodeRuneInString(s[pos:])
		prev, _ := utf8.DecodeLastRuneInString(s[:pos])
		if pos == 0 || (unicode.IsSpace(prev) && !unicode.IsSpace(r)) {
			break
		}
		pos += size
	}
	return pos
}

// snapForward moves pos to a word end, at least to limit (the match end),
// not past the end of the paragraph that holds limit.
func snapForward(s string, pos, limit int) int {
	pos = max(pos, limit)
	if k := strings.IndexByte(s[limit:], '\n'); k >= 0 && limit+k < pos {
		return limit + k
	}
	for pos < len(s) && !utf8.RuneStart(s[pos]) {
		pos++
	}
	if pos == len(s) {
		return pos
	}
	if r, _ := utf8.DecodeRuneInString(s[pos:]); unicode.IsSpace(r) {
		return pos
	}
	for p := pos; p > limit; {
		r, size := utf8.DecodeLastRuneInString(s[:p])
		if unicode.IsSpace(r) {
			return max(len(strings.TrimRightFunc(s[:p], unicode.IsSpace)), limit)
		}
		p -= size
	}
	return pos
}

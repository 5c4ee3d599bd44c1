package cli

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/model"
	"dossier/model/review"
)

// parseEvidence reads ARTICLE-ID:START-END and checks it against the
// corpus: the range must lie in the article, run forwards, and start and
// end on word boundaries, so the quote never begins or ends mid-word. The
// range follows the last colon (a file name may hold colons).
func parseEvidence(spec string, corpus *model.Corpus) (review.Evidence, error) {
	bad := func(format string, args ...any) (review.Evidence, error) {
		return review.Evidence{}, fmt.Errorf("--evidence %s: %s", model.Escape(spec), fmt.Sprintf(format, args...))
	}
	colon := strings.LastIndexByte(spec, ':')
	id, rng, ok := spec[:max(colon, 0)], spec[colon+1:], colon >= 0
	a, b, ok2 := strings.Cut(rng, "-")
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if !ok || !ok2 || err1 != nil || err2 != nil || start < 0 || end < 0 {
		return bad("want ARTICLE-ID:START-END (byte offsets, as search --json gives)")
	}
	if _, found := corpus.Article(id); !found {
		return bad("no article %q in the corpus", id)
	}
	body, err := corpus.Text(id)
	switch {
	case err != nil:
		return bad("%v", err)
	case end < start:
		return bad("the range %d-%d is reversed: the start comes first (%d-%d)", start, end, end, start)
	case end == start:
		return bad("the range %d-%d is empty", start, end)
	case end > len(body):
		return bad("range outside the article (0-%d)", len(body))
	case !utf8.RuneStart(body[start]) || (end < len(body) && !utf8.RuneStart(body[end])):
		return bad("the range cuts a character in two")
	}
	ws, we := wordStart(body, start), wordEnd(body, end)
	if ws != start || we != end {
		where := "starts"
		if ws == start {
			where = "ends"
		} else if we != end {
			where = "starts and ends"
		}
		return bad("the range %s inside a word (“%s”); whole words are %d-%d: “%s”",
			where, oneLine(body[start:end]), ws, we, oneLine(clip(body[ws:we], 80)))
	}
	return review.Evidence{ArticleID: id, Start: start, End: end, Quote: body[start:end]}, nil
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wordStart moves i back to the start of the word it is inside (i itself if it is on a boundary).
func wordStart(s string, i int) int {
	if i >= len(s) {
		return i
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); !isWordRune(r) {
		return i
	}
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isWordRune(r) {
			break
		}
		i -= size
	}
	return i
}

// wordEnd moves i forward to the end of the word it is inside.
func wordEnd(s string, i int) int {
	if i <= 0 {
		return i
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:i]); !isWordRune(r) {
		return i
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	return i
}

// clip shortens s to about n runes for a message.
func clip(s string, n int) string { return model.Truncate(s, n) }

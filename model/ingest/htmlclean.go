package ingest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"dossier/model"
)

// The first paragraphs of a saved page often carry what is metadata: a
// byline ("By Assel Satubaldina in Business on 18 September 2025"), a
// dateline ("Stand: 18.09.2025, 14:30 Uhr") or a share bar ("Share:
// Facebook X LinkedIn"), and share bars end many pages. Once the byline's
// author and the dateline's date are in the metadata, they leave the text.

// bylinePara matches a paragraph that is only a byline: a name after "By",
// "Von", "От" or "Автор:", then nothing, or a separator and a little more
// (a date, a role), or a section and a date ("in Business on …").
var bylinePara = model.LazyRegexp(`^(?i:by|von|от|автор:?|text:?|author:?)\s+` +
	`(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|und|и|de|van|von|der|al|el)){0,6})` +
	`(?:\s*$|\s*[|·,–—:]\s*.{0,80}$|\s+(?i:in|im|on|am|в)\s+.{1,80}$)`)

// dateLabels are the words around a date that make a dateline.
var dateLabels = setOf("published updated posted last on at uhr gmt utc cet cest veröffentlicht aktualisiert " +
	"stand am um опубликовано обновлено дата публикации в г года")

// shareWords are the words of a share bar; shareCues those that make one.
var (
	shareWords = setOf("share this article story page post on via the with your friends sie diesen artikel beitrag " +
		"mit den auf этой статьей статьёй новостью в facebook twitter x linkedin whatsapp telegram viber vk vkontakte " +
		"вконтакте одноклассники ok email e-mail mail print drucken печать copy link kopieren копировать ссылку reddit " +
		"pinterest tweet messenger xing flipboard tumblr pocket threads bluesky comments kommentare комментарии teilen " +
		"поделиться share:")
	shareCues = setOf("share teilen поделиться")
)

// setOf is the set of the space-separated words, built on first use (the
// package is linked into every dossier command, and only imports read it).
func setOf(words string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(words) {
			m[w] = true
		}
		return m
	})
}

// paraWords are the words of a short paragraph, lower-cased, without
// punctuation.
func paraWords(p string) []string {
	return strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
}

// isShareBar reports whether a paragraph is a share bar.
func isShareBar(p string) bool {
	if utf8.RuneCountInString(p) > 120 {
		return false
	}
	cue, networks := false, 0
	for _, w := range paraWords(p) {
		switch {
		case shareCues()[w]:
			cue = true
		case shareWords()[w]:
			networks++
		case strings.Trim(w, "0123456789") == "": // share counts
		default:
			return false
		}
	}
	return cue || networks >= 2
}

// datelineDay returns the date of a paragraph that is only a dateline: a
// date with a label, a time or a place of at most two words.
func datelineDay(p string) string {
	if utf8.RuneCountInString(p) > 80 {
		return ""
	}
	d, start, end := statedDay(p)
	if d == "" {
		return ""
	}
	other := 0
	for _, w := range paraWords(p[:start] + " " + p[end:]) {
		if !dateLabels()[w] && strings.Trim(w, "0123456789") != "" {
			other++
		}
	}
	if other > 2 {
		return ""
	}
	return d
}

// sameText reports whether two texts have the same words, whatever their
// case, spacing and punctuation.
func sameText(a, b string) bool {
	return strings.Join(paraWords(a), " ") == strings.Join(paraWords(b), " ")
}

// dropMetaParagraphs takes the title (when the text repeats it), byline,
// dateline and share-bar paragraphs off the start of a body (at most
// four), and share bars off its end (at most three). A byline's author and
// a date in it or in a dateline fill author and date when the metadata
// left them empty; fromText says the date came from there.
func dropMetaParagraphs(body, title, author, date string) (rest, outAuthor, outDate string, fromText bool) {
	paras := strings.Split(body, "\n\n")
lead:
	for n := 0; n < 4 && len(paras) > 1; n++ {
		p := strings.TrimSpace(paras[0])
		switch {
		case title != "" && sameText(p, title):
		case isShareBar(p):
		case bylinePara().MatchString(p) && !strings.ContainsAny(p[len(p)-1:], ".!?"):
			if author == "" {
				author = cleanAuthor(bylinePara().FindStringSubmatch(p)[1])
			}
			if d, _, _ := statedDay(p); date == "" && d != "" {
				date, fromText = d, true
			}
		case datelineDay(p) != "":
			if date == "" {
				date, fromText = datelineDay(p), true
			}
		default:
			break lead // the text starts here
		}
		paras = paras[1:]
	}
	for n := 0; n < 3 && len(paras) > 1 && isShareBar(strings.TrimSpace(paras[len(paras)-1])); n++ {
		paras = paras[:len(paras)-1]
	}
	return strings.Join(paras, "\n\n"), author, date, fromText
}

package timeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps a lower-case letter with a diacritic to plain Latin letters.
func foldRune(r rune) (string, bool) {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā', 'ă', 'ą':
		return "a", true
	case 'ç', 'ć', 'č':
		return "c", true
	case 'ď', 'đ':
		return "d", true
	case 'è', 'é', 'ê', 'ë', 'ē', 'ė', 'ę', 'ě':
		return "e", true
	case 'ğ':
		return "g", true
	case 'ì', 'í', 'î', 'ï', 'ī', 'į', 'ı':
		return "i", true
	case 'ł', 'ľ', 'ĺ':
		return "l", true
	case 'ñ', 'ń', 'ň':
		return "n", true
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ő':
		return "o", true
	case 'ŕ', 'ř':
		return "r", true
	case 'ś', 'š', 'ş', 'ș':
		return "s", true
	case 'ß':
		return "ss", true
	case 'ť', 'ţ', 'ț':
		return "t", true
	case 'ù', 'ú', 'û', 'ü', 'ū', 'ů', 'ű', 'ų':
		return "u", true
	case 'ý', 'ÿ':
		return "y", true
	case 'ź', 'ż', 'ž':
		return "z", true
	case 'æ':
		return "ae", true
	case 'œ':
		return "oe", true
	}
	return "", false
}

// foldWord lower-cases w and strips diacritics ("Brücke" -> "brucke").
func foldWord(w string) string {
	clean := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		r = unicode.ToLower(r)
		if f, ok := foldRune(r); ok {
			b.WriteString(f)
		} else if !unicode.IsMark(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stem crudely strips common English and German endings.
func stem(w string) string {
	for _, suf := range []string{"ungen", "ung", "ing", "ies", "ied", "ed", "es", "en", "er", "e", "s"} {
		if len(w)-len(suf) >= 4 && strings.HasSuffix(w, suf) {
			base := w[:len(w)-len(suf)]
			if suf == "ies" || suf == "ied" {
				base += "y"
			}
			return base
		}
	}
	return w
}

// ruEndings are Russian inflectional endings, longest first.
var ruEndings = []string{
	"иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ией", "ия", "ие", "ий", "ию",
	"ая", "яя", "ое", "ее", "ые", "ие", "ый", "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях",
	"ов", "ев", "ью", "ы", "и", "а", "я", "о", "е", "у", "ю", "ь", "й",
}

// stemRU crudely strips one Russian inflectional ending, keeping at
// least three letters ("казахстана" -> "казахстан", "лития" -> "лит").
func stemRU(w string) string {
	for _, suf := range ruEndings {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w)-utf8.RuneCountInString(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

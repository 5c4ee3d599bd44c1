package model

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Language codes dossier knows how to analyse; anything else is indexed with
// a language-neutral analyzer.
const (
	LangEnglish      = "en"
	LangGerman       = "de"
	LangRussian      = "ru"
	LangKazakh       = "kk"
	LangUndetermined = "und"
)

// stopwordLists are the common function words of each Latin-script
// language; a text's language is the one whose words it uses most.
func stopwordLists() map[string][]string {
	return map[string][]string{
		LangEnglish: {"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "as", "are", "was",
			"by", "it", "this", "from", "be", "has", "have", "will", "its", "their", "which", "an", "at", "were", "said"},
		LangGerman: {"der", "die", "das", "und", "in", "den", "von", "zu", "mit", "sich", "des", "auf", "für",
			"ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er", "hat",
			"dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind", "noch", "wie", "einem", "über", "zur", "zwischen"},
		"fr": {"le", "la", "les", "des", "et", "est", "une", "du", "que", "pour", "dans", "qui", "sur", "par", "avec", "pas", "au"},
		"es": {"el", "la", "los", "las", "del", "que", "y", "en", "por", "con", "para", "una", "es", "se", "al", "como"},
	}
}

// Letters found in Kazakh but not in Russian Cyrillic.
const kazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

// detectSample is how much of a text language detection looks at: enough
// words to decide, and a bounded cost per article however long it is.
const detectSample = 16 << 10

// DetectLanguage guesses the language of a text: by script for Cyrillic
// (Kazakh or Russian), CJK and others, and by function words for Latin text.
// It looks at the first 16 KiB only, and returns LangUndetermined when the
// evidence is too thin.
func DetectLanguage(text string) string {
	if len(text) > detectSample {
		cut := detectSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var latin, cyrillic, kazakh, han, kana, hangul, arabic, greek int
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r|0x20 && r|0x20 <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
			if strings.ContainsRune(kazakhLetters, r) {
				kazakh++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Greek, r):
			greek++
		}
	}
	letters := latin + cyrillic + han + kana + hangul + arabic + greek
	if letters < 3 {
		return LangUndetermined
	}
	switch {
	case cyrillic*2 > letters:
		if kazakh > 0 && kazakh*100 >= cyrillic {
			return LangKazakh
		}
		return LangRussian
	case kana > 0 && (han+kana)*2 > letters:
		return "ja"
	case han*2 > letters:
		return "zh"
	case hangul*2 > letters:
		return "ko"
	case arabic*2 > letters:
		return "ar"
	case greek*2 > letters:
		return "el"
	case latin*2 <= letters:
		return LangUndetermined
	}
	return detectLatin(text)
}

// latinLangs fixes the order in which languages are tried (deterministic
// ties).
var latinLangs = []string{LangEnglish, LangGerman, "fr", "es"}

// functionWords gives each function word the bit of every language (in
// latinLangs' order) whose word it is, and the length of the longest one.
// It is built on first use: most commands never detect a language.
type functionWords struct {
	mask    map[string]uint8
	longest int
}

var stopwords = sync.OnceValue(func() functionWords {
	lists := stopwordLists()
	fw := functionWords{mask: map[string]uint8{}}
	for i, lang := range latinLangs {
		for _, w := range lists[lang] {
			fw.mask[w] |= 1 << i
			fw.longest = max(fw.longest, len(w))
		}
	}
	return fw
})

func detectLatin(text string) string {
	fw := stopwords()
	var counts [4]int
	total := 0
	var buf [32]byte
	for i := 0; i < len(text); {
		word, size := asciiWord[text[i]], 1 // wordAt, inlined by hand
		if text[i] >= utf8.RuneSelf {
			word, size = wordRuneAt(text, i)
		}
		if !word {
			i += size
			continue
		}
		start := i
		for i < len(text) {
			if word, size = asciiWord[text[i]], 1; text[i] >= utf8.RuneSelf {
				word, size = wordRuneAt(text, i)
			}
			if !word {
				break
			}
			i += size
		}
		total++
		w := text[start:i]
		if len(w) > len(buf) || len(w) > fw.longest && isASCII(w) {
			continue // no function word is that long
		}
		lower := buf[:0]
		for k := 0; k < len(w); k++ {
			c := w[k]
			if c >= utf8.RuneSelf {
				lower = append(buf[:0], strings.ToLower(w)...) // "Über": rare, and right
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower = append(lower, c)
		}
		if mask := fw.mask[string(lower)]; mask != 0 {
			for k := range counts {
				if mask&(1<<k) != 0 {
					counts[k]++
				}
			}
		}
	}
	best, bestN, second := LangUndetermined, 0, 0
	for k, lang := range latinLangs {
		n := counts[k]
		if n > bestN {
			best, bestN, second = lang, n, bestN
		} else if n > second {
			second = n
		}
	}
	// Need some function words, and a clear lead over the runner-up.
	if bestN < 2 || bestN*20 < total || bestN < second*3/2 {
		return LangUndetermined
	}
	return best
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wordAt reports whether the character at s[i] is a word rune, and its
// size (ASCII without decoding). It costs more than the compiler inlines,
// so the hot loops (CountWords, DetectLanguage) spell it out by hand; the
// fuzz test holds CountWords to it.
func wordAt(s string, i int) (bool, int) {
	c := s[i]
	if c >= utf8.RuneSelf {
		return wordRuneAt(s, i)
	}
	return asciiWord[c], 1
}

// asciiWord tells the ASCII word runes, letters and digits, by byte (the
// bytes past ASCII are not runes: false).
var asciiWord = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// wordRuneAt is wordAt past ASCII (apart, so that the loops that spell
// out wordAt keep only the ASCII test inline).
func wordRuneAt(s string, i int) (bool, int) {
	r, size := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r), size
}

// isASCII reports whether s is all ASCII (lower case keeps its length).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// LangName spells out a language code for people ("de" -> "German"); codes
// it does not know are returned as they are.
func LangName(code string) string {
	switch code {
	case "en":
		return "English"
	case "de":
		return "German"
	case "ru":
		return "Russian"
	case "kk":
		return "Kazakh"
	case "und":
		return "language unknown"
	}
	return code
}

// LocaleLang is the language of the user's locale, from the first of
// LC_ALL, LC_MESSAGES and LANG that is set ("de_DE.UTF-8" → "de"); "" when
// none is, or it names no language (C, POSIX).
func LocaleLang(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		s := getenv(v)
		if s == "" {
			continue
		}
		code := strings.ToLower(s)
		if i := strings.IndexAny(code, "_.@-"); i >= 0 {
			code = code[:i]
		}
		if code == "c" || code == "posix" || !ValidLang(code) {
			return ""
		}
		return code
	}
	return ""
}

// ReaderLang is the reader's language: the one set (a flag, the
// environment or the config file), else the locale's, else English.
func ReaderLang(set string, getenv func(string) string) string {
	if set != "" {
		return set
	}
	if l := LocaleLang(getenv); l != "" {
		return l
	}
	return LangEnglish
}

package timeline

import (
	"sort"
	"strings"
	"unicode"
)

// foldRunes folds letters with diacritics to plain Latin letters.
var foldRunes = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ĺ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'ŕ': "r", 'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z", 'æ': "ae", 'œ': "oe",
}

// foldWord lower-cases w and strips diacritics ("Brücke" -> "brucke").
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range w {
		r = unicode.ToLower(r)
		if f, ok := foldRunes[r]; ok {
			b.WriteString(f)
		} else if !unicode.IsMark(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tokenize splits s into folded lower-case words.
func tokenize(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) })
	for i, w := range f {
		f[i] = foldWord(w)
	}
	return f
}

// stopwords are English and German function words and reporting verbs,
// plus date words, which say nothing about what happened.
var stopwords = wordSet(`
a about above according added after again against all also am among an and another any are as at be
been before being between both but by can could did do does during each either else even ever every
few for from further had has have having he her here hers him his how however i if in into is it its
itself just last least less many may me might more most much must my near neither new no nor not now
of off on once one only or other our out over own per same says said say she should since so some
still such than that the their them then there these they this those though through thus to too
under until up upon us very via was we were what when where whether which while who whom whose why
will with within without would yet you your first second third
aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bereits bis
bisher da dabei damit dann das dass dem den denen der derer des deren die dies diese diesem diesen
dieser dieses doch dort durch ein eine einem einen einer eines er es etwa fur gegen hat hatte hatten
ihr ihre ihrem ihren ihrer im in ins ist jedoch kann kein keine mehr mit nach nicht noch nun nur ob
oder ohne sehr sei sein seine seinem seinen seiner seit sich sie sind so soll sollen sowie uber um
und uns unter vom von vor war waren was weil weiter welche welcher wenn werden wie wieder wird wir
wurde wurden zu zum zur zwischen sagte sagt erklarte laut
today yesterday tomorrow tonight heute gestern morgen vorgestern ubermorgen
monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag
samstag sonnabend sonntag
january february march april june july august september october november december januar janner
februar marz juni juli oktober dezember jan feb mar apr jun jul aug sep sept oct okt nov dec dez mai
`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// crossLang maps German (and a few English) words, folded, to a shared
// English stem so that translations and parallel reports share words.
var crossLang = map[string]string{
	"unterzeichnet": "sign", "unterzeichnete": "sign", "unterzeichnung": "sign", "unterzeichnen": "sign",
	"unterschrieben": "sign", "unterschrift": "sign", "signature": "sign",
	"gebilligt": "endorse", "billigte": "endorse", "billigten": "endorse", "genehmigt": "endorse",
	"verabschiedet": "endorse", "angenommen": "endorse", "approved": "endorse", "approve": "endorse",
	"adopted": "endorse", "adopt": "endorse", "endorsement": "endorse",
	"gipfel": "summit", "gipfels": "summit", "gipfeltreffen": "summit",
	"absichtserklarung": "memorandum", "fahrplan": "roadmap", "partnerschaft": "partnership",
	"kasachstan": "kazakhstan", "europaische": "european", "europaischen": "european", "europaischer": "european",
	"rohstoff": "material", "rohstoffe": "material", "rohstoffen": "material",
	"kritisch": "critical", "kritische": "critical", "kritischen": "critical",
	"batterie": "battery", "batterien": "battery", "wasserstoff": "hydrogen",
	"zusammenarbeit": "cooperation", "kooperation": "cooperation",
	"abkommen": "agreement", "vereinbarung": "agreement", "vertrag": "agreement",
	"eroffnet": "open", "eroffnete": "open", "eroffnung": "open", "eingeweiht": "open",
	"einweihung": "open", "inaugurated": "open", "inauguration": "open",
	"brucke": "bridge", "brucken": "bridge", "stadt": "city", "treffen": "meet", "getroffen": "meet",
	"met": "meet", "meeting": "meet", "konferenz": "conference", "kongress": "congress",
	"ministerin": "minister", "prasident": "president", "prasidentin": "president",
	"kommission": "commission", "projekt": "project", "projekte": "project",
	"investition": "investment", "investitionen": "investment", "zentralasien": "asia",
	"strategisch": "strategic", "strategische": "strategic", "strategischen": "strategic",
	"unterstutzung": "support", "burgermeister": "mayor", "burgermeisterin": "mayor",
	"verkehr": "traffic", "bau": "construction", "baubeginn": "construction", "erneuerbar": "renewable",
	"erneuerbare": "renewable", "erneuerbaren": "renewable", "erneuerbarer": "renewable",
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

// canon maps a folded word to its comparison form, or "" if it carries no content.
func canon(w string) string {
	if stopwords[w] || isDigits(w) || (len(w) < 3 && w != "eu") {
		return ""
	}
	if c, ok := crossLang[w]; ok {
		return stem(c)
	}
	st := stem(w)
	if c, ok := crossLang[st]; ok {
		return stem(c)
	}
	return st
}

// contentWords returns the sorted distinct comparison forms of the content words of s.
func contentWords(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range tokenize(s) {
		if c := canon(w); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

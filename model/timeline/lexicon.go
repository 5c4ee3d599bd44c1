package timeline

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The word lists are built on first use, not at program start: a run of
// dossier that never extracts a timeline pays nothing for them.

// lexFlag marks what a word can do in a date expression.
type lexFlag uint32

const (
	fRelDay      lexFlag = 1 << iota // "yesterday", "gestern": one-word relative day
	fRelDayDE                        // ... a German one
	fQualEN                          // "on", "last": before an English weekday
	fQualDE                          // "am", "seit": before a German weekday
	fQualDE2                         // "vergangenen": between "am" and a German weekday
	fQualDE3                         // "kommenden": alone before a German weekday
	fSaid                            // "said Monday"
	fRange                           // "to", "bis" between the ends of a range
	fYearPrep                        // "in 2022", "seit 2022"
	fOfHead                          // "end of 2022"
	fUnit                            // "2000 tonnes": a quantity, not a year
	fFollowOK                        // may follow a year: "in 2022 the EU ..."
	fFuture                          // "will", "wird"
	fNotTomorrow                     // "heute Morgen": the noun, not tomorrow
	fKeepPrep                        // a label keeps it with its date: "since 2019"
	fDatePrep                        // a label drops it with its date: "on 4 April"
	fAbbrev                          // a month abbreviation that may carry a dot
	fHyphenPrep                      // "mid-2024"
	fRelDayRU                        // "вчера": a Russian one-word relative day
	fTarget                          // "by 2030", "bis 2030", "до 2030 года": a date aimed at
	fSince                           // "since 1993", "seit 1993", "с 1993 года": a state that began then
	fYearWord                        // "года", "году": the noun after a Russian year
)

// lexEntry is what the date vocabulary knows about one folded word.
type lexEntry struct {
	flags   lexFlag
	month   time.Month   // a month name, or 0
	weekday time.Weekday // with isWeekday
	isWD    bool         // a weekday name, possibly with a German part of day
	rel     int          // offset in days of a relative day or fixed qualifier
	fixed   bool         // "heutigen": dates the weekday by itself
	mode    int          // weekday resolution of a qualifier
}

func (e lexEntry) has(f lexFlag) bool { return e.flags&f != 0 }

// weekday resolution modes.
const (
	onOrBefore = iota // "on Tuesday" in a past-tense sentence
	before            // "last Tuesday"
	onOrAfter         // "until Tuesday", "on Tuesday" in a future-tense sentence
	after             // "next Tuesday"
	tensed            // on-or-before, or on-or-after when the sentence speaks of the future
)

// lexicon is the date vocabulary keyed by folded word, with a quick
// filter on the length and first two letters of its words.
type lexicon struct {
	words map[string]lexEntry
	sig   [maxLexWord + 1][27][27]bool
}

// sigIndex maps a byte of a folded word to its filter index: a-z, or 26.
func sigIndex(c byte) int {
	if c >= 'a' && c <= 'z' {
		return int(c - 'a')
	}
	return 26
}

// dateLexicon returns the date vocabulary, built once.
var dateLexicon = sync.OnceValue(func() *lexicon {
	lx := map[string]lexEntry{}
	add := func(words string, f func(*lexEntry)) {
		for _, w := range strings.Fields(words) {
			e := lx[w]
			f(&e)
			lx[w] = e
		}
	}
	flag := func(words string, fl lexFlag) { add(words, func(e *lexEntry) { e.flags |= fl }) }
	months := []string{
		"january jan januar janner jaenner", "february feb februar feber", "march mar marz maerz mrz",
		"april apr", "may mai", "june jun juni", "july jul juli", "august aug", "september sep sept",
		"october oct oktober okt", "november nov", "december dec dezember dez",
	}
	for i, names := range months {
		m := time.Month(i + 1)
		add(names, func(e *lexEntry) { e.month = m })
	}
	// Russian months, in the nominative, genitive ("7 ноября") and prepositional ("в ноябре")
	monthsRU := []string{
		"январь января январе", "февраль февраля феврале", "март марта марте", "апрель апреля апреле",
		"май мая мае", "июнь июня июне", "июль июля июле", "август августа августе",
		"сентябрь сентября сентябре", "октябрь октября октябре", "ноябрь ноября ноябре", "декабрь декабря декабре",
	}
	for i, names := range monthsRU {
		m := time.Month(i + 1)
		add(names, func(e *lexEntry) { e.month = m })
	}
	flag("jan feb mar mrz apr jun jul aug sep sept oct okt nov dec dez", fAbbrev)
	wds := []string{"sunday sonntag", "monday montag", "tuesday dienstag", "wednesday mittwoch",
		"thursday donnerstag", "friday freitag", "saturday samstag sonnabend"}
	for i, names := range wds {
		wd := time.Weekday(i)
		for _, n := range strings.Fields(names) {
			forms := n
			if !strings.HasSuffix(n, "day") {
				for _, part := range []string{"abend", "morgen", "mittag", "nachmittag", "vormittag", "nacht"} {
					forms += " " + n + part
				}
			}
			add(forms, func(e *lexEntry) { e.weekday, e.isWD = wd, true })
		}
	}
	rel := map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
	for w, off := range rel {
		add(w, func(e *lexEntry) { e.flags |= fRelDay; e.rel = off })
	}
	relDE := map[string]int{"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "ubermorgen": 2, "uebermorgen": 2}
	for w, off := range relDE {
		add(w, func(e *lexEntry) { e.flags |= fRelDayDE; e.rel = off })
	}
	relRU := map[string]int{"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
	for w, off := range relRU {
		add(w, func(e *lexEntry) { e.flags |= fRelDayRU; e.rel = off })
	}
	modes := map[string]int{
		"on": tensed, "this": tensed, "last": before, "past": before, "next": after,
		"since": onOrBefore, "until": onOrAfter,
	}
	for w, m := range modes {
		add(w, func(e *lexEntry) { e.flags |= fQualEN; e.mode = m })
	}
	for w, m := range map[string]int{"am": tensed, "seit": onOrBefore, "bis": onOrAfter, "ab": onOrAfter} {
		add(w, func(e *lexEntry) { e.flags |= fQualDE; e.mode = m })
	}
	modes2 := map[string]int{
		"vergangenen": before, "letzten": before, "kommenden": after, "nachsten": after, "naechsten": after,
		"diesem": tensed, "diesen": tensed,
	}
	for w, m := range modes2 {
		add(w, func(e *lexEntry) { e.flags |= fQualDE2; e.mode = m })
	}
	for w, off := range map[string]int{"heutigen": 0, "gestrigen": -1, "morgigen": 1} {
		add(w, func(e *lexEntry) { e.flags |= fQualDE2; e.fixed = true; e.rel = off })
	}
	flag("vergangenen letzten kommenden nachsten naechsten diesen", fQualDE3)
	flag("said announced told reported stated confirmed", fSaid)
	flag("to through until till bis", fRange)
	flag(`in since until till during throughout before after early late mid year fiscal
		spring summer autumn fall winter q1 q2 q3 q4 h1 h2
		im seit bis ab anfang mitte ende beginn jahr jahre jahres fruhjahr fruhling sommer herbst
		by from в во с со до к ко по после начале середине конце`, fYearPrep)
	flag("end start beginning middle half quarter spring summer autumn fall winter rest course year as", fOfHead)
	flag(`t kt mt kg g km m km2 sq square tonnes tons ton tonnen hectares ha acres people persons
		residents inhabitants employees workers staff jobs units pieces items cars vehicles homes households
		students participants visitors deposits companies firms projects years months days hours minutes
		jahre jahren monate monaten tage tagen stunden menschen personen einwohner mitarbeiter mitarbeitern
		beschaftigte arbeitsplatze stuck euro euros eur usd dollar dollars tenge kzt rubel rubles pounds
		prozent percent per mal times million millions billion billions mio mrd millionen milliarden tausend
		thousand bn mln mw gw kw mwh gwh twh kwh meter metres meters kilometer kilometres kilometers barrels
		bbl points punkte x cases
		тонн тонны тонна млн млрд тыс человек процентов процента доллар долларов евро тенге рублей мвт гвт км`, fUnit)
	flag(`and or to the a an as at by for from in into of on onwards onward when while with was
		were is are has had have will would could should can may might must but after before until since
		through which that who where respectively compared than under amid following also already again`, fFollowOK)
	flag(`will shall ll would upcoming scheduled planned plans plan aims aim intends intend expected due
		wird werden soll sollen geplant kommenden plant planen wollen beabsichtigt vorgesehen
		будет будут планирует планируют планируется намерен намерена намерены собирается собираются
		ожидается предполагается запланирован запланирована запланировано`, fFuture)
	flag("by bis до к ко", fTarget)
	flag("since seit с со", fSince)
	flag("года году год г", fYearWord)
	flag(`heute gestern vorgestern morgen ubermorgen am jeden guten den der des diesen einen
		eines fruhen spaten`, fNotTomorrow)
	flag("since until till by from seit bis ab с со до к ко по после", fKeepPrep)
	flag("on in at during am im um vom в во", fDatePrep)
	flag("mid end early late", fHyphenPrep)
	l := &lexicon{words: lx}
	for w := range lx {
		c1 := byte(0)
		if len(w) > 1 {
			c1 = w[1]
		}
		l.sig[len(w)][sigIndex(w[0])][sigIndex(c1)] = true
	}
	return l
})

// maxLexWord is the longest word, in bytes, the date vocabulary holds.
const maxLexWord = 32

// foldInto writes the folded form of w (lower case, diacritics removed)
// into buf and returns its length, or -1 if it does not fit.
func foldInto(w string, buf *[maxLexWord]byte) int {
	n := 0
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if n >= len(buf) {
				return -1
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[n] = c
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		r = unicode.ToLower(r)
		if f, ok := foldRune(r); ok {
			if n+len(f) > len(buf) {
				return -1
			}
			n += copy(buf[n:], f)
			continue
		}
		if unicode.IsMark(r) {
			continue
		}
		if n+utf8.RuneLen(r) > len(buf) {
			return -1
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	return n
}

// lookup finds a word in the date vocabulary.
func (l *lexicon) lookup(w string) lexEntry {
	if w == "" || len(w) > 2*maxLexWord {
		return lexEntry{}
	}
	if len(w) <= maxLexWord && w[0] < utf8.RuneSelf && (len(w) == 1 || w[1] < utf8.RuneSelf) {
		// the filter first, on the first two letters: most words stop here
		c1 := byte(0)
		if len(w) > 1 {
			c1 = w[1] | 0x20
		}
		if asciiOnly(w) && !l.sig[len(w)][sigIndex(w[0]|0x20)][sigIndex(c1)] {
			return lexEntry{}
		}
	}
	var buf [maxLexWord]byte
	n := foldInto(w, &buf)
	if n <= 0 {
		return lexEntry{}
	}
	c1 := byte(0)
	if n > 1 {
		c1 = buf[1]
	}
	if !l.sig[n][sigIndex(buf[0])][sigIndex(c1)] {
		return lexEntry{}
	}
	return l.words[string(buf[:n])]
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lower returns s in lower case, without allocating when it already is.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// set makes a lookup set of the space-separated words of s.
func set(s string) map[string]bool {
	f := strings.Fields(s)
	m := make(map[string]bool, len(f))
	for _, w := range f {
		m[w] = true
	}
	return m
}

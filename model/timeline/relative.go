package timeline

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// weekday resolution modes.
const (
	onOrBefore = iota // "on Tuesday" in a past-tense sentence
	before            // "last Tuesday"
	onOrAfter         // "until Tuesday", "on Tuesday" in a future-tense sentence
	after             // "next Tuesday"
	tensed            // on-or-before, or on-or-after when the sentence speaks of the future
)

var (
	relDayEN = regexp.MustCompile(`(?i)` + lead + `(?P<expr>the` + sp + `day` + sp + `before` + sp + `yesterday|the` + sp + `day` + sp + `after` + sp + `tomorrow|yesterday|today|tonight|tomorrow)`)
	relDayDE = regexp.MustCompile(`(?i)` + lead + `(?P<expr>vorgestern|gestern|heute|übermorgen|uebermorgen|morgen)`)

	weekdayEN = regexp.MustCompile(`(?i)` + lead + `(?P<expr>(?P<q>on|last|this|next|past|since|until)` + sp +
		`(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday))`)
	saidWeekdayEN = regexp.MustCompile(`(?i)` + lead + `(?:said|announced|told|reported|stated|confirmed)` + sp +
		`(?P<expr>(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday))`)
	weekdayDE = regexp.MustCompile(`(?i)` + lead + `(?P<expr>(?:(?P<q>am|seit|bis|ab)(?:` + sp +
		`(?P<q2>vergangenen|letzten|kommenden|nächsten|naechsten|heutigen|gestrigen|morgigen|diesem|diesen))?|` +
		`(?P<q3>vergangenen|letzten|kommenden|nächsten|naechsten|diesen))` + sp +
		`(?P<wd>montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)(?:abend|morgen|mittag|nachmittag|vormittag|nacht)?)`)
)

// relDayOffsets maps relative day words to their offset from the reference.
var relDayOffsets = map[string]int{
	"the day before yesterday": -2,
	"yesterday":                -1,
	"today":                    0,
	"tonight":                  0,
	"tomorrow":                 1,
	"the day after tomorrow":   2,
	"vorgestern":               -2,
	"gestern":                  -1,
	"heute":                    0,
	"morgen":                   1,
	"übermorgen":               2,
	"uebermorgen":              2,
}

// weekdayModes maps weekday qualifiers to how the weekday is resolved.
var weekdayModes = map[string]int{
	"on": tensed, "this": tensed, "": tensed, "am": tensed, "diesem": tensed, "diesen": tensed,
	"last": before, "past": before, "vergangenen": before, "letzten": before,
	"next": after, "kommenden": after, "nächsten": after, "naechsten": after,
	"since": onOrBefore, "seit": onOrBefore,
	"until": onOrAfter, "bis": onOrAfter, "ab": onOrAfter,
}

// fixedQualifiers date "am heutigen Dienstag" by the qualifier alone.
var fixedQualifiers = map[string]int{"heutigen": 0, "gestrigen": -1, "morgigen": 1}

// notTomorrow are words after which "Morgen" is the time of day, not tomorrow.
var notTomorrow = map[string]bool{
	"heute": true, "gestern": true, "vorgestern": true, "morgen": true, "ubermorgen": true, "am": true,
	"jeden": true, "guten": true, "den": true, "der": true, "des": true, "diesen": true, "einen": true,
	"eines": true, "fruhen": true, "spaten": true,
}

// relative collects relative day expressions; only with a Day reference.
func (s *scan) relative(cands []candidate) []candidate {
	if !s.ref.hasDay() {
		return cands
	}
	wins := s.keywords
	if s.en {
		cands = s.relativeDays(cands, relDayEN, wins)
		cands = s.weekdays(cands, weekdayEN, wins)
		cands = s.weekdays(cands, saidWeekdayEN, wins)
	}
	if s.de {
		cands = s.relativeDays(cands, relDayDE, wins)
		cands = s.weekdays(cands, weekdayDE, wins)
	}
	return cands
}

func (s *scan) relativeDays(cands []candidate, re *regexp.Regexp, wins []span) []candidate {
	e := re.SubexpIndex("expr")
	for _, m := range findAll(re, s.text, wins) {
		a, b := m[2*e], m[2*e+1]
		if !endOK(s.text, b) {
			continue
		}
		expr := s.text[a:b]
		key := strings.ToLower(strings.Join(strings.Fields(expr), " "))
		if key == "morgen" && !s.isTomorrow(a) {
			continue
		}
		off, ok := relDayOffsets[key]
		if !ok {
			continue
		}
		cands = append(cands, candidate{start: a, end: b, r: dayRange(s.ref.anchor.AddDate(0, 0, off)), status: stOK, prio: 200})
	}
	return cands
}

// isTomorrow tells the adverb "morgen" (tomorrow) from the noun "Morgen"
// (morning): "heute Morgen", "am Morgen" and a capitalised "Morgen"
// inside a sentence are the time of day.
func (s *scan) isTomorrow(a int) bool {
	prev, _ := wordBeforeSpace(s.text, a)
	if notTomorrow[foldWord(prev)] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.text[a:])
	if unicode.IsUpper(r) {
		sent := enclosing(s.sents, a, a+1)
		return sent.start == a
	}
	return true
}

func (s *scan) weekdays(cands []candidate, re *regexp.Regexp, wins []span) []candidate {
	names := re.SubexpNames()
	for _, m := range findAll(re, s.text, wins) {
		g := map[string]string{}
		for i, n := range names {
			if n != "" && m[2*i] >= 0 {
				g[n] = strings.ToLower(s.text[m[2*i]:m[2*i+1]])
			}
		}
		e := re.SubexpIndex("expr")
		a, b := m[2*e], m[2*e+1]
		if !endOK(s.text, b) {
			continue
		}
		q := g["q"]
		if g["q2"] != "" {
			q = g["q2"]
		}
		if g["q3"] != "" {
			q = g["q3"]
		}
		var t time.Time
		if off, ok := fixedQualifiers[q]; ok {
			t = s.ref.anchor.AddDate(0, 0, off)
		} else {
			mode := weekdayModes[q]
			if mode == tensed {
				mode = onOrBefore
				if s.futureCue(a, b) {
					mode = onOrAfter
				}
			}
			t = resolveWeekday(s.ref.anchor, weekdayNames[g["wd"]], mode)
		}
		cands = append(cands, candidate{start: a, end: b, r: dayRange(t), status: stOK, prio: 300, weekday: true})
	}
	return cands
}

// resolveWeekday finds the weekday wd relative to ref according to mode.
func resolveWeekday(ref time.Time, wd time.Weekday, mode int) time.Time {
	back := (int(ref.Weekday()) - int(wd) + 7) % 7
	fwd := (int(wd) - int(ref.Weekday()) + 7) % 7
	switch mode {
	case before:
		if back == 0 {
			back = 7
		}
		return ref.AddDate(0, 0, -back)
	case onOrAfter:
		return ref.AddDate(0, 0, fwd)
	case after:
		if fwd == 0 {
			fwd = 7
		}
		return ref.AddDate(0, 0, fwd)
	}
	return ref.AddDate(0, 0, -back)
}

package timeline

import (
	"context"
	"hash/fnv"
	"strings"
	"time"
)

// ExtractorVersion changes whenever Extract's output for the same input
// changes; cached Extractions of another version must be dropped.
const ExtractorVersion = 5

// Bounds of one article's extraction.
const (
	maxPerArticle = 256 // mentions kept per article; extraction stops there
	maxSecondary  = 3   // attach-only mentions per sentence
	maxQuote      = 600 // bytes of a quoted sentence; longer ones are windowed
	checkCtxEvery = 256 // sentences between two looks at the context
)

// Role is what a mention may do in the timeline.
type Role uint8

const (
	// Primary is the main date of its sentence: it can make an event.
	Primary Role = iota
	// Secondary is another date of the sentence: it only joins events
	// made by other mentions or milestones.
	Secondary
	// PeriodOnly is a period in a sentence without another date ("the
	// Roadmap for 2023-2024"): it only joins a milestone of that period.
	PeriodOnly
)

// Mention is one dated expression of an article, with what Assemble needs
// to merge and label it.
type Mention struct {
	Start, End time.Time // inclusive days (UTC midnight)
	Precision  Precision // Day, Month, Year or Span
	Basis      Basis     // Stated or Relative
	Role       Role
	Expr       string // the expression as written: "yesterday", "am 4. April"
	ExprStart  int    // byte range of Expr in the text
	ExprEnd    int
	Quote      string // the sentence (a window of it when very long)
	QuoteStart int    // byte range of Quote in the text
	QuoteEnd   int
	Label      string // the sentence as a headline; "" when it does not compress into one
	Terms      []Term // content terms of the sentence, for merging
	Context    bool   // the sentence is not about the partnership, or states a background fact ("since 1993")
	Period     Period // a period in the same sentence ("roadmap for 2025-2026")
	// Planned is true when the sentence states an intention or an
	// announcement for the date ("will", "plans to", "by 2030", "soll",
	// "до 2030 года"), or the date lies after the publication: an
	// article cannot report what has not happened yet.
	Planned bool
	// Deed is who did what (the subject's words and the main verb),
	// hashed; 0 when the sentence does not tell. Objects are the first two
	// names after the verb, hashed. Mentions of one date with one deed
	// whose objects agree are one event.
	Deed    uint64
	Objects uint64
}

// Extraction is everything the timeline takes from one article. It
// depends only on the article and its Reference, is bounded in size, and
// is kept with the index in a compact encoding (AppendExtraction,
// DecodeExtraction).
type Extraction struct {
	Version   int       // ExtractorVersion when it was made
	Ref       Reference // the reference date it was made with
	Mentions  []Mention // in text order
	Relevant  bool      // the article's title and dated sentences are about the partnership
	Truncated bool      // extraction stopped at the bound on mentions
}

// Fresh reports whether a cached extraction can be reused for an article
// whose reference is ref (the text being unchanged, which the cache checks).
func (e Extraction) Fresh(ref Reference) bool { return e.Version == ExtractorVersion && e.Ref == ref }

// Extract finds the dated mentions of one article (English and German),
// resolving relative expressions against ref (see References). It stops
// and returns ctx.Err() when ctx is cancelled.
func Extract(ctx context.Context, d Doc, ref Reference) (Extraction, error) {
	ex := Extraction{Version: ExtractorVersion, Ref: ref}
	text := d.Text
	s := newScanner(text, d.Lang, newReference(ref.Date, ref.Precision))
	seen := map[uint64]bool{}         // mentions kept
	seenSentence := map[uint64]bool{} // sentences read
	hints := newDateHints(text, s.ref.hasDay())
	topic := textTopic(d.Title)
	var flags []topicFlags // of each mention's sentence
	prev := span{-1, -1}   // the sentence before, which a bare "(4. April 2025)" dates
	for n, sent := range splitSentences(text) {
		if n%checkCtxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return Extraction{}, err
			}
		}
		before := prev
		prev = sent
		if !hints.mayHold(sent) {
			continue
		}
		if before.start >= 0 && bareParenthetical(text[sent.start:sent.end]) && sent.end-before.start <= maxSentence {
			// a date standing alone in brackets after a sentence dates it:
			// "Sie billigten die Roadmap. (4. April 2025)"
			sent = span{before.start, sent.end}
		}
		h := fnv.New64a()
		h.Write([]byte(text[sent.start:sent.end]))
		if k := h.Sum64(); seenSentence[k] {
			continue // the same sentence again: nothing new
		} else {
			seenSentence[k] = true
		}
		s.load(sent.start, sent.end)
		ms, f := s.sentenceMentions(sent)
		if len(ms) > 0 {
			topic = topic.or(f)
		}
		for _, m := range ms {
			k := mentionKey(m)
			if seen[k] {
				continue
			}
			seen[k] = true
			ex.Mentions = append(ex.Mentions, m)
			flags = append(flags, f)
		}
		if len(ex.Mentions) >= maxPerArticle {
			ex.Mentions, flags = ex.Mentions[:maxPerArticle], flags[:maxPerArticle]
			ex.Truncated = true
			break
		}
	}
	ex.Relevant = topic.kz && (topic.eu || topic.topic)
	for k := range ex.Mentions {
		// a background fact stays context (sentenceMentions set it)
		ex.Mentions[k].Context = ex.Mentions[k].Context || !flags[k].relevant(ex.Relevant)
	}
	return ex, nil
}

// bareParenthetical reports a short sentence that is only a bracket:
// "(4. April 2025)", "(Brussels, 4 April 2025)".
func bareParenthetical(t string) bool {
	t = strings.TrimRight(t, ". ")
	return len(t) >= 6 && len(t) <= 64 && t[0] == '(' && t[len(t)-1] == ')' && strings.IndexByte(t[1:], '(') < 0
}

// mentionKey identifies a mention's date, role and wording, so that an
// article repeating a dated sentence yields it once.
func mentionKey(m Mention) uint64 {
	h := fnv.New64a()
	var b [24]byte
	put := func(i int, v int64) {
		for k := range 8 {
			b[i+k] = byte(v >> (8 * k))
		}
	}
	put(0, m.Start.Unix())
	put(8, m.End.Unix())
	put(16, int64(m.Role)<<8|int64(m.Precision))
	h.Write(b[:])
	if m.Label != "" {
		h.Write([]byte(m.Label))
	} else {
		for _, t := range m.Terms {
			put(0, int64(t))
			h.Write(b[:8])
		}
	}
	return h.Sum64()
}

// dateHints knows where a text can hold a date expression: every
// calendar date has a digit; every relative one (with a day reference)
// a keyword such as "day", "heute", "tag".
type dateHints struct {
	text     string
	relative bool
}

func newDateHints(text string, relative bool) *dateHints { return &dateHints{text, relative} }

// mayHold reports whether sentence sent can hold a date expression: a
// calendar date has a four-digit year, or a day of one or two digits and
// a month name; a relative one has a keyword.
func (h *dateHints) mayHold(sent span) bool {
	t := h.text[sent.start:sent.end]
	short := false
	for i := strings.IndexAny(t, "0123456789"); i >= 0 && i < len(t); {
		j := i
		for j < len(t) && t[j] >= '0' && t[j] <= '9' {
			j++
		}
		switch j - i {
		case 4:
			return true
		case 1, 2:
			short = true
		}
		k := strings.IndexAny(t[j:], "0123456789")
		if k < 0 {
			break
		}
		i = j + k
	}
	if !short && !h.relative {
		return false
	}
	month, relative := dateWordsIn(t, short, h.relative)
	if !month && !relative && strings.IndexByte(t, 0xd0) >= 0 {
		month, relative = cyrillicDateWords(t)
	}
	return short && month || h.relative && relative
}

// cyrillicDateWords looks for the start of a Russian month name and for
// a Russian relative day ("вчера", "сегодня", "завтра").
func cyrillicDateWords(t string) (month, relative bool) {
	low := strings.ToLower(t)
	for _, m := range []string{"янв", "фев", "мар", "апр", "мая", "май", "мае", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"} {
		if strings.Contains(low, m) {
			month = true
			break
		}
	}
	relative = strings.Contains(low, "вчера") || strings.Contains(low, "сегодня") || strings.Contains(low, "завтра")
	return month, relative
}

// dateWordsIn looks, in one pass and in any case, for the start of a
// month name (when month is wanted) and for a relative keyword ("day",
// "heute", "tag", ...; when relative is wanted).
func dateWordsIn(t string, month, relative bool) (foundMonth, foundRelative bool) {
	has := func(i int, k string) bool { return len(t)-i >= len(k) && asciiFoldEqual(t[i:i+len(k)], k) }
	for i := 0; i+3 <= len(t); i++ {
		m, r := false, false
		switch t[i] | 0x20 {
		case 'j':
			m = has(i, "jan") || has(i, "jun") || has(i, "jul") || t[i+1] == 0xc3 && t[i+2] == 0xa4 // Jänner
		case 'f':
			m = has(i, "feb")
		case 'm':
			m = has(i, "mar") || has(i, "may") || has(i, "mai") || has(i, "mrz") || t[i+1] == 0xc3 && t[i+2] == 0xa4 // März
			r = has(i, "morgen") || has(i, "mittwoch")
		case 'a':
			m = has(i, "apr") || has(i, "aug")
		case 's':
			m = has(i, "sep")
			r = has(i, "sonnabend")
		case 'o':
			m = has(i, "oct") || has(i, "okt")
		case 'n':
			m = has(i, "nov")
		case 'd':
			m = has(i, "dec") || has(i, "dez")
			r = has(i, "day")
		case 't':
			r = has(i, "tag") || has(i, "tonight") || has(i, "tomorrow")
		case 'h':
			r = has(i, "heute")
		case 'g':
			r = has(i, "gestern")
		default:
			continue
		}
		foundMonth = foundMonth || m && month
		foundRelative = foundRelative || r && relative
		if (foundMonth || !month) && (foundRelative || !relative) {
			return foundMonth, foundRelative
		}
	}
	return foundMonth, foundRelative
}

// asciiFoldEqual compares a with the lower-case ASCII lowerB, ignoring case.
func asciiFoldEqual(a, lowerB string) bool {
	for i := 0; i < len(a); i++ {
		if a[i]|0x20 != lowerB[i] {
			return false
		}
	}
	return true
}

// sentenceMentions turns the dates of the loaded sentence into mentions:
// one Primary (the most precise date), up to maxSecondary Secondary ones,
// and a period attached to the primary, or PeriodOnly without one.
func (s *scanner) sentenceMentions(sent span) ([]Mention, topicFlags) {
	dates := s.dates()
	if len(dates) == 0 {
		return nil, topicFlags{}
	}
	periods := make([]bool, len(dates))
	primary, period := -1, -1
	for k, c := range dates {
		if isPeriod(c.r) {
			periods[k] = true
			if period < 0 {
				period = k
			}
			continue
		}
		if primary < 0 || c.r.prec.rank() < dates[primary].r.prec.rank() {
			primary = k
		}
	}
	units := s.units(dates, periods, primary)
	if notEvent(units) {
		return nil, topicFlags{}
	}
	background := primary >= 0 && s.since(dates[primary])
	info := s.sentenceTerms(dates)
	var out []Mention
	mk := func(c cand, role Role) Mention {
		a, b := s.ts[c.a].start, s.ts[c.b-1].end
		q := quoteWindow(s.text, sent, a, b)
		m := Mention{
			Start: c.r.start, End: c.r.end, Precision: c.r.prec, Role: role,
			Expr: s.text[a:b], ExprStart: a, ExprEnd: b,
			Quote: s.text[q.start:q.end], QuoteStart: q.start, QuoteEnd: q.end,
			Terms: info.terms,
		}
		if c.relative {
			m.Basis = Relative
		}
		m.Planned = s.planned(c)
		return m
	}
	if primary < 0 {
		m := mk(dates[period], PeriodOnly)
		return append(out, m), info.topicFlags
	}
	m := mk(dates[primary], Primary)
	var dd deed
	m.Label, dd = s.headlineDeed(units)
	m.Deed, m.Objects = dd.key, dd.objects
	m.Context = background
	if period >= 0 {
		m.Period = Period{From: dates[period].r.start.Year(), To: dates[period].r.end.Year()}
	}
	out = append(out, m)
	for k, c := range dates {
		if k == primary || periods[k] || len(out) > maxSecondary {
			continue
		}
		out = append(out, mk(c, Secondary))
	}
	return out, info.topicFlags
}

// planned reports whether the date c is aimed at rather than reported:
// it lies after the publication (the reference's last day), or a future
// word or a target preposition ("by 2030") governs it and it has not
// entirely passed at publication.
func (s *scanner) planned(c cand) bool {
	aim := s.futureCue(c.a, c.b) || s.targetCue(c.a)
	if s.ref.prec != Day && s.ref.prec != Month {
		return aim
	}
	last := dayNumber(s.ref.anchor) // the last day of a reference month
	if dayNumber(c.r.start) > last {
		return true
	}
	first := last
	if s.ref.prec == Month {
		first = dayNumber(mkDay(s.ref.anchor.Year(), s.ref.anchor.Month(), 1))
	}
	return aim && dayNumber(c.r.end) >= first
}

// targetCue reports a preposition that aims at the date starting at
// token a: "by 2030", "bis 2030", "до 2030 года".
func (s *scanner) targetCue(a int) bool {
	return a > 0 && s.sp(a) && s.ts[a-1].kind == tWord && s.lex[a-1].has(fTarget)
}

// since reports a date that starts a state rather than dates an event:
// "has invested ... since 1993", "seit 2019", "с 2019 года".
func (s *scanner) since(c cand) bool {
	return c.a > 0 && s.sp(c.a) && s.ts[c.a-1].kind == tWord && s.lex[c.a-1].has(fSince)
}

// isPeriod reports a span of whole years: "2023-2024".
func isPeriod(r rng) bool {
	return r.prec == Span && r.start.Year() != r.end.Year() && r.start.YearDay() == 1 &&
		r.end.Month() == time.December && r.end.Day() == 31
}

// quoteWindow returns the sentence, or for a very long one a window of at
// most maxQuote bytes around the expression [a, b), cut at spaces.
func quoteWindow(text string, sent span, a, b int) span {
	if sent.end-sent.start <= maxQuote {
		return sent
	}
	half := (maxQuote - (b - a)) / 2
	st, en := max(sent.start, a-half), min(sent.end, b+half)
	for st > sent.start && st < a && text[st-1] != ' ' {
		st++
	}
	for en < sent.end && en > b && text[en] != ' ' {
		en--
	}
	st, en = trimSpan(text, st, en)
	return span{st, en}
}

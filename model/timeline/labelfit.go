package timeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fitting a label into maxLabel runes without cutting a word.

// segment is a run of live units that a too long label may lose.
type segment struct {
	a, b int // positions in live order
}

// fit renders the label within maxLabel runes: it keeps the core
// (subject, verb, object) and adds the following phrases in order while
// they fit; a phrase after a skipped clause is skipped too. Only a core
// longer than maxLabel is cut, at a word boundary.
func (l *labeler) fit() string {
	idx := l.live()
	if l.wordsIn(idx, 0, len(idx)) < 3 {
		return ""
	}
	if s := l.render(l.trimEnd(idx)); utf8.RuneCountInString(s) <= maxLabel {
		return l.withVenue(s)
	}
	// a German clause ends with its verb or its verb's particle: keep
	// it whatever is dropped
	var tail []int
	if last := idx[len(idx)-1]; l.de && len(idx) > 4 && (l.isParticiple(l.u[last]) || l.u[last].particle) {
		tail, idx = idx[len(idx)-1:], idx[:len(idx)-1]
	}
	segs := l.segments(idx)
	parts := append([]int(nil), idx[segs[0].a:segs[0].b]...)
	if with := append(append([]int(nil), parts...), tail...); utf8.RuneCountInString(l.render(with)) > maxLabel {
		return capitalise(l.cut(with))
	}
	skipped := false
	for _, sg := range segs[1:] {
		comma := l.u[idx[sg.a]].kind == uComma
		if skipped && (comma || !l.placePhrase(idx[sg.a:sg.b])) {
			break
		}
		try := append(append([]int(nil), parts...), idx[sg.a:sg.b]...)
		if utf8.RuneCountInString(l.render(append(l.trimEnd(try), tail...))) <= maxLabel {
			parts = try
			continue
		}
		if comma {
			break
		}
		if !skipped && utf8.RuneCountInString(l.render(parts)) < maxLabel/2 {
			if p := l.partial(parts, idx[sg.a:sg.b]); p != nil {
				parts = p
			}
		}
		skipped = true
	}
	return l.withVenue(l.render(append(l.trimEnd(parts), tail...)))
}

// partial adds the longest beginning of a phrase that fits, ending
// before "and", "or" or a comma inside it, or else at a word boundary;
// nil when fewer than three of its words fit.
func (l *labeler) partial(parts, phrase []int) []int {
	var best []int
	for n := len(phrase) - 1; n >= 3; n-- {
		try := append(append([]int(nil), parts...), phrase[:n]...)
		try = l.trimEnd(try)
		if len(try) < len(parts)+3 || utf8.RuneCountInString(l.render(try)) > maxLabel {
			continue
		}
		next := l.u[phrase[min(n, len(phrase)-1)]]
		if next.low == "and" || next.low == "or" || next.low == "und" || next.kind == uComma {
			return try
		}
		if best == nil {
			best = try
		}
	}
	return best
}

// placePhrase reports a short phrase of place such as "in Samarkand",
// which may follow a skipped phrase without changing its sense.
func (l *labeler) placePhrase(parts []int) bool {
	if len(parts) < 2 || len(parts) > 4 {
		return false
	}
	switch l.u[parts[0]].low {
	case "in", "at", "im", "bei":
	default:
		return false
	}
	for _, i := range parts[1:] {
		if !l.u[i].cap() {
			return false
		}
	}
	return true
}

// trimEnd removes what a label must not end with: commas, conjunctions,
// prepositions, articles, and a participle left after the main verb.
func (l *labeler) trimEnd(parts []int) []int {
	for len(parts) > 0 {
		x := l.u[parts[len(parts)-1]]
		if x.particle {
			break // "kündigte ... an": the particle ends the clause
		}
		if !x.word() || l.w.dangling[x.low] {
			parts = parts[:len(parts)-1]
			continue
		}
		if l.verb >= 0 && parts[len(parts)-1] > l.verb+1 && l.en && isLowerStart(x.text) &&
			(strings.HasSuffix(x.low, "ed") || l.w.participles[x.low]) && len(parts) > 3 {
			parts = parts[:len(parts)-1]
			continue
		}
		break
	}
	return parts
}

// segments splits the live units at prepositions and commas; the first
// segment (subject, verb, object) is the core.
func (l *labeler) segments(idx []int) []segment {
	var segs []segment
	start := 0
	for k := 1; k <= len(idx); k++ {
		boundary := k == len(idx)
		if !boundary {
			x := l.u[idx[k]]
			boundary = x.kind == uComma || (x.word() && isLowerStart(x.text) && l.w.preps[x.low] && k > 2)
		}
		if boundary {
			segs = append(segs, segment{a: start, b: k})
			start = k
		}
	}
	return segs
}

// cut shortens a label at the last word boundary within maxLabel runes
// and removes words it must not end with.
func (l *labeler) cut(parts []int) string {
	for len(parts) > 0 {
		parts = l.trimEnd(parts)
		if s := l.render(parts); utf8.RuneCountInString(s) <= maxLabel {
			return s
		}
		parts = parts[:len(parts)-1]
	}
	return ""
}

// withVenue adds the venue of a dropped leading phrase when it fits.
func (l *labeler) withVenue(s string) string {
	if l.venue == "" || strings.Contains(s, l.venue) || utf8.RuneCountInString(s)+len(l.venue)+3 > maxLabel {
		return capitalise(s)
	}
	return capitalise(s + " (" + l.venue + ")")
}

// render joins units with single spaces, without space before closing signs.
func (l *labeler) render(parts []int) string {
	var b strings.Builder
	for k, i := range parts {
		x := l.u[i]
		if k > 0 {
			switch x.kind {
			case uComma, uSemi, uColon, uClose, uEnd:
			default:
				if l.u[parts[k-1]].kind != uOpen {
					b.WriteByte(' ')
				}
			}
		}
		b.WriteString(x.text)
	}
	return strings.TrimRight(b.String(), " ,;:–—-")
}

// capitalise upper-cases the first letter unless it starts a surname
// particle ("von der Leyen").
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	first := s
	if i := strings.IndexByte(s, ' '); i > 0 {
		first = s[:i]
	}
	if labelVocabulary().particles[first] {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

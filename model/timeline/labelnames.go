package timeline

import "strings"

// Label steps on names: titles and appositives, short names, "between
// A and B", articles.

// dropAppositives removes ", Prime Minister of Kazakhstan," after a name
// and reduces the name to the surname.
func (l *labeler) dropAppositives() {
	idx := l.live()
	for k := 1; k+1 < len(idx); k++ {
		if l.u[idx[k]].kind != uComma || !l.u[idx[k-1]].cap() || l.u[idx[k-1]].date {
			continue
		}
		j := k + 1
		for j < len(idx) && (l.w.articles[l.u[idx[j]].low] || l.u[idx[j]].low == "former" || l.u[idx[j]].low == "ehemalige") {
			j++
		}
		t := j
		for t < len(idx) && t < j+3 && l.u[idx[t]].cap() && !l.w.titleWord(l.u[idx[t]].low) {
			t++
		}
		if t >= len(idx) || !l.w.titleWord(l.u[idx[t]].low) {
			continue
		}
		end := l.commaAt0(idx, j, min(len(idx), j+14))
		closed := end >= 0
		if !closed {
			end = len(idx)
			for end > j && l.u[idx[end-1]].kind == uEnd {
				end--
			}
		}
		if !l.titlePhrase(idx[j:end]) {
			continue
		}
		if closed {
			end++
		}
		l.dropRange(idx, k, end)
		l.surname(idx, k-1)
		idx = l.live()
	}
}

// titlePhrase reports words that only name a position: capitalised words
// joined by "of", "the", "in" and the like ("Prime Minister of
// Kazakhstan", "EU-Botschafterin in Kasachstan"), with no verb.
func (l *labeler) titlePhrase(idx []int) bool {
	if len(idx) == 0 || len(idx) > 12 {
		return false
	}
	for _, i := range idx {
		x := l.u[i]
		if !x.word() {
			return false
		}
		switch x.low {
		case "of", "the", "for", "and", "in", "at", "to", "der", "die", "des", "bei", "fur", "von", "und", "im":
			continue
		}
		if !x.cap() && !l.w.titleWord(x.low) && !l.positionWord(x) {
			return false
		}
	}
	return true
}

// positionWord reports a lower-case word that may be part of a position
// ("head of the EBRD office", "director of the geological survey"): an
// English noun or adjective, not a verb, a pronoun or a subordinator.
func (l *labeler) positionWord(x unit) bool {
	w := x.low
	if !l.en || strings.ContainsAny(w, "0123456789") || modalEN[w] || auxEN[w] || l.w.subord[w] ||
		l.w.attribution[w] || l.verbLikeEN(x) {
		return false
	}
	switch w {
	case "that", "a", "an", "it", "its", "they", "their", "he", "she", "his", "her", "who", "which", "not":
		return false
	}
	return true
}

// surname reduces the name ending at live position e ("Alikhan Smailov")
// to its surname ("Smailov").
func (l *labeler) surname(idx []int, e int) {
	a := e
	for a-1 >= 0 && (l.u[idx[a-1]].cap() || l.w.particles[l.u[idx[a-1]].low]) && e-a < 4 {
		a--
	}
	for a < e && l.w.particles[l.u[idx[a]].low] {
		a++
	}
	if a >= e || l.w.orgs[l.u[idx[e]].low] || isAllCaps(l.u[idx[e]].text) {
		return
	}
	// keep particles before the last capitalised word: "von der Leyen"
	last := e
	for last-1 > a && l.w.particles[l.u[idx[last-1]].low] {
		last--
	}
	if last-1 >= a && l.u[idx[a]].cap() {
		for k := a; k < last; k++ {
			if !l.w.particles[l.u[idx[k]].low] {
				l.u[idx[k]].gone = true
			}
		}
	}
}

// titlesToSurnames turns "Commission President Ursula von der Leyen" into
// "von der Leyen" and "Minister of Industry ... Marat Karabayev" into
// "Karabayev"; titles without a person's name are kept.
func (l *labeler) titlesToSurnames() {
	idx := l.live()
	for k := 0; k < len(idx); k++ {
		t := l.u[idx[k]]
		if !t.cap() || !l.w.titleWord(t.low) {
			continue
		}
		// the title's own words before it: "Commission President", "Prime Minister"
		a := k
		for a-1 >= 0 && k-a < 3 && l.u[idx[a-1]].cap() && !l.u[idx[a-1]].date {
			a--
		}
		// its complement: "of Industry and Infrastructure Development"
		j := k + 1
		for j < len(idx) && (l.u[idx[j]].cap() && l.w.titleWord(l.u[idx[j]].low)) {
			j++
		}
		if j < len(idx) && (l.u[idx[j]].low == "of" || l.u[idx[j]].low == "for") {
			j++
			for j < len(idx) {
				x := l.u[idx[j]]
				switch {
				case x.cap() || x.low == "the" || x.low == "of" || x.low == "for" || x.text == "&":
					j++
					continue
				case l.w.particles[x.low] && j+1 < len(idx) && (l.u[idx[j+1]].cap() || l.w.particles[l.u[idx[j+1]].low]):
					j++
					continue
				case x.low == "and" && j > 0 && l.w.orgs[l.u[idx[j-1]].low] && j+1 < len(idx) && l.u[idx[j+1]].cap():
					j++
					continue
				}
				break
			}
		} else {
			for j < len(idx) && (l.u[idx[j]].cap() || l.w.particles[l.u[idx[j]].low]) && !l.u[idx[j]].date {
				j++
			}
		}
		e := j - 1
		for e > k && l.w.particles[l.u[idx[e]].low] {
			e--
		}
		if e <= k || !l.u[idx[e]].cap() || l.w.orgs[l.u[idx[e]].low] || isAllCaps(l.u[idx[e]].text) {
			continue
		}
		// the name: the last capitalised word, its particles and at most one given name
		n := e
		for n-1 > k && l.w.particles[l.u[idx[n-1]].low] {
			n--
		}
		for m := a; m < n; m++ {
			l.u[idx[m]].gone = true
		}
		if n-1 > k && l.u[idx[n-1]].cap() && !l.w.orgs[l.u[idx[n-1]].low] {
			l.u[idx[n-1]].gone = true
		}
		k = e
	}
}

// abbreviate writes the partnership's long names short: MoU, EU, EBRD, CRM Act.
func (l *labeler) abbreviate() {
	idx := l.live()
	for k := 0; k < len(idx); k++ {
		for _, ab := range l.w.abbrev[l.u[idx[k]].low] {
			if k+len(ab.words) > len(idx) {
				continue
			}
			ok := true
			for m, p := range ab.words {
				if x := l.u[idx[k+m]]; !x.word() || x.low != p {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			l.u[idx[k]].text, l.u[idx[k]].low = ab.short, foldWord(ab.short)
			for m := 1; m < len(ab.words); m++ {
				l.u[idx[k+m]].gone = true
			}
			k += len(ab.words) - 1
			break
		}
	}
}

// betweenToCompound writes "a partnership between the EU and Kazakhstan"
// as "EU–Kazakhstan partnership" and "letter of intent between the EU and
// the EBRD" as "EU–EBRD letter of intent".
func (l *labeler) betweenToCompound() {
	if !l.en {
		return
	}
	idx := l.live()
	for k := 1; k+3 < len(idx); k++ {
		if l.u[idx[k]].low != "between" {
			continue
		}
		a, j := l.nameRun(idx, k+1)
		if a == "" || j >= len(idx) || l.u[idx[j]].low != "and" {
			continue
		}
		b, m := l.nameRun(idx, j+1)
		if b == "" || m < len(idx) && (l.u[idx[m]].low == "of" || l.u[idx[m]].low == "for") {
			continue // "the Ministry of Industry": too long a name to compound
		}
		// the noun phrase before "between": "partnership", "letter of intent", "MoU"
		head := k - 1
		for head >= 2 && l.u[idx[head-1]].low == "of" && l.u[idx[head-2]].word() {
			head -= 2
		}
		noun := l.u[idx[head]]
		if !noun.word() || !(isLowerStart(noun.text) || noun.text == "MoU") {
			continue
		}
		l.u[idx[head]].text = a + "–" + b + " " + noun.text
		l.u[idx[head]].low = foldWord(l.u[idx[head]].text)
		for n := k; n < m; n++ {
			l.u[idx[n]].gone = true
		}
		k = m - 1
	}
}

// nameRun reads an optional article and one to three capitalised words
// at live position k; it returns them joined and the position after them.
func (l *labeler) nameRun(idx []int, k int) (string, int) {
	if k < len(idx) && l.w.articles[l.u[idx[k]].low] {
		k++
	}
	var parts []string
	for k < len(idx) && len(parts) < 3 && l.u[idx[k]].cap() && !l.u[idx[k]].date {
		parts = append(parts, l.u[idx[k]].text)
		k++
	}
	if len(parts) == 0 || k < len(idx) && l.u[idx[k]].cap() {
		return "", k
	}
	return strings.Join(parts, " "), k
}

// dropArticles drops English articles, German ones before a noun, and
// connectives that say nothing in a headline ("also", "zudem").
func (l *labeler) dropArticles() {
	idx := l.live()
	for k, i := range idx {
		x := l.u[i]
		if x.word() && l.w.fillers[x.low] && isLowerStart(x.text) {
			l.u[i].gone = true
			continue
		}
		if !x.word() || k+1 >= len(idx) {
			continue
		}
		next := l.u[idx[k+1]]
		switch {
		case l.en && l.w.articles[x.low] && (isLowerStart(x.text) || k == 0) && next.word():
			l.u[i].gone = true
		case l.de && !l.en && l.w.articlesDE[x.low] && next.cap() &&
			!(k > 0 && (l.u[idx[k-1]].low == "von" || l.u[idx[k-1]].low == "van" || l.u[idx[k-1]].cap())):
			l.u[i].gone = true // not "der" after a noun: "Bau der Anlage"
		}
	}
}

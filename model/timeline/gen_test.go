package timeline

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// A small generator of news-like articles (80% English, 20% German, about
// 600 words, nine in ten dated), like ../shared/bench/gencorpus.py, so the
// benchmarks and tests need no files.

var (
	genPeople = []string{"Marat Karabayev", "Maroš Šefčovič", "Ursula von der Leyen", "Kassym-Jomart Tokayev",
		"Alikhan Smailov", "Olzhas Bektenov", "Kaja Kallas", "Aleška Simkić", "Roman Vassilenko", "Jozef Síkela",
		"Ainur Mukhametova", "Dana Zhunusova", "Jürgen Möller", "Hélène Dubois", "Tomáš Dvořák", "Björn Lindqvist"}
	genRoles = []string{"Minister of Industry and Infrastructure Development", "Vice President of the European Commission",
		"EU Ambassador to Kazakhstan", "Deputy Prime Minister", "head of the EBRD office in Astana", "Commissioner for Trade"}
	genPlaces = []string{"Kazakhstan", "Astana", "Brussels", "Almaty", "Central Asia", "Samarkand", "Karaganda", "Pavlodar",
		"Aktobe", "Atyrau", "Berlin", "Vienna", "Tashkent", "Baku", "Tbilisi", "Warsaw", "Freiberg", "Aktau"}
	genOrgs = []string{"European Commission", "EBRD", "Tau-Ken Samruk", "European Investment Bank", "Kazatomprom",
		"Samruk-Kazyna", "Global Gateway", "Kazakh Invest", "European Raw Materials Alliance", "KAZ Minerals"}
	genMats   = []string{"lithium", "hydrogen", "rare earths", "copper", "graphite", "tungsten", "uranium", "nickel", "cobalt", "vanadium"}
	genMatsDE = []string{"Lithium", "Wasserstoff", "Seltene Erden", "Kupfer", "Graphit", "Wolfram", "Uran", "Nickel", "Kobalt", "Vanadium"}
	genMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	genMonDE  = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	genNouns  = []string{"cooperation", "investment", "project", "deposit", "supply chain", "refinery", "exploration", "financing", "roadmap", "platform"}
	genVerbs  = []string{"signed", "launched", "approved", "discussed", "announced", "opened", "completed", "endorsed", "expanded", "presented"}
)

// zipf picks an index from n, the first ones far more often.
func zipf(r *rand.Rand, n int) int { f := r.Float64(); return int(f * f * f * float64(n)) }

// generate makes n articles; article i depends only on (seed, i).
func generate(n int, seed uint64) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = genArticle(rand.New(rand.NewPCG(seed, uint64(i))), i)
	}
	return docs
}

func genArticle(r *rand.Rand, i int) Doc {
	pick := func(list []string) string { return list[zipf(r, len(list))] }
	pub := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(8*365))
	de := r.IntN(5) == 0
	year := func() int { return 2015 + r.IntN(14) }
	var b strings.Builder
	undated := func() string {
		if de {
			switch r.IntN(3) {
			case 0:
				return fmt.Sprintf("Analysten von %s schätzen die Reserven an %s in %s auf %d Tonnen.", pick(genOrgs), pick(genMatsDE), pick(genPlaces), 10+r.IntN(9000))
			case 1:
				return fmt.Sprintf("„Die Zusammenarbeit ist für uns eine Frage der Versorgungssicherheit“, sagte %s.", pick(genPeople))
			}
			return fmt.Sprintf("Das Unternehmen %s plant, %d Millionen Euro in die %s-Förderung zu investieren.", pick(genOrgs), 10+r.IntN(900), pick(genMatsDE))
		}
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("Analysts at %s estimate the %s reserves of %s at %d tonnes.", pick(genOrgs), pick(genMats), pick(genPlaces), 10+r.IntN(9000))
		case 1:
			return fmt.Sprintf("“The %s is a question of supply security for us,” said %s.", pick(genNouns), pick(genPeople))
		case 2:
			return fmt.Sprintf("%s, %s, said the %s would help %s attract investment in %s.", pick(genPeople), pick(genRoles), pick(genNouns), pick(genPlaces), pick(genMats))
		}
		return fmt.Sprintf("The %s %s in %s depends on %s and on new %s capacity.", pick(genMats), pick(genNouns), pick(genPlaces), pick(genOrgs), pick(genMats))
	}
	sentence := func() string {
		m := r.IntN(12)
		if r.IntN(4) != 0 {
			return undated()
		}
		if de {
			switch r.IntN(8) {
			case 0:
				return fmt.Sprintf("Das im %s %d unterzeichnete Memorandum umfasst %s und %s.", genMonDE[m], year(), pick(genMatsDE), pick(genMatsDE))
			case 1:
				return fmt.Sprintf("Nach Angaben der %s stieg die Produktion von %s im Jahr %d um %d Prozent.", pick(genOrgs), pick(genMatsDE), year(), r.IntN(90))
			case 2:
				return fmt.Sprintf("%s kündigte an, die Zusammenarbeit mit %s bis %d zu stärken.", pick(genPeople), pick(genOrgs), year())
			case 3:
				return fmt.Sprintf("Am %d. %s %d wurde in %s ein Abkommen über %s unterzeichnet.", 1+r.IntN(28), genMonDE[m], year(), pick(genPlaces), pick(genMatsDE))
			case 4:
				return fmt.Sprintf("Gestern eröffnete %s in %s ein Forum über %s.", pick(genPeople), pick(genPlaces), pick(genMatsDE))
			}
			return fmt.Sprintf("Die Nachfrage nach %s in %s wächst weiter, sagte %s.", pick(genMatsDE), pick(genPlaces), pick(genPeople))
		}
		switch r.IntN(10) {
		case 0:
			return fmt.Sprintf("The memorandum of understanding signed in %s %d covers %s, %s and %s.", genMonths[m], year(), pick(genMats), pick(genMats), pick(genMats))
		case 1:
			return fmt.Sprintf("According to the %s, output of %s rose by %d%% in %d, driven by demand from %s.", pick(genOrgs), pick(genMats), r.IntN(90), year(), pick(genPlaces))
		case 2:
			return fmt.Sprintf("The EBRD, which has invested €%d million in %s since %d, said it would expand its %s.", 10*(1+r.IntN(90)), pick(genPlaces), 1992+r.IntN(20), pick(genNouns))
		case 3:
			return fmt.Sprintf("%s, %s, %s the %s %s on %d %s %d.", pick(genPeople), pick(genRoles), pick(genVerbs), pick(genMats), pick(genNouns), 1+r.IntN(28), genMonths[m], year())
		case 4:
			return fmt.Sprintf("Yesterday %s %s a %s with %s in %s.", pick(genPeople), pick(genVerbs), pick(genNouns), pick(genOrgs), pick(genPlaces))
		case 5:
			return fmt.Sprintf("Kazakhstan and the European Union discussed the partnership roadmap for %d-%d.", 2019+r.IntN(6), 2025+r.IntN(3))
		case 6:
			return fmt.Sprintf("The %s conference in %s was held on %s %d-%d.", pick(genMats), pick(genPlaces), genMonths[m], 1+r.IntN(14), 15+r.IntN(13))
		}
		return fmt.Sprintf("Analysts at %s expect %s demand from %s to grow, said %s.", pick(genOrgs), pick(genMats), pick(genPlaces), pick(genPeople))
	}
	title := fmt.Sprintf("%s and %s on %s", pick(genPlaces), pick(genOrgs), pick(genMats))
	b.WriteString(title + "\n\n")
	for p := 0; b.Len() < 3800; p++ {
		for range 4 {
			b.WriteString(sentence())
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	d := Doc{ID: fmt.Sprintf("g%06d", i), Title: title, Text: b.String(), Lang: "en"}
	if de {
		d.Lang = "de"
	}
	if r.IntN(10) != 0 {
		d.Date, d.DatePrecision = pub, Day
	}
	return d
}

// attack is a kind of hostile article.
type attack int

const (
	repeated    attack = iota // the same dated sentence again and again
	distinct                  // every sentence dated differently
	oneSentence               // dates without a sentence end: one sentence of the whole text
	punctuation               // brackets and quotes without a space: a token every byte or two
	longWords                 // one sentence of words and commas, its date at the end
)

var attackNames = [...]string{"repeated", "distinct", "one sentence", "punctuation", "long sentence"}

func (a attack) String() string { return attackNames[a] }

// adversarial is one article of about size bytes made to be dear to
// extract (see attack).
func adversarial(size int, kind attack) Doc {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		switch kind {
		case repeated:
			b.WriteString("On 7 November 2022 the EU and Kazakhstan signed a memorandum in Brussels, since 1992 and yesterday. ")
		case distinct:
			fmt.Fprintf(&b, "On %d %s %d minister %d signed memorandum %d with Kazakhstan in Astana yesterday, reported agency %d. ",
				1+i%28, genMonths[i%12], 1950+i%150, i, i, i)
		case oneSentence:
			fmt.Fprintf(&b, "on %d %s %d, ", 1+i%28, genMonths[i%12], 1950+i%150)
		case punctuation:
			b.WriteString("(“[")
		case longWords:
			fmt.Fprintf(&b, "the EU and Kazakhstan, with minister %d and partner %d, ", i, i)
		}
	}
	if kind == punctuation || kind == longWords {
		b.WriteString(" signed on 7 November 2022.")
	}
	return Doc{ID: "adversarial", Title: "Adversarial", Text: b.String(), Lang: "en",
		Date: time.Date(2022, 11, 8, 0, 0, 0, 0, time.UTC), DatePrecision: Day}
}

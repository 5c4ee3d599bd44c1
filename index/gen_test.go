package index_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"dossier/model"
)

// News-like corpus generator for benchmarks: English and German articles of
// about 600 words with a Zipf vocabulary, topic words, names with accents,
// dates and outlets, deterministic for a seed.

var (
	genTopicEN = []string{"lithium", "battery", "batteries", "hydrogen", "renewable", "mining", "graphite", "tungsten",
		"roadmap", "memorandum", "partnership", "investment", "exploration", "refining", "supply", "chains", "tailings",
		"Kazakhstan", "European", "Union", "Commission", "critical", "raw", "materials", "Samarkand", "Astana", "summit"}
	genTopicDE = []string{"Lithium", "Batterie", "Batterien", "Wasserstoff", "erneuerbare", "Bergbau", "Graphit", "Wolfram",
		"Fahrplan", "Memorandum", "Partnerschaft", "Investitionen", "Erkundung", "Lieferketten", "Rohstoffe", "kritische",
		"Kasachstan", "Europäische", "Union", "Kommission", "Gipfel", "Zusammenarbeit", "Rückstände"}
	genFuncEN = []string{"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "as", "by", "from", "has", "will"}
	genFuncDE = []string{"der", "die", "das", "und", "in", "den", "von", "zu", "mit", "auf", "für", "ist", "im", "eine", "über"}
	genNames  = []string{"Šefčovič", "Simkić", "Karabayev", "Smailov", "von der Leyen", "Dombrovskis", "Müller", "Jones"}
	genOutlet = []string{"The Astana Times", "Reuters", "Euractiv", "Handelsblatt", "Kazinform", "ActiveNews", "Politico Europe",
		"Der Standard", "Trend", "Interfax", "Mining Weekly", "Energy Monitor"}
	genSyll = []string{"ka", "ra", "to", "mi", "ne", "sa", "lu", "po", "ter", "gen", "ber", "stan", "tion", "ment", "al", "or", "en", "is", "ur", "ko"}
)

// genVocab builds n pseudo-words per language (fixed, from syllables).
func genVocab(r *rand.Rand, n int) []string {
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := 2 + r.IntN(3); k > 0; k-- {
			b.WriteString(genSyll[r.IntN(len(genSyll))])
		}
		out[i] = b.String()
	}
	return out
}

// generateCorpus makes n articles of about words words each.
func generateCorpus(n, words int, seed uint64) *model.Corpus {
	r := rand.New(rand.NewPCG(seed, 7))
	vocab := genVocab(r, 20000)
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	docs := make([]model.Document, n)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		german := r.IntN(4) == 0
		topic, fn := genTopicEN, genFuncEN
		lang := "en"
		if german {
			topic, fn, lang = genTopicDE, genFuncDE, "de"
		}
		// Like real news, an article is about a few subjects: its topic
		// words come from a small set drawn for it.
		own := make([]string, 3+r.IntN(4))
		for k := range own {
			own[k] = topic[r.IntN(len(topic))]
		}
		var b strings.Builder
		w := 0
		for w < words {
			sentence := 8 + r.IntN(14)
			for k := 0; k < sentence; k++ {
				if k > 0 {
					b.WriteByte(' ')
				}
				var word string
				switch x := r.IntN(100); {
				case x < 35:
					word = fn[r.IntN(len(fn))]
				case x < 41:
					word = own[r.IntN(len(own))]
				case x < 44:
					word = genNames[r.IntN(len(genNames))]
				default:
					word = vocab[zipf.Uint64()]
				}
				if k == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				b.WriteString(word)
			}
			w += sentence
			b.WriteString(". ")
			if r.IntN(5) == 0 {
				b.WriteString("\n\n")
			}
		}
		prec := model.Day
		if r.IntN(20) == 0 {
			prec = model.Month
		}
		docs[i] = model.Document{Article: model.Article{
			ID:        fmt.Sprintf("gen-%05d", i),
			Title:     fmt.Sprintf("%s %s %s", own[0], vocab[zipf.Uint64()], own[1]),
			Outlet:    genOutlet[r.IntN(len(genOutlet))],
			Lang:      lang,
			Date:      base.AddDate(0, 0, r.IntN(7*365)),
			Precision: prec,
		}, Body: strings.TrimSpace(b.String())}
	}
	return model.NewMemCorpus("generated", docs)
}

package timeline

import (
	"slices"
	"strings"
	"sync"
)

// Term is a content word of a sentence (a name, a place, a key term),
// hashed, with its class in the two low bits. Mentions are merged when
// their dates agree and they share enough terms.
type Term uint64

// Term classes, from least to most telling.
const (
	termPlain = 0 // any other content word
	termKey   = 1 // a word that names what happened: memorandum, roadmap, sign, summit
	termName  = 2 // a name, a place, an acronym
)

// maxTerms bounds the terms kept per mention.
const maxTerms = 24

func newTerm(canon string, class int) Term {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(canon); i++ {
		h ^= uint64(canon[i])
		h *= 1099511628211
	}
	return Term(h&^3 | uint64(class))
}

// id is the term without its class: the same word in any class.
func (t Term) id() uint64 { return uint64(t) &^ 3 }

// class is termPlain, termKey or termName.
func (t Term) class() int { return int(t & 3) }

// contentWords is the vocabulary that decides which words are content.
type contentWords struct {
	stop      map[string]bool   // function words, reporting verbs and date words
	cross     map[string]string // German and variant words to one English form
	key       map[string]bool   // canonical forms of key terms
	kzSide    map[string]bool   // canonical forms naming Kazakhstan or Central Asia
	euSide    map[string]bool   // ... the EU side
	topic     map[string]bool   // ... the partnership's subject
	attribute map[string]bool   // words that open an attribution: "said", "reported"
}

// vocabulary returns the content-word lists, built once.
var vocabulary = sync.OnceValue(func() *contentWords {
	v := &contentWords{
		stop: set(`a about above according added after again against all also am among an and another any are as
			at be been before being between both but by can could did do does during each either else even ever
			every few for from further had has have having he her here hers him his how however i if in into is
			it its itself just last least less many may me might more most much must my near neither new no nor
			not now of off on once one only or other our out over own per same says said say she should since so
			some still such than that the their them then there these they this those though through thus to too
			under until up upon us very via was we were what when where whether which while who whom whose why
			will with within without would yet you your first second third told noted stated reported
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
			mr mrs ms dr prof he st nd rd th
			и в во на с со по что для о об из к ко до от за не это как а его ее её их был была были было
			будет будут года году год также уже при который которая которые которое которых этого этой этом
			том так он она они оно мы вы я ли бы же то все всех всё более между после над под через около
			сообщил сообщила сообщили заявил заявила заявили отметил отметила сказал сказала процентов
			вчера сегодня завтра января февраля марта апреля мая июня июля августа сентября октября ноября
			декабря январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре`),
		cross: map[string]string{
			"unterzeichnet": "sign", "unterzeichnete": "sign", "unterzeichnung": "sign", "unterzeichnen": "sign",
			"unterzeichneten": "sign", "unterschrieben": "sign", "unterschrift": "sign", "signature": "sign", "signing": "sign",
			"gebilligt": "endorse", "billigte": "endorse", "billigten": "endorse", "genehmigt": "endorse",
			"verabschiedet": "endorse", "angenommen": "endorse", "approved": "endorse", "approve": "endorse",
			"adopted": "endorse", "adopt": "endorse", "endorsement": "endorse", "endorsed": "endorse",
			"gipfel": "summit", "gipfels": "summit", "gipfeltreffen": "summit",
			"absichtserklarung": "memorandum", "mou": "memorandum", "mous": "memorandum", "memoranda": "memorandum",
			"fahrplan": "roadmap", "partnerschaft": "partnership", "partnerschafts": "partnership",
			"kasachstan": "kazakhstan", "kazakh": "kazakhstan", "kasachische": "kazakhstan", "kasachischen": "kazakhstan",
			"europaische": "european", "europaischen": "european", "europaischer": "european", "europa": "europe",
			"rohstoff": "material", "rohstoffe": "material", "rohstoffen": "material", "materials": "material",
			"kritisch": "critical", "kritische": "critical", "kritischen": "critical",
			"batterie": "battery", "batterien": "battery", "batteries": "battery", "wasserstoff": "hydrogen",
			"zusammenarbeit": "cooperation", "kooperation": "cooperation",
			"abkommen": "agreement", "vereinbarung": "agreement", "vertrag": "agreement",
			"eroffnet": "open", "eroffnete": "open", "eroffnung": "open", "eingeweiht": "open",
			"einweihung": "open", "inaugurated": "open", "inauguration": "open", "freigegeben": "open", "opened": "open",
			"brucke": "bridge", "brucken": "bridge", "stadt": "city", "treffen": "meet", "getroffen": "meet",
			"met": "meet", "meeting": "meet", "konferenz": "conference", "kongress": "congress",
			"ministerin": "minister", "prasident": "president", "prasidentin": "president",
			"kommission": "commission", "projekt": "project", "projekte": "project", "projekts": "project",
			"investition": "investment", "investitionen": "investment", "zentralasien": "asia",
			"strategisch": "strategic", "strategische": "strategic", "strategischen": "strategic",
			"unterstutzung": "support", "burgermeister": "mayor", "burgermeisterin": "mayor",
			"verkehr": "traffic", "bau": "construction", "baubeginn": "construction", "erneuerbar": "renewable",
			"erneuerbare": "renewable", "erneuerbaren": "renewable", "erneuerbarer": "renewable",
			"gestartet": "launch", "startete": "launch", "lanciert": "launch", "launched": "launch",
			"ausgewahlt": "select", "selected": "select", "erklarung": "declaration",
			"runder": "roundtable", "rundtisch": "roundtable", "round": "roundtable",
			"fazilitat": "facility", "plattform": "platform", "wolfram": "tungsten", "graphit": "graphite",
			"lithium": "lithium", "seltene": "rare", "erden": "earth",
			// Russian, by stem (see stemRU)
			"казахстан": "kazakhstan", "казахск": "kazakhstan", "ес": "eu", "евросоюз": "eu",
			"европейск": "european", "европ": "europe", "меморандум": "memorandum", "дорожн": "roadmap",
			"карт": "roadmap", "подписа": "sign", "подписан": "sign", "подписал": "sign", "саммит": "summit",
			"лит": "lithium", "литиев": "lithium", "водород": "hydrogen", "водородн": "hydrogen", "сырь": "material",
			"сырьев": "material", "критическ": "critical", "батаре": "battery", "астан": "astana",
			"алмат": "almaty", "самарканд": "samarkand", "брюссел": "brussels", "токаев": "tokayev",
			"шефчович": "sefcovic", "ляйен": "leyen", "ебрр": "ebrd", "партнерств": "partnership",
			"партнёрств": "partnership", "соглашен": "agreement", "сотрудничеств": "cooperation",
			"вольфрам": "tungsten", "графит": "graphite", "проект": "project", "инвестиц": "investment",
			"кредит": "loan", "завод": "plant", "месторожден": "deposit", "встретил": "meet", "встреч": "meet",
			"форум": "forum", "визит": "visit", "посетил": "visit", "открыл": "open", "открыт": "open",
			"запуст": "launch", "запустил": "launch", "одобрил": "endorse", "одобрен": "endorse",
			"стратегическ": "strategic", "центральн": "central", "ази": "asia", "минерал": "mineral",
			"редкоземельн": "rare", "металл": "metal",
		},
		key: set(`memorandum roadmap summit declaration agreement sign endorse launch roundtable congress conference
			forum visit meet facility platform loan select award open strategic partnership project investment
			construction letter intent deal contract plant mine deposit`),
		kzSide: set(`kazakhstan astana almaty tokayev smailov bektenov karabayev nurtleu satkaliyev tau samruk
			kazatomprom kazyna keg karaganda pavlodar aktobe atyrau shymkent zhezkazgan kostanay semey ekibastuz
			balkhash taraz kyzylorda mangystau aktau kuryk sarytogan asia samarkand`),
		euSide: set(`eu european commission brussels leyen sefcovic dombrovskis ebrd gateway kallas borrell
			breton sejourne simkic eeas`),
		topic: set(`material critical raw battery hydrogen lithium graphite tungsten rare earth mineral mining
			metal roadmap memorandum crm metallurgy deposit rohstoffsektor`),
		attribute: set(`said says reported reports told according noted added stated announced wrote explained
			stressed emphasised emphasized underlined so sagte berichtete erklarte teilte hiess heisst meldete
			betonte`),
	}
	for w := range v.key {
		if s := stem(w); s != w {
			v.key[s] = true
		}
	}
	return v
})

// canon maps a folded word to its comparison form, or "" if it carries no content.
func (v *contentWords) canon(w string) string {
	if v.stop[w] || isDigits(w) || (len(w) < 3 && w != "eu") {
		return ""
	}
	if c, ok := v.cross[w]; ok {
		return stem(c)
	}
	if w[0] >= 0xd0 && w[0] <= 0xd3 { // Cyrillic
		st := stemRU(w)
		if c, ok := v.cross[st]; ok {
			return stem(c)
		}
		return st
	}
	st := stem(w)
	if c, ok := v.cross[st]; ok {
		return stem(c)
	}
	return st
}

// topicFlags say which sides of the partnership a text names.
type topicFlags struct{ kz, eu, topic bool }

func (f topicFlags) or(g topicFlags) topicFlags {
	return topicFlags{f.kz || g.kz, f.eu || g.eu, f.topic || g.topic}
}

// termInfo is what the content words of one sentence tell.
type termInfo struct {
	terms []Term
	topicFlags
}

// sentenceTerms collects the content terms of the loaded sentence,
// skipping the tokens inside skip (token ranges of date expressions).
func (s *scanner) sentenceTerms(skip []cand) termInfo {
	v := vocabulary()
	var info termInfo
	type found struct {
		canon string
		class int
		pos   int
	}
	var list []found
	seen := func(c string) int {
		for j := range list {
			if list[j].canon == c {
				return j
			}
		}
		return -1
	}
	first := true
	k := 0
	from, to := s.attribution()
	for i := from; i < to; i++ {
		for k < len(skip) && skip[k].b <= i {
			k++
		}
		if k < len(skip) && skip[k].a <= i {
			continue
		}
		t := s.ts[i]
		if t.kind != tWord {
			continue
		}
		raw := s.str(i)
		wasFirst := first
		first = false
		word := s.folded(i)
		withNum := i+1 < len(s.ts) && glued(s.ts, i+1) && s.ts[i+1].kind == tNum
		if withNum {
			word += s.str(i + 1) // COP27, G7
		}
		// one term for a hyphenated name: "Tau-Ken", "Kassym-Jomart"
		for isUpperStart(raw) && i+2 < len(s.ts) && glued(s.ts, i+1) && glued(s.ts, i+2) &&
			s.ts[i+2].kind == tWord && isUpperStart(s.str(i+2)) && s.text[s.ts[i+1].start] == '-' {
			word += "-" + s.folded(i+2)
			i += 2
		}
		c := v.canon(word)
		if c == "" {
			continue
		}
		class := termPlain
		switch {
		case v.key[c]:
			class = termKey
		case isAcronym(raw) || withNum && isUpperStart(raw):
			class = termName
		case (s.en || s.ru) && isUpperStart(raw) && !wasFirst:
			class = termName
		case v.kzSide[c] || v.euSide[c]:
			class = termName
		}
		info.kz = info.kz || v.kzSide[c]
		info.eu = info.eu || v.euSide[c]
		info.topic = info.topic || v.topic[c]
		if j := seen(c); j >= 0 {
			list[j].class = max(list[j].class, class)
			continue
		}
		list = append(list, found{c, class, len(list)})
	}
	if len(list) > maxTerms {
		slices.SortStableFunc(list, func(a, b found) int { return b.class - a.class })
		list = list[:maxTerms]
		slices.SortFunc(list, func(a, b found) int { return a.pos - b.pos })
	}
	info.terms = make([]Term, 0, len(list))
	for _, f := range list {
		info.terms = append(info.terms, newTerm(f.canon, f.class))
	}
	sortTerms(info.terms)
	return info
}

// attribution returns the token range of the loaded sentence without
// its attribution, which names who tells rather than what happened:
// "According to X, ...", "Laut X, ...", "X said that ...", "..., said X",
// "..., so die X".
func (s *scanner) attribution() (from, to int) {
	v := vocabulary()
	to = len(s.ts)
	words := 0
	for i := 0; i < len(s.ts); i++ {
		t := s.ts[i]
		if t.kind == tPunct {
			c := s.text[t.start]
			if (c == ',' || t.end-t.start > 1) && i+1 < len(s.ts) && s.ts[i+1].kind == tWord && i > 2 &&
				v.attribute[s.folded(i+1)] {
				to = i // ", said X", "” said X"
				break
			}
			continue
		}
		if t.kind != tWord {
			continue
		}
		words++
		w := s.folded(i)
		switch {
		case words == 1 && w == "nach" && i+2 < len(s.ts) && s.folded(i+2) == "angaben":
			// "Nach Angaben der Tau-Ken Samruk stieg ...": up to the end of the name
			j := i + 4
			for j < len(s.ts) && (s.ts[j].kind != tWord || isUpperStart(s.str(j)) ||
				nameJoint[s.folded(j)] && j+1 < len(s.ts) && isUpperStart(s.str(j+1))) {
				j++
			}
			from = min(j, len(s.ts))
		case words == 1 && (w == "according" || w == "laut"):
			for j := i + 1; j < len(s.ts) && j < i+16; j++ {
				if s.ts[j].kind == tPunct && s.text[s.ts[j].start] == ',' {
					from = j + 1
					break
				}
			}
		case words <= 8 && (w == "that" || w == "dass") && i > 0 && s.ts[i-1].kind == tWord && v.attribute[s.folded(i-1)]:
			from = i + 1
		}
	}
	return from, max(from, to)
}

// relevant reports whether a sentence is about the partnership: it names
// the Kazakh side, or the EU side together with the partnership's subject.
func (f topicFlags) relevant(articleRelevant bool) bool {
	return f.kz || (f.eu && f.topic) || (articleRelevant && f.topic)
}

// isAcronym reports a word of at least two letters, all upper case.
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			if r >= 'a' && r <= 'z' {
				return false
			}
			continue
		}
		n++
	}
	return n >= 2
}

// textTopic reports which sides of the partnership a short text names.
func textTopic(text string) topicFlags {
	v := vocabulary()
	var f topicFlags
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		c := v.canon(foldWord(w))
		f.kz = f.kz || v.kzSide[c]
		f.eu = f.eu || v.euSide[c]
		f.topic = f.topic || v.topic[c]
	}
	return f
}

// sortTerms sorts terms by id, for merging two lists.
func sortTerms(ts []Term) { slices.SortFunc(ts, func(a, b Term) int { return cmpU64(a.id(), b.id()) }) }

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// things are the term ids that tell what an event is about when its date
// is coarse: occasions and agreements, and the partnership's two sides,
// which say nothing by themselves.
type things struct {
	occasion map[uint64]bool
	sides    map[uint64]bool
}

// thingTerms returns the ids of occasions and sides, built once.
var thingTerms = sync.OnceValue(func() things {
	v := vocabulary()
	ids := func(words string) map[uint64]bool {
		m := map[uint64]bool{}
		for _, w := range strings.Fields(words) {
			if c := v.canon(w); c != "" {
				m[newTerm(c, 0).id()] = true
			}
		}
		return m
	}
	return things{
		occasion: ids(`memorandum roadmap agreement declaration deal contract letter treaty act loan facility
			summit congress conference forum roundtable cop27 cop28 cop29 visit`),
		sides: ids(`eu european union commission europe kazakhstan asia central`),
	}
})

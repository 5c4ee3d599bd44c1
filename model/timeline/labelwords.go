package timeline

import (
	"strings"
	"sync"
)

// labelWords is the vocabulary of the headline compressor (folded words).
type labelWords struct {
	titles      map[string]bool     // President, Minister, Botschafterin, Dr
	particles   map[string]bool     // von, der, van, al: parts of a surname
	orgs        map[string]bool     // words that end the name of an organisation or place
	openers     map[string]bool     // prepositions that open a leading phrase
	attribution map[string]bool     // words after a comma that attribute: "said", "reported"
	subord      map[string]bool     // words after a comma that open a subordinate clause (English)
	subordDE    map[string]bool     // ... German
	preps       map[string]bool     // prepositions where a label may be shortened
	articles    map[string]bool     // English articles
	articlesDE  map[string]bool     // German articles a headline drops before a noun
	auxDE       map[string]bool     // German auxiliaries of the perfect and passive
	auxHaben    map[string]bool     // ... those of the active perfect ("haben")
	past        map[string]string   // English past forms to their base: "signed" -> "sign"
	participles map[string]bool     // irregular English past participles: "held"
	dangling    map[string]bool     // words a label must not end with
	abbrev      map[string][]abbrev // multi-word names and their short forms, by first folded word
	captions    map[string]bool     // first words of captions: "Photo", "Foto"
	fillers     map[string]bool     // connectives a headline drops: "also", "zudem"
	bases       map[string]bool     // English verb bases: the values of past
	particlesDE map[string]bool     // German separable particles: "an", "fort", "zurück"
	modalDE     map[string]bool     // German modal verbs: "soll", "will", "kann"
	conjDE      map[string]bool     // German conjunctions
	pronounsDE  map[string]bool     // German pronouns and determiners that are not verbs
}

// labelVocabulary returns the compressor's word lists, built once.
var labelVocabulary = sync.OnceValue(func() *labelWords {
	w := &labelWords{
		titles: set(`president vice-president minister commissioner ambassador chancellor premier director
			chairman chairwoman chairperson chair ceo founder head secretary spokesperson spokesman spokeswoman
			governor mayor representative adviser advisor envoy king queen prince emir senator dr mr mrs ms prof
			h.e professor executive-vice-president member chief executive economist analyst deputy official
			officer manager researcher
			prasident prasidentin ministerprasident ministerprasidentin kommissionsprasidentin
			kommissionsprasident ministerin botschafter botschafterin burgermeister burgermeisterin kanzler
			kanzlerin bundeskanzler bundeskanzlerin direktor direktorin leiter leiterin sprecher sprecherin
			vorsitzende vorsitzender grunder grunderin vertreter vertreterin gesandte gesandter kommissar
			kommissarin`),
		particles: set("von van der den de da di du del della al el bin ibn le la ter ten zu"),
		orgs: set(`commission union council ministry bank development parliament agency fund group office
			institute club service delegation association committee authority government republic kazakhstan
			eu europe asia university corporation company center centre forum summit gateway partnership
			initiative programme program facility act affairs energy trade industry construction
			infrastructure resources minerals metals mining nations states alliance kommission ministerium
			regierung ebrd eeas un nato oecd board court house team agency`),
		openers: set(`according attending following during after before in on at amid under with within since as
			despite speaking addressing commenting for from by through upon over besides beyond against
			laut nach im am bei wahrend anlasslich auf vor mit seit zum zur gemass angesichts trotz unter neben
			zudem`),
		attribution: set(`said says reported reports told according noted added stated announced wrote explained
			stressed emphasised emphasized underlined so sagte sagt berichtete erklarte teilte hiess heisst
			meldete betonte`),
		subord: set(`which who whom whose where when while as although though because whereas with including
			bringing making reflecting building adding noting saying marking aiming seeking allowing enabling
			hoping calling urging stressing underlining highlighting amid`),
		subordDE: set(`die der das welche welcher welches wobei um nachdem wahrend weil obwohl wie sodass womit
			wodurch was wo dessen deren`),
		preps: set(`in at on for with by from to into under during within through across between among amid
			including after before over against towards toward via alongside despite
			im an am auf fur mit bei zu zur zum uber unter nach aus durch gegen ohne seit vom von wahrend
			zwischen`),
		articles:   set("the a an"),
		articlesDE: set("der die das den ein eine einen"),
		auxDE:      set("haben hat hatte hatten ist sind war waren wurde wurden wird werden"),
		auxHaben:   set("haben hat hatte hatten"),
		past: map[string]string{
			"signed": "sign", "endorsed": "endorse", "agreed": "agree", "adopted": "adopt", "approved": "approve",
			"launched": "launch", "opened": "open", "held": "hold", "met": "meet", "discussed": "discuss",
			"announced": "announce", "concluded": "conclude", "committed": "commit", "selected": "select",
			"awarded": "award", "unveiled": "unveil", "presented": "present", "established": "establish",
			"started": "start", "began": "begin", "completed": "complete", "visited": "visit", "hosted": "host",
			"attended": "attend", "welcomed": "welcome", "reached": "reach", "struck": "strike",
			"initialled": "initial", "ratified": "ratify", "extended": "extend", "expanded": "expand",
			"strengthened": "strengthen", "deepened": "deepen", "allocated": "allocate", "pledged": "pledge",
			"provided": "provide", "granted": "grant", "financed": "finance", "funded": "fund",
			"invested": "invest", "inaugurated": "inaugurate", "took": "take", "gave": "give", "made": "make",
			"won": "win", "declared": "declare", "identified": "identify", "cited": "cite", "outlined": "outline",
			"called": "call", "urged": "urge", "proposed": "propose", "confirmed": "confirm", "decided": "decide",
			"published": "publish", "released": "release", "introduced": "introduce", "joined": "join",
			"formed": "form", "created": "create", "built": "build", "explored": "explore", "produced": "produce",
			"exported": "export", "raised": "raise", "rose": "rise", "fell": "fall", "grew": "grow",
			"increased": "increase", "convened": "convene", "agreeing": "agree", "renewed": "renew",
			"upgraded": "upgrade", "negotiated": "negotiate", "reviewed": "review", "debated": "debate",
			"implemented": "implement", "supported": "support", "secured": "secure", "received": "receive",
			"sealed": "seal", "finalised": "finalise", "finalized": "finalize", "set": "set",
			"sold": "sell", "bought": "buy", "left": "leave", "told": "tell", "sought": "seek", "cut": "cut",
			"led": "lead", "kept": "keep", "paid": "pay", "sent": "send", "spent": "spend", "lent": "lend",
			"brought": "bring", "chose": "choose", "drew": "draw", "wrote": "write", "saw": "see",
			"found": "find", "shut": "shut", "put": "put", "hit": "hit", "withdrew": "withdraw", "oversaw": "oversee",
			"undertook": "undertake", "underwent": "undergo", "spoke": "speak", "stood": "stand",
		},
		participles: set(`held met made given taken set begun won built struck done seen paid sold brought bought
			sent shown known grown risen fallen drawn written chosen`),
		dangling: set(`a an the and or of to in on at for with by from as that which who its their his her
			und oder der die das den dem des ein eine einen einem einer eines von zu im am mit fur auf bei
			zur zum nach aus uber unter between into over under while its is are was were has have be
			will would`),
		abbrev: abbrevs([][2]string{
			{"memorandum of understanding", "MoU"}, {"memoranda of understanding", "MoUs"},
			{"european union", "EU"}, {"european commission", "Commission"},
			{"european bank for reconstruction and development", "EBRD"},
			{"critical raw materials act", "CRM Act"}, {"united states", "US"},
			{"europaische union", "EU"}, {"europaischen union", "EU"}, {"europaischer union", "EU"},
			{"europaische kommission", "Kommission"}, {"europaischen kommission", "Kommission"},
			{"europaischen bank fur wiederaufbau und entwicklung", "EBRD"},
			{"europaische bank fur wiederaufbau und entwicklung", "EBRD"},
		}),
		captions: set("photo photos foto fotos picture image bild credit source quelle caption video"),
		fillers: set(`also meanwhile however moreover additionally furthermore officially zudem ausserdem ebenfalls
			indes unterdessen`),
	}
	w.bases = map[string]bool{}
	for _, b := range w.past {
		w.bases[b] = true
	}
	w.particlesDE = set(`an auf aus ab bei ein fest fort her hin los mit nach vor weg weiter zu zuruck zusammen
		vorbei heraus hinaus voran bekannt statt teil frei`)
	w.modalDE = set("soll sollen sollte sollten will wollen wollte wollten kann konnen konnte konnten muss mussen musste mussten darf durfen mochte mochten")
	w.conjDE = set("und oder aber sondern denn sowie dass ob wenn als weil")
	w.pronounsDE = set(`man es er sie wir ihr ich sich seine seiner seinen seinem sein ihre ihren ihrem ihrer ihr unsere
		neue neuen neuer neues erste ersten weitere weiteren alle diese dieser diesen dieses mehr rund etwa`)
	return w
})

// abbrev is a multi-word name (folded words) and its short form.
type abbrev struct {
	words []string
	short string
}

func abbrevs(list [][2]string) map[string][]abbrev {
	m := map[string][]abbrev{}
	for _, ab := range list {
		w := strings.Fields(ab[0])
		m[w[0]] = append(m[w[0]], abbrev{w, ab[1]})
	}
	return m
}

// presentForm turns a verb's base into the present tense of a headline.
func presentForm(base string, plural bool) string {
	if plural {
		return base
	}
	switch {
	case base == "be":
		return "is"
	case base == "have":
		return "has"
	case strings.HasSuffix(base, "s"), strings.HasSuffix(base, "sh"), strings.HasSuffix(base, "ch"),
		strings.HasSuffix(base, "x"), strings.HasSuffix(base, "z"), strings.HasSuffix(base, "o"):
		return base + "es"
	case len(base) > 2 && strings.HasSuffix(base, "y") && !strings.ContainsRune("aeiou", rune(base[len(base)-2])):
		return base[:len(base)-1] + "ies"
	}
	return base + "s"
}

// titleWord reports a title, also as the last part of a compound
// ("EU-Botschafterin", "Vice-President").
func (w *labelWords) titleWord(folded string) bool {
	if w.titles[folded] {
		return true
	}
	if i := strings.LastIndexAny(folded, "-‐"); i >= 0 && i+1 < len(folded) {
		return w.titles[folded[i+1:]]
	}
	return false
}

// participleDE guesses a German past participle: "gebilligt", "unterzeichnet", "gestartet".
func participleDE(f string) bool {
	if len(f) < 5 {
		return false
	}
	if strings.HasSuffix(f, "iert") {
		return true
	}
	if !strings.HasSuffix(f, "t") && !strings.HasSuffix(f, "en") {
		return false
	}
	if strings.HasPrefix(f, "ge") {
		return true
	}
	for _, p := range []string{"be", "ver", "er", "ent", "zer", "unter", "uber", "miss", "emp"} {
		if strings.HasPrefix(f, p) && strings.HasSuffix(f, "t") {
			return true
		}
	}
	for _, p := range []string{"an", "auf", "aus", "ab", "ein", "vor", "zu", "mit", "fest", "frei", "statt"} {
		if strings.HasPrefix(f, p+"ge") {
			return true
		}
	}
	return false
}

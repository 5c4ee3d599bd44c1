package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Saved pages of real-world shapes: the article's text without menus, ads,
// comments or footers, and its metadata from wherever the page keeps it.
func TestHTMLPages(t *testing.T) {
	tests := []struct {
		file    string
		want    Meta
		has     []string // sentences of the article
		hasNot  []string // page furniture
		notHead string   // the body must not start with this
	}{
		{"meta-tags-only.html",
			Meta{Title: "EU, Kazakhstan strengthen cooperation on critical raw materials", Source: "The Astana Times",
				Author: "Assel Satubaldina", Date: "2025-04-07", DateBasis: BasisMetadata, Lang: "en",
				URL: "https://astanatimes.com/2025/04/eu-kazakhstan-strengthen-cooperation-on-critical-raw-materials/"},
			[]string{"endorsed a roadmap for 2025-2026", "The roadmap was endorsed on April 4 in Samarkand", "during the COP27 climate conference."},
			[]string{"cookies", "Subscribe", "Advertisement", "Book your flight", "Most read", "Great news for the mining sector", "Who will pay", "All rights reserved"}, ""},
		{"jsonld-only.html",
			Meta{Title: "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen",
				Source: "WiredGov", Author: "European Commission", Date: "2022-11-08", DateBasis: BasisMetadata, Lang: "en",
				URL: "https://www.wired-gov.net/wg/news.nsf/articles/cop27-partnership-kazakhstan"},
			[]string{"Yesterday, at COP27, the President of the European Commission", "within six months of the signature"},
			[]string{"Log in", "Register for free", "Related news", "energy outlook"}, ""},
		{"byline-in-text.html",
			Meta{Title: "Kazakhstan-EU Gateway launches cooperation platform", Source: "ActiveNews", Author: "Martin Banks", Lang: "en"},
			[]string{"was launched in Brussels today", "forwarded to the officials in charge of the roadmap"},
			[]string{"Politics", "registered trademark", "Share this article"}, "By Martin Banks"},
		{"no-date.html",
			Meta{Title: "Lithium in Kazakhstan: what is known", Lang: "en"},
			[]string{"HMS Bergbau", "signed in 2022."}, nil, ""},
		{"german.html",
			Meta{Title: "EU und Kasachstan intensivieren Kooperation bei strategischen Rohstoffen", Source: "Turkish News World",
				Date: "2025-04-08", DateBasis: BasisMetadata, Lang: "de"},
			[]string{"am 4. April in Samarkand", "gemeinsam ausgewählter Investitionsprojekte."}, []string{"Startseite", "Wirtschaft"}, ""},
		{"graph-jsonld.html",
			Meta{Title: "Казахстан и ЕС обсудили сотрудничество по критическому сырью", Source: "Казинформ",
				Author: "Айгерим Сейткали", Date: "2023-06-02", DateBasis: BasisMetadata, Lang: "ru", URL: "https://www.inform.kz/ru/kazakhstan-es-syrie"},
			[]string{"вольфрама, лития и графита"}, []string{"Главная", "Политика"}, ""},
		{"windows-1251.html",
			Meta{Title: "Дорожная карта на 2025-2026 годы одобрена в Самарканде", Date: "2025-04-05", DateBasis: BasisMetadata, Lang: "ru"},
			[]string{"одобрили дорожную карту на 2025-2026 годы", "совместных инвестиционных проектов."}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "html", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			d, err := Extract(context.Background(), tt.file, data)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if d.Kind != KindHTML {
				t.Errorf("kind %v, want html", d.Kind)
			}
			if d.Meta != tt.want {
				t.Errorf("meta\n got %+v\nwant %+v", d.Meta, tt.want)
			}
			for _, s := range tt.has {
				if !strings.Contains(d.Body, s) {
					t.Errorf("body lacks %q:\n%s", s, d.Body)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(d.Body, s) {
					t.Errorf("body keeps page furniture %q:\n%s", s, d.Body)
				}
			}
			if tt.notHead != "" && strings.HasPrefix(d.Body, tt.notHead) {
				t.Errorf("body starts with %q", tt.notHead)
			}
			for _, line := range strings.Split(d.Body, "\n") {
				if line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
					t.Errorf("paragraph not normalised: %q", line)
				}
			}
		})
	}
}

// Metadata details on small pages: where each field may come from, and
// what is rejected.
func TestHTMLMetadata(t *testing.T) {
	para := "<p>" + strings.Repeat("The European Union and Kazakhstan agreed on a roadmap for raw materials cooperation. ", 6) + "</p>"
	page := func(head, htmlAttrs, body string) []byte {
		return []byte("<!DOCTYPE html><html" + htmlAttrs + "><head><meta charset=utf-8>" + head + "</head><body><article><h1>Roadmap</h1>" +
			body + para + para + "</article></body></html>")
	}
	tests := []struct {
		name string
		page []byte
		want Meta
	}{
		{"date as a day in the publisher's zone, not UTC",
			page(`<meta property="article:published_time" content="2023-06-01T23:30:00-05:00">`, ` lang="en"`, ""),
			Meta{Title: "Roadmap", Date: "2023-06-01", DateBasis: BasisMetadata, Lang: "en"}},
		{"RFC 1123 date", page(`<meta name="date" content="Wed, 07 Jun 2023 10:00:00 GMT">`, "", ""),
			Meta{Title: "Roadmap", Date: "2023-06-07", DateBasis: BasisMetadata}},
		{"spelt-out date", page(`<meta itemprop="datePublished" content="7 June 2023">`, "", ""),
			Meta{Title: "Roadmap", Date: "2023-06-07", DateBasis: BasisMetadata}},
		{"ambiguous date dropped", page(`<meta name="date" content="03/04/2023">`, "", ""),
			Meta{Title: "Roadmap"}},
		{"impossible date dropped", page(`<meta property="article:published_time" content="2023-02-30">`, "", ""),
			Meta{Title: "Roadmap"}},
		{"author link ignored, name kept",
			page(`<meta property="article:author" content="https://facebook.com/x"><meta name="author" content="Jane Doe">`, "", ""),
			Meta{Title: "Roadmap", Author: "Jane Doe"}},
		{"byline element", page("", "", `<p class="byline">By Aliya Nurlanovna | 7 June 2023</p>`),
			Meta{Title: "Roadmap", Author: "Aliya Nurlanovna"}},
		{"lang from xml:lang and region dropped", page("", ` xml:lang="kk-KZ"`, ""), Meta{Title: "Roadmap", Lang: "kk"}},
		{"invalid lang dropped", page("", ` lang="english"`, ""), Meta{Title: "Roadmap"}},
		{"lang from og:locale when the html element has none", page(`<meta property="og:locale" content="de_DE">`, "", ""),
			Meta{Title: "Roadmap", Lang: "de"}},
		{"relative canonical link dropped", page(`<link rel="canonical" href="/news/1">`, "", ""), Meta{Title: "Roadmap"}},
		{"javascript URL dropped", page(`<meta property="og:url" content="javascript:alert(1)">`, "", ""), Meta{Title: "Roadmap"}},
		{"control characters removed from titles",
			page("<meta property=\"og:title\" content=\"Road\x1b[31mmap\u202e news\">", "", ""), Meta{Title: "Roadmap news"}},
		{"broken JSON-LD ignored, meta tags used",
			page(`<script type="application/ld+json">{"@type":"NewsArticle", "headline": </script><meta property="og:site_name" content="Kazinform">`, "", ""),
			Meta{Title: "Roadmap", Source: "Kazinform"}},
		{"JSON-LD in CDATA with a type list",
			page(`<script type="application/ld+json">//<![CDATA[
{"@context":"https://schema.org","@type":["ReportageNewsArticle"],"headline":"Tungsten project","author":"Dana Smith","publisher":{"name":"Tengrinews"},"datePublished":"2024-05-16"}
//]]></script>`, "", ""),
			Meta{Title: "Tungsten project", Source: "Tengrinews", Author: "Dana Smith", Date: "2024-05-16", DateBasis: BasisMetadata}},
		{"JSON-LD of a web page, not an article, ignored",
			page(`<script type="application/ld+json">{"@type":"WebPage","name":"Home page","datePublished":"2020-01-01"}</script>`, "", ""),
			Meta{Title: "Roadmap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Extract(context.Background(), "page.html", tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if d.Meta != tt.want {
				t.Errorf("meta\n got %+v\nwant %+v", d.Meta, tt.want)
			}
		})
	}
}

// Bylines, datelines and share bars at the start of the text (and share
// bars at its end) leave the body; what they say fills the metadata the
// page left empty, and only that.
func TestDropMetaParagraphs(t *testing.T) {
	const text = "The EU and Kazakhstan agreed on a roadmap."
	tests := []struct {
		name, body, author, date   string // in: the body and the page's metadata
		rest, wantAuthor, wantDate string
		fromText                   bool
	}{
		{"byline", "By Jane Doe\n\n" + text, "", "", text, "Jane Doe", "", false},
		{"byline of two", "Von Anna Müller und Max Weber\n\n" + text, "", "", text, "Anna Müller und Max Weber", "", false},
		{"byline with a date", "By Jane Doe, 7 June 2023\n\n" + text, "", "", text, "Jane Doe", "2023-06-07", true},
		{"byline with section and date, metadata kept", "By Assel Satubaldina in Business on 18 September 2025\n\n" + text,
			"Assel Satubaldina", "2025-09-18", text, "Assel Satubaldina", "2025-09-18", false},
		{"Russian byline", "Автор: Айгерим Сейткали, 18 сентября 2025\n\n" + text, "", "", text, "Айгерим Сейткали", "2025-09-18", true},
		{"German dateline and share bar", "Stand: 18.09.2025, 14:30 Uhr\n\nTeilen: Facebook X WhatsApp E-Mail\n\n" + text,
			"", "2025-09-18", text, "", "2025-09-18", false},
		{"place and date", "Astana, 4 April 2025\n\n" + text, "", "", text, "", "2025-04-04", true},
		{"share bars at both ends", "Share this article: Facebook Twitter LinkedIn\n\n" + text + "\n\nПоделиться\n\nVK Telegram",
			"", "", text, "", "", false},
		{"a sentence that starts with By stays", "By the end of 2023 the roadmap was agreed.\n\n" + text, "", "",
			"By the end of 2023 the roadmap was agreed.\n\n" + text, "", "", false},
		{"By and a month, a sentence, stays", "By June, the plant will be ready.\n\n" + text, "", "",
			"By June, the plant will be ready.\n\n" + text, "", "", false},
		{"a dated sentence stays", "On 4 April 2025 the ministers met in Samarkand to endorse it.\n\n" + text, "", "",
			"On 4 April 2025 the ministers met in Samarkand to endorse it.\n\n" + text, "", "", false},
		{"a byline at the end stays", text + "\n\nBy Jane Doe", "", "", text + "\n\nBy Jane Doe", "", "", false},
		{"the only paragraph stays", "Share", "", "", "Share", "", "", false},
		{"the title repeated", "Roadmap agreed\n\nBy Jane Doe\n\n" + text, "", "", text, "Jane Doe", "", false},
	}
	for _, tt := range tests {
		rest, a, d, fromText := dropMetaParagraphs(tt.body, "Roadmap agreed", tt.author, tt.date)
		if rest != tt.rest || a != tt.wantAuthor || d != tt.wantDate || fromText != tt.fromText {
			t.Errorf("%s:\n got %q, %q, %q, %v\nwant %q, %q, %q, %v", tt.name, rest, a, d, fromText, tt.rest, tt.wantAuthor, tt.wantDate, tt.fromText)
		}
	}
}

// Saved pages of our own, in English, German and Russian, whose article
// opens with a byline, a dateline or a share bar and ends with a share
// bar: none of it stays in the text, and what the page's metadata lacked
// comes from it (the date's basis then is the text).
func TestHTMLMetaParagraphsLeaveTheBody(t *testing.T) {
	page := func(lang, title, head string, paras ...string) []byte {
		var b strings.Builder
		b.WriteString(`<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8">` + head + `</head><body><nav><a href="/">Home</a></nav><article><h1>` + title + `</h1>`)
		for _, p := range paras {
			b.WriteString("<p>" + p + "</p>")
		}
		b.WriteString(`</article><footer>© 2025</footer></body></html>`)
		return []byte(b.String())
	}
	en := []string{
		"Kazakhstan and the European Union agreed on Thursday to speed up joint projects on lithium, graphite and rare earths under their strategic partnership.",
		"The ministers said that the first investment decisions would follow within a year, and that the roadmap for 2025 and 2026 remained the basis of the work.",
	}
	de := []string{
		"Kasachstan und die Europäische Union wollen die gemeinsamen Projekte bei Lithium, Graphit und seltenen Erden beschleunigen, wie beide Seiten am Donnerstag mitteilten.",
		"Die ersten Investitionsentscheidungen sollen innerhalb eines Jahres folgen; der Fahrplan für 2025 und 2026 bleibt die Grundlage der Zusammenarbeit.",
	}
	ru := []string{
		"Казахстан и Европейский союз договорились ускорить совместные проекты по литию, графиту и редкоземельным металлам в рамках стратегического партнерства.",
		"По словам министров, первые инвестиционные решения будут приняты в течение года, а дорожная карта на 2025–2026 годы остается основой работы.",
	}
	tests := []struct {
		name string
		page []byte
		text []string
		want Meta
		gone []string
	}{
		{"English, metadata in JSON-LD",
			page("en", "Kazakhstan and EU speed up projects", `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Kazakhstan and EU speed up projects","author":{"name":"Assel Satubaldina"},"datePublished":"2025-09-18","publisher":{"name":"The Astana Times"}}</script>`,
				"By Assel Satubaldina in Business on 18 September 2025", "Share this article: Facebook Twitter LinkedIn", en[0], en[1], "Share"),
			en, Meta{Title: "Kazakhstan and EU speed up projects", Source: "The Astana Times", Author: "Assel Satubaldina", Date: "2025-09-18", DateBasis: BasisMetadata, Lang: "en"},
			[]string{"By Assel", "Share", "Facebook"}},
		{"German, metadata in meta tags",
			page("de", "Kasachstan und EU beschleunigen Projekte", `<meta property="og:title" content="Kasachstan und EU beschleunigen Projekte"><meta name="author" content="Anna Müller"><meta property="og:site_name" content="Zentralasien Aktuell">`,
				"Von Anna Müller | Zentralasien Aktuell", "Stand: 18.09.2025, 14:30 Uhr", "Teilen: Facebook X WhatsApp E-Mail", de[0], de[1]),
			de, Meta{Title: "Kasachstan und EU beschleunigen Projekte", Source: "Zentralasien Aktuell", Author: "Anna Müller", Date: "2025-09-18", DateBasis: BasisText, Lang: "de"},
			[]string{"Von Anna", "Stand:", "Teilen"}},
		{"Russian, no metadata but the byline",
			page("ru", "Казахстан и ЕС ускорят проекты", `<title>Казахстан и ЕС ускорят проекты</title>`,
				"Автор: Айгерим Сейткали, 18 сентября 2025", ru[0], ru[1], "Поделиться: ВКонтакте Telegram WhatsApp"),
			ru, Meta{Title: "Казахстан и ЕС ускорят проекты", Author: "Айгерим Сейткали", Date: "2025-09-18", DateBasis: BasisText, Lang: "ru"},
			[]string{"Автор", "Поделиться"}},
	}
	for _, tt := range tests {
		d, err := Extract(context.Background(), "page.html", tt.page)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Meta != tt.want {
			t.Errorf("%s: meta\n got %+v\nwant %+v", tt.name, d.Meta, tt.want)
		}
		if want := strings.Join(tt.text, "\n\n"); d.Body != want {
			t.Errorf("%s: body\n got %q\nwant %q", tt.name, d.Body, want)
		}
		for _, g := range tt.gone {
			if strings.Contains(d.Body, g) {
				t.Errorf("%s: %q stayed in the body", tt.name, g)
			}
		}
	}
}

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
				Author: "Assel Satubaldina", Date: "2025-04-07", Lang: "en",
				URL: "https://astanatimes.com/2025/04/eu-kazakhstan-strengthen-cooperation-on-critical-raw-materials/"},
			[]string{"endorsed a roadmap for 2025-2026", "The roadmap was endorsed on April 4 in Samarkand", "during the COP27 climate conference."},
			[]string{"cookies", "Subscribe", "Advertisement", "Book your flight", "Most read", "Great news for the mining sector", "Who will pay", "All rights reserved"}, ""},
		{"jsonld-only.html",
			Meta{Title: "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen",
				Source: "WiredGov", Author: "European Commission", Date: "2022-11-08", Lang: "en",
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
				Date: "2025-04-08", Lang: "de"},
			[]string{"am 4. April in Samarkand", "gemeinsam ausgewählter Investitionsprojekte."}, []string{"Startseite", "Wirtschaft"}, ""},
		{"graph-jsonld.html",
			Meta{Title: "Казахстан и ЕС обсудили сотрудничество по критическому сырью", Source: "Казинформ",
				Author: "Айгерим Сейткали", Date: "2023-06-02", Lang: "ru", URL: "https://www.inform.kz/ru/kazakhstan-es-syrie"},
			[]string{"вольфрама, лития и графита"}, []string{"Главная", "Политика"}, ""},
		{"windows-1251.html",
			Meta{Title: "Дорожная карта на 2025-2026 годы одобрена в Самарканде", Date: "2025-04-05", Lang: "ru"},
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
			Meta{Title: "Roadmap", Date: "2023-06-01", Lang: "en"}},
		{"RFC 1123 date", page(`<meta name="date" content="Wed, 07 Jun 2023 10:00:00 GMT">`, "", ""),
			Meta{Title: "Roadmap", Date: "2023-06-07"}},
		{"spelt-out date", page(`<meta itemprop="datePublished" content="7 June 2023">`, "", ""),
			Meta{Title: "Roadmap", Date: "2023-06-07"}},
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
			Meta{Title: "Tungsten project", Source: "Tengrinews", Author: "Dana Smith", Date: "2024-05-16"}},
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

func TestLeadingByline(t *testing.T) {
	tests := []struct{ body, author, rest string }{
		{"By Jane Doe\n\nText.", "Jane Doe", "Text."},
		{"Von Anna Müller und Max Weber\n\nText.", "Anna Müller und Max Weber", "Text."},
		{"By Jane Doe, 7 June 2023\n\nText.", "Jane Doe", "Text."},
		{"By the end of 2023 the roadmap was agreed.\n\nText.", "", "By the end of 2023 the roadmap was agreed.\n\nText."},
		{"Kazakhstan signed.\n\nBy Jane Doe", "", "Kazakhstan signed.\n\nBy Jane Doe"},
	}
	for _, tt := range tests {
		a, rest := leadingByline(tt.body)
		if a != tt.author || rest != tt.rest {
			t.Errorf("leadingByline(%q) = %q, %q; want %q, %q", tt.body, a, rest, tt.author, tt.rest)
		}
	}
}

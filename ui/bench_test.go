package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	"dossier/seeds"
)

// longArticle is a generated article of n words in paragraphs.
func longArticle(n int) model.Document {
	words := strings.Fields("the partnership on critical raw materials batteries and renewable hydrogen between Kazakhstan and the European Union covers lithium tungsten graphite exploration refining and skills")
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(words[i%len(words)])
		switch {
		case i%120 == 119:
			b.WriteString(".\n\n")
		case i%15 == 14:
			b.WriteString(". ")
		default:
			b.WriteByte(' ')
		}
	}
	return model.Document{Article: model.Article{ID: "long", Title: "A very long article", Lang: "en", Outlet: "Bench"}, Body: b.String()}
}

// BenchmarkReaderView measures one frame of the whole app at 120x40 with a
// 20,000-word article open and scrolled to its middle, matches highlighted.
func BenchmarkReaderView(b *testing.B) {
	c := model.NewMemCorpus("bench", []model.Document{longArticle(20000)})
	ix, err := index.Open(context.Background(), c, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	cat, _ := roadmap.Parse("roadmap.md", seeds.Roadmap)
	a := New(testCommon(b, Shared{Feed: library.Loaded(library.NewSnapshot(c, ix, nil)), Roadmap: cat}))
	drive(b, a, a.Init(), tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(b, a, keys("/lithium<enter>")...)
	if _, ok := a.reader.Article(); !ok {
		b.Fatal("article not open")
	}
	drive(b, a, keys("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")...)
	if !strings.Contains(a.View(), "lithium") {
		b.Fatal("no match on screen")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = a.View()
	}
}

// BenchmarkFirstFrame measures start-up to the first full frame on the
// seeds: the session, the four panes, the layout and one View. The index
// is built before (the app shows a frame while it builds anyway).
func BenchmarkFirstFrame(b *testing.B) {
	sh := testShared(b)
	for b.Loop() {
		a := New(testCommon(b, sh))
		a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if v := a.View(); !strings.Contains(v, "Timeline") {
			b.Fatal(fmt.Sprint("no frame: ", v))
		}
	}
}

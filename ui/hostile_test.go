package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/seeds"
)

// hostilePayload is what an attacker puts in text: OSC 52 (clipboard
// write), OSC 0 (window title), CSI (clear screen), C1 CSI and NEL, a bidi
// override.
const hostilePayload = "\x1b]52;c;aGVsbG8=\x07 \x1b]0;T\x07 \x1b[2J \u009b31m \u0085 \u202e"

// hostileIDs are article ids (file names) carrying the same.
var hostileIDs = []string{"a\x1b]52;c;aGVsbG8=\x07x", "b\x1b]0;pwned\x07y", "c\x1b[2Jz", "d\u009b31mw", "e\u0085v", "f\u202eu", "g\nline"}

// sgr matches a Select Graphic Rendition sequence.
var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// withoutOwnSGR removes the dashboard's own text attributes: with the ASCII
// profile, only the reader's marks (reverse, bold, underline and their
// resets) are drawn with SGR, never a colour, so a colour must come from
// the text and is left for screenLeak to find.
func withoutOwnSGR(s string) string {
	return sgr.ReplaceAllStringFunc(s, func(seq string) string {
		for _, p := range strings.Split(sgr.FindStringSubmatch(seq)[1], ";") {
			switch p {
			case "", "0", "1", "2", "3", "4", "7", "9", "21", "22", "23", "24", "27", "29":
			default:
				return seq
			}
		}
		return ""
	})
}

// screenLeak returns the first character of a screen no terminal may
// receive from text (with the ASCII profile there is no ESC but the
// reader's own attributes, removed first), with what surrounds it, or "".
func screenLeak(s string) string {
	s = withoutOwnSGR(s)
	for i, r := range s {
		bad := r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c ||
			r == 0x2028 || r == 0x2029
		if bad {
			return model.Escape(s[max(0, i-60):min(len(s), i+20)])
		}
	}
	return ""
}

// hostileShared loads, through the real folder loader, a corpus whose file
// names, front matter and text carry escapes (and an empty file, a
// warning), a roadmap with escapes in its headings and items, and a store
// where a hostile reviewer attached evidence from every hostile article.
// live keeps the loader's feed (it never ends: for a running program);
// otherwise the feed holds the loaded snapshot only (for drive).
func hostileShared(t *testing.T, live bool) Shared {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus\x1b]0;dir\x07")
	os.Mkdir(dir, 0o755)
	for i, id := range hostileIDs {
		front := "---\ntitle: \"Lithium " + string(rune('A'+i)) + ` \e]0;T\a \u009b \u202e end"` + "\noutlet: \"Out\\e[31m x\"\nlang: en\ndate: 2023-05-0" +
			string(rune('1'+i)) + "\n---\n"
		body := "Kazakhstan lithium " + hostilePayload + " signed on 7 November 2022 a memorandum with the European Union.\n\nMore " +
			hostilePayload + " text about batteries.\n"
		if err := os.WriteFile(filepath.Join(dir, id+".md"), []byte(front+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "empty\x1b]52;c;aGVsbG8=\x07.txt"), nil, 0o644)
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	loader := library.Start(context.Background(), library.Options{Dirs: []string{dir}, Synonyms: syn, Deriver: library.TimelineDeriver()})
	t.Cleanup(func() { loader.Close() })
	snap, err := loader.Ready(ctx)
	if err != nil {
		t.Fatal(err)
	}
	feed := loader
	if !live {
		feed = library.Loaded(snap)
	}
	cat, err := roadmap.Parse("roadmap\u202e.md", []byte("# Doc "+hostilePayload+" one (date: 2023-05-19)\n\nAbout "+hostilePayload+
		" it.\n\n## Area "+hostilePayload+" two\n\n- [x-1] Item "+hostilePayload+" end.\n- [x-2] Second "+hostilePayload+"\n  continued "+
		hostilePayload+" here. (date: 2024-02)\n"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	who := "mallory\x1b]0;x\x07\u202e"
	if _, err := st.SetNote(ctx, "x-1", "note "+hostilePayload+"\nsecond line", who); err != nil {
		t.Fatal(err)
	}
	for _, id := range hostileIDs {
		if _, err := st.AddEvidence(ctx, review.Evidence{ItemID: "x-1", ArticleID: id, Start: 0, End: 10, Quote: "Kazakhstan", By: who}); err != nil {
			t.Fatal(err)
		}
	}
	return Shared{Feed: feed, Roadmap: cat, Store: st}
}

// TestHostileCorpusOnScreen walks the dashboard over the hostile corpus —
// timeline rows and sources, search results, the reader's title and
// footer, the roadmap's headings, evidence and status line, the warnings
// count, a pasted query — at two sizes: no frame holds a character a
// terminal would act on, and every frame keeps its size (a newline in a
// name does not break the layout).
func TestHostileCorpusOnScreen(t *testing.T) {
	sh := hostileShared(t, false)
	for _, size := range [][2]int{{120, 35}, {80, 24}} {
		w, h := size[0], size[1]
		a := New(testCommon(t, sh))
		drive(t, a, a.Init(), tea.WindowSizeMsg{Width: w, Height: h})
		check := func(step string) {
			t.Helper()
			v := a.View()
			if l := screenLeak(v); l != "" {
				t.Errorf("%dx%d %s: the screen holds a control: …%s…", w, h, step, l)
			}
			lines := strings.Split(v, "\n")
			if len(lines) != h {
				t.Errorf("%dx%d %s: %d lines", w, h, step, len(lines))
			}
			for _, l := range lines {
				if cw := ansi.StringWidth(l); cw != w {
					t.Errorf("%dx%d %s: a line is %d cells: %q", w, h, step, cw, l)
					break
				}
			}
		}
		contains := func(step string, want ...string) {
			t.Helper()
			v := a.View()
			for _, s := range want {
				if !strings.Contains(v, s) {
					t.Errorf("%dx%d %s: the screen lacks %q:\n%s", w, h, step, s, v)
				}
			}
		}
		check("first screen")
		steps := []struct{ name, keys string }{
			{"timeline row", "j"}, {"timeline sources", "<enter>"}, {"timeline source", "j"}, {"reader from timeline", "<enter>"},
			{"back", "<esc>"}, {"timeline down", "jjj"}, {"timeline detail", "<enter>"}, {"out", "<esc><esc>"},
			{"search", "/lithium"}, {"reader", "<enter>"}, {"next article", "]"}, {"next again", "]"}, {"find", "fKazakhstan<enter>"},
			{"results", "<esc>"}, {"result 2", "j"}, {"open result", "<enter>"}, {"roadmap", "2"}, {"evidence", "<enter>"}, {"evidence 3", "jj"},
			{"open evidence", "<enter>"}, {"roadmap again", "2"}, {"remove evidence", "<enter>x"}, {"help", "?"}, {"close help", "<esc>"},
		}
		for _, s := range steps {
			drive(t, a, keys(s.keys)...)
			check(s.name)
			switch {
			case s.name == "search" && w >= 120: // the hit pane shows the first hit's id, escaped
				contains(s.name, "│"+model.Escape(hostileIDs[0])+" ")
			case s.name == "roadmap":
				contains(s.name, "Doc 31m one", "Area 31m two", "Item 31m end.")
				if w >= 120 {
					// Evidence is named by its article's title, sanitised.
					contains(s.name, "— Lithium G end · Out x", "— Lithium F end · Out x")
				}
			}
			if s.name == "remove evidence" {
				contains(s.name, "evidence from ", " removed from x-1")
			}
		}
		// Text pasted into each prompt (search, find, the note editor):
		// shown without its escapes.
		paste := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("title:\"\x1b]0;x\x07 \u202e\u009b"), Paste: true}
		drive(t, a, keys("/")...)
		drive(t, a, paste)
		check("pasted query")
		drive(t, a, keys("<enter>")...)
		check("pasted query run")
		drive(t, a, keys("3f")...)
		drive(t, a, paste)
		check("pasted find")
		drive(t, a, keys("<esc>2e")...)
		drive(t, a, paste, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\n\x1b[2J\u2066x"), Paste: true})
		check("pasted note")
		if !a.roadmap.Dirty() {
			t.Errorf("%dx%d: the paste did not reach the note editor", w, h)
		}
	}
}

// TestHostileCorpusTerminalBytes runs the dashboard as a real program
// (teatest) on the hostile corpus and reads what it writes to the
// terminal: the renderer's own cursor and erase sequences, and nothing
// else — no OSC (title, clipboard), no C1, no bidi control.
func TestHostileCorpusTerminalBytes(t *testing.T) {
	sh := hostileShared(t, true)
	tm := teatest.NewTestModel(t, New(testCommon(t, sh)), teatest.WithInitialTermSize(100, 30))
	var out bytes.Buffer // everything the program wrote
	written := io.TeeReader(tm.Output(), &out)
	teatest.WaitFor(t, written, func(b []byte) bool {
		return bytes.Contains(b, []byte("events · oldest first")) && bytes.Contains(b, []byte("1 file skipped"))
	},
		teatest.WithDuration(10*time.Second))
	for _, k := range keys("j<enter><enter>/lithium<down><enter>]]2<enter>") {
		tm.Send(k)
		time.Sleep(20 * time.Millisecond)
	}
	teatest.WaitFor(t, written, func(b []byte) bool { return bytes.Contains(b, []byte("Kazakhstan”")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(tea.QuitMsg{})
	io.ReadAll(io.TeeReader(tm.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second)), &out))
	s := out.String()
	if i := strings.Index(s, "\x1b]"); i >= 0 {
		t.Errorf("the program wrote an OSC: …%s…", model.Escape(s[max(0, i-40):min(len(s), i+40)]))
	}
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	state := byte(0)
	for len(s) > 0 {
		seq, _, n, newState := ansi.DecodeSequence(s, state, p)
		state = newState
		switch {
		case seq[0] == 0x1b && len(seq) > 1 && seq[1] == '[': // CSI: the renderer's cursor, erase, mode and SGR sequences
		case seq == "\r" || seq == "\n":
		case !utf8.ValidString(seq): // a raw 8-bit C1 byte, or garbage
			t.Errorf("the program wrote invalid UTF-8: %s", model.Escape(seq))
		default:
			if l := screenLeak(seq); l != "" {
				t.Errorf("the program wrote %s", l)
			}
		}
		s = s[n:]
	}
}

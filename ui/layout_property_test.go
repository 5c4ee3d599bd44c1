package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dossier/index"
	"dossier/model/review"
	"dossier/ui/common"
)

// propertySizes is the grid of the layout property: the five sizes people
// use, the edges of the one-, two- and three-column layouts, and sizes in
// between, from 40x12 to 240x70.
func propertySizes() [][2]int {
	sizes := [][2]int{{40, 12}, {80, 24}, {120, 35}, {160, 45}, {200, 60}, {240, 70}, {40, 70}, {240, 12}}
	widths := []int{41, 44, 47, 52, 56, 59, 64, 68, 72, 79, 85, 90, 100, 110, 119, 121, 126, 133, 140, 146, 159, 161, 168, 175, 190, 205, 215, 230}
	heights := []int{12, 13, 15, 18, 21, 27, 31, 40, 52, 66}
	for i, w := range widths {
		sizes = append(sizes, [2]int{w, heights[i%len(heights)]})
	}
	return sizes
}

// region is where on screen a text must be: the focused pane's box, the
// detail column beside it (from 120 columns), the status line, the help.
type region int

const (
	inPane region = iota
	inDetail
	inFooter
	inHelp
)

// shown is a text a screen must show: whole, or cut with "…".
type shown struct {
	where region
	text  string
}

// scenario is a pane or prompt reached by keys, with the texts it must show.
type scenario struct {
	name   string
	keys   string
	shared func(t *testing.T) Shared  // the data it starts from (nil: the reviewed seeds)
	setup  func(t *testing.T, a *App) // after the keys (nil: none)
	texts  func(a *App) []shown
}

// The first event of the seeds' timeline, its four articles, and the
// sentence by which the third dates it.
const (
	mouLabel  = "von der Leyen and Smailov sign MoU on raw materials, batteries and renewable hydrogen"
	mouQuote3 = "“The discussion builds on the 2022 EU–Kazakhstan Memorandum of Understanding on Raw Materials, Batteries, and Renewable Hydrogen—one of the first such agreements the EU concluded with a non-EU country.”"
)

var mouTitles = []string{
	"COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen",
	"EU, Kazakhstan strengthen cooperation on critical raw materials",
	"Kazakhstan-EU Gateway launches cooperation platform",
	"EU und Kasachstan intensivieren Kooperation bei strategischen Rohstoffen",
}

// knownDrops are the scenarios in which the layout property still finds
// drops that are known and being worked on (none today): scenario → why. Their sizes are checked
// and reported with t.Log, not failed; a scenario that no longer drops
// anything fails, so that its entry is deleted.
var knownDrops = map[string]string{}

// TestLayoutProperty: for every pane and prompt at every size of the grid,
// the screen has exactly the terminal's lines, each exactly its width; every
// box has its corners; and no line of item text, note, evidence quote or
// error is dropped: each is shown whole, or cut with "…" (the full text is
// one key away: h, enter, or the reader).
func TestLayoutProperty(t *testing.T) {
	reviewed := reviewedShared(t)
	it, _ := reviewed.Roadmap.Item(goldenItem)
	evidence := "Karabayev informed that one of the major joint projects the EU has launched is the investment of the German company HMS Bergbau AG in developing lithium deposits in Kazakhstan."
	item := func(where region) []shown {
		// The note is one text: its lines follow each other on screen.
		return []shown{{where, it.Text}, {where, it.Document + " · " + it.Area}, {where, goldenNote}}
	}
	badQuery := `title:"raw materials`
	scenarios := []scenario{
		{name: "timeline", texts: func(*App) []shown {
			out := []shown{{inPane, mouLabel}, {inDetail, mouLabel}}
			for _, title := range mouTitles { // the event's articles, every one: the detail says where it has no room
				out = append(out, shown{inDetail, title})
			}
			return out
		}},
		{name: "timeline-chooser", keys: "<enter>jj", texts: func(*App) []shown {
			// The chooser goes through the event's articles; the detail shows the one under its cursor in full.
			return []shown{{inPane, mouLabel}, {inDetail, mouLabel}, {inDetail, mouTitles[2]}, {inDetail, mouQuote3}, {inDetail, mouTitles[3]}}
		}},
		{name: "search-results", keys: "/lithium<esc>", texts: func(*App) []shown {
			title := "Kazakhstan to strengthen cooperation with EU in critical raw materials"
			return []shown{{inPane, title}, {inDetail, title}}
		}},
		{name: "roadmap-list", keys: "2jjj", texts: func(a *App) []shown {
			out := []shown{{inPane, it.Text}}
			if a.width >= WideWidth {
				out = append(out, item(inDetail)...)
				out = append(out, shown{inDetail, evidence})
			}
			return out
		}},
		{name: "roadmap-evidence", keys: "2jjj<enter>", texts: func(a *App) []shown {
			out := append(item(inPane), shown{inPane, evidence})
			if a.width >= WideWidth {
				out = append(out, shown{inDetail, evidence})
			}
			return out
		}},
		{name: "roadmap-history", keys: "2jjjh", texts: func(a *App) []shown { return item(inPane) }},
		{name: "status-picker", keys: "2jjjs", texts: func(*App) []shown { return []shown{{inPane, it.Text}} }},
		{name: "note-editor", keys: "2jjje", texts: func(*App) []shown { return []shown{{inPane, it.Text}} }},
		{name: "attach-prompt", keys: "/lithium<enter>a", texts: func(*App) []shown {
			return []shown{{inPane, "Attach this passage as evidence to which item?"}, {inPane, evidence}}
		}},
		{name: "undo-refused", keys: "2jso", setup: func(t *testing.T, a *App) {
			if _, err := a.c.Store.SetNote(context.Background(), "mou-1.2", "bob's", "bob"); err != nil {
				t.Fatal(err)
			}
			drive(t, a, keys("z")...)
		}, texts: func(a *App) []shown { return []shown{{inFooter, a.status.Text}} }},
		{name: "reader", keys: "/lithium<enter>", texts: func(*App) []shown { return []shown{{inPane, evidence}} }},
		{name: "link-picker", keys: "/lithium<enter>l", texts: func(*App) []shown {
			// The passage enter attaches, and the first item's text.
			first, _ := reviewed.Roadmap.Item("rm23-1")
			return []shown{{inPane, "Link this article to a roadmap item"}, {inPane, "“" + evidence + "”"}, {inPane, first.Text}}
		}},
		{name: "search-error", keys: "/" + badQuery + "<enter>", texts: func(a *App) []shown {
			return []shown{{inPane, "✗ " + queryError(t, a, badQuery)}}
		}},
		{name: "help", keys: "?", texts: func(*App) []shown { return []shown{{inHelp, "This pane: Timeline"}} }},
		{name: "roadmap-filter-error", keys: "2fstatus:late", texts: func(*App) []shown {
			return []shown{{inPane, "filter: status:late"}, {inPane, "✗ column 8: status:late: want unreviewed, on-track, at-risk, blocked or done"}}
		}},
		{name: "roadmap-filtered", keys: "2fmou-2 OR has:note<enter>o", texts: func(*App) []shown {
			return []shown{{inPane, it.Text}}
		}},
		{name: "saved-searches", keys: "4", shared: savedShared, texts: func(*App) []shown {
			return []shown{{inPane, "Saved searches (1) — enter runs one, x deletes"}, {inPane, "lithium news"}}
		}},
		{name: "save-name-prompt", keys: "/lithium<esc>w", shared: savedShared, texts: func(*App) []shown {
			return []shown{{inPane, "save as: lithium"}, {inPane, "enter keeps this search for you under the name; esc leaves it unsaved"}}
		}},
	}
	sizes := propertySizes()
	if len(sizes) < 30 {
		t.Fatalf("the grid has %d sizes, want at least 30", len(sizes))
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			sh := reviewed
			switch {
			case sc.shared != nil:
				sh = sc.shared(t)
			case sc.setup != nil:
				sh = reviewedShared(t) // the setup writes: a store of its own
			}
			a := newAppOn(t, sh, 120, 35)
			for _, k := range keys(sc.keys) {
				drive(t, a, k) // each key once the last one's work is done
			}
			if sc.setup != nil {
				sc.setup(t, a)
			}
			why, known := knownDrops[sc.name]
			dropped := 0
			for _, size := range sizes {
				w, h := size[0], size[1]
				drive(t, a, tea.WindowSizeMsg{Width: w, Height: h})
				problems := layoutProblems(a, w, h, sc.texts(a))
				if len(problems) == 0 {
					continue
				}
				dropped++
				name := fmt.Sprintf("%s %dx%d", sc.name, w, h)
				if known {
					t.Logf("known drop (%s): %s: %s", why, name, problems[0])
					continue
				}
				t.Errorf("%s: %s\n%s", name, problems[0], ansi.Strip(a.View())) // one per screen is enough to read
			}
			if known && dropped == 0 {
				t.Errorf("%s no longer drops anything: delete it from knownDrops (%s)", sc.name, why)
			}
		})
	}
}

// savedShared is the seeds with a saved search of the tests' reviewer.
func savedShared(t *testing.T) Shared {
	sh := testShared(t)
	us, ok := review.UserStateOf(sh.Store)
	if !ok {
		t.Fatal("the store keeps no per-person state")
	}
	if err := us.SaveSearch(context.Background(), "tester", "lithium news", "lithium OR graphite OR Sarytogan"); err != nil {
		t.Fatal(err)
	}
	return sh
}

// queryError is the error the index gives for a query, as the search pane
// words it.
func queryError(t *testing.T, a *App, q string) string {
	st := a.c.Feed.State()
	_, err := st.Snap.Index.Search(context.Background(), index.Request{Query: q})
	if err == nil {
		t.Fatalf("%q is not an error", q)
	}
	return err.Error()
}

// layoutProblems checks one screen: its size, its boxes' corners, and that
// each text is shown whole or cut with "…" in its region.
func layoutProblems(a *App, w, h int, texts []shown) []string {
	var problems []string
	screen := strings.Split(ansi.Strip(a.View()), "\n")
	if len(screen) != h {
		problems = append(problems, fmt.Sprintf("%d lines on a screen of %d", len(screen), h))
	}
	for i, l := range screen {
		if cw := ansi.StringWidth(l); cw != w {
			problems = append(problems, fmt.Sprintf("line %d is %d cells wide on a screen of %d", i, cw, w))
		}
	}
	if len(problems) > 0 {
		return problems
	}
	var boxes []rect
	if a.helpView.open {
		boxes = []rect{{0, 2, a.width, max(a.height-a.chromeHeight(), frame+1)}}
	} else {
		for _, c := range a.columns() {
			boxes = append(boxes, c.r)
		}
	}
	for _, r := range boxes {
		corner := func(x, y int) string { return ansi.Cut(screen[y], x, x+1) }
		tl, tr := corner(r.x, r.y), corner(r.x+r.w-1, r.y)
		bl, br := corner(r.x, r.y+r.h-1), corner(r.x+r.w-1, r.y+r.h-1)
		if !strings.Contains("╭┏", tl) || !strings.Contains("╮┓", tr) || !strings.Contains("╰┗", bl) || !strings.Contains("╯┛", br) {
			problems = append(problems, fmt.Sprintf("the box at column %d has corners %q %q %q %q", r.x, tl, tr, bl, br))
		}
	}
	for _, s := range texts {
		lines, ok := regionLines(a, screen, s.where)
		if !ok {
			continue // not on screen at this size (the detail column below 120)
		}
		if p := textProblem(lines, s.text); p != "" {
			problems = append(problems, p)
		}
	}
	return problems
}

// regionLines cuts a region out of the screen, without its frame.
func regionLines(a *App, screen []string, where region) ([]string, bool) {
	if where == inFooter {
		return screen[len(screen)-max(a.footerH, 1):], true
	}
	var r rect
	found := false
	if where == inHelp {
		r, found = rect{0, 2, a.width, max(a.height-a.chromeHeight(), frame+1)}, a.helpView.open
	}
	for _, c := range a.columns() {
		if where == inPane && c.pane == a.focus && !c.detail || where == inDetail && c.detail {
			r, found = c.r, true
		}
	}
	if !found {
		return nil, false
	}
	var out []string
	for y := r.y + 1; y < r.y+r.h-1; y++ {
		out = append(out, ansi.Cut(screen[y], r.x+1, r.x+r.w-1))
	}
	return out, true
}

// textProblem says how a text is not shown right in lines, or "": it must
// start on some line and go on, word by word, over the lines that follow
// (after their indentation; a blank line of the text is a blank line), to
// its end; or stop where a line says "…" (a cut), or at the end of a
// scrolled view that says there is more below ("↓ …"), where a text may
// also be wholly below.
func textProblem(lines []string, text string) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return ""
	}
	best := "dropped: " + text
	below := false
	if n := len(lines); n > 0 && strings.HasPrefix(strings.TrimSpace(lines[n-1]), "↓ ") {
		best, below = "", true // below the fold of a view that says so
	}
	for i, l := range lines {
		for from := 0; ; {
			k := strings.Index(l[from:], words[0])
			if k < 0 {
				break
			}
			p, matched := follow(lines, i, from+k, words)
			if p == "" {
				return ""
			}
			if !below || matched > 1 || len(words) == 1 { // one word alike is not the text, which may be below
				best = p
			}
			from += k + len(words[0])
		}
	}
	return best
}

// follow reads words from lines[i] at byte offset at onwards. A text goes
// on on the next line from its start, after any indentation, or from the
// column it started at (a hanging indent beside another column, as the
// timeline's dates).
func follow(lines []string, i, at int, words []string) (problem string, matched int) {
	col := ansi.StringWidth(lines[i][:at])
	rest := lines[i][at:]
	for n, word := range words {
		rest = strings.TrimLeft(rest, " ")
		for blank := 0; rest == "" && blank < 2; blank++ { // the line ends: the text goes on on the next one
			i++
			if i >= len(lines) {
				return fmt.Sprintf("cut without “…” after %q", strings.Join(words[:n], " ")), n
			}
			rest = strings.TrimLeft(lines[i], " ")
			if strings.HasPrefix(rest, "↓ ") {
				return "", n // a scrolled view saying there is more
			}
			if hanging := strings.TrimLeft(ansi.Cut(lines[i], col, ansi.StringWidth(lines[i])), " "); !strings.HasPrefix(rest, word) &&
				!isCut(rest, word) && hanging != "" {
				rest = hanging
			}
		}
		switch {
		case strings.HasPrefix(rest, word):
			rest = rest[len(word):]
		case isCut(rest, word):
			return "", n
		default:
			return fmt.Sprintf("broken after %q: the screen has %q where %q goes on", strings.Join(words[:n], " "), rest, strings.Join(words[n:], " ")), n
		}
	}
	return "", len(words)
}

// isCut reports whether rest is the start of word (maybe none of it)
// followed by "…", and then the end of the line or, after a space, what
// else the line holds (a row's marks).
func isCut(rest, word string) bool {
	k := strings.Index(rest, common.Ellipsis)
	if k < 0 {
		return false
	}
	head, after := strings.TrimRight(rest[:k], " "), rest[k+len(common.Ellipsis):]
	return strings.HasPrefix(word, head) && (after == "" || after[0] == ' ')
}

// TestTextProblem holds the checker itself: a wrapped text passes, a cut
// with "…" passes, a dropped line or a cut without "…" fails.
func TestTextProblem(t *testing.T) {
	text := "one two three four five"
	for _, tc := range []struct {
		lines []string
		ok    bool
	}{
		{[]string{"x one two", "three four five"}, true},
		{[]string{"one two three four five"}, true},
		{[]string{"Note: one two thr…"}, true},
		{[]string{"one two", "three…"}, true},
		{[]string{"one two", "    three four five"}, true},
		{[]string{"one two", "↓ 3 more lines"}, true},
		{[]string{"7 Nov   one two", "4 art   three four five"}, true}, // a hanging indent
		{[]string{"one two th… ⚑1 alice"}, true},
		{[]string{"one two", "", "three four five"}, true}, // a blank line of the text
		{[]string{"x", "↓ 3 more lines"}, true},            // below the fold
		{[]string{"one, other", "↓ 3 more lines"}, true},   // below the fold, its first word alike
		{[]string{"one two", "five", "↓ 3 more"}, false},   // broken, above the fold
		{[]string{"one two", "four five"}, false},          // a line dropped
		{[]string{"one two"}, false},                       // cut, no mark
		{[]string{"one two three fo"}, false},              // cut mid-word, no mark
		{[]string{"one two thx…"}, false},                  // not the text
		{[]string{"nothing here"}, false},
	} {
		if got := textProblem(tc.lines, text); (got == "") != tc.ok {
			t.Errorf("%q: %q", tc.lines, got)
		}
	}
}

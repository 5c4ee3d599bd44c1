package common

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// tallRows are n rows of 1 to 3 lines, every seventh a heading, drawn
// with their width and selection; measured ones give their height through
// Measure, counting the calls in measured, and are kept.
func tallRows(n int, measure bool, measured *int) []Row {
	out := make([]Row, n)
	for i := range out {
		h := 1 + i*7%3
		out[i] = Row{Key: fmt.Sprint(i), Selectable: i%7 != 0, Render: func(w int, sel bool) string {
			mark := " "
			if sel {
				mark = ">"
			}
			return strings.TrimSuffix(strings.Repeat(fmt.Sprint(mark, "row ", i, " in ", w, "\n"), h), "\n")
		}}
		if measure {
			out[i].Measure = func() int { *measured++; return h }
			out[i].Kept = true
		} else {
			out[i].Height = h
		}
	}
	return out
}

// TestListMeasuresOnlyWhatItShows: a list of 10,000 measured rows asks for
// the heights of about a screen of rows when it opens, jumps to its end
// and back, and pages: not of every row (a session's timeline lists
// thousands of events).
func TestListMeasuresOnlyWhatItShows(t *testing.T) {
	measured := 0
	l := NewList(DefaultKeyMap())
	l.SetSize(40, 20)
	l.SetRows(tallRows(10000, true, &measured))
	l.View()
	press(l, "G")
	l.View()
	press(l, "g")
	l.View()
	l.Update(tea.KeyMsg{Type: tea.KeyPgDown})
	l.View()
	if measured > 4*20 {
		t.Fatalf("%d rows measured for 4 screens of 20 lines", measured)
	}
	if l.SelectedKey() == "" || !strings.Contains(l.View(), "row ") {
		t.Fatalf("nothing selected or shown:\n%s", l.View())
	}
}

// TestMeasuredListsMoveAsCountedOnes: rows whose height is measured when
// needed scroll, select, click and draw exactly as rows whose height is
// given, over random keys, clicks, wheel scrolls, resizes and refreshes.
func TestMeasuredListsMoveAsCountedOnes(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	measured := 0
	given, lazy := NewList(DefaultKeyMap()), NewList(DefaultKeyMap())
	n := 300
	for _, l := range []*List{given, lazy} {
		l.SetSize(30, 9)
	}
	given.SetRows(tallRows(n, false, nil))
	lazy.SetRows(tallRows(n, true, &measured))
	keys := []string{"j", "k", "G", "g", "pgdown", "pgup"}
	for step := range 3000 {
		var what string
		switch r := rnd.IntN(10); {
		case r < 6:
			k := keys[rnd.IntN(len(keys))]
			what = "key " + k
			msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
			switch k {
			case "pgdown":
				msg = tea.KeyMsg{Type: tea.KeyPgDown}
			case "pgup":
				msg = tea.KeyMsg{Type: tea.KeyPgUp}
			}
			given.Update(msg)
			lazy.Update(msg)
		case r < 7:
			y := rnd.IntN(10)
			what = fmt.Sprint("click ", y)
			if a, b := given.Click(y), lazy.Click(y); a != b {
				t.Fatalf("step %d, %s: %v vs %v", step, what, a, b)
			}
		case r < 8:
			d := rnd.IntN(11) - 5
			what = fmt.Sprint("scroll ", d)
			if a, b := given.Scroll(d), lazy.Scroll(d); a != b {
				t.Fatalf("step %d, %s: %v vs %v", step, what, a, b)
			}
		case r < 9:
			w, h := 20+rnd.IntN(3), 3+rnd.IntN(12)
			what = fmt.Sprint("size ", w, "x", h)
			given.SetSize(w, h)
			lazy.SetSize(w, h)
		default:
			n = 1 + rnd.IntN(400)
			what = fmt.Sprint("rows ", n)
			given.SetRows(tallRows(n, false, nil))
			lazy.SetRows(tallRows(n, true, &measured))
		}
		o1, c1, t1 := given.ScrollInfo()
		o2, c2, t2 := lazy.ScrollInfo()
		if o1 != o2 || c1 != c2 || t1 != t2 || given.View() != lazy.View() {
			t.Fatalf("step %d, %s: offset/cursor/rows %d/%d/%d, measured %d/%d/%d\n%s\n---\n%s", step, what, o1, c1, t1, o2, c2, t2, given.View(), lazy.View())
		}
	}
}

// TestKeptRowsAreDrawnOnce: a kept row is rendered once for a width and
// selection, however often the list is drawn; moving the cursor or
// resizing draws the rows concerned again, and shows it.
func TestKeptRowsAreDrawnOnce(t *testing.T) {
	renders := 0
	rows := tallRows(50, true, new(int))
	for i := range rows {
		render := rows[i].Render
		rows[i].Render = func(w int, sel bool) string { renders++; return render(w, sel) }
	}
	l := NewList(DefaultKeyMap())
	l.SetSize(20, 10)
	l.SetRows(rows)
	first := l.View()
	once := renders
	for range 5 {
		if l.View() != first {
			t.Fatal("a kept row changed with nothing changed")
		}
	}
	if renders != once {
		t.Fatalf("%d renders for 5 more draws of the same list", renders-once)
	}
	press(l, "j")
	if v := l.View(); v == first || !strings.Contains(v, ">row 2 in 20") || strings.Contains(v, ">row 1 ") {
		t.Fatalf("the cursor's move is not drawn:\n%s", v)
	}
	if renders-once != 2 {
		t.Fatalf("%d rows drawn again for a move, want the two concerned", renders-once)
	}
	l.SetSize(22, 10)
	if v := l.View(); !strings.Contains(v, "row 2 in 22") || strings.Contains(v, " in 20") {
		t.Fatalf("the new width is not drawn:\n%s", v)
	}
}

package common

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// bindings returns every binding of the keymap with its field name.
func bindings(km *KeyMap) map[string]key.Binding {
	out := map[string]key.Binding{}
	v := reflect.ValueOf(km).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		name := v.Type().Field(i).Name
		switch b := f.Interface().(type) {
		case key.Binding:
			out[name] = b
		case [4]key.Binding:
			for j, bb := range b {
				out[fmt.Sprintf("%s[%d]", name, j)] = bb
			}
		case [5]key.Binding:
			for j, bb := range b {
				out[fmt.Sprintf("%s[%d]", name, j)] = bb
			}
		}
	}
	return out
}

func TestEveryKeyHasHelp(t *testing.T) {
	for name, b := range bindings(DefaultKeyMap()) {
		if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("%s: keys %v help %+v", name, b.Keys(), b.Help())
		}
	}
}

// Keys that work in the same place must not share a key.
func TestNoClashesWithinAContext(t *testing.T) {
	km := DefaultKeyMap()
	contexts := map[string][]key.Binding{
		"global":   {km.Quit, km.ForceQuit, km.Help, km.NextPane, km.PrevPane, km.Back, km.Search, km.Pane[0], km.Pane[1], km.Pane[2], km.Pane[3]},
		"reader":   {km.LineDown, km.LineUp, km.HalfDown, km.HalfUp, km.ReadPageDown, km.ReadPageUp, km.ReadTop, km.ReadBottom, km.Find, km.NextMatch, km.PrevMatch, km.PrevArticle, km.NextArticle, km.Translation, km.Attach, km.Quit, km.Help, km.NextPane, km.Back, km.Search},
		"list":     {km.Up, km.Down, km.Top, km.Bottom, km.PageUp, km.PageDown, km.Open, km.Quit, km.Help, km.NextPane, km.Back, km.Search},
		"roadmap":  {km.Up, km.Down, km.Top, km.Bottom, km.Open, km.Status, km.EditNote, km.Undo, km.ItemHistory, km.RemoveEvidence, km.Accept, km.Quit, km.Help, km.NextPane, km.Search, km.Pane[0]},
		"status":   {km.StatusPick[0], km.StatusPick[1], km.StatusPick[2], km.StatusPick[3], km.StatusPick[4], km.Up, km.Down, km.Submit, km.Leave},
		"timeline": {km.Up, km.Down, km.Open, km.Order, km.FilterBySearch, km.ShowPublished, km.ShowContext, km.ShowPlanned, km.ShowAll, km.Quit, km.Help, km.Search},
	}
	for ctx, bs := range contexts {
		seen := map[string]string{}
		for _, b := range bs {
			for _, k := range b.Keys() {
				if prev, dup := seen[k]; dup && prev != b.Help().Desc {
					t.Errorf("%s: %q is both %q and %q", ctx, k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
}

// A key that changes shared data is never a key that moves around, in any
// pane: pressed in the wrong pane, it can only do nothing.
func TestChangingKeysAreNeverNavigation(t *testing.T) {
	km := DefaultKeyMap()
	changing := []key.Binding{km.Status, km.Undo, km.RemoveEvidence, km.Accept}
	navigation := []key.Binding{km.Up, km.Down, km.Top, km.Bottom, km.PageUp, km.PageDown, km.Open,
		km.LineDown, km.LineUp, km.HalfDown, km.HalfUp, km.ReadPageDown, km.ReadPageUp, km.ReadTop, km.ReadBottom,
		km.NextMatch, km.PrevMatch, km.PrevArticle, km.NextArticle, km.Translation, km.Find,
		km.NextPane, km.PrevPane, km.Back, km.Search, km.Help, km.Quit, km.Order, km.FilterBySearch,
		km.ShowPublished, km.ShowContext, km.ShowPlanned, km.ShowAll, km.ItemHistory, km.Pane[0], km.Pane[1], km.Pane[2], km.Pane[3]}
	nav := map[string]string{}
	for _, b := range navigation {
		for _, k := range b.Keys() {
			nav[k] = b.Help().Desc
		}
	}
	for _, b := range changing {
		for _, k := range b.Keys() {
			if what, ok := nav[k]; ok {
				t.Errorf("%q changes reviews (%s) and also moves (%s)", k, b.Help().Desc, what)
			}
		}
	}
}

func TestListClickSelectsTheRowUnderThePointer(t *testing.T) {
	l := NewList(DefaultKeyMap())
	l.SetSize(20, 5)
	l.SetRows(rows(20, func(i int) bool { return i%5 == 0 }))
	if !l.Click(3) || l.SelectedKey() != "3" {
		t.Errorf("click on line 3: %q", l.SelectedKey())
	}
	if l.Click(0) || l.SelectedKey() != "3" {
		t.Errorf("a click on a heading moved the cursor to %q", l.SelectedKey())
	}
	if l.Click(9) {
		t.Error("a click below the rows selected something")
	}
}

func rows(n int, heading func(i int) bool) []Row {
	var out []Row
	for i := 0; i < n; i++ {
		i := i
		out = append(out, Row{Key: fmt.Sprint(i), Selectable: !heading(i), Render: func(int, bool) string { return fmt.Sprint("row ", i) }})
	}
	return out
}

func press(l *List, s string) {
	for _, r := range s {
		l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func TestListSkipsHeadingsAndScrolls(t *testing.T) {
	l := NewList(DefaultKeyMap())
	l.SetSize(20, 4)
	l.SetRows(rows(20, func(i int) bool { return i%5 == 0 })) // 0, 5, 10, 15 are headings
	if l.SelectedKey() != "1" {
		t.Fatalf("first selection %q, want the first entry after the heading", l.SelectedKey())
	}
	press(l, "jjjj")
	if l.SelectedKey() != "6" {
		t.Fatalf("after 4 down: %q, want 6 (heading 5 skipped)", l.SelectedKey())
	}
	view := l.View()
	if !strings.Contains(view, "row 6") || strings.Count(view, "\n") != 3 {
		t.Fatalf("cursor row not visible or wrong height:\n%s", view)
	}
	press(l, "G")
	if l.SelectedKey() != "19" {
		t.Fatalf("G: %q", l.SelectedKey())
	}
	press(l, "g")
	if off, _, _ := l.ScrollInfo(); l.SelectedKey() != "1" || off != 0 {
		t.Fatalf("g: %q offset %d (the heading above must show)", l.SelectedKey(), off)
	}
	// Refreshing keeps the cursor on the same row.
	press(l, "jj")
	l.SetRows(rows(20, func(i int) bool { return i%5 == 0 }))
	if l.SelectedKey() != "3" {
		t.Fatalf("after refresh: %q", l.SelectedKey())
	}
}

func TestTruncateKeepsCells(t *testing.T) {
	for _, s := range []string{"Казахстан", "中文标题很长很长", "emoji 🔋⚡ here", "plain ascii text"} {
		for w := 1; w < 12; w++ {
			got := PadRight(s, w)
			if Width(got) != w {
				t.Errorf("PadRight(%q, %d) = %q (%d cells)", s, w, got, Width(got))
			}
		}
	}
}

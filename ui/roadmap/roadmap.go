// Package roadmap is the Roadmap pane: the partnership's commitments from
// the catalogue, grouped by document and area, each with its review status.
package roadmap

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model/roadmap"
	"dossier/ui/common"
)

// Model is the Roadmap pane.
type Model struct {
	c    common.Common
	list *common.List
}

// New returns the pane for the catalogue in c.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys)}
	m.refresh()
	return m
}

// Init does nothing.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.list.SetSize(w, h)
}

func (m *Model) refresh() {
	s := m.c.Styles
	var rows []common.Row
	doc := ""
	for _, g := range m.c.Roadmap.Groups {
		if g.Document != doc {
			doc = g.Document
			title := g.Document
			rows = append(rows, common.Row{Key: "d:" + title, Render: func(w int, _ bool) string {
				return common.PadRight(s.Group.Render(title), w)
			}})
		}
		if g.Area != "" {
			area := g.Area
			rows = append(rows, common.Row{Key: "a:" + doc + area, Render: func(w int, _ bool) string {
				return common.PadRight(s.Muted.Render(" "+area), w)
			}})
		}
		for _, it := range g.Items {
			rows = append(rows, common.Row{Key: it.ID, Selectable: true, Render: m.itemRenderer(it)})
		}
	}
	m.list.SetRows(rows)
}

func (m *Model) itemRenderer(it roadmap.Item) func(int, bool) string {
	s := m.c.Styles
	return func(w int, sel bool) string {
		marker := "  "
		text := s.Text
		if sel {
			marker = s.Cursor.Render("› ")
			text = s.Bold
		}
		left := marker + s.Muted.Render("○ ") + s.Accent.Render(fmt.Sprintf("%-8s", it.ID)) + " "
		return common.PadRight(left+text.Render(common.OneLine(it.Text)), w)
	}
}

// Update handles keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		m.list.Update(k)
	}
	return m, nil
}

// View draws the checklist.
func (m *Model) View() string {
	if m.c.Width <= 0 || m.c.Height <= 0 {
		return ""
	}
	return strings.TrimRight(m.list.View(), "")
}

// WantsKey is false: the roadmap uses the global keys.
func (m *Model) WantsKey(tea.KeyMsg) bool { return false }

// Dirty is false.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the main keys.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.c.Keys.Up, m.c.Keys.Down} }

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}}
}

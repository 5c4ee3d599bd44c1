package search

import tea "github.com/charmbracelet/bubbletea"

// Scroll scrolls the result list by n rows (the mouse wheel).
func (m *Model) Scroll(n int) tea.Cmd {
	if m.list.Scroll(n) {
		return m.previewSelected()
	}
	return nil
}

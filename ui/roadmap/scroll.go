package roadmap

import tea "github.com/charmbracelet/bubbletea"

// Scroll scrolls the list on screen, the items or an item's evidence and
// history, by n rows (the mouse wheel).
func (m *Model) Scroll(n int) tea.Cmd {
	switch m.mode {
	case modeDetail, modeHistory:
		m.detail.Scroll(n)
		return nil
	case modeList, modeAttach:
		if m.lst().Scroll(n) {
			return m.previewSelected()
		}
	}
	return nil
}

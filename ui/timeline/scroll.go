package timeline

import tea "github.com/charmbracelet/bubbletea"

// Scroll scrolls the list on screen, the events or an event's articles,
// by n rows (the mouse wheel).
func (m *Model) Scroll(n int) tea.Cmd {
	if m.mode == modeChooser {
		m.chooser.Scroll(n)
		return nil
	}
	if m.list.Scroll(n) {
		return m.previewSelected()
	}
	return nil
}

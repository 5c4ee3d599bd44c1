package common

import (
	"fmt"

	"github.com/charmbracelet/lipgloss"
)

// Styles are every style the dashboard draws with, made from one session's
// renderer so each SSH user gets their own colour profile.
type Styles struct {
	Theme   Theme
	Palette Palette
	// Look names what these styles draw: sessions whose styles have the
	// same Look draw the same text the same (their renderers' colour
	// profile and the theme are the same), so a drawing can be shared.
	Look string

	App           lipgloss.Style
	Header        lipgloss.Style
	HeaderTitle   lipgloss.Style
	Tab           lipgloss.Style
	ActiveTab     lipgloss.Style
	Edge          lipgloss.Style  // colour of an unfocused pane's border
	FocusedEdge   lipgloss.Style  // colour of the focused pane's border
	Border        lipgloss.Border // glyphs of an unfocused pane's border
	FocusedBorder lipgloss.Border // glyphs of the focused pane's border (thick: visible without colour)
	PaneTitle     lipgloss.Style
	FocusedTitle  lipgloss.Style

	Text     lipgloss.Style
	Muted    lipgloss.Style
	Faint    lipgloss.Style
	Bold     lipgloss.Style
	Accent   lipgloss.Style
	Error    lipgloss.Style
	Warning  lipgloss.Style
	Success  lipgloss.Style
	Info     lipgloss.Style
	Selected lipgloss.Style // the row under the cursor
	Cursor   lipgloss.Style // the cursor mark in lists
	Match    lipgloss.Style // a search match inside text
	Group    lipgloss.Style // a group heading inside a list
	New      lipgloss.Style // the mark of an article new for you (NewTag)

	// MarkOpen and MarkClose surround matches where colours are not
	// available (mono), so matches stay visible.
	MarkOpen, MarkClose string

	Prompt      lipgloss.Style
	Placeholder lipgloss.Style

	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style
	HelpSep  lipgloss.Style
}

// NewStyles builds the styles of a resolved theme on renderer r.
func NewStyles(r *lipgloss.Renderer, t Theme) *Styles {
	p := PaletteFor(t)
	s := &Styles{Theme: t, Palette: p, Look: fmt.Sprintf("%d/%d", r.ColorProfile(), t)}
	ns := r.NewStyle
	s.App = ns()
	s.Header = ns().Foreground(p.Muted)
	s.HeaderTitle = ns().Bold(true).Foreground(p.Accent)
	s.Tab = ns().Foreground(p.Muted).Padding(0, 1)
	s.ActiveTab = ns().Bold(true).Foreground(p.AccentText).Background(p.Accent).Padding(0, 1)
	s.Edge = ns().Foreground(p.Border)
	s.FocusedEdge = ns().Foreground(p.FocusBorder)
	s.Border, s.FocusedBorder = lipgloss.RoundedBorder(), lipgloss.ThickBorder()
	s.PaneTitle = ns().Foreground(p.Muted)
	s.FocusedTitle = ns().Bold(true).Foreground(p.Accent)
	s.Text = ns().Foreground(p.Text)
	s.Muted = ns().Foreground(p.Muted)
	s.Faint = ns().Foreground(p.Faint)
	s.Bold = ns().Bold(true).Foreground(p.Text)
	s.Accent = ns().Foreground(p.Accent)
	s.Error = ns().Foreground(p.Error)
	s.Warning = ns().Foreground(p.Warning)
	s.Success = ns().Foreground(p.Success)
	s.Info = ns().Foreground(p.Info)
	s.Selected = ns().Background(p.SelectedBG)
	s.Cursor = ns().Bold(true).Foreground(p.Accent)
	s.Match = ns().Reverse(true)
	s.Group = ns().Bold(true).Foreground(p.Info)
	s.New = ns().Bold(true).Foreground(p.Accent)
	s.Prompt = ns().Foreground(p.Accent)
	s.Placeholder = ns().Foreground(p.Faint)
	s.HelpKey = ns().Foreground(p.Accent)
	s.HelpDesc = ns().Foreground(p.Muted)
	s.HelpSep = ns().Foreground(p.Faint)
	if t == ThemeMono {
		s.MarkOpen, s.MarkClose = "«", "»"
	}
	return s
}

// Mark renders matched text: styled where colours exist, bracketed in mono.
func (s *Styles) Mark(text string) string {
	return s.Match.Render(s.MarkOpen + text + s.MarkClose)
}

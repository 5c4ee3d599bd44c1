package common

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/model"
	"dossier/model/roadmap"
)

// Common is what every component gets, by value: its size, the session's
// renderer and styles, the keymap, and the shared read-only data.
type Common struct {
	Width, Height int
	Renderer      *lipgloss.Renderer
	Profile       termenv.Profile
	Styles        *Styles
	Keys          *KeyMap
	Corpus        *model.Corpus
	Index         *index.Index
	Roadmap       *roadmap.Catalogue
	Mouse         bool
}

// SetSize returns a copy with another size.
func (c Common) SetSize(w, h int) Common {
	c.Width, c.Height = w, h
	return c
}

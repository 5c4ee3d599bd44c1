package common

import (
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/timeline"
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
	Timeline      *timeline.Shared // extracted once for all sessions
	Store         review.Store     // nil when reviews are off (read-only)
	Reviewer      string           // who this session's changes are recorded as
	Mouse         bool
	// Poll is how often panes look for changes other processes made to the
	// review store; zero turns the watching off (tests).
	Poll time.Duration
}

// SetSize returns a copy with another size.
func (c Common) SetSize(w, h int) Common {
	c.Width, c.Height = w, h
	return c
}

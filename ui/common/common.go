package common

import (
	"context"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model/review"
	"dossier/model/roadmap"
	tl "dossier/model/timeline"
)

// Common is what every component gets, by value: its size, the session's
// context, renderer and styles, the keymap, and the shared data. The
// corpus itself comes and changes through DataMsg, never through Common.
type Common struct {
	Width, Height int
	Ctx           context.Context // ends with the session
	Renderer      *lipgloss.Renderer
	Profile       termenv.Profile
	Styles        *Styles
	Keys          *KeyMap
	Feed          *library.Feed // the corpus: loading, then followed
	Roadmap       *roadmap.Catalogue
	Milestones    []tl.Milestone // the catalogue's dated milestones (shared: read only)
	Store         review.Store   // nil when reviews are off
	Reviewer      string         // who this session's changes are recorded as
	Lang          string         // the reader's language (search shows an article in it where the query's words do not decide)
	Mouse         bool
	Hyperlinks    bool // the terminal shows OSC 8 hyperlinks: web addresses are links
	// Out is the session's terminal output, for sequences of its own (the
	// clipboard); nil when there is none.
	Out *Output
	// Links relates articles and the roadmap's items (concerns, suggestions).
	Links *Links
	// Editor is the command E edits a note with ($VISUAL or $EDITOR), ""
	// when E is not offered; Remote says the session is over SSH (why not).
	Editor string
	Remote bool
	// Poll is how often panes look for changes other processes made to the
	// review store; zero turns the watching off (tests).
	Poll time.Duration
	// Clock is the time now (nil: time.Now); tests fix it so that "quiet
	// for 14 months" does not age.
	Clock func() time.Time
}

// Now is the time by the session's clock.
func (c Common) Now() time.Time {
	if c.Clock == nil {
		return time.Now()
	}
	return c.Clock()
}

// Context is the session's context (Background when none was given).
func (c Common) Context() context.Context {
	if c.Ctx == nil {
		return context.Background()
	}
	return c.Ctx
}

// SetSize returns a copy with another size.
func (c Common) SetSize(w, h int) Common {
	c.Width, c.Height = w, h
	return c
}

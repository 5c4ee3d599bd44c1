package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model/review"
	"dossier/model/roadmap"
	tl "dossier/model/timeline"
	"dossier/ui/common"
)

// Shared is what every session of one process shares.
type Shared struct {
	Feed    *library.Feed // the corpus, loading in the background, then followed
	Roadmap *roadmap.Catalogue
	Store   review.Store // nil: reviews are off
	// Milestones are the catalogue's dated milestones, made once for every
	// session (WithMilestones); nil: each session makes its own.
	Milestones []tl.Milestone
}

// WithMilestones returns sh with its catalogue's milestones made, once
// for every session it serves.
func (sh Shared) WithMilestones() Shared {
	if sh.Milestones == nil && sh.Roadmap != nil {
		sh.Milestones = tl.Milestones(sh.Roadmap)
	}
	return sh
}

// PollEvery is how often a session looks for review changes made elsewhere.
const PollEvery = time.Second

// SessionOptions are one user's choices.
type SessionOptions struct {
	Theme    common.Theme
	Mouse    bool
	Term     string          // the terminal's TERM, for hyperlinks
	Lang     string          // the reader's language: search shows an article in it where the query's words do not decide
	Reviewer string          // recorded with every change
	Ctx      context.Context // ends with the session (nil: never)
	Out      *common.Output  // the terminal output the program writes to, for the clipboard (nil: none)
	Editor   string          // $VISUAL or $EDITOR when dossier runs locally: E edits notes there
	Remote   bool            // the session is over SSH (E is not offered)
}

// NewCommon makes the Common value of one session from its renderer: the
// colour profile comes from the renderer (Ascii for NO_COLOR), the theme is
// resolved against the background the caller determined.
func NewCommon(r *lipgloss.Renderer, dark bool, sh Shared, o SessionOptions) common.Common {
	profile := r.ColorProfile()
	theme := o.Theme.Resolve(profile, dark)
	sh = sh.WithMilestones()
	ctx := o.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return common.Common{
		Ctx:        ctx,
		Renderer:   r,
		Profile:    profile,
		Styles:     common.NewStyles(r, theme),
		Keys:       common.DefaultKeyMap(),
		Feed:       sh.Feed,
		Roadmap:    sh.Roadmap,
		Milestones: sh.Milestones,
		Store:      sh.Store,
		Reviewer:   o.Reviewer,
		Lang:       o.Lang,
		Hyperlinks: common.HyperlinksFor(o.Term, profile),
		Mouse:      o.Mouse,
		Poll:       PollEvery,
		Out:        o.Out,
		Links:      common.NewLinks(sh.Roadmap, sh.Store),
		Editor:     o.Editor,
		Remote:     o.Remote,
	}
}

// ProfileFor returns the colour profile for an environment: Ascii when
// NO_COLOR is set (to anything), else the detected one.
func ProfileFor(noColor bool, detected termenv.Profile) termenv.Profile {
	if noColor {
		return termenv.Ascii
	}
	return detected
}

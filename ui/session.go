package ui

import (
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/timeline"
	"dossier/ui/common"
)

// Shared is what every session of one process shares.
type Shared struct {
	Corpus   *model.Corpus
	Index    *index.Index
	Roadmap  *roadmap.Catalogue
	Timeline *timeline.Shared // nil: each session extracts its own
	Store    review.Store     // nil: reviews are read-only
}

// PollEvery is how often a session looks for review changes made elsewhere.
const PollEvery = time.Second

// SessionOptions are one user's choices.
type SessionOptions struct {
	Theme    common.Theme
	Mouse    bool
	Reviewer string // recorded with every change
}

// NewCommon makes the Common value of one session from its renderer: the
// colour profile comes from the renderer (Ascii for NO_COLOR), the theme is
// resolved against the background the caller determined.
func NewCommon(r *lipgloss.Renderer, dark bool, sh Shared, o SessionOptions) common.Common {
	profile := r.ColorProfile()
	theme := o.Theme.Resolve(profile, dark)
	return common.Common{
		Renderer: r,
		Profile:  profile,
		Styles:   common.NewStyles(r, theme),
		Keys:     common.DefaultKeyMap(),
		Corpus:   sh.Corpus,
		Index:    sh.Index,
		Roadmap:  sh.Roadmap,
		Timeline: sh.Timeline,
		Store:    sh.Store,
		Reviewer: o.Reviewer,
		Mouse:    o.Mouse,
		Poll:     PollEvery,
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

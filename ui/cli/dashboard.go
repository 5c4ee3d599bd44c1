package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	"dossier/seeds"
	"dossier/ui"
	"dossier/ui/common"
	"dossier/ui/timeline"
)

// DashboardOptions are the flags of the dashboard.
type DashboardOptions struct {
	Sources
	DataOptions
	Theme       string
	Mouse       bool
	RoadmapFile string
}

// maxRoadmapBytes bounds a --roadmap file (the embedded one is 7 KiB).
const maxRoadmapBytes = 1 << 20

// LoadRoadmap reads the catalogue from a file, or the embedded one.
func LoadRoadmap(file string) (*roadmap.Catalogue, error) {
	if file == "" {
		return roadmap.Parse("seeds/roadmap.md", seeds.Roadmap)
	}
	data, err := model.ReadRegular(file, maxRoadmapBytes)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--roadmap %s: %w", model.Escape(file), err)}
	}
	cat, err := roadmap.Parse(file, data)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--roadmap: the catalogue has errors:\n%w", err)}
	}
	return cat, nil
}

// LoadShared reads the synonyms and roadmap, opens the review store, and
// starts loading the corpus in the background (the dashboard shows its
// progress and fills in as it comes), then follows its folders unless
// src.NoWatch. close stops following, releases the corpus and then the
// store, so writes that finished are committed.
func LoadShared(ctx context.Context, src Sources, roadmapFile string, data DataOptions, warn io.Writer) (sh ui.Shared, close func(), err error) {
	opts, err := LibraryOptions(src, warn)
	if err != nil {
		return ui.Shared{}, nil, err
	}
	cat, err := LoadRoadmap(roadmapFile)
	if err != nil {
		return ui.Shared{}, nil, err
	}
	// The corpus starts loading, and the timeline its kept index keeps
	// is read, while the store opens.
	opts.Deriver = library.TimelineDeriver()
	var feed *library.Feed
	if src.NoWatch {
		feed = library.Start(ctx, opts)
	} else {
		feed = library.Follow(ctx, opts, library.FollowOptions{})
	}
	timeline.Prefetch(ctx, feed, cat)
	st, err := OpenStore(data)
	if err != nil {
		feed.Close()
		return ui.Shared{}, nil, err
	}
	sh = ui.Shared{Feed: feed, Roadmap: cat, Store: st}.WithMilestones()
	return sh, func() { feed.Close(); st.Close() }, nil
}

// dashboardFPS is the local dashboard's drawing rate (bubbletea's highest).
const dashboardFPS = 120

// Dashboard runs the interactive dashboard on the terminal.
func Dashboard(ctx context.Context, o DashboardOptions, stdin io.Reader, stdout *os.File, stderr io.Writer) error {
	theme, err := common.ParseTheme(o.Theme)
	if err != nil {
		return UsageError{err}
	}
	// Warnings about the corpus would scribble over the dashboard: they are
	// counted in the header instead, and the notices shown in its footer.
	sh, closeShared, err := LoadShared(ctx, o.Sources, o.RoadmapFile, o.DataOptions, io.Discard)
	if err != nil {
		return err
	}
	defer closeShared()
	r := lipgloss.NewRenderer(stdout)
	_, noColor := os.LookupEnv("NO_COLOR")
	r.SetColorProfile(ui.ProfileFor(noColor, r.ColorProfile()))
	dark := true
	if theme == common.ThemeAuto && !noColor {
		dark = r.HasDarkBackground()
	}
	// The program and the clipboard (OSC 52) write the terminal through one Output.
	out := common.NewOutput(stdout)
	c := ui.NewCommon(r, dark, sh, ui.SessionOptions{Theme: theme, Mouse: o.Mouse, Term: os.Getenv("TERM"), Lang: o.Sources.ReaderLang(), Reviewer: Reviewer(o.As), Ctx: ctx,
		Out: out, Editor: Editor(os.Getenv)})
	// The renderer draws on a ticker: at its highest rate the first frame
	// and every key's echo wait at most 8 ms (it draws only what changed).
	// SIGINT and SIGTERM end ctx (main), which ends the program: bubbletea's
	// own handler would race it and hang its shutdown (v1.3.10 sends the
	// signal's message to an event loop that has already returned).
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(out.Writer()),
		tea.WithFPS(dashboardFPS), tea.WithoutSignalHandler()}
	if o.Mouse {
		opts = append(opts, tea.WithMouseCellMotion())
	}
	_, err = tea.NewProgram(ui.New(c), opts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted by a signal: a normal way to leave
	}
	return err
}

// Editor is the command a note is edited with outside the dashboard (E):
// $VISUAL, else $EDITOR, else "" (E is not offered).
func Editor(getenv func(string) string) string {
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
	}
	return ""
}

package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dossier/index"
	"dossier/model/roadmap"
	"dossier/model/timeline"
	"dossier/seeds"
	"dossier/ui"
	"dossier/ui/common"
)

// DashboardOptions are the flags of the dashboard.
type DashboardOptions struct {
	Sources
	DataOptions
	Theme       string
	Mouse       bool
	RoadmapFile string
}

// LoadRoadmap reads the catalogue from a file, or the embedded one.
func LoadRoadmap(file string) (*roadmap.Catalogue, error) {
	if file == "" {
		return roadmap.Parse("seeds/roadmap.md", seeds.Roadmap)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--roadmap: %w", err)}
	}
	cat, err := roadmap.Parse(file, data)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--roadmap: the catalogue has errors:\n%w", err)}
	}
	return cat, nil
}

// LoadShared loads the corpus, synonyms and roadmap, opens the review
// store, and starts the index build in the background (the dashboard shows
// its progress). close releases the index and then the store, so writes
// that finished are committed.
func LoadShared(ctx context.Context, src Sources, roadmapFile string, data DataOptions, warn io.Writer) (sh ui.Shared, close func(), err error) {
	corpus, err := LoadCorpus(src, warn)
	if err != nil {
		return ui.Shared{}, nil, err
	}
	syn, err := LoadSynonyms(src)
	if err != nil {
		return ui.Shared{}, nil, err
	}
	cat, err := LoadRoadmap(roadmapFile)
	if err != nil {
		return ui.Shared{}, nil, err
	}
	st, err := OpenStore(data)
	if err != nil {
		return ui.Shared{}, nil, err
	}
	ix, err := index.New(corpus, index.Options{Synonyms: syn})
	if err != nil {
		st.Close()
		return ui.Shared{}, nil, err
	}
	go BuildIndex(ctx, ix) //nolint:errcheck // the dashboard reports ix.Err()
	sh = ui.Shared{Corpus: corpus, Index: ix, Roadmap: cat, Timeline: timeline.NewShared(corpus), Store: st}
	return sh, func() { ix.Close(); st.Close() }, nil
}

// Dashboard runs the interactive dashboard on the terminal.
func Dashboard(ctx context.Context, o DashboardOptions, stdin io.Reader, stdout *os.File, stderr io.Writer) error {
	theme, err := common.ParseTheme(o.Theme)
	if err != nil {
		return UsageError{err}
	}
	sh, closeShared, err := LoadShared(ctx, o.Sources, o.RoadmapFile, o.DataOptions, stderr)
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
	c := ui.NewCommon(r, dark, sh, ui.SessionOptions{Theme: theme, Mouse: o.Mouse, Reviewer: Reviewer(o.As)})
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout)}
	if o.Mouse {
		opts = append(opts, tea.WithMouseCellMotion())
	}
	_, err = tea.NewProgram(ui.New(c), opts...).Run()
	if err == tea.ErrProgramKilled && ctx.Err() != nil {
		return nil // interrupted by a signal: a normal way to leave
	}
	return err
}

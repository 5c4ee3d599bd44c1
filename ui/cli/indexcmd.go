package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"dossier/index/library"
	"dossier/model"
)

// IndexOptions are the flags of `dossier index`.
type IndexOptions struct {
	Sources
	Rebuild bool
	JSON    bool
}

// Index shows where a corpus's kept index lives and what state it is in, or
// rebuilds it from scratch.
func Index(ctx context.Context, o IndexOptions, out, errOut io.Writer) error {
	if len(o.CorpusDirs) == 0 || o.NoCache {
		fmt.Fprintln(out, "nothing is kept: the embedded seeds (and any corpus with --no-cache) are indexed in memory at start, in milliseconds.")
		fmt.Fprintln(out, "Give --corpus DIR to see the kept index of a folder.")
		return nil
	}
	opts, err := LibraryOptions(o.Sources, errOut)
	if err != nil {
		return err
	}
	if o.Rebuild {
		start := time.Now()
		lib, err := library.Rebuild(ctx, opts)
		if errors.Is(err, library.ErrBusy) {
			return err
		}
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		n := lib.Snapshot().Corpus.Len()
		lib.Close()
		fmt.Fprintf(out, "rebuilt: %d articles in %.1f s\n", n, time.Since(start).Seconds())
	}
	st, err := library.Inspect(opts)
	if err != nil {
		return err
	}
	skipped, err := skippedFiles(ctx, o.Sources)
	if err != nil {
		return err
	}
	if o.JSON {
		type skip struct {
			Path   string `json:"path"`
			Reason string `json:"reason"`
		}
		list := make([]skip, len(skipped))
		for i, w := range skipped {
			list[i] = skip{w.Path, w.Reason}
		}
		var built *time.Time
		if !st.Built.IsZero() {
			built = &st.Built
		}
		return writeJSON(out, struct {
			Place       string     `json:"place"`
			Folders     []string   `json:"folders"`
			Bytes       int64      `json:"bytes"`
			Generation  string     `json:"generation"`
			Generations int        `json:"generations"`
			Articles    int        `json:"articles"`
			Built       *time.Time `json:"built"`
			State       string     `json:"state"`
			Changes     string     `json:"changes,omitempty"`
			Skipped     []skip     `json:"skipped"`
		}{st.Dir, st.Folders, st.Bytes, st.Gen, st.Generations, st.Articles, built, st.State, st.Changes, list}, true)
	}
	row := func(k, v string) { fmt.Fprintf(out, "  %-9s %s\n", k, v) }
	for i, f := range st.Folders {
		label := "folder"
		if len(st.Folders) > 1 {
			label = fmt.Sprintf("folder %d", i+1)
		}
		row(label, model.Escape(f))
	}
	row("place", model.Escape(st.Dir))
	gens := "generation"
	if st.Generations != 1 {
		gens += "s"
	}
	row("size", fmt.Sprintf("%s (%d %s)", model.HumanBytes(st.Bytes), st.Generations, gens))
	if st.Gen != "" {
		row("articles", fmt.Sprint(st.Articles))
		row("built", st.Built.Local().Format(time.DateTime)+" ("+st.Gen+")")
	}
	row("state", st.State)
	if st.Changes != "" {
		row("changes", st.Changes)
	}
	if len(skipped) == 0 {
		row("skipped", "no file")
		return nil
	}
	row("skipped", plural(len(skipped), "file")+" (not read, or only in part):")
	for _, w := range skipped {
		fmt.Fprintf(out, "    %s\n", w)
	}
	return nil
}

// skippedFiles lists the files of the corpus folders that are skipped or
// only partly understood, and why, as opening the corpus finds them.
func skippedFiles(ctx context.Context, src Sources) ([]model.Warning, error) {
	var list []model.Warning
	opts, err := LibraryOptions(src, io.Discard)
	if err != nil {
		return nil, err
	}
	opts.Warn = func(w model.Warning) { list = append(list, w) }
	lib, err := library.Open(ctx, opts)
	if err != nil && !errors.Is(err, library.ErrEmpty) {
		return nil, err
	}
	if lib != nil {
		lib.Close()
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return list, nil
}

// plural is "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

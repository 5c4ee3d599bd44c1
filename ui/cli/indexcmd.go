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
	Verify  bool // checksum every index file whole; a damaged index is set aside and rebuilt
	Follow  bool // keep the index current until interrupted (FollowIndex)
	JSON    bool
}

// Index shows where a corpus's kept index lives and what state it is in, or
// rebuilds it from scratch, or verifies it (exit status 1 when it was
// damaged).
func Index(ctx context.Context, o IndexOptions, out, errOut io.Writer) error {
	if o.Follow {
		return FollowIndex(ctx, o, out, errOut)
	}
	if len(o.CorpusDirs) == 0 || o.NoCache {
		fmt.Fprintln(out, "nothing is kept: the embedded seeds (and any corpus with --no-cache) are indexed in memory at start, in milliseconds.")
		fmt.Fprintln(out, "Give --corpus DIR to see the kept index of a folder.")
		return nil
	}
	opts, err := LibraryOptions(o.Sources, errOut)
	if err != nil {
		return err
	}
	opts.BuildMemory = BuildMemoryForOneShot()
	if o.Rebuild {
		start := time.Now()
		lib, err := library.Rebuild(ctx, withProgress(opts, errOut))
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
	var v *library.Verified
	if o.Verify {
		got, err := library.Verify(ctx, opts)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		v = &got
	}
	st, err := library.Inspect(opts)
	if err != nil {
		return err
	}
	skipped, err := skippedFiles(ctx, o.Sources)
	if err != nil {
		return err
	}
	if err := printIndex(out, st, v, skipped, o.JSON); err != nil {
		return err
	}
	if v != nil && v.Damage != "" {
		return errors.New("verify: the kept index was damaged (see above)")
	}
	return nil
}

// verifiedJSON is what --verify found, in --json.
type verifiedJSON struct {
	Files   int     `json:"files"`
	Bytes   int64   `json:"bytes"`
	Seconds float64 `json:"seconds"`
	Damage  string  `json:"damage,omitempty"`
	Rebuilt string  `json:"rebuilt,omitempty"`
}

// skipJSON is a file of the corpus folders that was skipped, in --json.
type skipJSON struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// printIndex prints the state of a kept index, what --verify found, and
// the files of the corpus folders that are skipped, and why.
func printIndex(out io.Writer, st library.Status, v *library.Verified, skipped []model.Warning, asJSON bool) error {
	var vj *verifiedJSON
	if v != nil {
		vj = &verifiedJSON{v.Files, v.Bytes, v.Took.Seconds(), v.Damage, v.Rebuilt}
	}
	if asJSON {
		list := make([]skipJSON, len(skipped))
		for i, w := range skipped {
			list[i] = skipJSON{w.Path, w.Reason}
		}
		var built *time.Time
		if !st.Built.IsZero() {
			built = &st.Built
		}
		return writeJSON(out, struct {
			Place       string        `json:"place"`
			Folders     []string      `json:"folders"`
			Bytes       int64         `json:"bytes"`
			Generation  string        `json:"generation"`
			Generations int           `json:"generations"`
			Articles    int           `json:"articles"`
			Built       *time.Time    `json:"built"`
			State       string        `json:"state"`
			Changes     string        `json:"changes,omitempty"`
			Followed    bool          `json:"followed"`
			Verified    *verifiedJSON `json:"verified,omitempty"`
			Skipped     []skipJSON    `json:"skipped"`
		}{st.Dir, st.Folders, st.Bytes, st.Gen, st.Generations, st.Articles, built, st.State, st.Changes, st.Followed, vj, list}, true)
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
	if v != nil {
		row("verified", verifiedLine(*v))
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

// plural is "1 file", "2 files", "10,000 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// verifiedLine says what --verify found.
func verifiedLine(v library.Verified) string {
	switch {
	case v.Damage != "" && v.Rebuilt != "":
		return "damaged: " + model.Escape(v.Damage) + "; set aside and rebuilt (" + v.Rebuilt + ")"
	case v.Damage != "":
		return "damaged: " + model.Escape(v.Damage)
	case v.Gen == "":
		return "nothing to verify (not built yet)"
	}
	noun := "files"
	if v.Files == 1 {
		noun = "file"
	}
	return fmt.Sprintf("%s: all %d index %s match their checksums (%s read in %.1f s)", v.Gen, v.Files, noun, model.HumanBytes(v.Bytes), v.Took.Seconds())
}

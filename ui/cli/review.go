package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/briefing"
	"dossier/model/review"
	"dossier/model/roadmap"
)

// ReviewEnv is what the review commands need: the corpus and catalogue
// sources, the data directory and the reviewer.
type ReviewEnv struct {
	Sources
	DataOptions
	RoadmapFile string
	Width       int // cut text output to this many terminal columns; 0 never cuts
}

// open loads the catalogue and corpus and opens the store.
func (e ReviewEnv) open(errOut io.Writer) (*roadmap.Catalogue, *model.Corpus, review.Store, error) {
	cat, err := LoadRoadmap(e.RoadmapFile)
	if err != nil {
		return nil, nil, nil, err
	}
	corpus, err := LoadCorpus(e.Sources, errOut)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := OpenStore(e.DataOptions)
	if err != nil {
		return nil, nil, nil, err
	}
	return cat, corpus, st, nil
}

func (e ReviewEnv) briefing(ctx context.Context, errOut io.Writer) (briefing.Briefing, error) {
	cat, corpus, st, err := e.open(errOut)
	if err != nil {
		return briefing.Briefing{}, err
	}
	defer st.Close()
	SayReadOnly(st, errOut)
	all, err := st.All(ctx)
	if err != nil {
		return briefing.Briefing{}, err
	}
	return briefing.Build(cat, all, corpus, time.Now()), nil
}

// Roadmap prints the checklist with each item's review. Text is cut to
// e.Width columns only when that is set (on a terminal, its width).
func Roadmap(ctx context.Context, e ReviewEnv, asJSON bool, out, errOut io.Writer) error {
	b, err := e.briefing(ctx, errOut)
	if err != nil {
		return err
	}
	if asJSON {
		return b.JSON(out)
	}
	lw := lineWriter{width: e.Width}
	line := func(format string, args ...any) { fmt.Fprintln(out, lw.fit(fmt.Sprintf(format, args...))) }
	line("%s", b.Summary)
	doc := ""
	indent := strings.Repeat(" ", 4+11+11)
	for _, g := range b.Groups {
		if g.Document != doc {
			doc = g.Document
			fmt.Fprintln(out)
			line("%s", oneLine(doc))
		}
		line("  %s · %s", oneLine(g.Area), g.Summary)
		for _, it := range g.Items {
			line("    %s %s %s", padRight(model.Escape(it.ID), 10), padRight(it.Status, 10), oneLine(it.Text))
			if it.By != "" && it.At != nil {
				line("%sby %s, %s; %d evidence", indent, oneLine(it.By), it.At.Local().Format(time.DateTime), len(it.Evidence))
			}
			if it.Note != "" {
				line("%snote: %s", indent, oneLine(it.Note))
			}
		}
	}
	return nil
}

// ReviewOptions are the changes of `dossier review`.
type ReviewOptions struct {
	Status   string
	Note     *string // nil: leave the note alone
	Evidence []string
}

// Review applies changes to one item, each as its own recorded change. A
// change the item already has is reported and not recorded.
func Review(ctx context.Context, e ReviewEnv, item string, o ReviewOptions, out, errOut io.Writer) error {
	if o.Status == "" && o.Note == nil && len(o.Evidence) == 0 {
		return UsageError{errors.New("review: nothing to change; give --status, --note or --evidence")}
	}
	var status review.Status
	if o.Status != "" {
		var err error
		if status, err = review.ParseStatus(o.Status); err != nil {
			return UsageError{fmt.Errorf("--status %q: use unreviewed, on-track, at-risk, blocked or done", o.Status)}
		}
	}
	var note string
	if o.Note != nil {
		note = trimNote(*o.Note)
		if len(note) > review.MaxNoteBytes {
			return UsageError{fmt.Errorf("--note is %d bytes long; a note holds at most %d (64 KiB)", len(note), review.MaxNoteBytes)}
		}
	}
	cat, corpus, st, err := e.open(errOut)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, ok := cat.Item(item); !ok {
		return UsageError{fmt.Errorf("review: no item %q in the roadmap (dossier roadmap lists them)", item)}
	}
	var evidence []review.Evidence
	for _, spec := range o.Evidence {
		ev, err := parseEvidence(spec, corpus)
		if err != nil {
			return UsageError{err}
		}
		evidence = append(evidence, ev)
	}
	if ro, reason := st.ReadOnly(); ro {
		return &review.ReadOnlyError{Reason: reason}
	}
	who := Reviewer(e.As)
	id := model.Escape(item)
	report := func(ch review.Change, err error, done, same string) error {
		if errors.Is(err, review.ErrInvalid) {
			return UsageError{err}
		}
		if err != nil {
			return err
		}
		if ch.Unchanged {
			fmt.Fprintf(out, "%s: %s; nothing changed\n", id, same)
		} else {
			fmt.Fprintf(out, "%s: %s\n", id, done)
		}
		return nil
	}
	if o.Status != "" {
		ch, err := st.SetStatus(ctx, item, status, who)
		if err := report(ch, err, "status "+status.String(), "already "+status.String()); err != nil {
			return err
		}
	}
	if o.Note != nil {
		ch, err := st.SetNote(ctx, item, note, who)
		if err := report(ch, err, "note saved", "the note is already that"); err != nil {
			return err
		}
	}
	for _, ev := range evidence {
		ev.ItemID, ev.By = item, who
		ch, err := st.AddEvidence(ctx, ev)
		desc := fmt.Sprintf("evidence %s:%d-%d “%s”", model.Escape(ev.ArticleID), ev.Start, ev.End, oneLine(model.Truncate(ev.Quote, 60)))
		if err := report(ch, err, desc, desc+" is already attached"); err != nil {
			return err
		}
	}
	return nil
}

// History prints the recorded changes to item (every item if ""), oldest
// first. An item neither in the roadmap nor in the history is a usage error.
func History(ctx context.Context, e ReviewEnv, item string, asJSON bool, out, errOut io.Writer) error {
	st, err := OpenStore(e.DataOptions)
	if err != nil {
		return err
	}
	defer st.Close()
	SayReadOnly(st, errOut)
	changes, err := st.History(ctx, item)
	if err != nil {
		return err
	}
	if item != "" && len(changes) == 0 {
		cat, err := LoadRoadmap(e.RoadmapFile)
		if err != nil {
			return err
		}
		if _, ok := cat.Item(item); !ok {
			return UsageError{fmt.Errorf("history: no item %q in the roadmap or its history (dossier roadmap lists them)", item)}
		}
	}
	if asJSON {
		type change struct {
			ID     int64     `json:"id"`
			Item   string    `json:"item"`
			Field  string    `json:"field"`
			Old    string    `json:"old"`
			New    string    `json:"new"`
			By     string    `json:"by"`
			At     time.Time `json:"at"`
			Undoes *int64    `json:"undoes,omitempty"`
		}
		list := make([]change, len(changes))
		for i, c := range changes {
			list[i] = change{ID: c.ID, Item: c.ItemID, Field: c.Field, Old: c.Old, New: c.New, By: c.By, At: c.At.UTC()}
			if c.Undoes != 0 {
				list[i].Undoes = &changes[i].Undoes
			}
		}
		return writeJSON(out, list, true)
	}
	if len(changes) == 0 {
		fmt.Fprintln(out, "no changes recorded")
	}
	lw := lineWriter{width: e.Width}
	for _, c := range changes {
		old, nw := quoted(c.Old), quoted(c.New)
		if ev, err := c.Evidence(); err == nil {
			desc := fmt.Sprintf("%s:%d-%d %s", model.Escape(ev.ArticleID), ev.Start, ev.End, quoted(ev.Quote))
			old, nw = "∅", desc
			if c.Field == review.FieldEvidenceRemove {
				old, nw = desc, "∅"
			}
		}
		undo := ""
		if c.Undoes != 0 {
			undo = fmt.Sprintf(" (undoes #%d)", c.Undoes)
		}
		fmt.Fprintln(out, lw.fit(fmt.Sprintf("%s  %s %s %s %s → %s%s", c.At.Local().Format(time.DateTime),
			padRight(oneLine(c.By), 8), padRight(model.Escape(c.ItemID), 10), padRight(c.Field, 9), old, nw, undo)))
	}
	return nil
}

// Export writes the briefing to file (atomically) or to out.
func Export(ctx context.Context, e ReviewEnv, format, file string, out, errOut io.Writer) error {
	valid := false
	for _, f := range briefing.Formats {
		valid = valid || f == format
	}
	if !valid {
		return UsageError{fmt.Errorf("--format %q: use md, csv or json", format)}
	}
	b, err := e.briefing(ctx, errOut)
	if err != nil {
		return err
	}
	if file == "" || file == "-" {
		return b.Write(out, format)
	}
	dir := filepath.Dir(file)
	if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("export -o %s: the folder %s does not exist (create it first, or write elsewhere)", model.Escape(file), model.Escape(dir))
	} else if err != nil {
		return fmt.Errorf("export -o %s: the folder %s: %v", model.Escape(file), model.Escape(dir), unwrapPathErr(err))
	} else if !fi.IsDir() {
		return fmt.Errorf("export -o %s: %s is not a folder", model.Escape(file), model.Escape(dir))
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(file)+".*")
	if err != nil {
		return fmt.Errorf("export -o %s: cannot write in %s: %v", model.Escape(file), model.Escape(dir), unwrapPathErr(err))
	}
	defer os.Remove(tmp.Name())
	if err := b.Write(tmp, format); err != nil {
		tmp.Close()
		return err
	}
	// A temporary file is private (0600); the briefing gets a file's usual
	// permissions: those of the file it replaces, else 0666 less the umask.
	if err := tmp.Chmod(newFileMode(file)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	fmt.Fprintf(errOut, "dossier: briefing written to %s\n", model.Escape(file))
	return nil
}

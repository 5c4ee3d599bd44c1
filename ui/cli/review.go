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

	"github.com/charmbracelet/x/ansi"

	"dossier/model"
	"dossier/model/briefing"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
)

// ReviewEnv is what the review commands need: the corpus and catalogue
// sources, the data directory and the reviewer.
type ReviewEnv struct {
	Sources
	DataOptions
	RoadmapFile string
	Width       int    // cut text output to this many terminal columns; 0 never cuts
	Filter      string // roadmap: show only the items this filter lets through (triage.ParseFilter)
	Order       string // roadmap: catalogue, changed or quiet (triage.ParseOrder)
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

// reviewed is the checklist with its reviews and each item's news.
type reviewed struct {
	b       briefing.Briefing
	cat     *roadmap.Catalogue
	reviews map[string]review.Review
	news    map[string]triage.News
	now     time.Time
}

// briefing joins the catalogue, the reviews and each item's latest news
// (its evidence, or the newest article strongly linked to it).
func (e ReviewEnv) briefing(ctx context.Context, errOut io.Writer) (reviewed, error) {
	d, err := e.openDay(ctx, true, errOut)
	if err != nil {
		return reviewed{}, err
	}
	defer d.Close()
	SayReadOnly(d.st, errOut)
	all, err := d.st.All(ctx)
	if err != nil {
		return reviewed{}, err
	}
	r := reviewed{cat: d.cat, reviews: all, now: time.Now()}
	r.b = briefing.Build(d.cat, all, d.corpus(), r.now)
	lk, err := d.linker(ctx, all)
	if err != nil {
		return reviewed{}, err
	}
	if r.news, err = d.news(ctx, lk, all); err != nil {
		return reviewed{}, err
	}
	r.b.AddNews(r.news, r.now)
	return r, nil
}

// Roadmap prints the checklist with each item's review: the status and
// who set it, the note (line by line) and who wrote it, each piece of
// evidence with its article's title and who added it, and how long the item
// has had no news; e.Filter and e.Order choose and sort the items. Lines
// are cut to e.Width columns only when that is set (on a terminal, its
// width).
func Roadmap(ctx context.Context, e ReviewEnv, asJSON bool, out, errOut io.Writer) error {
	filter, err := triage.ParseFilter(e.Filter)
	if err != nil {
		return filterError(err)
	}
	order, err := triage.ParseOrder(e.Order)
	if err != nil {
		return UsageError{fmt.Errorf("--order: %w", err)}
	}
	r, err := e.briefing(ctx, errOut)
	if err != nil {
		return err
	}
	b, ranked, total := r.choose(filter, order)
	if asJSON {
		if filter.Empty() && order == triage.OrderCatalogue {
			return b.JSON(out)
		}
		return writeJSON(out, struct {
			briefing.Briefing
			Filter string   `json:"filter"`
			Order  string   `json:"order"`
			Shown  int      `json:"shown"`
			Total  int      `json:"total"`
			Ranked []string `json:"ranked"`
		}{b, filter.String(), order.String(), len(ranked), total, ranked}, true)
	}
	lw := lineWriter{width: e.Width}
	line := func(format string, args ...any) { fmt.Fprintln(out, lw.fit(fmt.Sprintf(format, args...))) }
	switch {
	case filter.Empty() && order == triage.OrderCatalogue:
		line("%s", b.Summary)
	default:
		head := fmt.Sprintf("%d of %d items", len(ranked), total)
		if !filter.Empty() {
			head += " · " + oneLine(filter.String())
		}
		line("%s · %s", head, order.Label())
	}
	indent := strings.Repeat(" ", 4+11+11)
	item := func(it briefing.Item) {
		line("    %s %s %s", padRight(model.Escape(it.ID), 10), padRight(it.Status, 10), oneLine(it.Text))
		if it.StatusBy != "" {
			line("%sstatus set by %s", indent, byAt(it.StatusBy, it.StatusAt))
		}
		if note := noteLines(it.Note); len(note) > 0 {
			head := "note"
			if it.NoteBy != "" {
				head += " by " + byAt(it.NoteBy, it.NoteAt)
			}
			line("%s%s:", indent, head)
			for _, l := range note {
				line("%s  %s", indent, l)
			}
		}
		for _, ev := range it.Evidence {
			line("%sevidence added by %s: “%s”", indent, byAt(ev.By, &ev.At), oneLine(ev.Quote))
			line("%s  from %s", indent, evidenceSource(ev.Title, ev.Outlet, ev.Date, ev.ArticleID))
		}
		switch q := it.Quiet(); {
		case q != "":
			line("%s%s", indent, q)
		case it.LastNews == nil:
			line("%sno news found", indent)
		}
	}
	if order != triage.OrderCatalogue {
		byID := map[string]briefing.Item{}
		for _, g := range b.Groups {
			for _, it := range g.Items {
				byID[it.ID] = it
			}
		}
		if len(ranked) > 0 {
			fmt.Fprintln(out)
		}
		for _, id := range ranked {
			item(byID[id])
		}
		return nil
	}
	doc := ""
	for _, g := range b.Groups {
		if g.Document != doc {
			doc = g.Document
			fmt.Fprintln(out)
			line("%s", oneLine(doc))
		}
		line("  %s · %s", oneLine(g.Area), g.Summary)
		for _, it := range g.Items {
			item(it)
		}
	}
	return nil
}

// byAt is "alice, 2026-11-20 09:30:00" in local time, or the name alone.
func byAt(who string, at *time.Time) string {
	if at == nil || at.IsZero() {
		return oneLine(who)
	}
	return oneLine(who) + ", " + at.Local().Format(time.DateTime)
}

// noteLines are a note's lines, each safe, without the blank lines at its
// ends; none for an empty note.
func noteLines(note string) []string {
	note = strings.Trim(model.Sanitize(note), "\n")
	if strings.TrimSpace(note) == "" {
		return nil
	}
	lines := strings.Split(note, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " ")
	}
	return lines
}

// evidenceSource names an article by its title, outlet and date; an
// article not in the corpus (any more) by its id.
func evidenceSource(title, outlet, date, id string) string {
	if title == "" {
		return "an article not in the corpus (removed?): " + model.Escape(id)
	}
	src := oneLine(title)
	var meta []string
	for _, m := range []string{outlet, date} {
		if m != "" {
			meta = append(meta, oneLine(m))
		}
	}
	if len(meta) > 0 {
		src += " (" + strings.Join(meta, ", ") + ")"
	}
	return src
}

// choose keeps the items the filter lets through (groups left empty go)
// and lists their ids in the order asked; total counts every item.
func (r reviewed) choose(f *triage.Filter, o triage.Order) (b briefing.Briefing, ranked []string, total int) {
	b = r.b
	var rows []triage.Row
	keep := map[string]bool{}
	for _, it := range r.cat.Items() {
		total++
		row := triage.Row{Item: it, Review: r.reviews[it.ID], News: r.news[it.ID]}
		if f.Match(row, r.now) {
			rows = append(rows, row)
			keep[it.ID] = true
		}
	}
	triage.Sort(rows, o, r.now)
	for _, row := range rows {
		ranked = append(ranked, row.Item.ID)
	}
	if f.Empty() {
		return b, ranked, total
	}
	var groups []briefing.Group
	for _, g := range b.Groups {
		var items []briefing.Item
		for _, it := range g.Items {
			if keep[it.ID] {
				items = append(items, it)
			}
		}
		if len(items) > 0 {
			g.Items = items
			groups = append(groups, g)
		}
	}
	b.Groups = groups
	return b, ranked, total
}

// filterError shows a bad filter as a bad query is shown: the message,
// then the filter with a caret under the mistake.
func filterError(err error) error {
	var se *model.SyntaxError
	if errors.As(err, &se) {
		return UsageError{fmt.Errorf("bad filter: %s\n  %s", oneLine(se.Error()), queryPointer(se))}
	}
	return err
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
		return nil
	}
	var corpus *model.Corpus
	for _, c := range changes {
		if c.Field == review.FieldEvidenceAdd || c.Field == review.FieldEvidenceRemove {
			corpus, _ = LoadCorpus(e.Sources, io.Discard) // for titles; without it, ids
			break
		}
	}
	lw := lineWriter{width: e.Width}
	idW := len(fmt.Sprint(changes[len(changes)-1].ID)) + 1
	for _, c := range changes {
		head := fmt.Sprintf("%s  %s  %s %s ", padRight(fmt.Sprintf("#%d", c.ID), idW), c.At.Local().Format(time.DateTime),
			padRight(oneLine(c.By), 8), padRight(model.Escape(c.ItemID), 10))
		what, more := describeChange(c, corpus)
		fmt.Fprintln(out, lw.fit(head+what))
		indent := strings.Repeat(" ", ansi.StringWidth(head)+2)
		for _, l := range more {
			fmt.Fprintln(out, lw.fit(indent+l))
		}
	}
	return nil
}

// describeChange says what a change did, forwards (an undo says what it
// put back, and which change it undid), and gives the lines that follow
// it: a note's lines, an evidence's source.
func describeChange(c review.Change, corpus *model.Corpus) (string, []string) {
	undo := ""
	if c.Undoes != 0 {
		undo = fmt.Sprintf(" (undoes #%d)", c.Undoes)
	}
	switch c.Field {
	case review.FieldStatus:
		if undo != "" {
			return "status back to " + c.New + undo, nil
		}
		return "status " + c.Old + " → " + c.New, nil
	case review.FieldNote:
		lines := noteLines(c.New)
		switch {
		case len(lines) == 0 && undo != "":
			return "note taken off again" + undo, nil
		case len(lines) == 0:
			return "note removed", nil
		case undo != "":
			return "note back to" + undo + ":", lines
		case c.Old == "":
			return "note written:", lines
		}
		return "note changed:", lines
	case review.FieldEvidenceAdd, review.FieldEvidenceRemove:
		ev, err := c.Evidence()
		if err != nil {
			break
		}
		what := "evidence added"
		switch {
		case c.Field == review.FieldEvidenceAdd && undo != "":
			what = "evidence put back" + undo
		case c.Field == review.FieldEvidenceRemove && undo != "":
			what = "evidence taken off again" + undo
		case c.Field == review.FieldEvidenceRemove:
			what = "evidence removed"
		}
		var title, outlet, date string
		if corpus != nil {
			if a, ok := corpus.Article(ev.ArticleID); ok {
				title, outlet, date = a.Title, a.Outlet, a.DateString() // as roadmap and export give it
			}
		}
		return what + ": “" + oneLine(ev.Quote) + "”", []string{"from " + evidenceSource(title, outlet, date, ev.ArticleID)}
	}
	return oneLine(c.Field) + " " + quoted(c.Old) + " → " + quoted(c.New), nil
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
	r, err := e.briefing(ctx, errOut)
	if err != nil {
		return err
	}
	b := r.b
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

// RoadmapFilterHelp is the filter language, for the command's help.
const RoadmapFilterHelp = triage.FilterHelp

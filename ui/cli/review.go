package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
}

// open loads the catalogue and corpus and opens the store.
func (e ReviewEnv) open(errOut io.Writer) (*roadmap.Catalogue, *model.Corpus, *review.Store, error) {
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
	all, err := st.All(ctx)
	if err != nil {
		return briefing.Briefing{}, err
	}
	return briefing.Build(cat, all, corpus, time.Now()), nil
}

// Roadmap prints the checklist with each item's review.
func Roadmap(ctx context.Context, e ReviewEnv, asJSON bool, out, errOut io.Writer) error {
	b, err := e.briefing(ctx, errOut)
	if err != nil {
		return err
	}
	if asJSON {
		return b.JSON(out)
	}
	fmt.Fprintf(out, "%s\n", b.Summary)
	doc := ""
	for _, g := range b.Groups {
		if g.Document != doc {
			doc = g.Document
			fmt.Fprintf(out, "\n%s\n", doc)
		}
		fmt.Fprintf(out, "  %s · %s\n", g.Area, g.Summary)
		for _, it := range g.Items {
			fmt.Fprintf(out, "    %-10s %-10s %s\n", it.ID, it.Status, model.Truncate(it.Text, 70))
			if it.By != "" && it.At != nil {
				fmt.Fprintf(out, "    %-10s %-10s by %s, %s; %d evidence\n", "", "", it.By, it.At.Local().Format(time.DateTime), len(it.Evidence))
			}
			if it.Note != "" {
				fmt.Fprintf(out, "    %-10s %-10s note: %s\n", "", "", model.Truncate(strings.Join(strings.Fields(it.Note), " "), 70))
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

// Review applies changes to one item, each as its own recorded change.
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
	who := Reviewer(e.As)
	if o.Status != "" {
		if _, err := st.SetStatus(ctx, item, status, who); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: status %s\n", item, status)
	}
	if o.Note != nil {
		if _, err := st.SetNote(ctx, item, trimNote(*o.Note), who); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: note saved\n", item)
	}
	for _, ev := range evidence {
		ev.ItemID, ev.By = item, who
		if _, err := st.AddEvidence(ctx, ev); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: evidence %s:%d-%d “%s”\n", item, ev.ArticleID, ev.Start, ev.End, model.Truncate(ev.Quote, 60))
	}
	return nil
}

// parseEvidence reads ARTICLE-ID:START-END and checks it against the corpus.
func parseEvidence(spec string, corpus *model.Corpus) (review.Evidence, error) {
	id, rng, ok := strings.Cut(spec, ":")
	a, b, ok2 := strings.Cut(rng, "-")
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if !ok || !ok2 || err1 != nil || err2 != nil {
		return review.Evidence{}, fmt.Errorf("--evidence %q: want ARTICLE-ID:START-END (byte offsets, as search --json gives)", spec)
	}
	if _, found := corpus.Article(id); !found {
		return review.Evidence{}, fmt.Errorf("--evidence %q: no article %q in the corpus", spec, id)
	}
	body, err := corpus.Text(id)
	switch {
	case err != nil:
		return review.Evidence{}, fmt.Errorf("--evidence %q: %v", spec, err)
	case start < 0 || end <= start || end > len(body):
		return review.Evidence{}, fmt.Errorf("--evidence %q: range outside the article (0-%d)", spec, len(body))
	case !utf8.RuneStart(body[start]) || (end < len(body) && !utf8.RuneStart(body[end])):
		return review.Evidence{}, fmt.Errorf("--evidence %q: the range cuts a character in two", spec)
	}
	return review.Evidence{ArticleID: id, Start: start, End: end, Quote: body[start:end]}, nil
}

// History prints the recorded changes, oldest first.
func History(ctx context.Context, e ReviewEnv, item string, asJSON bool, out io.Writer) error {
	st, err := OpenStore(e.DataOptions)
	if err != nil {
		return err
	}
	defer st.Close()
	changes, err := st.History(ctx, item)
	if err != nil {
		return err
	}
	if asJSON {
		type change struct {
			ID    int64     `json:"id"`
			Item  string    `json:"item"`
			Field string    `json:"field"`
			Old   string    `json:"old"`
			New   string    `json:"new"`
			By    string    `json:"by"`
			At    time.Time `json:"at"`
		}
		list := make([]change, len(changes))
		for i, c := range changes {
			list[i] = change{c.ID, c.ItemID, c.Field, c.Old, c.New, c.By, c.At.UTC()}
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(changes) == 0 {
		fmt.Fprintln(out, "no changes recorded")
	}
	for _, c := range changes {
		old, nw := quoteShort(c.Old), quoteShort(c.New)
		if ev, err := c.Evidence(); err == nil && strings.HasPrefix(c.Field, "evidence") {
			desc := fmt.Sprintf("%s:%d-%d %s", ev.ArticleID, ev.Start, ev.End, quoteShort(ev.Quote))
			old, nw = "∅", desc
			if c.Field == review.FieldEvidenceRemove {
				old, nw = desc, "∅"
			}
		}
		fmt.Fprintf(out, "%s  %-8s %-10s %-9s %s → %s\n", c.At.Local().Format(time.DateTime), c.By, c.ItemID, c.Field, old, nw)
	}
	return nil
}

func quoteShort(s string) string {
	if s == "" {
		return "∅"
	}
	return strconv.Quote(model.Truncate(strings.Join(strings.Fields(s), " "), 40))
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
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := b.Write(tmp, format); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	fmt.Fprintf(errOut, "dossier: briefing written to %s\n", file)
	return nil
}

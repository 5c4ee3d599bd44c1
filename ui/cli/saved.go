package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"dossier/index"
	"dossier/model/review"
)

// SavedOptions are the flags of `dossier saved`.
type SavedOptions struct {
	JSON   bool
	Delete string // drop the saved search of this name instead of listing
}

// savedJSON is one saved search, as --json prints it.
type savedJSON struct {
	Name    string    `json:"name"`
	Query   string    `json:"query"`
	New     int       `json:"new"`             // hits among the person's new articles
	Error   string    `json:"error,omitempty"` // why the query no longer runs
	SavedAt time.Time `json:"saved_at"`
}

// Saved lists the person's saved searches, each with how many of its hits
// are new for them (so a cron job can mail them), or deletes one.
func Saved(ctx context.Context, e ReviewEnv, o SavedOptions, out, errOut io.Writer) error {
	if o.Delete != "" {
		return deleteSaved(ctx, e, o.Delete, out)
	}
	d, err := e.openDay(ctx, true, errOut)
	if err != nil {
		return err
	}
	defer d.Close()
	us, err := d.userState()
	if err != nil {
		return err
	}
	list, err := us.SavedSearches(ctx, d.who)
	if err != nil {
		return err
	}
	var fresh []string
	if len(list) > 0 {
		if fresh, err = d.newArticles(ctx); err != nil {
			return err
		}
	}
	rows := make([]savedJSON, 0, len(list))
	for _, s := range list {
		r := savedJSON{Name: s.Name, Query: s.Query, SavedAt: s.At.UTC()}
		r.New, err = d.snap.Index.CountAmong(ctx, s.Query, fresh)
		if err != nil {
			var qe *index.QueryError
			if !errors.As(err, &qe) && !errors.Is(err, index.ErrNothingToSearch) {
				return err
			}
			r.Error = err.Error()
		}
		rows = append(rows, r)
	}
	if o.JSON {
		return writeJSON(out, struct {
			User     string      `json:"user"`
			Searches []savedJSON `json:"searches"`
		}{d.who, rows}, true)
	}
	if len(rows) == 0 {
		fmt.Fprintf(out, "no saved searches for %s (dossier search --save NAME QUERY keeps one)\n", oneLine(d.who))
		return nil
	}
	width := 4
	for _, r := range rows {
		width = max(width, len([]rune(oneLine(r.Name))))
	}
	for _, r := range rows {
		count := fmt.Sprintf("%d new", r.New)
		if r.Error != "" {
			count = "bad query: " + oneLine(r.Error)
		}
		fmt.Fprintf(out, "%s  %s  %s\n", padRight(oneLine(r.Name), width), padRight(count, 7), oneLine(r.Query))
	}
	return nil
}

func deleteSaved(ctx context.Context, e ReviewEnv, name string, out io.Writer) error {
	st, err := OpenStore(e.DataOptions)
	if err != nil {
		return err
	}
	defer st.Close()
	us, ok := review.UserStateOf(st)
	if !ok {
		return errors.New("this review store keeps no per-person state")
	}
	who := Reviewer(e.As)
	found, err := us.DeleteSearch(ctx, who, name)
	if err != nil {
		return err
	}
	if !found {
		return UsageError{fmt.Errorf("--delete %q: no saved search of that name for %s", oneLine(name), oneLine(who))}
	}
	fmt.Fprintf(out, "deleted %q\n", oneLine(name))
	return nil
}

package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"dossier/model"
	"dossier/model/feeds"
	"dossier/model/review"
)

// SourcesOptions are the flags of `dossier sources`.
type SourcesOptions struct {
	DataOptions
	Feeds []feeds.Source // the config file's sources
	JSON  bool
	Now   time.Time // for "3 min ago"; time.Now when zero
}

// sourceJSON is one source in `dossier sources --json`.
type sourceJSON struct {
	Name         string     `json:"name"`
	URL          string     `json:"url"`
	Fetch        feeds.Mode `json:"fetch"`
	Match        string     `json:"match,omitempty"`
	Status       string     `json:"status"` // never fetched, ok, not modified, failed, failing
	LastFetch    *time.Time `json:"last_fetch"`
	LastOK       *time.Time `json:"last_ok"`
	Error        string     `json:"error,omitempty"`
	FailStreak   int        `json:"fail_streak"`
	FailingSince *time.Time `json:"failing_since"`
	Fetches      int        `json:"fetches"`
	Articles     int        `json:"articles"`
	Last         *lastJSON  `json:"last"`
}

// lastJSON is the newest fetch of a source.
type lastJSON struct {
	At          time.Time `json:"at"`
	New         int       `json:"new"`
	Unchanged   int       `json:"unchanged"`
	NotMatching int       `json:"not_matching"`
	Failed      int       `json:"failed"`
	NotModified bool      `json:"not_modified"`
	Error       string    `json:"error,omitempty"`
}

// ListSources prints the config file's sources with what the store knows
// of them: the last fetch, its status and counts.
func ListSources(ctx context.Context, o SourcesOptions, out io.Writer) error {
	if len(o.Feeds) == 0 {
		return UsageError{fmt.Errorf("no sources: list them under sources: in the config file (dossier config --path says where)")}
	}
	st, err := OpenStore(o.DataOptions)
	if err != nil {
		return err
	}
	defer st.Close()
	fl, ok := review.FeedLogOf(st)
	if !ok {
		return fmt.Errorf("the review store %s keeps no feed log", st.Where())
	}
	states, err := fl.FeedStates(ctx)
	if err != nil {
		return err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	rows := make([]sourceJSON, 0, len(o.Feeds))
	for _, src := range o.Feeds {
		s := states[src.Name]
		row := sourceJSON{Name: src.Name, URL: src.URL, Fetch: src.Fetch, Match: src.Match, Status: "never fetched",
			Error: s.LastError, FailStreak: s.FailStreak, Fetches: s.Fetches, Articles: s.Articles,
			LastFetch: timePtr(s.LastAt), LastOK: timePtr(s.LastOKAt), FailingSince: timePtr(s.FailingSince)}
		if !s.LastAt.IsZero() {
			hist, err := fl.FeedFetches(ctx, src.Name, 1)
			if err != nil {
				return err
			}
			if len(hist) == 1 {
				h := hist[0]
				row.Last = &lastJSON{At: h.At, New: h.New, Unchanged: h.Unchanged, NotMatching: h.Skipped, Failed: h.Failed, NotModified: h.NotModified, Error: h.Err}
			}
			switch {
			case s.Failing():
				row.Status = "failing"
			case s.LastError != "":
				row.Status = "failed"
			case row.Last != nil && row.Last.NotModified:
				row.Status = "not modified"
			default:
				row.Status = "ok"
			}
		}
		rows = append(rows, row)
	}
	if o.JSON {
		return writeJSON(out, rows, true)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tFETCH\tLAST FETCH\tSTATUS\tLAST\tARTICLES")
	for _, r := range rows {
		last, status := "never", r.Status
		if r.LastFetch != nil {
			last = ago(now, *r.LastFetch)
		}
		switch r.Status {
		case "failing":
			status = fmt.Sprintf("failing since %s (%d in a row): %s", r.FailingSince.Local().Format("2 Jan 15:04"), r.FailStreak, r.Error)
		case "failed":
			status = "failed: " + r.Error
		}
		counts := "-"
		if l := r.Last; l != nil && l.Error == "" && !l.NotModified {
			counts = fmt.Sprintf("%d new, %d unchanged", l.New, l.Unchanged)
			if l.NotMatching > 0 {
				counts += fmt.Sprintf(", %d not matching", l.NotMatching)
			}
			if l.Failed > 0 {
				counts += fmt.Sprintf(", %d failed", l.Failed)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", model.SanitizeLine(r.Name), r.Fetch, last, model.SanitizeLine(status), counts, r.Articles)
	}
	return tw.Flush()
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// ago says how long ago t was, for people: "40 s ago", "3 min ago",
// "5 h ago", then the date.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", max(int(d.Seconds()), 0))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.Local().Format("2 Jan 2006 15:04")
}

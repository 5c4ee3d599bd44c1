package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"dossier/index"
	"dossier/model"
	"dossier/model/review"
)

// NewOptions are the flags of `dossier new`.
type NewOptions struct {
	JSON     bool
	MarkRead bool // mark the listed articles read afterwards
}

// concernsPerArticle is how many items `dossier new` names per article.
const concernsPerArticle = 3

// newArticleJSON is one new article, as --json prints it.
type newArticleJSON struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Date     *string       `json:"date"`
	Source   string        `json:"source"`
	Concerns []concernJSON `json:"concerns"`
}

// New lists the articles that are new for the person (--as, the config
// file's as:, or the OS user), newest first, each with the roadmap items
// it concerns; --mark-read then marks exactly those read.
func New(ctx context.Context, e ReviewEnv, o NewOptions, out, errOut io.Writer) error {
	d, err := e.openDay(ctx, true, errOut)
	if err != nil {
		return err
	}
	defer d.Close()
	if o.MarkRead {
		if ro, reason := d.st.ReadOnly(); ro {
			return &review.ReadOnlyError{Reason: reason}
		}
	}
	ids, err := d.newArticles(ctx)
	if err != nil {
		return err
	}
	arts := make([]model.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := d.corpus().Article(id); ok {
			arts = append(arts, a)
		}
	}
	// Newest first; undated last; then by id.
	slices.SortStableFunc(arts, func(a, b model.Article) int {
		if (a.Precision == model.Unknown) != (b.Precision == model.Unknown) {
			if a.Precision == model.Unknown {
				return 1
			}
			return -1
		}
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	var lk *index.Linker
	if len(arts) > 0 {
		reviews, err := d.st.All(ctx)
		if err != nil {
			return err
		}
		if lk, err = d.linker(ctx, reviews); err != nil {
			return err
		}
	}
	list, err := concernsOfAll(ctx, d, lk, arts)
	if err != nil {
		return err
	}
	if o.JSON {
		if err := writeJSON(out, struct {
			User     string           `json:"user"`
			Articles []newArticleJSON `json:"articles"`
		}{d.who, list}, true); err != nil {
			return err
		}
	} else {
		printNew(out, d, arts, list)
	}
	if !o.MarkRead || len(arts) == 0 {
		return nil
	}
	us, err := d.userState()
	if err != nil {
		return err
	}
	shown := make([]string, len(arts))
	for i, a := range arts {
		shown[i] = a.ID
	}
	n, err := us.MarkRead(ctx, d.who, true, shown...)
	if err != nil {
		return err
	}
	fmt.Fprintf(errOut, "dossier: %d marked read for %s\n", n, oneLine(d.who))
	return nil
}

// concernsOfAll finds what each article concerns, on every core.
func concernsOfAll(ctx context.Context, d *dayEnv, lk *index.Linker, arts []model.Article) ([]newArticleJSON, error) {
	list := make([]newArticleJSON, len(arts))
	errs := make([]error, len(arts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := arts[i]
				links, err := lk.Concerns(ctx, a.ID, concernsPerArticle)
				var text string
				if err == nil {
					text, err = d.corpus().Text(a.ID)
				}
				if err != nil {
					errs[i] = err
					continue
				}
				j := newArticleJSON{ID: a.ID, Title: a.Title, Source: a.Outlet, Concerns: concernsJSON(links, text)}
				if s := a.DateString(); s != "" {
					j.Date = &s
				}
				list[i] = j
			}
		}()
	}
	for i := range arts {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return list, errors.Join(errs...)
}

func printNew(out io.Writer, d *dayEnv, arts []model.Article, list []newArticleJSON) {
	who := oneLine(d.who)
	if len(arts) == 0 {
		fmt.Fprintf(out, "nothing new for %s\n", who)
		return
	}
	noun := "articles"
	if len(arts) == 1 {
		noun = "article"
	}
	fmt.Fprintf(out, "%d new %s for %s, newest first\n", len(arts), noun, who)
	for i, a := range arts {
		fmt.Fprintf(out, "\n%s  %s\n", padRight(model.HumanDate(a.Date, a.Precision), 11), oneLine(a.Title))
		meta := model.Escape(a.ID)
		if a.Outlet != "" {
			meta = oneLine(a.Outlet) + " · " + meta
		}
		fmt.Fprintf(out, "%s  %s\n", padRight("", 11), meta)
		for _, c := range list[i].Concerns {
			it, _ := d.cat.Item(c.ID)
			fmt.Fprintf(out, "%s  concerns %s %s\n", padRight("", 11), padRight(model.Escape(c.ID), 8), oneLine(model.Truncate(it.Text, 70)))
		}
	}
}

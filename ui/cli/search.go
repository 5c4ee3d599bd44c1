package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"dossier/index"
	"dossier/model"
	"dossier/model/review"
)

// SearchOptions are the flags of `dossier search`.
type SearchOptions struct {
	Sources
	DataOptions // the store and the person, for is:new and saved searches
	JSON        bool
	Limit       int
	Color       bool   // mark matches with terminal attributes instead of «»
	Saved       string // run the person's saved search of this name
	Save        string // keep the query as the person's saved search of this name
	Width       int    // wrap text output at this many cells (0: never)
}

// Search runs one query over the corpus and prints the hits to out; warnings
// and errors go to errOut. A query that cannot be parsed is a UsageError.
// is:new and saved searches are the person's (--as), from the store.
func Search(ctx context.Context, query string, o SearchOptions, out, errOut io.Writer) error {
	switch {
	case o.Saved != "" && strings.TrimSpace(query) != "":
		return UsageError{errors.New("search: give a QUERY or --saved NAME, not both")}
	case o.Saved != "" && o.Save != "":
		return UsageError{errors.New("search: --saved runs a saved search and --save keeps a new one; give one of them")}
	case o.Saved == "" && strings.TrimSpace(query) == "":
		return UsageError{errors.New("search: give a query, e.g. dossier search lithium")}
	}
	if o.Limit < 0 {
		return UsageError{fmt.Errorf("--limit %d: must be 0 or more", o.Limit)}
	}
	// The person is looked up (the OS user's name) only when a saved search
	// or is:new needs them.
	who := sync.OnceValue(func() string { return Reviewer(o.As) })
	var st review.Store
	defer func() {
		if st != nil {
			st.Close()
		}
	}()
	userState := func() (review.UserState, error) {
		if st == nil {
			var err error
			if st, err = OpenStore(o.DataOptions); err != nil {
				return nil, err
			}
		}
		us, ok := review.UserStateOf(st)
		if !ok {
			return nil, errors.New("this review store keeps no per-person state")
		}
		return us, nil
	}
	if o.Saved != "" {
		us, err := userState()
		if err != nil {
			return err
		}
		if query, err = savedQuery(ctx, us, who(), o.Saved); err != nil {
			return err
		}
	}
	if err := index.Parse(query); err != nil {
		return queryError(err)
	}
	if o.Save != "" {
		us, err := userState()
		if err != nil {
			return err
		}
		if err := us.SaveSearch(ctx, who(), o.Save, query); err != nil {
			if errors.Is(err, review.ErrInvalid) {
				return UsageError{fmt.Errorf("--save: %w", err)}
			}
			return err
		}
		fmt.Fprintf(errOut, "dossier: saved as %q for %s\n", oneLine(o.Save), oneLine(who()))
	}
	lo, err := LibraryOptions(o.Sources, errOut)
	if err != nil {
		return err
	}
	lo.SearchOnly = true // the corpus is read as far as the hits shown
	limit := o.Limit
	if limit == 0 {
		limit = 10
	}
	req := index.Request{Query: query, Limit: limit, Facets: true, Lang: o.ReaderLang()}
	isNew := slices.Contains(index.SetsIn(query), index.SetNew)
	var early *tentative
	if !isNew { // is:new needs the person's articles, known once the corpus is
		early = &tentative{}
		lo.Tentative = early.start(ctx, req)
	}
	lib, err := openWith(ctx, o.Sources, lo, errOut)
	if err != nil {
		early.stop()
		return err
	}
	defer lib.Close()
	defer early.stop() // before the index closes
	ix := lib.Snapshot().Index
	if early.on(ix) {
		res, err := early.result()
		return searched(out, res, err, o)
	}
	early.stop()
	if isNew {
		us, err := userState()
		if err != nil {
			return err
		}
		ids, err := us.NewArticles(ctx, who(), ix.Corpus().IDs())
		if err != nil {
			return err
		}
		req.Sets = map[string][]string{index.SetNew: ids}
	}
	res, err := ix.Search(ctx, req)
	return searched(out, res, err, o)
}

// searched prints a search's result, or makes its error the command's.
func searched(out io.Writer, res *index.Result, err error, o SearchOptions) error {
	if err != nil {
		if errors.Is(err, index.ErrNothingToSearch) {
			return UsageError{err}
		}
		return queryError(err)
	}
	if o.JSON {
		// What writeJSON writes, without encoding/json's passes over it.
		b, err := res.AppendJSON(make([]byte, 0, 32<<10))
		if err != nil {
			return err
		}
		_, err = out.Write(model.EscapeJSON(append(b, '\n')))
		return err
	}
	printHits(out, res, o.Color, o.Width)
	return nil
}

// savedQuery is the query of who's saved search name; an unknown name is
// a usage error that lists the names there are.
func savedQuery(ctx context.Context, us review.UserState, who, name string) (string, error) {
	list, err := us.SavedSearches(ctx, who)
	if err != nil {
		return "", err
	}
	var names []string
	for _, s := range list {
		if s.Name == name {
			return s.Query, nil
		}
		names = append(names, strconv.Quote(oneLine(s.Name)))
	}
	if len(names) == 0 {
		return "", UsageError{fmt.Errorf("--saved %q: %s has no saved searches (dossier search --save NAME QUERY keeps one)", oneLine(name), oneLine(who))}
	}
	return "", UsageError{fmt.Errorf("--saved %q: no saved search of that name for %s; there are %s", oneLine(name), oneLine(who), strings.Join(names, ", "))}
}

func queryError(err error) error {
	var qe *index.QueryError
	if errors.As(err, &qe) {
		return UsageError{fmt.Errorf("bad query: %s\n  %s", oneLine(qe.Error()), queryPointer(qe))}
	}
	return err
}

// queryPointer shows the query, escaped (model.Escape), and under it a
// caret at the problem, counted in the escaped text's cells.
func queryPointer(qe *index.QueryError) string {
	q := qe.Query
	p := min(max(qe.Pos, 0), len(q))
	shown, before := model.Escape(q), model.Escape(q[:p])
	if shown != q && before == q[:p] {
		before = strings.ReplaceAll(before, `\`, `\\`) // escaped in shown, not in a clean prefix
	}
	return shown + "\n  " + strings.Repeat(" ", ansi.StringWidth(before)) + "^"
}

// printHits writes the hits as text: a line of counts, then per hit its
// title, date, outlet, language and id, the other languages that match
// (by title), and its passages, or where it matched when not in the text;
// lines wrap at width with hanging indents.
func printHits(w io.Writer, res *index.Result, color bool, width int) {
	open, close := "«", "»"
	if color {
		open, close = "\x1b[1;4m", "\x1b[22;24m"
	}
	p := func(indent int, format string, args ...any) {
		printHanging(w, width, indent, fmt.Sprintf(format, args...))
	}
	p(2, "%s: %s (%.1f ms)", oneLine(strconv.Quote(res.Query)), res.CountText(), float64(res.Took.Microseconds())/1000)
	if len(res.Ignored) > 0 {
		p(2, "ignored as too common: %s", oneLine(strings.Join(res.Ignored, ", ")))
	}
	for i, h := range res.Hits {
		fmt.Fprintln(w)
		p(4, "%2d. %s", i+1, oneLine(h.Title))
		meta := []string{h.HumanDate(), orDash(markedField(h, "source", h.Source, open, close)), oneLine(h.Lang), model.Escape(h.ID)}
		if h.MatchedIn("author") && h.Author != "" {
			meta = append(meta, "by "+markedField(h, "author", h.Author, open, close))
		}
		p(6, "    %s", strings.Join(meta, " · "))
		for _, v := range h.Versions {
			p(6, "    also in %s: %s", model.LangName(oneLine(v.Lang)), oneLine(v.Title))
		}
		if where := whereMatched(h, open, close); where != "" && len(h.Fragments) == 0 {
			p(6, "    matched in: %s", where)
		}
		for _, f := range h.Fragments {
			p(6, "    %s", markedLine(f, open, close))
		}
	}
	if len(res.Hits) > 0 {
		fmt.Fprintln(w)
		p(2, "%s", facetLine(res.Facets))
	}
	if uint64(len(res.Hits)) < res.Articles {
		p(2, "(showing %d of %d articles; use --limit)", len(res.Hits), res.Articles)
	}
}

// markedField is a hit's outlet or author as one safe line, its matches
// wrapped in open and close.
func markedField(h index.Hit, field, text, open, close string) string {
	var marks []model.Span
	for _, m := range h.FieldMatches(field) {
		marks = append(marks, model.Span{Start: m.Start, End: m.End})
	}
	return markedLine(index.Fragment{Text: text, Marks: marks}, open, close)
}

// whereMatched names the fields a hit matched in, other than its text.
func whereMatched(h index.Hit, open, close string) string {
	var parts []string
	for _, f := range h.Fields {
		switch f {
		case "title":
			parts = append(parts, "title")
		case "source":
			parts = append(parts, "outlet "+markedField(h, "source", h.Source, open, close))
		case "author":
			parts = append(parts, "author "+markedField(h, "author", h.Author, open, close))
		case "lang":
			parts = append(parts, "language "+model.LangName(oneLine(h.Lang)))
		case "date":
			parts = append(parts, "published "+h.HumanDate())
		case "id":
			parts = append(parts, "id "+model.Escape(h.ID))
		}
	}
	return strings.Join(parts, " · ")
}

func facetLine(f index.Facets) string {
	part := func(name string, fc []index.FacetCount) string {
		if len(fc) == 0 {
			return ""
		}
		items := make([]string, len(fc))
		for i, c := range fc {
			items[i] = fmt.Sprintf("%s %d", oneLine(c.Term), c.Count)
		}
		return name + ": " + strings.Join(items, ", ")
	}
	var parts []string
	for _, p := range []string{part("languages", f.Lang), part("years", f.Year), part("outlets", f.Source)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// markedLine is the fragment as one safe line with each match wrapped in
// open and close (which may be terminal attributes: they are added after
// the text is sanitised).
func markedLine(f index.Fragment, open, close string) string {
	flat := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, model.Sanitize(s))
	}
	var b strings.Builder
	last := 0
	for _, m := range f.Marks {
		b.WriteString(flat(f.Text[last:m.Start]))
		b.WriteString(open + flat(f.Text[m.Start:m.End]) + close)
		last = m.End
	}
	b.WriteString(flat(f.Text[last:]))
	return b.String()
}

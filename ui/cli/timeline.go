package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"time"

	"dossier/index/library"
	"dossier/model"
	tl "dossier/model/timeline"
)

// TimelineOptions are the flags of `dossier timeline`.
type TimelineOptions struct {
	Sources
	RoadmapFile string // the catalogue whose dated items are the milestones; the embedded one when ""
	JSON        bool
	Published   bool   // list the articles' publications among the events
	Width       int    // wrap text output at this many cells (0: never)
	All         bool   // every event, not only the notable ones (see tl.Event.Notable)
	Since       string // only events that end on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
	Until       string // only events that start on or before this date
}

// timelineWindow is what the options keep of the timeline.
type timelineWindow struct {
	from, to  time.Time // inclusive days; zero is open
	all       bool
	published bool
}

// keeps reports whether an event is printed, and whether it is left out
// only for not being notable.
func (w timelineWindow) keeps(ev tl.Event) (keep, bounded bool) {
	if !ev.Within(w.from, w.to) {
		return false, false
	}
	if ev.Kind == tl.KindPublished {
		return w.published, false
	}
	if !w.all && !ev.Notable {
		return false, true
	}
	return true, false
}

// UndatedShown bounds the undated articles listed of a large timeline
// (all with --all).
const UndatedShown = 20

// undated returns the undated articles to list: none within dates, a
// few of a large timeline, else all.
func (w timelineWindow) undated(t tl.Timeline) []string {
	switch {
	case !w.from.IsZero() || !w.to.IsZero():
		return nil
	case !w.all && len(t.Undated) > UndatedShown:
		return t.Undated[:UndatedShown]
	}
	return t.Undated
}

// window reads --since and --until: a day, a month or a year, the latter
// two standing for their first (since) or last (until) day.
func (o TimelineOptions) window() (timelineWindow, error) {
	w := timelineWindow{all: o.All, published: o.Published}
	bound := func(flag, s string, last bool) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, p, err := model.ParseDate(s)
		if err != nil || p == model.Unknown {
			return time.Time{}, UsageError{fmt.Errorf("--%s %s: want a date YYYY-MM-DD, YYYY-MM or YYYY", flag, model.Escape(s))}
		}
		y, m, d := t.Date()
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if last {
			switch p {
			case model.Month:
				t = t.AddDate(0, 1, -1)
			case model.Year:
				t = t.AddDate(1, 0, -1)
			}
		}
		return t, nil
	}
	var err error
	if w.from, err = bound("since", o.Since, false); err != nil {
		return w, err
	}
	if w.to, err = bound("until", o.Until, true); err != nil {
		return w, err
	}
	if !w.from.IsZero() && !w.to.IsZero() && w.to.Before(w.from) {
		return w, UsageError{fmt.Errorf("--until %s is before --since %s", model.Escape(o.Until), model.Escape(o.Since))}
	}
	return w, nil
}

// Timeline extracts the partnership's timeline from the corpus and the
// roadmap catalogue's milestones and prints it oldest first: the events
// about the partnership by year, then the planned ones, then those that
// are context only, then the undated articles. Unless o.All, only the
// notable events are printed (tl.Event.Notable); a line says how many
// were left out. It stops when ctx is cancelled.
func Timeline(ctx context.Context, o TimelineOptions, out, errOut io.Writer) error {
	w, err := o.window()
	if err != nil {
		return err
	}
	cat, err := LoadRoadmap(o.RoadmapFile)
	if err != nil {
		return err
	}
	// The kept index keeps each article's extraction: a warm start
	// assembles the timeline without reading the articles again.
	lib, err := OpenLibrary(ctx, o.Sources, library.TimelineDeriver(), errOut)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("timeline: interrupted while reading the corpus: %w", ctx.Err())
		}
		return err
	}
	defer lib.Close()
	snap := lib.Snapshot()
	corpus := snap.Corpus
	roomForAssembly(snap.TimelineDataSize())
	// A large timeline is assembled whole only when every event or every
	// publication is asked for: the notable events take a fraction of
	// the time and memory.
	timeline := snap.Timeline
	if o.All || o.Published {
		timeline = snap.TimelineAll
	}
	t, err := timeline(ctx, tl.Milestones(cat))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("timeline: interrupted before it was built: %w", err)
		}
		return err
	}
	w.all = w.all || !t.Bounded()
	bw := bufio.NewWriterSize(out, 64<<10)
	var left int
	if o.JSON {
		left, err = printTimelineJSON(bw, corpus, t, w)
	} else {
		left = printTimelineText(bw, corpus, t, w, o.Width)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if left += t.Left; err == nil && left > 0 && o.JSON {
		fmt.Fprintf(errOut, "dossier: %d more events, told by fewer articles, left out; --all lists them\n", left)
	}
	return err
}

// roomForAssembly raises the one-shot commands' soft memory limit (see
// TuneMemoryForOneShot), when that is more, to twice the heap the opened
// corpus holds, and at least to its live heap plus five quarters of the
// data bytes of kept extractions the assembly reads (it keeps 0.8-0.85
// bytes a byte live at 100,000 articles, and the heap it frees counts
// against the limit until it is handed back): a limit near what is live
// makes the collector run without pause. At 100,000 articles, three
// quarters took 10.6-12 CPU-s, with the collector every 40 ms at the end;
// five quarters 7.8-8.2 CPU-s, at a peak of 248-251 MB anonymous.
func roomForAssembly(data int64) {
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		return // no limit set: nothing to make room in
	}
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(heap)
	objects, live := int64(heap[0].Value.Uint64()), int64(heap[1].Value.Uint64())
	if want := max(2*objects, live+data*5/4); want > limit {
		debug.SetMemoryLimit(want)
	}
}

// printTimelineText writes one block per event: the date (≈ when it is
// inferred), a mark for its kind and the label, then one line per source
// telling how it dates the event. Lines wrap at width (0: never) under the
// label's first word. It returns how many events it left out for not
// being notable.
func printTimelineText(out io.Writer, corpus *model.Corpus, t tl.Timeline, w timelineWindow, width int) int {
	var main, planned, context []tl.Event
	left := 0
	for _, ev := range t.Events {
		keep, bounded := w.keeps(ev)
		switch {
		case bounded:
			left++
		case !keep:
		case ev.Context:
			context = append(context, ev)
		case ev.Kind == tl.KindPlanned:
			planned = append(planned, ev)
		default:
			main = append(main, ev)
		}
	}
	year := 0
	for _, ev := range main {
		if y := ev.Start.Year(); y != year {
			year = y
			fmt.Fprintf(out, "\n%d\n", year)
		}
		printEvent(out, corpus, ev, width)
	}
	if len(planned) > 0 {
		fmt.Fprintf(out, "\nPlanned (announced, not reported as done)\n")
		for _, ev := range planned {
			printEvent(out, corpus, ev, width)
		}
	}
	if len(context) > 0 {
		fmt.Fprintf(out, "\nContext (not about the partnership)\n")
		for _, ev := range context {
			printEvent(out, corpus, ev, width)
		}
	}
	if undated := w.undated(t); len(undated) > 0 {
		fmt.Fprintf(out, "\nUndated articles\n")
		for _, id := range undated {
			a, _ := corpus.Article(id)
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s", "—", model.SanitizeLine(a.Title)))
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s", "", model.Escape(id)))
		}
		if more := len(t.Undated) - len(undated); more > 0 {
			fmt.Fprintf(out, "  … and %d more undated articles (--all lists them)\n", more)
		}
	}
	if left += t.Left; left > 0 {
		fmt.Fprintf(out, "\n%d more events, told by fewer articles; --all lists them\n", left)
	}
	return left
}

// kindMarks mark the kind of an event in the text output; an announcing
// source is marked as a plan.
var kindMarks = map[tl.Kind]string{tl.KindMilestone: "◆", tl.KindReported: "•", tl.KindPublished: "▫", tl.KindPlanned: "◇"}

// announcedMark marks a source that announced the event rather than reported it.
const announcedMark = "◇"

// eventIndent is where an event's label and its sources start, and where
// their wrapped lines go on.
const eventIndent = 21

func printEvent(out io.Writer, corpus *model.Corpus, ev tl.Event, width int) {
	date := ev.DateString()
	if ev.Inferred() {
		date = "≈" + date
	}
	label := model.SanitizeLine(ev.Label)
	if !ev.Period.IsZero() && !strings.Contains(label, fmt.Sprint(ev.Period.From)) {
		label += " [" + ev.Period.String() + "]"
	}
	printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s %s", date, kindMarks[ev.Kind], label))
	for _, s := range ev.Sources {
		if s.Basis == tl.Catalogue {
			what := "item " + model.Escape(s.ID)
			if doc, ok := strings.CutPrefix(s.ID, tl.DocumentMilestonePrefix); ok {
				what = "“" + model.SanitizeLine(doc) + "”"
			}
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s   roadmap %s · %s", "", what, model.SanitizeLine(s.Expression)))
			continue
		}
		if s.Announced {
			note := "announced"
			if a, ok := corpus.Article(s.ID); ok && a.Precision != model.Unknown && s.Basis != tl.Relative {
				note += ", published " + model.HumanDate(a.Date, a.Precision)
			}
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s %s · %s · %s", "", announcedMark, model.Escape(s.ID), note, model.SanitizeLine(s.DateNote())))
			continue
		}
		printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s   %s · %s", "", model.Escape(s.ID), model.SanitizeLine(s.DateNote())))
	}
	if more := ev.MoreReports + ev.MoreAnnounced; more > 0 {
		fmt.Fprintf(out, "  %-16s   … and %d more articles (--all lists them)\n", "", more)
	}
}

type jsonSource struct {
	ID         string  `json:"id"`
	Quote      string  `json:"quote"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Basis      string  `json:"basis"`
	Expression string  `json:"expression"`
	Anchor     *string `json:"anchor"`
	Announced  bool    `json:"announced"`
}

type jsonEvent struct {
	Start     *string      `json:"start"`
	End       *string      `json:"end"`
	Precision string       `json:"precision"`
	Kind      string       `json:"kind"`
	Label     string       `json:"label"`
	Context   bool         `json:"context"`
	Period    *string      `json:"period,omitempty"`
	Milestone string       `json:"milestone,omitempty"`
	Sources   []jsonSource `json:"sources"`
	More      int          `json:"more_sources,omitempty"`
}

// printTimelineJSON streams the kept events as one array, one element at
// a time (context ones included; publications with --published or
// --all), then each undated article with null dates. It returns how many events it left out for
// not being notable.
func printTimelineJSON(out io.Writer, corpus *model.Corpus, t tl.Timeline, w timelineWindow) (int, error) {
	return printTimelineJSONBy(out, corpus, t, w, jsonBatch)
}

// jsonBatch is about how many sources (each event counts one more)
// printTimelineJSON formats at a time on one of two goroutines, while
// it writes the batches made before in order: the output still streams,
// a few batches at most held (100,000 articles: 0.18 s on one core).
const jsonBatch = 2048

// jsonAhead is how many batches may be formatted ahead of the one written.
const jsonAhead = 4

// printTimelineJSONBy is printTimelineJSON formatting about batch sources
// at a time.
func printTimelineJSONBy(out io.Writer, corpus *model.Corpus, t tl.Timeline, w timelineWindow, batch int) (int, error) {
	n, left := 0, 0
	emit := func(f *jsonFormatter) error {
		from := 0
		for _, end := range f.ends {
			sep := ",\n  "
			if n == 0 {
				sep = "[\n  "
			}
			n++
			if _, err := io.WriteString(out, sep); err != nil {
				return err
			}
			if _, err := out.Write(f.out[from:end]); err != nil {
				return err
			}
			from = end
		}
		f.out, f.ends = f.out[:0], f.ends[:0]
		return nil
	}
	pub := w
	pub.published = w.published || w.all // --all: every event and publication
	var kept []int32                     // the events printed
	var batches []int                    // where each batch ends in kept
	weight := 0
	for i, ev := range t.Events {
		keep, bounded := pub.keeps(ev)
		if bounded {
			left++
		}
		if !keep {
			continue
		}
		kept = append(kept, int32(i))
		if weight += 1 + len(ev.Sources); weight >= batch {
			batches, weight = append(batches, len(kept)), 0
		}
	}
	if len(batches) == 0 || batches[len(batches)-1] < len(kept) {
		batches = append(batches, len(kept))
	}
	type job struct {
		events []int32 // of t.Events
		done   chan jsonFormatted
	}
	free := make(chan *jsonFormatter, jsonAhead+2)
	jobs, order := make(chan job, len(batches)), make(chan job, jsonAhead)
	stop := make(chan struct{})
	defer close(stop)
	go func() { // the batches, in order
		defer close(order)
		defer close(jobs)
		from := 0
		for _, to := range batches {
			j := job{kept[from:to], make(chan jsonFormatted, 1)}
			from = to
			select {
			case order <- j:
				jobs <- j
			case <-stop:
				return
			}
		}
	}()
	for range min(2, len(batches)) {
		go func() {
			for j := range jobs {
				var f *jsonFormatter
				select {
				case f = <-free:
				default:
					f = newJSONFormatter()
				}
				j.done <- jsonFormatted{f, f.events(t.Events, j.events)}
			}
		}()
	}
	for j := range order {
		r := <-j.done
		if r.err != nil {
			return left, r.err
		}
		if err := emit(r.f); err != nil {
			return left, err
		}
		select {
		case free <- r.f:
		default:
		}
	}
	if w.from.IsZero() && w.to.IsZero() {
		f := newJSONFormatter()
		for _, id := range w.undated(t) {
			a, _ := corpus.Article(id)
			err := f.add(jsonEvent{Precision: "unknown", Kind: tl.KindPublished.String(), Label: a.Title,
				Sources: []jsonSource{{ID: id, Quote: a.Title, Basis: tl.Stated.String()}}})
			if err == nil {
				err = emit(f)
			}
			if err != nil {
				return left, err
			}
		}
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(out, end)
	return left, err
}

// jsonFormatted is a batch formatted.
type jsonFormatted struct {
	f   *jsonFormatter
	err error
}

// jsonFormatter formats the elements of printTimelineJSON's array one
// after another (out), each ending at its place in ends.
type jsonFormatter struct {
	buf      bytes.Buffer
	enc      *json.Encoder
	indented []byte
	out      []byte
	ends     []int
}

func newJSONFormatter() *jsonFormatter {
	f := &jsonFormatter{}
	f.enc = json.NewEncoder(&f.buf)
	f.enc.SetEscapeHTML(false)
	return f
}

// add formats one element.
func (f *jsonFormatter) add(v jsonEvent) error {
	f.buf.Reset()
	if err := f.enc.Encode(v); err != nil {
		return err
	}
	f.indented = indentJSON(f.indented[:0], bytes.TrimRight(f.buf.Bytes(), "\n"), "  ", "  ")
	f.out = append(f.out, model.EscapeJSON(f.indented)...)
	f.ends = append(f.ends, len(f.out))
	return nil
}

// events formats the events listed.
func (f *jsonFormatter) events(events []tl.Event, list []int32) error {
	day := func(tm time.Time) *string { s := tm.Format(time.DateOnly); return &s }
	for _, i := range list {
		ev := &events[i]
		je := jsonEvent{Start: day(ev.Start), End: day(ev.End), Precision: ev.Precision.String(), Kind: ev.Kind.String(),
			Label: ev.Label, Context: ev.Context, Milestone: ev.Milestone, Sources: make([]jsonSource, 0, len(ev.Sources)),
			More: ev.MoreReports + ev.MoreAnnounced}
		if !ev.Period.IsZero() {
			p := fmt.Sprintf("%d-%d", ev.Period.From, ev.Period.To)
			je.Period = &p
		}
		for _, s := range ev.Sources {
			js := jsonSource{ID: s.ID, Quote: s.Quote, Start: s.Start, End: s.End, Basis: s.Basis.String(),
				Expression: s.Expression, Announced: s.Announced}
			if s.Basis == tl.Relative {
				a := model.FormatDate(s.Anchor, modelPrecisionOf(s.AnchorPrecision))
				js.Anchor = &a
			}
			je.Sources = append(je.Sources, js)
		}
		if err := f.add(je); err != nil {
			return err
		}
	}
	return nil
}

// modelPrecisionOf maps the timeline's precision to the corpus's.
func modelPrecisionOf(p tl.Precision) model.Precision {
	switch p {
	case tl.Day:
		return model.Day
	case tl.Month:
		return model.Month
	case tl.Year:
		return model.Year
	}
	return model.Unknown
}

package roadmap

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
	"dossier/ui/common"
)

// Each item's last news: the newest article accepted as its evidence or
// strongly linked to it (index.Linker.LatestAll, a few searches per item:
// 0.6–0.7 s for the seed roadmap at 10,000 articles). The links are found
// in a tea.Cmd once per snapshot and set of evidence quotes, shared by
// every session of the process (library.Snapshot.Value); a newer request
// cancels the wait for an older one, and a result carries its sequence
// number so a stale one is dropped. Which evidence is newest is worked
// out here, at once, whenever the reviews change.

// newsState is what the pane knows of the items' news.
type newsState struct {
	news  map[string]triage.News   // item id → its last news; nil until the links are first found
	links map[string]model.Article // item id → its newest strongly linked article, for linksFor
	// linksFor says which snapshot and evidence quotes links belong to;
	// asked, the ones being looked for.
	linksFor, asked newsKey
	seq             int
	cancel          context.CancelFunc
	err             string // the last search for links failed: why
}

// newsKey names the input of a search for links.
type newsKey struct {
	snap   *library.Snapshot
	quotes string // evidenceKey of the reviews
}

// newsMsg brings the links found for a snapshot and evidence quotes.
type newsMsg struct {
	seq   int
	key   newsKey
	links map[string]model.Article
	err   error
}

// linksResult is what a snapshot keeps of a search for links.
type linksResult struct {
	links map[string]model.Article
	err   error
}

// evidenceQuotes lists the quotes accepted as evidence, by item: the
// linker reads an item through them too.
func evidenceQuotes(reviews map[string]review.Review) map[string][]string {
	out := map[string][]string{}
	for id, r := range reviews {
		for _, e := range r.Evidence {
			out[id] = append(out[id], e.Quote)
		}
	}
	return out
}

// evidenceKey is a digest of the evidence quotes, by item: equal quotes,
// equal links.
func evidenceKey(quotes map[string][]string) string {
	ids := make([]string, 0, len(quotes))
	for id := range quotes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	h := sha256.New()
	for _, id := range ids {
		qs := slices.Clone(quotes[id])
		slices.Sort(qs)
		fmt.Fprintf(h, "%d:%s", len(id), id)
		for _, q := range qs {
			fmt.Fprintf(h, "|%d:%s", len(q), q)
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// refreshNews works the news out again from the links it has, and asks
// for links again when the corpus or the evidence quotes changed.
func (m *Model) refreshNews() tea.Cmd {
	t := &m.tri.news
	if m.snap == nil || m.snap.Partial || m.c.Roadmap == nil {
		return nil
	}
	if t.links != nil && t.linksFor.snap == m.snap {
		// The evidence's own dates count at once; links for new quotes follow.
		t.news = triage.LastNews(m.reviews, m.snap.Corpus, t.links)
		m.refresh()
	}
	return m.askNews()
}

// askNews asks for the links of the corpus and evidence quotes, unless
// they are in hand or asked for already.
func (m *Model) askNews() tea.Cmd {
	t := &m.tri.news
	if m.snap == nil || m.snap.Partial || m.c.Roadmap == nil {
		return nil
	}
	quotes := evidenceQuotes(m.reviews)
	want := newsKey{snap: m.snap, quotes: evidenceKey(quotes)}
	if t.linksFor == want || t.asked == want {
		return nil
	}
	if t.cancel != nil {
		t.cancel() // stop waiting for links nobody needs now
	}
	t.seq++
	t.asked = want
	ctx, cancel := context.WithCancel(m.c.Context())
	t.cancel = cancel
	seq, snap, cat := t.seq, m.snap, m.c.Roadmap
	return func() tea.Msg {
		defer cancel()
		r, err := newsLinks(ctx, snap, cat, quotes, want.quotes)
		if err != nil {
			return newsMsg{seq: seq, key: want, err: err}
		}
		return newsMsg{seq: seq, key: want, links: r.links, err: r.err}
	}
}

// newsLinks finds the links of a snapshot and evidence quotes (key: their
// evidenceKey) once, for every session of the process; ctx ends the wait.
func newsLinks(ctx context.Context, snap *library.Snapshot, cat *roadmap.Catalogue, quotes map[string][]string, key string) (linksResult, error) {
	v, err := snap.Value(ctx, "roadmap-news:"+key, func() any {
		lk, err := snap.Index.NewLinker(snap.Context(), index.RoadmapTopics(cat, quotes))
		if err != nil {
			return linksResult{err: err}
		}
		links, err := lk.LatestAll(snap.Context())
		return linksResult{links: links, err: err}
	})
	if err != nil {
		return linksResult{}, err
	}
	return v.(linksResult), nil
}

// WarmNews finds the items' news of snap for the reviews as they are, as
// the first session to show the roadmap would (a few seconds of CPU at
// 100,000 articles): a server does it when it loads a corpus, so that a
// wave of logins does not. Sessions whose reviews have the same evidence
// quotes take the links found.
func WarmNews(ctx context.Context, snap *library.Snapshot, cat *roadmap.Catalogue, reviews map[string]review.Review) error {
	if snap == nil || snap.Partial || cat == nil {
		return nil
	}
	quotes := evidenceQuotes(reviews)
	r, err := newsLinks(ctx, snap, cat, quotes, evidenceKey(quotes))
	if err != nil {
		return err
	}
	return r.err
}

// gotNews keeps the links of the latest request and works the news out.
func (m *Model) gotNews(msg newsMsg) tea.Cmd {
	t := &m.tri.news
	if msg.seq != t.seq {
		return nil // a request made stale by a newer one
	}
	t.asked = newsKey{}
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) || errors.Is(msg.err, index.ErrClosed) {
			return nil // the corpus changed meanwhile: its own request follows
		}
		t.err = model.SanitizeLine(msg.err.Error())
		return nil
	}
	t.err = ""
	t.links, t.linksFor = msg.links, msg.key
	t.news = triage.LastNews(m.reviews, msg.key.snap.Corpus, msg.links)
	m.refresh()
	if m.mode == modeList && m.tri.order == triage.OrderQuietest {
		m.lst().SelectIndex(0)
	}
	return m.askNews() // the reviews may have changed while it ran (the news was just worked out from them)
}

// newsHeading is the heading of the news column; newsWidth its width.
const (
	newsHeading = "news"
	newsWidth   = 5
)

// newsColumnWidth is the row width from which items have a news column:
// the list's width in a 160-column terminal (three columns) and wider.
const newsColumnWidth = 46

// newsColumn reports whether rows of width w have the news column.
func newsColumn(w int) bool { return w >= newsColumnWidth }

// newsAge is how long ago an item's last news came, in a few cells
// ("3d", "5w", "14mo", "2y", "none"), and whether the item is quiet
// (triage.QuietAfter days or more, or never in the news).
func newsAge(n triage.News, now time.Time) (string, bool) {
	days, ok := n.QuietDays(now)
	switch {
	case !ok:
		return "none", true
	case days < 14:
		return fmt.Sprintf("%dd", days), false
	case days < 60:
		return fmt.Sprintf("%dw", days/7), false
	case days < 730:
		return fmt.Sprintf("%dmo", int(float64(days)/30.44)), days >= triage.QuietAfter
	}
	return fmt.Sprintf("%dy", days/365), true
}

// newsCell is an item's cell of the news column, newsWidth wide.
func (m *Model) newsCell(id string) string {
	s := m.c.Styles
	if m.tri.news.news == nil {
		return s.Faint.Render(fmt.Sprintf("%*s", newsWidth, "·"))
	}
	text, quiet := newsAge(m.tri.news.news[id], m.c.Now())
	st := s.Muted
	if quiet {
		st = s.Warning
	}
	return st.Render(fmt.Sprintf("%*s", newsWidth, text))
}

// newsLines describe an item's last news for its detail: the date, the
// article and how it concerns the item, and how long it has been quiet.
func (m *Model) newsLines(id string, w int) []string {
	s := m.c.Styles
	t := m.tri.news
	switch {
	case t.news == nil && t.err != "":
		return common.Lines("Last news: could not be looked for: "+t.err, w, s.Warning)
	case t.news == nil:
		return common.Lines("Last news: looking…", w, s.Faint)
	}
	n, ok := t.news[id]
	if !ok || !n.Known() {
		return common.Lines("Last news: none found (no dated evidence, no article strongly about it)", w, s.Warning)
	}
	via := "accepted as evidence"
	if n.Via == triage.ViaLink {
		via = "strongly linked"
	}
	title := "“" + model.SanitizeLine(m.titleOf(n.ArticleID)) + "”"
	head := common.Dotted("Last news: "+model.HumanDate(n.Date, n.Precision), title, via)
	lines := common.Lines(head, w, s.Text)
	days, _ := n.QuietDays(m.c.Now())
	if q := triage.QuietText(days); q != "" {
		lines = append(lines, common.Lines(q, w, s.Warning)...)
	}
	return lines
}

// titleOf is an article's title, or its id when the corpus lost it.
func (m *Model) titleOf(id string) string {
	if a, ok := m.article(id); ok {
		return a.Title
	}
	return id
}

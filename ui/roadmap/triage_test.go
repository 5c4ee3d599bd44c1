package roadmap

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/model/review"
	"dossier/model/triage"
	"dossier/ui/common"
)

var itemIDRe = regexp.MustCompile(`\b(?:mou|rm23|rm25|keg)-[0-9a-z.]*[0-9a-z]\b`)

// listed returns the ids of the items the list holds, in order.
func listed(t *testing.T, m *Model) []string {
	t.Helper()
	var ids []string
	for _, r := range m.rows() {
		if r.Selectable {
			ids = append(ids, r.Key)
		}
	}
	return ids
}

// typed turns text into key presses.
func typed(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

func setStatuses(t *testing.T, st review.Store, who string, sts map[string]review.Status) {
	t.Helper()
	for id, s := range sts {
		if _, err := st.SetStatus(context.Background(), id, s, who); err != nil {
			t.Fatal(err)
		}
	}
}

// savedView reads who's roadmap view from the store.
func savedView(t *testing.T, st review.Store, who string) triage.View {
	t.Helper()
	us, ok := review.UserStateOf(st)
	if !ok {
		t.Fatal("the store keeps no per-person state")
	}
	v, _, err := triage.LoadView(context.Background(), us, who)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFilterPrompt: f opens a prompt that filters the list as it is typed,
// the header says "2 of 26 items", enter applies and keeps the filter for
// the person; esc leaves with the text kept.
func TestFilterPrompt(t *testing.T) {
	m, st := pane(t, t.TempDir())
	setStatuses(t, st, "bob", map[string]review.Status{"mou-1.2": review.AtRisk, "rm25-3": review.AtRisk, "keg-1": review.Blocked})
	run(t, m, m.load())
	if got := listed(t, m); len(got) != 26 {
		t.Fatalf("before any filter %d items are listed: %v", len(got), got)
	}
	press(t, m, r("f"))
	if !m.Prompt() {
		t.Fatal("f opened no prompt")
	}
	press(t, m, typed("status:at-risk")...)
	if got := listed(t, m); !slices.Equal(got, []string{"mou-1.2", "rm25-3"}) {
		t.Errorf("status:at-risk lists %v", got)
	}
	if v := m.View(); !strings.Contains(v, "2 of 26 items · filter status:at-risk") {
		t.Errorf("the header does not count the items kept:\n%s", v)
	}
	press(t, m, enter)
	if m.Prompt() {
		t.Fatal("enter did not apply the filter")
	}
	if v := savedView(t, st, "alice"); v.Filter != "status:at-risk" {
		t.Errorf("the filter kept for alice is %+v", v)
	}
	// f again: the filter is selected, typing replaces it.
	press(t, m, r("f"))
	press(t, m, typed("reviewer:bob -status:blocked")...)
	press(t, m, esc)
	if m.Prompt() || m.tri.input.Value() != "reviewer:bob -status:blocked" {
		t.Fatalf("esc: prompt %v, text %q", m.Prompt(), m.tri.input.Value())
	}
	if got := listed(t, m); !slices.Equal(got, []string{"mou-1.2", "rm25-3"}) {
		t.Errorf("reviewer:bob -status:blocked lists %v", got)
	}
	// ↑ in the prompt brings back the filter applied before.
	press(t, m, r("f"), tea.KeyMsg{Type: tea.KeyUp})
	if got := m.tri.input.Value(); got != "status:at-risk" && got != "reviewer:bob -status:blocked" {
		t.Errorf("↑ brought %q", got)
	}
	// Emptied, the filter is off.
	press(t, m, tea.KeyMsg{Type: tea.KeyCtrlU}, enter)
	if got := listed(t, m); len(got) != 26 || strings.Contains(m.View(), "of 26 items") {
		t.Errorf("without a filter: %d items, header:\n%s", len(got), m.View())
	}
}

// TestFilterMistake: a bad filter is pointed at with a caret and the
// message wrapped whole, as a bad query is; enter does not apply it, and
// esc leaves with the text kept and the filter there was before.
func TestFilterMistake(t *testing.T) {
	m, st := pane(t, t.TempDir())
	setStatuses(t, st, "bob", map[string]review.Status{"keg-1": review.Blocked})
	run(t, m, m.load())
	press(t, m, r("f"))
	press(t, m, typed("status:blocked")...)
	press(t, m, enter, r("f"))
	press(t, m, typed("status:late")...) // replaces the selected filter
	m.SetSize(40, 22)                    // the message takes several lines
	lines := screenLines(m.View())
	caret := -1
	for i, l := range lines {
		if l == "filter: status:late" {
			caret = i + 1
		}
	}
	if caret < 0 || caret+3 >= len(lines) {
		t.Fatalf("no prompt line:\n%s", strings.Join(lines, "\n"))
	}
	if want := strings.Repeat(" ", len("filter: status:")) + "^"; lines[caret] != want {
		t.Errorf("the caret line is %q, want %q", lines[caret], want)
	}
	msg := strings.Join(strings.Fields(strings.Join(lines[caret+1:caret+4], " ")), " ")
	if !strings.HasPrefix(msg, "✗ column 8: status:late: want unreviewed, on-track, at-risk, blocked or done") {
		t.Errorf("the message is not whole under the caret: %q", msg)
	}
	out := press(t, m, enter)
	if !m.Prompt() || len(out) == 0 {
		t.Errorf("enter left the prompt with a bad filter (or said nothing): %v", out)
	}
	press(t, m, esc)
	if m.Prompt() || m.tri.input.Value() != "status:late" {
		t.Errorf("esc: prompt %v, text %q", m.Prompt(), m.tri.input.Value())
	}
	if got := listed(t, m); !slices.Equal(got, []string{"keg-1"}) {
		t.Errorf("the filter from before is not applied: %v", got)
	}
	if v := savedView(t, st, "alice"); v.Filter != "status:blocked" {
		t.Errorf("kept %+v, want the filter from before", v)
	}
}

// TestOrderCycles: o lists the items by last change, then quietest first,
// then in the catalogue's order again, and keeps the order for the person.
func TestOrderCycles(t *testing.T) {
	m, st := pane(t, t.TempDir())
	setStatuses(t, st, "bob", map[string]review.Status{"rm23-2": review.OnTrack})
	setStatuses(t, st, "bob", map[string]review.Status{"keg-3": review.Done}) // later
	run(t, m, m.load())
	cat := listed(t, m)
	out := press(t, m, r("o"))
	if len(out) == 0 || !strings.Contains(out[0].(common.StatusMsg).Text, "last change first") {
		t.Errorf("o says %v", out)
	}
	got := listed(t, m)
	if len(got) != 26 || got[0] != "keg-3" || got[1] != "rm23-2" {
		t.Errorf("last change first: %v", got)
	}
	if m.Review("rm23-2").Status != review.OnTrack || m.Review("mou-1.1").Status != review.Unreviewed {
		t.Error("o changed a status")
	}
	press(t, m, r("o"))
	got = listed(t, m)
	// Quietest first: no news at all first, then the longest quiet.
	now := testNow
	prev := 1 << 30
	for _, id := range got {
		d, ok := m.tri.news.news[id].QuietDays(now)
		if !ok {
			d = 1 << 30
		}
		if d > prev {
			t.Fatalf("quietest first, %s (%d days) after one of %d days: %v", id, d, prev, got)
		}
		prev = d
	}
	if v := savedView(t, st, "alice"); v.Order != triage.OrderQuietest {
		t.Errorf("kept order %v", v.Order)
	}
	press(t, m, r("o"))
	if got := listed(t, m); !slices.Equal(got, cat) {
		t.Errorf("back to the catalogue: %v", got)
	}
}

// TestViewIsPerPerson: alice's filter and order come back in her next
// session; bob, on the same store, sees the whole catalogue.
func TestViewIsPerPerson(t *testing.T) {
	dir := t.TempDir()
	alice, st := pane(t, dir)
	setStatuses(t, st, "bob", map[string]review.Status{"mou-1.1": review.Done})
	press(t, alice, r("f"))
	press(t, alice, typed("status:done")...)
	press(t, alice, enter, r("o"))

	again, _ := paneAs(t, dir, "alice")
	if got := listed(t, again); !slices.Equal(got, []string{"mou-1.1"}) || again.tri.order != triage.OrderLastChange {
		t.Errorf("alice's next session lists %v in %v", got, again.tri.order)
	}
	if v := again.View(); !strings.Contains(v, "1 of 26 items · filter status:done") || !hasLine(v, "last change first") {
		t.Errorf("alice's header:\n%s", v)
	}
	bob, _ := paneAs(t, dir, "bob")
	if got := listed(t, bob); len(got) != 26 || bob.tri.order != triage.OrderCatalogue || !bob.tri.filter.Empty() {
		t.Errorf("bob sees alice's view: %d items, %v, %q", len(got), bob.tri.order, bob.tri.filter.String())
	}
}

// TestAttachListsEveryItem: attaching a passage offers every item,
// whatever the filter; the filter is back afterwards.
func TestAttachListsEveryItem(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	press(t, m, r("f"))
	press(t, m, typed("keg")...)
	press(t, m, enter)
	if n := len(listed(t, m)); n != 3 {
		t.Fatalf("keg lists %d items", n)
	}
	m.Update(common.AttachRequestMsg{ArticleID: "000_59948b4d9c446ef9", Quote: "q"})
	if n := len(listed(t, m)); n != 26 {
		t.Errorf("the attach picker lists %d items", n)
	}
	press(t, m, esc)
	if n := len(listed(t, m)); n != 3 {
		t.Errorf("after attaching, %d items", n)
	}
}

// TestItemNews: the detail says when the item was last in the news, in
// which article and how, and how long it has been quiet; evidence counts
// as soon as it is accepted; the list has a news column where it is wide.
func TestItemNews(t *testing.T) {
	m, st := pane(t, t.TempDir())
	selectItem(t, m, "mou-1.1")
	d := words(m.DetailView(60, 30))
	if !strings.Contains(d, "Last news: 8 Nov 2022 · “COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen” · strongly linked quiet for 3 years") {
		t.Errorf("mou-1.1's detail:\n%s", d)
	}
	// Evidence from a later article: its date is the news, at once.
	if _, err := st.AddEvidence(context.Background(), review.Evidence{ItemID: "mou-1.1", ArticleID: "003_272ce948f6555c66",
		Start: 2890, End: 3103, Quote: "Jones also noted", By: "bob"}); err != nil {
		t.Fatal(err)
	}
	run(t, m, m.load())
	d = words(m.DetailView(60, 30))
	if !strings.Contains(d, "Last news: 9 Dec 2025") || !strings.Contains(d, "accepted as evidence") || strings.Contains(d, "quiet for") {
		t.Errorf("after evidence of Dec 2025:\n%s", d)
	}
	row := func(w int) string {
		m.SetSize(w, 40)
		for _, l := range screenLines(m.View()) {
			if strings.Contains(l, "mou-1.1 ") && !strings.Contains(l, "reviewed") {
				return l
			}
		}
		return ""
	}
	if r := row(newsColumnWidth); !strings.HasSuffix(r, "  2mo") {
		t.Errorf("a row %d wide: %q, want the news column (2mo)", newsColumnWidth, r)
	}
	if r := row(newsColumnWidth - 1); strings.HasSuffix(r, "2mo") {
		t.Errorf("a row %d wide has the news column: %q", newsColumnWidth-1, r)
	}
}

// TestNewsIsDroppedWhenStale: links found for an older request are not
// shown over newer ones.
func TestNewsIsDroppedWhenStale(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	before := m.tri.news.news
	m.gotNews(newsMsg{seq: m.tri.news.seq - 1, links: nil})
	if len(m.tri.news.news) != len(before) || before == nil {
		t.Error("a stale answer replaced the news")
	}
}

// TestSegments: cells shared in proportion, every status present seen.
func TestSegments(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		width  int
		want   []int
	}{
		{[]int{0, 0, 0, 0, 26}, 10, []int{0, 0, 0, 0, 10}},
		{[]int{1, 0, 0, 0, 25}, 10, []int{1, 0, 0, 0, 9}},
		{[]int{1, 1, 1, 1, 22}, 10, []int{1, 1, 1, 1, 6}},
		{[]int{1, 1, 1, 1, 22}, 4, []int{0, 0, 0, 0, 4}}, // fewer cells than statuses: in proportion
		{[]int{2, 2, 0, 0, 0}, 5, []int{3, 2, 0, 0, 0}},
		{[]int{3, 1, 1, 1, 20}, 51, []int{6, 2, 2, 2, 39}},
		{[]int{0, 0, 0, 0, 0}, 10, []int{0, 0, 0, 0, 0}},
		{[]int{5}, 0, []int{0}},
	} {
		got := segments(tt.counts, tt.width)
		if !slices.Equal(got, tt.want) {
			t.Errorf("segments(%v, %d) = %v, want %v", tt.counts, tt.width, got, tt.want)
		}
		sum := 0
		for _, n := range got {
			sum += n
		}
		if total := slices.Max(append(tt.counts, 0)); total > 0 && sum != tt.width {
			t.Errorf("segments(%v, %d) fill %d cells", tt.counts, tt.width, sum)
		}
	}
}

// TestFilterSyntaxForHelp: every line of the filter language has its
// example and its meaning.
func TestFilterSyntaxForHelp(t *testing.T) {
	rows := FilterSyntax()
	if len(rows) < 6 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if r[0] == "" || r[1] == "" || strings.HasPrefix(r[1], ":") {
			t.Errorf("row %q", r)
		}
	}
	if rows[2][0] != "has:evidence  no:note" {
		t.Errorf("the has/no row is %q", rows[2])
	}
}

// TestNewsFollowsTheCorpus: a new snapshot of the corpus asks for the
// links again (in a command), and the news then belongs to it.
func TestNewsFollowsTheCorpus(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	old := m.snap
	if m.tri.news.linksFor.snap != old || m.tri.news.news == nil {
		t.Fatal("no news for the first snapshot")
	}
	next := library.NewSnapshot(old.Corpus, old.Index, nil)
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(next).State()})
	if cmd == nil {
		t.Fatal("a new snapshot asked for no news")
	}
	run(t, m, cmd)
	if m.tri.news.linksFor.snap != next {
		t.Error("the news is not the new snapshot's")
	}
	// The same snapshot and evidence again: nothing to ask.
	if cmd := m.refreshNews(); cmd != nil {
		t.Error("the same corpus and evidence asked for the links again")
	}
}

// TestRowsAreRebuiltWhenUsed: a change marks the rows stale and costs
// nothing until the list is drawn or used (a pane off screen lists no
// item after each message); whatever uses it then sees the rows of the
// change: the selection a filter leaves, the count a review changes.
func TestRowsAreRebuiltWhenUsed(t *testing.T) {
	m, st := pane(t, t.TempDir())
	setStatuses(t, st, "bob", map[string]review.Status{"mou-1.2": review.AtRisk})
	run(t, m, m.load())
	if allocs := testing.AllocsPerRun(20, m.refresh); allocs != 0 {
		t.Errorf("a refresh allocates %v times: it lists the items at once", allocs)
	}
	if !m.lst().Select("keg-1") || m.shownItem() != "keg-1" {
		t.Fatalf("keg-1 is not selected: %q", m.shownItem())
	}
	press(t, m, r("f"))
	press(t, m, typed("status:at-risk")...)
	press(t, m, enter)
	if got := m.shownItem(); got != "mou-1.2" {
		t.Errorf("with only mou-1.2 listed, the item shown is %q", got)
	}
	setStatuses(t, st, "bob", map[string]review.Status{"rm25-3": review.AtRisk})
	run(t, m, m.load())
	if v := m.View(); !strings.Contains(v, "2 of 26 items · filter status:at-risk") || !strings.Contains(v, "rm25-3") {
		t.Errorf("after another review the pane shows:\n%s", v)
	}
	// A change the pane learns of and draws at once: the header counts it.
	m.reviews["keg-1"] = review.Review{ItemID: "keg-1", Status: review.AtRisk, Version: 1}
	m.refresh()
	if v := m.View(); !strings.Contains(v, "3 of 26 items · filter status:at-risk") || !strings.Contains(v, "keg-1") {
		t.Errorf("a change drawn at once shows:\n%s", v)
	}
}

// TestHeaderCountedAsDrawn: the list is sized with the header's lines
// counted without drawing the bars; the count is the drawn header's, at
// every size, with and without a filter, with its prompt open or not.
func TestHeaderCountedAsDrawn(t *testing.T) {
	m, _ := pane(t, t.TempDir())
	check := func(state string) {
		t.Helper()
		for w := 1; w <= 130; w += 3 {
			for h := 1; h <= 40; h++ {
				if got, want := len(m.header(w, h, false)), len(m.headerLines(w, h)); got != want {
					t.Fatalf("%s, %dx%d: %d header lines counted, %d drawn", state, w, h, got, want)
				}
			}
		}
	}
	check("no filter")
	press(t, m, r("f"))
	press(t, m, typed("status:at-risk")...)
	check("filter prompt")
	press(t, m, enter)
	check("a filter")
}

// TestWarmNewsIsWhatASessionTakes: a server that finds the news of a
// new snapshot before anyone asks (WarmNews) leaves the links a session
// asks for made: its pane takes them without a search of its own, and
// they are the ones a session would have found.
func TestWarmNewsIsWhatASessionTakes(t *testing.T) {
	m, st := pane(t, t.TempDir())
	// Evidence quotes are read with an item: the links are theirs.
	if _, err := st.AddEvidence(context.Background(), review.Evidence{ItemID: "mou-1.1", ArticleID: "003_272ce948f6555c66",
		Start: 2890, End: 3103, Quote: "Jones also noted", By: "bob"}); err != nil {
		t.Fatal(err)
	}
	run(t, m, m.load())
	found := m.tri.news.links
	if len(found) == 0 {
		t.Fatal("the seeds' items have no links")
	}
	next := library.NewSnapshot(m.snap.Corpus, m.snap.Index, nil)
	reviews, err := st.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := WarmNews(context.Background(), next, m.c.Roadmap, reviews); err != nil {
		t.Fatal(err)
	}
	key := "roadmap-news:" + evidenceKey(evidenceQuotes(reviews))
	v, err := next.Value(context.Background(), key, func() any {
		t.Error("the pane's links were not made by WarmNews")
		return linksResult{}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.(linksResult).links; len(got) != len(found) {
		t.Errorf("warmed %d items' links, a session found %d", len(got), len(found))
	}
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(next).State()})
	run(t, m, cmd)
	if m.tri.news.linksFor.snap != next || len(m.tri.news.links) != len(found) {
		t.Error("the pane did not take the warmed links of the new snapshot")
	}
}

package feeds_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/index"
	"dossier/model"
	"dossier/model/feeds"
	"dossier/model/feeds/feedtest"
	"dossier/model/ingest"
	"dossier/model/review"
	"dossier/model/review/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// day is when the test articles were published.
var day = time.Date(2025, 12, 6, 9, 30, 0, 0, time.UTC)

// env is one test's site, corpus folder and store.
type env struct {
	site *feedtest.Server
	dir  string
	log  review.FeedLog
	opt  feeds.Options
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := review.OpenSQLite(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fl, _ := review.FeedLogOf(st)
	e := &env{site: feedtest.New(t), dir: t.TempDir(), log: fl}
	e.opt = feeds.Options{
		Dir:    e.dir,
		Client: testClient(feeds.ClientOptions{Delay: -1, Timeout: 2 * time.Second}),
		Log:    fl,
		Match:  index.Matcher{},
	}
	return e
}

// testClient allows loopback addresses only: nothing a test fetches leaves the machine.
func testClient(o feeds.ClientOptions) *feeds.Client {
	o.Dial = feeds.LoopbackOnly
	return feeds.NewClient(o)
}

func (e *env) run(t *testing.T, srcs ...feeds.Source) []feeds.SourceResult {
	t.Helper()
	return feeds.Run(context.Background(), srcs, e.opt)
}

// files reads the articles of the corpus folder, failing on any hidden
// or half-written file.
func (e *env) files(t *testing.T) map[string]model.Article {
	t.Helper()
	return corpusFiles(t, e.dir)
}

func corpusFiles(t *testing.T, dir string) map[string]model.Article {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.Article{}
	for _, d := range ents {
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("a hidden file is left in the corpus folder: %s", d.Name())
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, d.Name()))
		if err != nil {
			t.Fatal(err)
		}
		a, err := ingest.LoadOne(d.Name(), data)
		if err != nil {
			t.Errorf("%s cannot be read as an article: %v\n%s", d.Name(), err, data)
			continue
		}
		out[d.Name()] = a
	}
	return out
}

// frontMatter returns the front matter of a corpus file.
func frontMatter(t *testing.T, path string) model.Meta {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	front, _, ok, err := model.SplitFrontMatter(string(data))
	if !ok || err != nil {
		t.Fatalf("%s has no front matter: %v", path, err)
	}
	m, err := model.ParseFrontMatter(front)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// only returns the one result, failing on any other count.
func only(t *testing.T, rs []feeds.SourceResult) feeds.SourceResult {
	t.Helper()
	if len(rs) != 1 {
		t.Fatalf("%d results", len(rs))
	}
	return rs[0]
}

// articles serves n article pages about topic and returns their items.
func articles(s *feedtest.Server, prefix, topic string, n int) []feedtest.Item {
	var items []feedtest.Item
	for i := range n {
		items = append(items, s.Article("/"+prefix+"/"+string(rune('a'+i))+".html",
			"EU and Kazakhstan discuss "+topic+" (meeting "+string(rune('A'+i))+")", feedtest.Text(topic, i+1), day.Add(time.Duration(i)*time.Hour)))
	}
	return items
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/model/feeds"
	"dossier/model/feeds/feedtest"
)

var fetchDay = time.Date(2025, 12, 6, 9, 30, 0, 0, time.UTC)

// fetchSetup serves three sources (a page feed, a failing one and a
// windows-1251 entry feed) and reads them from a config file as a user
// writes it.
func fetchSetup(t *testing.T) (*feedtest.Server, FetchOptions) {
	t.Helper()
	s := feedtest.New(t)
	var items []feedtest.Item
	for i := range 2 {
		items = append(items, s.Article(fmt.Sprintf("/news/%d.html", i), fmt.Sprintf("EU and Kazakhstan talk lithium, round %d", i),
			feedtest.Text(fmt.Sprintf("lithium round %d", i), i), fetchDay))
	}
	s.Feed("/rss.xml", feedtest.RSS, "Astana", items...)
	s.Feed("/ru.xml", feedtest.RSS1251, "Казинформ", feedtest.Item{Title: "Казахстан и ЕС: сырьё", Link: "/ru/1.html", Published: fetchDay,
		Content: "<p>Казахстан и Европейский союз обсудили сотрудничество в области критического сырья, аккумуляторов и водорода на встрече в Астане во вторник.</p><p>Стороны договорились продолжить работу по дорожной карте партнёрства и встретиться снова весной следующего года.</p>"})
	cfgText := fmt.Sprintf(`sources:
  - name: Astana Times
    url: %s
  - name: Broken
    url: %s
  - name: Kazinform
    url: %s
    fetch: entry
`, s.At("/rss.xml"), s.At(feedtest.PathError), s.At("/ru.xml"))
	cfg, err := ParseConfig("/etc/dossier/config.yaml", []byte(cfgText), "/home/me")
	if err != nil {
		t.Fatal(err)
	}
	return s, FetchOptions{
		Sources:     Sources{CorpusDirs: []string{t.TempDir()}, NoCache: true},
		DataOptions: DataOptions{DataDir: t.TempDir()},
		Feeds:       cfg.Sources,
		Client:      feeds.NewClient(feeds.ClientOptions{Delay: -1, Timeout: 3 * time.Second, Dial: feeds.LoopbackOnly}),
	}
}

func fetchRun(t *testing.T, o FetchOptions) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Fetch(context.Background(), o, &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestFetchCommand: one line per source, the reason of a failure on it,
// exit 1 when a source failed and 0 when each was read; --source fetches
// one; --dry-run writes nothing; --json says it all.
func TestFetchCommand(t *testing.T) {
	s, o := fetchSetup(t)
	out, errOut, err := fetchRun(t, o)
	want := "Astana Times: 2 new, 0 unchanged\nBroken: failed: HTTP 500 Internal Server Error\nKazinform: 1 new, 0 unchanged\n"
	if out != want || err == nil || err.Error() != "1 of 3 sources could not be read" || ExitCode(err) != ExitFailure || errOut != "" {
		t.Fatalf("out %q\nerr %v\nstderr %q", out, err, errOut)
	}
	o.Only = "astana times"
	out, _, err = fetchRun(t, o)
	if out != "Astana Times: nothing new (not modified)\n" || err != nil {
		t.Errorf("--source: %q %v", out, err)
	}
	s.Add("/rss.xml", s.Article("/news/new.html", "Sarytogan graphite selected as a strategic project", feedtest.Text("graphite", 7), fetchDay))
	o.DryRun = true
	out, _, err = fetchRun(t, o)
	if out != "Astana Times: 1 to add, 2 unchanged\n" || err != nil {
		t.Errorf("--dry-run: %q %v", out, err)
	}
	if ents, _ := os.ReadDir(o.CorpusDirs[0]); len(ents) != 3 {
		t.Errorf("%d files after the dry run, want 3", len(ents))
	}
	o.DryRun, o.JSON = false, true
	out, _, err = fetchRun(t, o)
	var doc []struct {
		Name, Status string
		New          int
		Entries      []struct{ URL, Status, File string }
	}
	if err != nil || json.Unmarshal([]byte(out), &doc) != nil || len(doc) != 1 || doc[0].New != 1 || doc[0].Status != "read" {
		t.Fatalf("--json: %v %s", err, out)
	}
	for _, e := range doc[0].Entries {
		if e.URL == s.At("/news/new.html") && (e.Status != "new" || filepath.Dir(e.File) != o.CorpusDirs[0]) {
			t.Errorf("the new entry: %+v", e)
		}
	}
	o.Only = "Nowhere"
	if _, _, err := fetchRun(t, o); ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "Astana Times, Broken, Kazinform") {
		t.Errorf("an unknown --source: %v", err)
	}
	o.Feeds = nil
	if _, _, err := fetchRun(t, o); ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "sources:") {
		t.Errorf("no sources: %v", err)
	}
}

// TestSourcesCommandShowsFailing: `dossier sources` shows each source's
// last fetch, and a source whose feed failed three times in a row as
// failing since the first failure.
func TestSourcesCommandShowsFailing(t *testing.T) {
	_, o := fetchSetup(t)
	for range 3 {
		fetchRun(t, o)
	}
	var out bytes.Buffer
	so := SourcesOptions{DataOptions: o.DataOptions, Feeds: o.Feeds}
	if err := ListSources(context.Background(), so, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "SOURCE") {
		t.Fatalf("%q", out.String())
	}
	if !strings.Contains(lines[1], "Astana Times") || !strings.Contains(lines[1], "not modified") || !strings.HasSuffix(lines[1], " 2") {
		t.Errorf("astana: %q", lines[1])
	}
	if !strings.Contains(lines[2], "failing since ") || !strings.Contains(lines[2], "(3 in a row): HTTP 500 Internal Server Error") {
		t.Errorf("broken: %q", lines[2])
	}
	out.Reset()
	so.JSON = true
	if err := ListSources(context.Background(), so, &out); err != nil {
		t.Fatal(err)
	}
	var doc []struct {
		Name, Status string
		FailStreak   int `json:"fail_streak"`
		Articles     int
		FailingSince *time.Time `json:"failing_since"`
		Last         *struct{ New, Unchanged int }
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc) != 3 {
		t.Fatalf("%v %s", err, out.String())
	}
	if doc[1].Status != "failing" || doc[1].FailStreak != 3 || doc[1].FailingSince == nil || doc[0].Articles != 2 || doc[2].Status != "not modified" {
		t.Errorf("%+v", doc)
	}
}

// TestFetchBinaryInterruptedBySIGTERM: the real binary, stopped by SIGTERM
// half-way (a page it waits for), leaves whole articles only, exits
// non-zero saying so, and the next run fetches the rest and nothing twice.
func TestFetchBinaryInterruptedBySIGTERM(t *testing.T) {
	bin := needBinary(t)
	s := feedtest.New(t)
	var items []feedtest.Item
	for i := range 6 {
		items = append(items, s.Article(fmt.Sprintf("/p/%d.html", i), fmt.Sprintf("Partnership talks, part %d", i),
			feedtest.Text(fmt.Sprintf("cobalt part %d", i), i), fetchDay.Add(time.Duration(i)*time.Hour)))
	}
	s.Feed("/rss.xml", feedtest.RSS, "Talks", items...)
	release := s.Hold("/p/3.html")
	defer release()
	home, cfgFile := configHome(t, fmt.Sprintf("sources:\n  - name: Talks\n    url: %s\n", s.At("/rss.xml")))
	corpus, data := t.TempDir(), t.TempDir()
	run := func() *execResult {
		return startBin(t, bin, []string{"XDG_CONFIG_HOME=" + home, "XDG_CACHE_HOME=" + t.TempDir()},
			"--config", cfgFile, "--corpus", corpus, "--data", data, "fetch", "--delay", "0s")
	}
	p := run()
	s.WaitFor(t, "/p/3.html", 20*time.Second)
	p.signal(t)
	code, out, errOut := p.wait(t)
	if code != ExitFailure || !strings.Contains(out, "Talks: 3 new, 0 unchanged; stopped") || !strings.Contains(errOut, "fetch stopped") {
		t.Fatalf("after SIGTERM: exit %d\n%s\n%s", code, out, errOut)
	}
	ents, _ := os.ReadDir(corpus)
	if len(ents) != 3 {
		t.Fatalf("%d files in the corpus after SIGTERM, want 3", len(ents))
	}
	for _, e := range ents {
		data, _ := os.ReadFile(filepath.Join(corpus, e.Name()))
		if strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(string(data), "keep it moving.\n") {
			t.Errorf("%s is not a whole article:\n%s", e.Name(), data)
		}
	}
	release()
	code, out, errOut = run().wait(t)
	if code != 0 || out != "Talks: 3 new, 3 unchanged\n" {
		t.Fatalf("the next fetch: exit %d\n%s\n%s", code, out, errOut)
	}
	for i := range 6 {
		if n := s.Hits(fmt.Sprintf("/p/%d.html", i)); i != 3 && n != 1 {
			t.Errorf("/p/%d.html fetched %d times", i, n)
		}
	}
	if ents, _ := os.ReadDir(corpus); len(ents) != 6 {
		t.Errorf("%d files, want 6", len(ents))
	}
}

// TestFetchConfigMistakes: a sources list with mistakes stops every
// command, each mistake with its line.
func TestFetchConfigMistakes(t *testing.T) {
	_, err := ParseConfig("/c.yaml", []byte("theme: dark\nsources:\n  - url: ftp://x.org/\n  - name: a\n    url: https://a.org/\n    match: '(lithium'\n"), "/home/me")
	var errs ConfigErrors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("%v", err)
	}
	if errs[0].Line != 3 || errs[0].Key != "sources" || !strings.Contains(errs[0].Msg, "only http and https") ||
		errs[1].Line != 6 || !strings.Contains(errs[1].Msg, "item 2 (a): match:") {
		t.Errorf("%v", err)
	}
}

// execResult is a running binary.
type execResult struct {
	cmd         *exec.Cmd
	out, errOut *bytes.Buffer
}

// startBin starts the binary with extra environment variables.
func startBin(t *testing.T, bin string, env []string, args ...string) *execResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE=", "DOSSIER_CONFIG="), env...)
	p := &execResult{cmd: cmd, out: &bytes.Buffer{}, errOut: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = p.out, p.errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return p
}

func (p *execResult) signal(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// wait waits (at most 30 s) for the exit and returns its status and output.
func (p *execResult) wait(t *testing.T) (int, string, string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, p.out.String(), p.errOut.String()
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		t.Fatalf("dossier did not exit within 30 s:\n%s\n%s", p.out, p.errOut)
	}
	return 0, "", ""
}

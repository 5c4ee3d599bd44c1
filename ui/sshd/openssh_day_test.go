package sshd_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// addArticle writes an article into a followed folder as dossier import
// does: a hidden file, then renamed.
func addArticle(t *testing.T, dir, name, title string) {
	t.Helper()
	text := "---\ntitle: " + title + "\nsource: The Astana Times\ndate: 2025-06-04\nlang: en\nurl: https://astanatimes.com/2025/06/" + name + "/\n---\n\n" +
		"The " + title + " was announced in Astana. It concerns tailings and graphite projects.\n"
	tmp := filepath.Join(dir, ".import-"+name+".md")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name+".md")); err != nil {
		t.Fatal(err)
	}
}

// headerLine is the first line of a tmux window's screen.
func (f *fixture) headerLine(win string) string {
	return strings.SplitN(f.screen(win), "\n", 2)[0]
}

// waitHeader waits for a window's header to count n new articles.
func (f *fixture) waitHeader(win string, n int) {
	f.t.Helper()
	want := fmt.Sprintf(" · %d new", n)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(f.headerLine(win), want) {
		if time.Now().After(deadline) {
			f.t.Fatalf("%s's header never said %q; screen:\n%s\nserver log:\n%s", win, want, f.screen(win), f.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The analyst's day over SSH: alice and bob on one dossier serve following
// its folder. Articles added raise both their counts; alice opens two, and
// her count drops by two while bob's does not; a file added then raises
// both again and is:new finds it; y in alice's reader puts the citation on
// the clipboard of the tmux her ssh runs in (OSC 52 through SSH).
func TestOpenSSHNewArticlesPerPerson(t *testing.T) {
	corpus := t.TempDir()
	addArticle(t, corpus, "old-1", "Roadmap 2025-2026 endorsed in Samarkand")
	addArticle(t, corpus, "old-2", "EBRD supports the geological data system")
	f := newFixture(t, "--corpus", corpus)
	a := f.open("alice", 120, 35)
	b := f.open("bob", 100, 30)
	if out, err := exec.Command("tmux", "-L", f.socket, "set-option", "-g", "set-clipboard", "on").CombinedOutput(); err != nil {
		t.Fatalf("tmux set-clipboard: %v %s", err, out)
	}
	f.waitScreen(a, "index ready", 20*time.Second)
	f.waitScreen(b, "index ready", 20*time.Second)
	f.waitHeader(a, 0) // what is there at their first look is not new
	f.waitHeader(b, 0)

	for i := range 3 {
		addArticle(t, corpus, fmt.Sprintf("new-%d", i), fmt.Sprintf("Sarytogan graphite pilot %d", i))
	}
	f.waitHeader(a, 3)
	f.waitHeader(b, 3)

	// Alice opens two of her new articles (the first hit of is:new, then
	// the next with ]): her count drops by two; bob's stays.
	f.keys(a, "/")
	exec.Command("tmux", "-L", f.socket, "send-keys", "-t", a, "-l", "is:new").Run()
	f.waitScreen(a, "3 articles · ", 10*time.Second)
	f.keys(a, "Enter")
	f.waitScreen(a, "article 1/3", 10*time.Second)
	f.keys(a, "]")
	f.waitScreen(a, "article 2/3", 10*time.Second)
	f.waitHeader(a, 1)
	if h := f.headerLine(b); !strings.Contains(h, " · 3 new") {
		t.Fatalf("bob's count changed with alice's reading: %q", h)
	}
	// (That bob's count is his own shows for sure below: the next file
	// makes both sessions count again from the store, and his says 4.)

	// y copies the passage as a citation, through SSH, into tmux's buffer.
	f.keys(a, "y")
	f.waitScreen(a, "copied: “", 5*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := exec.Command("tmux", "-L", f.socket, "show-buffer").CombinedOutput()
		buf := string(out)
		if strings.Contains(buf, "” — The Astana Times, “Sarytogan graphite pilot ") && strings.Contains(buf, ", 4 Jun 2025, https://astanatimes.com/2025/06/new-") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tmux's buffer holds %q, not the citation", buf)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A file added raises both counts; is:new finds it.
	addArticle(t, corpus, "hydrogen-valley", "Hydrogen valley in Mangystau")
	f.waitHeader(a, 2)
	f.waitHeader(b, 4)
	f.keys(b, "/")
	exec.Command("tmux", "-L", f.socket, "send-keys", "-t", b, "-l", "is:new hydrogen").Run()
	f.waitScreen(b, "1 article · ", 10*time.Second)
	f.waitScreen(b, "new · Hydrogen valley in Mangystau", 5*time.Second)
}

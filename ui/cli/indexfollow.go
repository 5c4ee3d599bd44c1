package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/index/library"
	"dossier/model"
)

// followClock is how a line of `dossier index --follow` is dated.
const followClock = "15:04:05"

// FollowIndex keeps the corpus's kept index current until ctx ends, as the
// dashboard and serve do: it follows the folders and indexes each change
// as it comes. While it runs, other dossier commands on the same folders
// ask it whether anything changed instead of stating every file (on Linux;
// at 100,000 articles that is most of a warm search's time). It prints a
// dated line when the corpus is ready and for every change it indexes.
func FollowIndex(ctx context.Context, o IndexOptions, out, errOut io.Writer) error {
	if len(o.CorpusDirs) == 0 || o.NoCache {
		return UsageError{fmt.Errorf("--follow needs --corpus DIR: the embedded seeds (and --no-cache) are indexed in memory and never change")}
	}
	if o.Rebuild || o.Verify || o.JSON {
		return UsageError{fmt.Errorf("--follow runs alone: drop --rebuild, --verify and --json")}
	}
	opts, err := LibraryOptions(o.Sources, io.Discard)
	if err != nil {
		return err
	}
	opts.Deriver = library.TimelineDeriver() // a dashboard opened later finds the timeline's data current
	feed := library.Follow(ctx, opts, library.FollowOptions{})
	defer feed.Close()
	bar := terminalProgress(errOut) // a long (re)build shows its progress, as other commands do
	stamp := func(format string, args ...any) {
		bar.around(func() { fmt.Fprintf(out, "%s  %s\n", time.Now().Format(followClock), fmt.Sprintf(format, args...)) })
	}
	stamp("following %s (Ctrl-C stops)", folderList(o.CorpusDirs))
	var ready bool
	var err0 error
	notices, seq := 0, -1
	for {
		st := feed.Wait(ctx, seq)
		if ctx.Err() != nil {
			stamp("stopped following")
			return nil
		}
		seq = st.Seq
		if bar != nil {
			bar.update(st.Progress)
		}
		for _, n := range newNotices(st, notices) {
			stamp("%s", model.SanitizeLine(n))
		}
		notices = st.NoticeCount
		if st.Err != nil && (err0 == nil || st.Err.Error() != err0.Error()) {
			msg := model.SanitizeLine(st.Err.Error())
			bar.around(func() { fmt.Fprintf(errOut, "dossier: %s\n", msg) })
		}
		err0 = st.Err
		if st.Snap != nil && !st.Snap.Partial && !ready {
			ready = true
			stamp("ready: %s; commands on these folders now ask this process instead of scanning them", plural(st.Snap.Corpus.Len(), "article"))
		}
		if st.Final {
			return st.Err // nothing more will come (the embedded seeds)
		}
	}
}

// newNotices returns the notices of st added since seen notices were.
func newNotices(st library.State, seen int) []string {
	fresh := st.NoticeCount - seen
	if fresh <= 0 {
		return nil
	}
	if fresh > len(st.Notices) {
		fresh = len(st.Notices) // older ones were dropped from the list
	}
	return st.Notices[len(st.Notices)-fresh:]
}

// folderList names the folders for a line of text.
func folderList(dirs []string) string {
	quoted := make([]string, len(dirs))
	for i, d := range dirs {
		quoted[i] = model.Escape(d)
	}
	return strings.Join(quoted, ", ")
}

package library

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"dossier/model"
)

// A command that opens a corpus (dossier search) stats every file of it to
// find what changed since the kept index was written: at 100,000 articles
// that is most of its time. A dossier that follows the same folders (the
// dashboard, serve) is told of every change by the system as it happens;
// once it has scanned the folders and seen no change since, it vouches for
// the published generation, and the command asks it instead of stating the
// files.
//
// The question goes over a Unix socket in the corpus's cache folder
// (follow/sock; whoever holds follow/lock answers: one follower). The
// follower answers only once it has seen every change made before the
// question: it creates a file in a folder it watches (follow/sync-N) and
// waits for the system's event about it, which comes after the events of
// every change made before it (one queue, in order). It vouches when no
// change came since the scan that found the published generation (its last
// refresh, or a quick scan of its own after changes that needed no
// refresh), every folder is watched, and all are on local file systems (a
// network file system does not tell of changes made on another machine).
// Anything else, or no answer within askTimeout, and the command scans as
// before. The answer carries the warnings of that scan (files that are not
// articles …), which the command gives as its own scan would.

// Names in a corpus's cache folder.
const (
	followDir  = "follow"
	followSock = "sock"
	followLock = "lock"
	syncPrefix = "sync-"
)

// askTimeout bounds a question to the follower; without an answer by then
// the command scans the folders itself.
const askTimeout = 500 * time.Millisecond

// maxWaiting bounds the questions a follower holds while it waits for
// their events.
const maxWaiting = 64

// syncReq is one question: does the follower vouch for generation gen?
type syncReq struct {
	gen   string
	reply chan syncReply // buffered: the follower never waits on it
}

// syncReply is a follower's answer.
type syncReply struct {
	vouch  bool
	warns  []model.Warning
	labels []string // how the follower names the folders in warns
}

// askFollower asks the follower of the corpus's folders, if there is one,
// whether the folders hold generation gen's files unchanged.
func (l *Library) askFollower(ctx context.Context, gen string) ([]model.Warning, bool) {
	if l.following.Load() || l.kept == nil {
		return nil, false
	}
	dir := filepath.Join(l.kept.dir, followDir)
	if _, err := os.Lstat(filepath.Join(dir, followSock)); err != nil {
		return nil, false // nobody follows: no cost beyond this stat
	}
	sock, done, err := socketPath(dir, followSock)
	if err != nil {
		return nil, false
	}
	defer done()
	ctx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		return nil, false
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline) //nolint:errcheck // a failed deadline shows as a failed read
	if _, err := fmt.Fprintf(conn, "sync %s\n", gen); err != nil {
		return nil, false
	}
	r := bufio.NewReader(io.LimitReader(conn, 4<<20))
	line, err := r.ReadString('\n')
	if err != nil || line != "vouch\n" {
		return nil, false
	}
	var warns []model.Warning
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, false
		}
		if line == "end\n" {
			return warns, true
		}
		w, ok := parseWarning(strings.TrimSuffix(line, "\n"), l.labels)
		if !ok {
			return nil, false
		}
		warns = append(warns, w)
	}
}

// writeReply writes an answer: "vouch", then a line per warning, then
// "end"; or "unsure". A warning's line is the number of its folder (-1:
// none), its path inside it and its reason, quoted: the asker names the
// folder as it was given to it.
func writeReply(w io.Writer, rep syncReply) error {
	if !rep.vouch {
		_, err := io.WriteString(w, "unsure\n")
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("vouch\n")
	for _, wn := range rep.warns {
		dir, rel := -1, wn.Path
		for i, label := range rep.labels {
			prefix := path.Clean(label) + "/"
			if prefix == "./" {
				if path.IsAbs(wn.Path) || wn.Path == ".." || strings.HasPrefix(wn.Path, "../") {
					continue // not inside "."
				}
				prefix = "" // path.Join(".", rel) is rel
			}
			if r, ok := strings.CutPrefix(wn.Path, prefix); ok && (dir < 0 || len(label) > len(rep.labels[dir])) {
				dir, rel = i, r
			}
		}
		fmt.Fprintf(bw, "%d %s %s\n", dir, strconv.Quote(rel), strconv.Quote(wn.Reason))
	}
	bw.WriteString("end\n")
	return bw.Flush()
}

// parseWarning reads a warning's line of an answer, naming its folder by
// labels.
func parseWarning(line string, labels []string) (model.Warning, bool) {
	num, rest, ok := strings.Cut(line, " ")
	dir, err := strconv.Atoi(num)
	if !ok || err != nil || dir < -1 || dir >= len(labels) {
		return model.Warning{}, false
	}
	p, err := strconv.QuotedPrefix(rest)
	if err != nil || len(rest) < len(p)+1 || rest[len(p)] != ' ' {
		return model.Warning{}, false
	}
	rel, err1 := strconv.Unquote(p)
	reason, err2 := strconv.Unquote(rest[len(p)+1:])
	if err1 != nil || err2 != nil {
		return model.Warning{}, false
	}
	if dir >= 0 {
		rel = path.Join(labels[dir], rel)
	}
	return model.Warning{Path: rel, Reason: reason}, true
}

// journal is a follower's side: the socket it answers on.
type journal struct {
	dir  string // the follow folder, which the follower watches
	lock *os.File
	ln   net.Listener
	wg   sync.WaitGroup
	quit chan struct{}
}

// startJournal makes this follower the one that answers questions about
// the corpus whose cache folder is keptDir, handing each to reqs; nil
// when another follower answers already.
func startJournal(keptDir string, reqs chan<- syncReq) (*journal, error) {
	dir := filepath.Join(keptDir, followDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	lock, err := os.OpenFile(filepath.Join(dir, followLock), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, nil // another follower answers
		}
		return nil, err
	}
	// What a follower that ended without tidying left.
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.Name() == followSock || strings.HasPrefix(e.Name(), syncPrefix) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	sock, done, err := socketPath(dir, followSock)
	if err != nil {
		lock.Close()
		return nil, err
	}
	ln, err := net.Listen("unix", sock)
	done()
	if err != nil {
		lock.Close()
		return nil, err
	}
	j := &journal{dir: dir, lock: lock, ln: ln, quit: make(chan struct{})}
	j.wg.Add(1)
	go j.accept(reqs)
	return j, nil
}

func (j *journal) accept(reqs chan<- syncReq) {
	defer j.wg.Done()
	for {
		conn, err := j.ln.Accept()
		if err != nil {
			return // closed
		}
		j.wg.Add(1)
		go func() {
			defer j.wg.Done()
			defer conn.Close()
			j.answer(conn, reqs)
		}()
	}
}

// answer reads one question and writes the follower's answer.
func (j *journal) answer(conn net.Conn, reqs chan<- syncReq) {
	conn.SetDeadline(time.Now().Add(2 * askTimeout)) //nolint:errcheck // a failed deadline shows as a failed read
	line, err := bufio.NewReader(io.LimitReader(conn, 512)).ReadString('\n')
	gen, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "sync ")
	if err != nil || !ok || gen == "" {
		return
	}
	req := syncReq{gen: gen, reply: make(chan syncReply, 1)}
	rep := syncReply{}
	timeout := time.NewTimer(askTimeout)
	defer timeout.Stop()
	select {
	case reqs <- req:
		select {
		case rep = <-req.reply:
		case <-timeout.C:
		case <-j.quit:
		}
	case <-timeout.C:
	case <-j.quit:
	}
	writeReply(conn, rep) //nolint:errcheck // the asker scans when the answer is lost
}

// close stops answering and removes the socket.
func (j *journal) close() {
	close(j.quit)
	os.Remove(filepath.Join(j.dir, followSock))
	j.ln.Close()
	j.wg.Wait()
	j.lock.Close()
}

// verify reports whether the folders hold the published generation's files
// unchanged (the quick scan), loading nothing; with the generation and
// the scan's warnings.
func (l *Library) verify(ctx context.Context) (string, []model.Warning, bool) {
	l.loadMu.Lock()
	defer l.loadMu.Unlock()
	if l.kept == nil {
		return "", nil, false
	}
	b, err := l.openBase(ctx)
	if err != nil || b == nil {
		return "", nil, false
	}
	defer b.release()
	same, warns := l.quickSame(b.v, b.dir)
	return b.gen, warns, same
}

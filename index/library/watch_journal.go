package library

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"dossier/model"
)

// The follower's side of the journal (journal.go): what it vouches for,
// and the questions it answers. All of it runs in the follower's loop.

// startJournal answers questions about lib's corpus from now on, unless
// another follower does.
func (fl *follower) startJournal(lib *Library) {
	lib.following.Store(true)
	if fl.jn != nil || lib.kept == nil {
		return
	}
	jn, err := startJournal(lib.kept.dir, fl.syncs)
	if err != nil || jn == nil {
		return // nobody is told anything: the commands scan
	}
	if err := fl.w.Add(jn.dir); err != nil {
		jn.close()
		return
	}
	fl.jn, fl.labels = jn, lib.labels
}

// closeJournal stops answering; the questions waiting get "unsure".
func (fl *follower) closeJournal() {
	fl.answerWaiting(0, false)
	if fl.jn != nil {
		fl.jn.close()
		fl.jn = nil
	}
}

// canVouch reports whether the follower can know of every change.
func (fl *follower) canVouch() bool {
	return fl.jn != nil && !fl.full && !fl.remote && !fl.blind
}

// vouchFor records that the folders held s's generation when the changes
// seen were seq; warns are the warnings of the scan that found it.
func (fl *follower) vouchFor(s *Snapshot, seq uint64, warns []model.Warning) {
	fl.vouchGen = ""
	if s == nil || s.Gen == "" || s.Partial || s.overlay {
		fl.unsure = true // a verify may find the published generation current
		return
	}
	fl.vouchGen, fl.vouchSeq, fl.vouchWarns = s.Gen, seq, warns
}

// vouches reports whether the follower vouches for generation gen now.
func (fl *follower) vouches(gen string) bool {
	return fl.canVouch() && fl.vouchGen != "" && fl.vouchGen == gen && fl.vouchSeq == fl.changes
}

// ask takes a question: answered at once when the follower does not
// vouch, else once the event of a sync file created now comes (every
// change made before the question is seen by then).
func (fl *follower) ask(req syncReq) {
	if !fl.vouches(req.gen) {
		req.reply <- syncReply{}
		return
	}
	if len(fl.waiting) >= maxWaiting {
		fl.waiting[0].req.reply <- syncReply{}
		fl.waiting = fl.waiting[1:]
	}
	fl.nextSync++
	f, err := os.OpenFile(filepath.Join(fl.jn.dir, syncPrefix+strconv.Itoa(fl.nextSync)), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		req.reply <- syncReply{}
		return
	}
	f.Close()
	fl.waiting = append(fl.waiting, syncWaiter{n: fl.nextSync, req: req})
}

// synced takes the event of a file created in the follow folder.
func (fl *follower) synced(name string) {
	n, err := strconv.Atoi(strings.TrimPrefix(name, syncPrefix))
	if !strings.HasPrefix(name, syncPrefix) || err != nil {
		return
	}
	os.Remove(filepath.Join(fl.jn.dir, name))
	fl.answerWaiting(n, true)
}

// answerWaiting answers the questions waiting for sync files up to n (all
// when n is 0): with what the follower vouches for now when check, else
// "unsure".
func (fl *follower) answerWaiting(n int, check bool) {
	kept := fl.waiting[:0]
	for _, w := range fl.waiting {
		if n > 0 && w.n > n {
			kept = append(kept, w)
			continue
		}
		rep := syncReply{}
		if check && fl.vouches(w.req.gen) {
			rep = syncReply{vouch: true, warns: fl.vouchWarns, labels: fl.labels}
		}
		w.req.reply <- rep
	}
	fl.waiting = kept
}

// verify looks whether the folders still hold the published generation's
// files, after changes that needed no refresh (a temporary file, a file's
// times): a quick scan, nothing loaded or published.
func (fl *follower) verify(ctx context.Context) refreshed {
	r := refreshed{verify: true}
	if lib := fl.f.Library(); lib != nil {
		r.gen, r.warns, r.same = lib.verify(ctx)
	}
	return r
}

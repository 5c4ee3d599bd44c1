package library

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	tl "dossier/model/timeline"
)

// A generation keeps the timeline assembled from it, as a person reads it
// (the notable events of a large one), in a file of its folder for each
// catalogue: a warm start reads it (milliseconds) instead of assembling
// every article's extraction again (seconds at 100,000 articles). The
// generation never changes once published, so the file holds as long as
// the generation does, and goes with it. Like the manifest, it carries a
// SHA-256 of its content, the versions it was made with and the
// catalogue's digest; one that fails a check is made again.

// keptTimelineMagic starts a kept timeline file.
const keptTimelineMagic = "dossier timeline 1\n"

// keptTimelinePrefix starts the name of a kept timeline file.
const keptTimelinePrefix = "timeline-"

// timelineKey names what a kept timeline was made with: the extraction and
// assembly versions and the catalogue's milestones.
func timelineKey(ms []tl.Milestone) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\nassembly %d\n", timelineVersion, tl.AssemblyVersion)
	for _, m := range ms {
		fmt.Fprintf(h, "%q %q %q %d %d %d %d %d\n", m.ID, m.Label, m.Text, m.Start.Unix(), m.End.Unix(), m.Precision, m.Period.From, m.Period.To)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// keptTimelinePath is where a generation keeps its timeline for a key.
func keptTimelinePath(genDir, key string) string {
	return filepath.Join(genDir, keptTimelinePrefix+key[:16])
}

// encodeKeptTimeline is the content of a kept timeline file: enc is the
// timeline's encoding (tl.AppendTimeline).
func encodeKeptTimeline(key string, enc []byte) []byte {
	e := &encoder{b: []byte(keptTimelineMagic)}
	e.string(key)
	e.bytes(enc)
	return e.seal()
}

// decodeKeptTimeline reads a kept timeline file made for key.
func decodeKeptTimeline(data []byte, key string) (tl.Timeline, error) {
	d, err := openFile(data, keptTimelineMagic)
	if err != nil {
		return tl.Timeline{}, err
	}
	if k := d.string(); d.err == nil && k != key {
		return tl.Timeline{}, fmt.Errorf("made for another catalogue or version")
	}
	body := d.bytes()
	if err := d.done(); err != nil {
		return tl.Timeline{}, err
	}
	return tl.DecodeTimeline(body)
}

// readKeptTimeline returns the timeline the snapshot's generation keeps
// for key, if it keeps a sound one: the one a feed read early (early.go)
// while the file is unchanged, else read now.
func (s *Snapshot) readKeptTimeline(key string) (tl.Timeline, bool) {
	if s.keep == "" {
		return tl.Timeline{}, false
	}
	path := keptTimelinePath(s.keep, key)
	if s.early.still(path, key) {
		return s.early.t, true
	}
	t, _, err := readKeptFile(path, key)
	return t, err == nil
}

// readKeptFile reads the kept timeline file at path, made for key, and
// tells which file it was.
func readKeptFile(path, key string) (tl.Timeline, keptFileID, error) {
	f, info, err := openRegular(path)
	if err != nil {
		return tl.Timeline{}, keptFileID{}, err
	}
	defer f.Close()
	data, err := readAllSized(f)
	if err != nil {
		return tl.Timeline{}, keptFileID{}, err
	}
	t, err := decodeKeptTimeline(data, key)
	return t, fileIDOf(info), err
}

// detach returns the timeline read back from its encoding: its strings
// then hold only what it shows, not every article's derived data they
// were cut from (about 200 MB at 100,000 articles, held as long as the
// snapshot). With keep, the encoding is also kept in the snapshot's
// generation under key (a cache: when it cannot be written, the next
// start assembles it again).
// A one-shot command's is written in the background, while the
// timeline is printed (Snapshot.writes).
// It reports whether the timeline was read back (else t is returned).
func (s *Snapshot) detach(key string, t tl.Timeline, keep bool) (tl.Timeline, bool) {
	enc := tl.AppendTimeline(nil, t)
	if keep && s.keep != "" {
		s.write(func() {
			writeAtomic(keptTimelinePath(s.keep, key), encodeKeptTimeline(key, enc)) //nolint:errcheck // a cache
		})
	}
	if back, err := tl.DecodeTimeline(enc); err == nil {
		return back, true
	}
	return t, false
}

// write runs write, a write of a file kept in the snapshot's generation,
// in the background when the snapshot counts such writes (s.writes), else
// at once.
func (s *Snapshot) write(write func()) {
	if s.writes == nil {
		write()
		return
	}
	s.writes.Add(1)
	go func() {
		defer s.writes.Done()
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		write()
	}()
}

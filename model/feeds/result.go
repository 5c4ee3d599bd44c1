package feeds

import (
	"fmt"

	"dossier/model"
	"sort"
	"strings"
	"time"
)

// Status is how the reading of one source's feed went.
type Status int

// The outcomes of one source.
const (
	Read        Status = iota // the feed was read (its entries may still have failed)
	NotModified               // the feed answered 304: nothing new since the last fetch
	Failed                    // the feed could not be read (Err says why)
	Stopped                   // the fetch was interrupted; it goes on next time
)

// String names the status as printed and in JSON.
func (s Status) String() string {
	return [...]string{"read", "not modified", "failed", "stopped"}[s]
}

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// EntryStatus is what a fetch did with one entry.
type EntryStatus int

// The outcomes of one entry.
const (
	EntryNew         EntryStatus = iota // written into the corpus
	EntryWouldAdd                       // new, and would be written (a dry run)
	EntryUnchanged                      // handled by an earlier fetch, or already in the corpus
	EntryNotMatching                    // does not match the source's query
	EntryFailed                         // could not be fetched now (a timeout, a 503, ...): tried again next time
	EntryRefused                        // cannot be imported (no article in the page, a scanned PDF, a 404): not tried again
)

// String names the status as printed and in JSON.
func (s EntryStatus) String() string {
	return [...]string{"new", "would add", "unchanged", "not matching", "failed", "refused"}[s]
}

// MarshalText writes the status's name.
func (s EntryStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// EntryResult is what happened to one entry.
type EntryResult struct {
	URL    string      `json:"url,omitempty"`
	Title  string      `json:"title,omitempty"`
	Status EntryStatus `json:"status"`
	Reason string      `json:"reason,omitempty"` // why it failed, was refused, or is unchanged
	File   string      `json:"file,omitempty"`   // the corpus file written (or already holding it)
}

// SourceResult is what a fetch did with one source.
type SourceResult struct {
	Source     Source        `json:"source"`
	Status     Status        `json:"status"`
	Err        string        `json:"error,omitempty"` // why the feed could not be read
	At         time.Time     `json:"at"`
	Took       time.Duration `json:"-"`
	New        int           `json:"new"`
	Unchanged  int           `json:"unchanged"`
	NotMatched int           `json:"not_matching"`
	Failed     int           `json:"failed"` // failed and refused entries
	Entries    []EntryResult `json:"entries"`
	Warnings   []string      `json:"warnings,omitempty"` // what could not be recorded in the store
}

// add counts one entry.
func (r *SourceResult) add(e EntryResult) {
	switch e.Status {
	case EntryNew, EntryWouldAdd:
		r.New++
	case EntryUnchanged:
		r.Unchanged++
	case EntryNotMatching:
		r.NotMatched++
	default:
		r.Failed++
	}
	r.Entries = append(r.Entries, e)
}

// transient reports whether an entry failed in a way worth trying again.
func (r *SourceResult) transient() bool {
	for _, e := range r.Entries {
		if e.Status == EntryFailed {
			return true
		}
	}
	return false
}

// Summary is the one line said about a source after a fetch:
// "Astana Times: 3 new, 12 unchanged, 1 failed (timeout)".
func (r SourceResult) Summary() string {
	name := oneLine(r.Source.Name)
	switch r.Status {
	case Failed:
		return name + ": failed: " + r.Err
	case NotModified:
		return name + ": nothing new (not modified)"
	}
	newWord := "new"
	if r.Status == Read && r.anyWouldAdd() {
		newWord = "to add"
	}
	parts := []string{fmt.Sprintf("%d %s", r.New, newWord), fmt.Sprintf("%d unchanged", r.Unchanged)}
	if r.NotMatched > 0 {
		parts = append(parts, fmt.Sprintf("%d not matching", r.NotMatched))
	}
	if r.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed (%s)", r.Failed, r.reasons()))
	}
	s := name + ": " + strings.Join(parts, ", ")
	if r.Status == Stopped {
		s += "; stopped (the next fetch goes on from here)"
	}
	return s
}

func (r SourceResult) anyWouldAdd() bool {
	for _, e := range r.Entries {
		if e.Status == EntryWouldAdd {
			return true
		}
	}
	return false
}

// reasons lists the distinct reasons of the failed entries, most frequent first.
func (r SourceResult) reasons() string {
	count := map[string]int{}
	for _, e := range r.Entries {
		if e.Status == EntryFailed || e.Status == EntryRefused {
			count[shortReason(e.Reason)]++
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > 3 {
		keys = append(keys[:3], "…")
	}
	return strings.Join(keys, "; ")
}

// shortReason is the gist of a reason: "timeout" for "timeout after 30s".
func shortReason(s string) string {
	if strings.HasPrefix(s, "timeout") {
		return "timeout"
	}
	return model.Truncate(s, 60)
}

package common

import (
	"dossier/model"
)

// NewTag is how a list row or the reader marks an article new for you: a
// word, bold, so that it reads without colour too.
const NewTag = "new"

// Family is an article with its other-language versions: what m marks, and
// what opening one of them marks read.
func Family(c *model.Corpus, id string) []string {
	out := []string{id}
	if c == nil {
		return out
	}
	for _, v := range c.Versions(id) {
		out = append(out, v.ID)
	}
	return out
}

// AnyNew reports whether any of ids is in the set of new articles.
func AnyNew(set map[string]bool, ids ...string) bool {
	for _, id := range ids {
		if set[id] {
			return true
		}
	}
	return false
}

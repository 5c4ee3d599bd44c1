// Package styles is the stand-in's registry of styles.
package styles

import "github.com/alecthomas/chroma/v2"

// Registry holds the registered styles by name (callers synchronise).
var Registry = map[string]*chroma.Style{}

// Register adds a style and returns it.
func Register(s *chroma.Style) *chroma.Style {
	Registry[s.Name] = s
	return s
}

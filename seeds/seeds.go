// Package seeds holds dossier's default corpus, embedded in the binary: the
// five seed articles (byte for byte as published to the project), their
// catalogue, the roadmap checklist and the search synonyms.
package seeds

import "embed"

// Corpus holds the seed articles (*.txt) and catalogue.yaml, at its root.
//
//go:embed *.txt catalogue.yaml
var Corpus embed.FS

// Synonyms is the default synonym list for search (see synonyms.list).
//
//go:embed synonyms.list
var Synonyms []byte

// Name is how the embedded corpus is named on screen.
const Name = "seeds"

// Roadmap is the default checklist of the partnership's commitments.
//
//go:embed roadmap.md
var Roadmap []byte

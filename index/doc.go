// Package index is dossier's full-text index: a bleve (scorch, in memory)
// index over the corpus with per-language analysis, accent folding that keeps
// byte offsets exact, synonyms, a small query language, and results that carry
// the byte ranges of every match so the reader can highlight them.
package index

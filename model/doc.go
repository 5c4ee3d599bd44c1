// Package model holds dossier's domain types and logic: articles and how a
// corpus is loaded from any fs.FS, with no UI or search-engine imports.
package model

//go:build !linux

package library

import "dossier/model"

// quickSame has no quick scan to offer on this system: the full scan
// (scan.go) decides whether anything changed.
func (l *Library) quickSame(*manifestView, string) (bool, []model.Warning) { return false, nil }

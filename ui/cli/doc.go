// Package cli implements dossier's non-interactive commands (search, and the
// corpus and synonym loading every command shares); main.go wires them to
// cobra flags.
package cli

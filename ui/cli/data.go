package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/review"
)

// DataOptions say where reviews are kept and who makes them.
type DataOptions struct {
	DataDir string // --data; default $XDG_DATA_HOME/dossier
	Store   string // --store or DOSSIER_STORE: a postgres:// URL; "" keeps reviews in SQLite in DataDir
	As      string // --as; default the OS user
}

// DefaultDataDir is $XDG_DATA_HOME/dossier, or ~/.local/share/dossier.
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "dossier")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "dossier")
	}
	return filepath.Join(os.TempDir(), "dossier-"+Reviewer(""))
}

// Reviewer is the name changes are recorded under: the given one, or the
// OS user.
func Reviewer(as string) string {
	if as = model.SanitizeLine(as); as != "" {
		return as
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// OpenStore opens the review store: PostgreSQL when o.Store is a URL
// (nothing is then written to the data folder), else SQLite in the data
// folder. A file or database that is not a dossier store, or is corrupt,
// is reported and left untouched; a bad URL is a usage error. A store that
// cannot be written opens read-only (see review.Store.ReadOnly).
func OpenStore(o DataOptions) (review.Store, error) {
	if o.Store != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		st, err := review.OpenPostgres(ctx, o.Store)
		switch {
		case errors.Is(err, review.ErrBadURL):
			return nil, UsageError{fmt.Errorf("--store: %w", err)}
		case errors.Is(err, review.ErrForeign) || errors.Is(err, review.ErrNewerSchema):
			return nil, fmt.Errorf("%w\n  dossier will not touch that database; give --store another database", err)
		case err != nil:
			return nil, err
		}
		return st, nil
	}
	dir := o.DataDir
	if dir == "" {
		dir = DefaultDataDir()
	}
	st, err := review.Open(dir)
	if err != nil {
		var oe *review.OpenError
		if errors.As(err, &oe) && (errors.Is(err, review.ErrForeign) || errors.Is(err, review.ErrCorrupt) || errors.Is(err, review.ErrNewerSchema)) {
			return nil, fmt.Errorf("%w\n  dossier will not touch that file; move it away or use --data DIR for another folder", err)
		}
		return nil, fmt.Errorf("review store in %s: %w", dir, err)
	}
	return st, nil
}

// SayReadOnly writes one line to w when the store cannot be written, so
// read commands say why reviews are read-only; it reports whether it did.
func SayReadOnly(st review.Store, w io.Writer) bool {
	ro, reason := st.ReadOnly()
	if ro {
		fmt.Fprintf(w, "dossier: reviews are read-only: %s\n", model.SanitizeLine(reason))
	}
	return ro
}

// trimNote normalises a note given on the command line.
func trimNote(s string) string { return strings.TrimSpace(model.Sanitize(s)) }

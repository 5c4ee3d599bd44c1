package review

import "context"

// Options say which store to open.
type Options struct {
	DataDir string // the SQLite store's folder, used when URL is ""
	URL     string // a postgres:// URL selects PostgreSQL
}

// OpenStore opens the PostgreSQL store of o.URL if it is set, else the
// SQLite store in o.DataDir (see OpenPostgres and OpenSQLite).
func OpenStore(ctx context.Context, o Options) (Store, error) {
	if o.URL != "" {
		return OpenPostgres(ctx, o.URL)
	}
	return OpenSQLite(o.DataDir)
}

package index

import "dossier/model"

// QueryError is a query that cannot be parsed: what is wrong and where. It
// is model.SyntaxError, shared with the roadmap filter, so that both point
// at mistakes the same way.
type QueryError = model.SyntaxError

func errAt(q string, pos int, format string, args ...any) *QueryError {
	return model.SyntaxErrorAt(q, pos, format, args...)
}

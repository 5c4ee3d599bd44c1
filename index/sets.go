package index

import "context"

// CountAmong counts the results of query among the articles ids (an
// article and its translations count once): a saved search's "3 new" is
// CountAmong(query, the person's new articles). A query that cannot be
// parsed returns a *QueryError.
func (ix *Index) CountAmong(ctx context.Context, query string, ids []string) (int, error) {
	if err := Parse(query); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	// The ids stand in for is:new here; a query that names is:new itself
	// keeps its own meaning only when the caller's ids are the new ones.
	res, err := ix.Search(ctx, Request{Query: query, Limit: len(ids),
		Sets: map[string][]string{SetNew: ids}, among: SetNew})
	if err != nil {
		return 0, err
	}
	return len(res.Hits), nil
}

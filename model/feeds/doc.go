// Package feeds brings articles into a corpus folder from the news feeds a
// team follows (RSS, Atom, JSON Feed): it reads each source's feed, fetches
// the pages of new entries (or takes the feed's own content) through the
// importer of dossier import, keeps the entries that match the source's
// query, and writes them atomically with front matter saying where and
// when they came from.
//
// Fetching is polite and bounded: one request at a time per host with a
// delay between them, conditional GETs (ETag, Last-Modified), a User-Agent
// naming dossier, timeouts, at most five redirects, http and https only,
// and a size cap on every response that holds for compressed ones too.
// What each fetch did is kept in the review store's feed log
// (review.FeedLog), so that an entry is fetched once, an interrupted fetch
// goes on where it stopped, and failing sources can be shown.
//
// The package does no searching itself: a source's match query is run by
// the caller's Matcher (the index package's, so that a query means what it
// means in dossier search).
package feeds

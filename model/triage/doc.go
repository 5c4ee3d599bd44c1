// Package triage is the roadmap as an analyst sorts through it: per item
// its review, the latest news of it and how long it has been quiet (News,
// Quiet), a small filter language over the items (ParseFilter: status:,
// reviewer:, has:, no:, changed:, quiet:, free words) and the orders
// they are listed in (Order). It has no UI and no search engine: the news
// an index finds is handed in.
package triage

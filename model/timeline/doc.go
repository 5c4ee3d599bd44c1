// Package timeline builds the Timeline pane's data from the article
// corpus: Extract finds dated expressions (full, month, yearless and
// relative dates, day ranges, periods and years, in English and German)
// with exact byte offsets, and Build merges the mentions of one real-world
// event across articles and translations into dated, sourced events.
package timeline

// Package timeline builds the partnership's timeline from the articles and
// the roadmap catalogue, in two steps that a cache can separate:
//
//   - Extract reads one article (English, German or Russian): every dated
//     expression with its exact byte offsets ("7 November 2022", "June 1-2",
//     "2023-2024", "yesterday", "am Dienstag"), how its date was found
//     (stated, or relative to the publication date of References), the
//     sentence as a headline-style label, its content terms and whether it
//     is about the partnership. The result is bounded, with a compact
//     encoding that a cache keeps (AppendExtraction).
//   - Assemble merges the extractions of all articles with the catalogue's
//     Milestones: mentions of one event across articles and languages become
//     one Event when their dates and their content agree (sorting and
//     sweeping, n log n), periods attach to their milestone or event, and
//     each dated article gets a publication event.
//
// Build does both; Shared does it once for all the sessions of a process.
package timeline

// Package ingest turns the documents people really have — saved web pages,
// PDFs, plain text and Markdown — into corpus articles: one Markdown file
// each, with YAML front matter (title, source, author, date, url, lang) and
// the article's text.
//
// Extract converts one input in memory (HTML through a Readability port and
// the page's meta tags and JSON-LD, PDF through positioned text rebuilt into
// lines and paragraphs); Render writes the file; an Importer puts files into
// a corpus folder atomically, recognising what is already there. Every input
// is untrusted: sizes, nesting and time are bounded, the PDF library's panics
// become refusals, and text passes model.Sanitize.
package ingest

// Package roadmap reads the partnership checklist: a Markdown catalogue of
// commitments grouped by document (# heading) and area (## heading).
//
// Format, one construct per line:
//
//	# Document title (date: 2023-05-19) (period: 2023-2024)
//	                                 starts a document (group level 1); the
//	                                 date it was signed or agreed and its period are optional
//	First paragraph.                 the document's description (the next paragraphs are ignored)
//	## Area title                    starts an area within it (group level 2)
//	- [id] Text. (date: 2023-05) (sources: a1, a2)
//	                                 an item; its date and sources are optional
//	  indented continuation          joined to the item with a space
//	<!-- comment -->                 ignored; starts on its own line, may span lines
//
// Trailing attributes "(date: YYYY-MM-DD | YYYY-MM | YYYY)", "(period:
// YYYY-YYYY)" and "(sources: ...)" may come in any order, each once, and
// must end the item or heading; an item takes its document's period. Dated
// documents and items are the milestones of the timeline.
//
// Headings and items start in column 0. Item ids match ^[a-z0-9][a-z0-9.-]*$
// and are unique in the file; sources are article ids (file names without
// extension) and the list must end the item. Other text (paragraphs, ###
// headings, "*" bullet lists, text after a comment's closing marker) is
// ignored. A line starting "- [" is always an item; an unindented text line
// right after an item is an error, as it is ambiguous. A UTF-8 byte order mark
// and CRLF line ends are accepted. Parse reports every problem it finds, each
// with its line number; a file that is not UTF-8 gets one error and no further
// checks.
package roadmap

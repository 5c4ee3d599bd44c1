// Package roadmap reads the partnership checklist: a Markdown catalogue of
// commitments grouped by document (# heading) and area (## heading).
//
// Format, one construct per line:
//
//	# Document title                 starts a document (group level 1)
//	## Area title                    starts an area within it (group level 2)
//	- [id] Text. (sources: a1, a2)   an item; the sources list is optional
//	  indented continuation          joined to the item with a space
//	<!-- comment -->                 ignored; starts on its own line, may span lines
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

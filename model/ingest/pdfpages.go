package ingest

import (
	"context"
	"fmt"
	"io"

	"github.com/ledongthuc/pdf"

	"dossier/model"
)

// pdfPage is one page to read: its dictionary and the resources it draws
// with, its own or inherited from the page tree. The library would look up
// inherited resources by following /Parent, parsing each ancestor again for
// every page (a parent that lists a million kids is parsed whole each
// time); the walk knows them already.
type pdfPage struct {
	v   pdf.Value
	res pdf.Value
}

// stopped carries the context's error out of the library's callbacks,
// which can only panic to end early.
type stopped struct{ err error }

// pageList walks the page tree in order, without trusting it: kids are
// taken one at a time and pages counted as they come, so that the walk
// stops at maxPages however long a /Kids array is; nodes visited (cycles)
// and depth are bounded; /Parent is never followed; ctx stops it.
func pageList(ctx context.Context, r *pdf.Reader) (pages []pdfPage, err error) {
	defer func() {
		if x := recover(); x != nil {
			if s, ok := x.(stopped); ok {
				pages, err = nil, s.err
				return
			}
			pages, err = nil, refusef("corrupt PDF: page tree: %s", firstLine(fmt.Sprint(x)))
		}
	}()
	type node struct {
		kids  pdf.Value // the node's /Kids
		next  int       // the next kid to visit
		res   pdf.Value // the resources its pages inherit
		depth int
	}
	root := r.Trailer().Key("Root").Key("Pages")
	if root.IsNull() {
		return nil, refusef("corrupt PDF: no page tree")
	}
	var stack []node
	visited := 0
	visit := func(v, inherited pdf.Value, depth int) error {
		if visited++; visited > maxTreeNodes {
			return refusef("corrupt PDF: its page tree is too large or loops")
		}
		if visited%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		res := v.Key("Resources")
		if res.IsNull() {
			res = inherited
		}
		if kids := v.Key("Kids"); v.Key("Type").Name() == "Pages" || kids.Kind() == pdf.Array {
			if depth >= maxTreeDepth {
				return refusef("corrupt PDF: its page tree is nested more than %d deep", maxTreeDepth)
			}
			stack = append(stack, node{kids: kids, res: res, depth: depth + 1})
			return nil
		}
		if v.Kind() != pdf.Dict {
			return nil
		}
		if len(pages) >= maxPages {
			return refusef("PDF of more than %d pages; split it", maxPages)
		}
		pages = append(pages, pdfPage{v: v, res: res})
		return nil
	}
	if err := visit(root, pdf.Value{}, 0); err != nil {
		return nil, err
	}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next >= top.kids.Len() {
			stack = stack[:len(stack)-1]
			continue
		}
		kid := top.kids.Index(top.next)
		top.next++
		if err := visit(kid, top.res, top.depth); err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// contentSize decompresses a page's content streams to count their size
// before they are interpreted, and checks them (pdfLexer): a page's glyphs
// and operands take memory in proportion.
func contentSize(p pdfPage, limit int64) (n int, err error) {
	c := p.v.Key("Contents")
	switch c.Kind() {
	case pdf.Stream:
		m, err := streamSize(c, limit)
		return int(m), err
	case pdf.Array:
		var total int64
		for i := 0; i < c.Len() && i < 10_000; i++ {
			m, err := streamSize(c.Index(i), limit-total)
			if err != nil {
				return 0, err
			}
			total += m
		}
		return int(total), nil
	}
	return 0, nil
}

// streamSize decompresses one content stream, at most limit bytes, to count
// it, and checks it as it goes (a run of operands without an operator).
func streamSize(s pdf.Value, limit int64) (n int64, err error) {
	defer func() {
		if x := recover(); x != nil {
			n, err = 0, fmt.Errorf("unreadable content (%s)", firstLine(fmt.Sprint(x)))
		}
	}()
	rc := s.Reader()
	defer rc.Close()
	chk := &pdfLexer{content: true}
	n, err = io.Copy(chk, io.LimitReader(rc, limit+1))
	chk.Close()
	switch {
	case chk.err != nil:
		return 0, chk.err
	case err != nil:
		return 0, fmt.Errorf("unreadable content (%s)", firstLine(err.Error()))
	case n > limit:
		return 0, fmt.Errorf("its content is over %s (a large drawing?)", model.HumanBytes(maxPageContent))
	}
	return n, nil
}

// pageText rebuilds the lines of one page; a panic in the library (a
// malformed content stream) becomes an error, and ctx stops it.
func pageText(ctx context.Context, p pdfPage) (lines []Line, err error) {
	defer func() {
		if x := recover(); x != nil {
			if s, ok := x.(stopped); ok {
				lines, err = nil, s.err
				return
			}
			lines, err = nil, fmt.Errorf("unreadable content (%s)", firstLine(fmt.Sprint(x)))
		}
	}()
	glyphs, err := pageGlyphs(ctx, p)
	if err != nil {
		return nil, err
	}
	return PageLines(glyphs), nil
}

// maxCMap bounds a font's character map (ToUnicode), decompressed: the
// library parses it whole into memory. Full CJK maps are about 1 MiB.
const maxCMap = 4 << 20

// cmapSize decompresses a character map to count and check it (pdfLexer:
// no run of operands the library would hold at once).
func cmapSize(s pdf.Value) (n int64, err error) {
	defer func() {
		if x := recover(); x != nil {
			n, err = 0, fmt.Errorf("unreadable character map (%s)", firstLine(fmt.Sprint(x)))
		}
	}()
	rc := s.Reader()
	defer rc.Close()
	chk := &pdfLexer{content: true}
	n, err = io.Copy(chk, io.LimitReader(rc, maxCMap+1))
	chk.Close()
	switch {
	case chk.err != nil:
		return 0, chk.err
	case err != nil:
		return 0, err
	case n > maxCMap:
		return 0, fmt.Errorf("character map over %s", model.HumanBytes(maxCMap))
	}
	return n, nil
}

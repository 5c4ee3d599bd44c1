package ingest

import "strings"

// The 14 standard PDF fonts may be used without /Widths (PDF 1.4 and
// before; Ghostscript still writes them so when it does not embed them).
// A glyph's advance must then come from the font's own metrics, or every
// glyph of a string sits at the same place. These are the widths, in
// thousandths of the font size, of the printable ASCII characters (codes
// 32–126) in Adobe's metrics of the standard fonts (as groff's devps font
// files list them); Courier is 600 throughout.

var stdHelvetica = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
	556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
	611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
	667, 611, 278, 278, 278, 333, 556, 222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
	222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 333,
}

var stdHelveticaBold = [95]uint16{
	278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
	556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
	611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
	667, 611, 333, 278, 333, 333, 556, 278, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
	278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 333,
}

var stdTimes = [95]uint16{
	250, 333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
	500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
	556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
	722, 611, 333, 278, 333, 333, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
	278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 333,
}

var stdTimesBold = [95]uint16{
	250, 333, 555, 500, 500, 1000, 833, 333, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
	500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667,
	611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
	722, 667, 333, 278, 333, 333, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
	278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 333,
}

var stdTimesItalic = [95]uint16{
	250, 333, 420, 500, 500, 833, 778, 333, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500,
	500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611,
	611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611,
	556, 556, 389, 278, 389, 333, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444,
	278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 333,
}

var stdTimesBoldItalic = [95]uint16{
	250, 389, 555, 500, 500, 833, 778, 333, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
	500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 832, 667, 667, 667, 722, 667,
	667, 722, 778, 389, 500, 667, 611, 889, 722, 722, 611, 722, 667, 556, 611, 722, 667, 889, 667,
	611, 611, 333, 278, 333, 333, 500, 333, 500, 500, 444, 500, 444, 333, 500, 556, 278, 278, 500,
	278, 778, 556, 500, 500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 333,
}

// stdWidths returns the ASCII widths of the standard font that a font
// named base is, or stands in for (Arial is metric-compatible with
// Helvetica, Times New Roman with Times), and the width of any other code.
// A font dossier does not know is measured as Helvetica: an estimate, but
// one that moves the pen forward as real text does.
func stdWidths(base string) (ascii *[95]uint16, other float64) {
	n := strings.ToLower(base)
	bold := strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy")
	italic := strings.Contains(n, "italic") || strings.Contains(n, "oblique")
	switch {
	case strings.Contains(n, "courier") || strings.Contains(n, "mono"):
		return nil, 600
	case strings.Contains(n, "times"):
		switch {
		case bold && italic:
			return &stdTimesBoldItalic, 500
		case bold:
			return &stdTimesBold, 500
		case italic:
			return &stdTimesItalic, 500
		}
		return &stdTimes, 500
	case bold:
		return &stdHelveticaBold, 556
	}
	return &stdHelvetica, 556
}

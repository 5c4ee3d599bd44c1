package cli

// indentJSON appends to dst the compact JSON src (as json.Marshal makes
// it: no space outside strings) indented as json.Indent does with prefix
// and indent: each element and member on a line of its own, prefix then
// indent once per depth, a space after each colon, empty objects and
// arrays kept as {} and []. It is json.Indent without its scanner, which
// took most of the time of `timeline --json` at 100,000 articles; src
// must be valid compact JSON (what the encoder wrote).
func indentJSON(dst, src []byte, prefix, indent string) []byte {
	newline := func(dst []byte, depth int) []byte {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
		return dst
	}
	depth, open := 0, false // open: after { or [, before what it holds
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = newline(dst, depth)
		}
		switch c {
		case '"':
			// the string whole, escapes and all
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = newline(append(dst, c), depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				dst = newline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

package model

import (
	"encoding/base64"
	"unicode/utf8"
)

// MaxClipboard is the most text OSC52 sends: terminals and tmux refuse
// larger sequences (the base64 of it is about 100 KB).
const MaxClipboard = 74_994

// OSC52 returns the terminal sequence that puts text on the clipboard
// (OSC 52, which works over SSH and in tmux with set-clipboard on): ESC ]
// 52 ; c ; base64 of the sanitised text, ending with BEL. Text beyond
// MaxClipboard bytes is cut at a character boundary; cut reports it.
func OSC52(text string) (seq []byte, cut bool) {
	s := Sanitize(text)
	if len(s) > MaxClipboard {
		n := MaxClipboard
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s, cut = s[:n], true
	}
	out := make([]byte, 0, len(s)*4/3+16)
	out = append(out, "\x1b]52;c;"...)
	out = base64.StdEncoding.AppendEncode(out, []byte(s))
	return append(out, '\a'), cut
}

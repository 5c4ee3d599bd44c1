package timeline

import (
	"math/rand/v2"
	"testing"
)

// windowByPieces is how layoutDetail chose its window of articles before
// detailWindow: by making each window and counting its key lines.
func windowByPieces(head []piece, arts [][]piece, tail []piece, focus, h int) (int, int) {
	window := func(from, to int) []piece {
		out := append([]piece(nil), head...)
		if from > 0 {
			out = append(out, piece{lines: []string{"↑ above"}, level: levelKey, block: -1})
		}
		for _, a := range arts[from:to] {
			out = append(out, a...)
		}
		if to < len(arts) {
			return append(out, piece{lines: []string{"↓ below"}, level: levelKey, block: -1})
		}
		return append(out, tail...)
	}
	if keyLines(window(0, len(arts))) <= h {
		return 0, len(arts)
	}
	from, to := 0, 0
	for to < len(arts) && keyLines(window(from, to+1)) <= h {
		to++
	}
	if focus >= to {
		from, to = focus, focus+1
		for from > 0 && keyLines(window(from-1, to)) <= h {
			from--
		}
	}
	return from, max(to, min(from+1, len(arts)))
}

// TestDetailWindowCountsAsTheWindows: the articles detailWindow keeps
// (counting key lines from sums) are those that making every window and
// counting its lines keeps, for random events: heads, articles and tails
// of key and other lines, with and without an article in focus, in
// heights from 1 to 40.
func TestDetailWindowCountsAsTheWindows(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	pieces := func(n int) []piece {
		ps := make([]piece, n)
		for i := range ps {
			ps[i] = piece{lines: make([]string, 1+rnd.IntN(3)), level: rnd.IntN(levelBlank + 1), block: i}
		}
		return ps
	}
	for range 5000 {
		head, tail := pieces(rnd.IntN(4)), pieces(rnd.IntN(3))
		arts := make([][]piece, rnd.IntN(30))
		for i := range arts {
			arts[i] = pieces(1 + rnd.IntN(4))
		}
		focus := -1
		if len(arts) > 0 && rnd.IntN(2) == 0 {
			focus = rnd.IntN(len(arts))
		}
		h := 1 + rnd.IntN(40)
		from, to := detailWindow(head, arts, tail, focus, h)
		wantFrom, wantTo := windowByPieces(head, arts, tail, focus, h)
		if from != wantFrom || to != wantTo {
			t.Fatalf("%d articles, focus %d, h %d: window [%d, %d), made window by window [%d, %d)", len(arts), focus, h, from, to, wantFrom, wantTo)
		}
	}
}

package common

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkWrapLongWord wraps one word of 1,000 to 100,000 letters (a
// title without spaces) into 64 columns: the cost per letter must stay
// flat as the word grows.
func BenchmarkWrapLongWord(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := strings.Repeat("x", n)
			for b.Loop() {
				Wrap(s, 64)
			}
		})
	}
}

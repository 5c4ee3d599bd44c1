package model

import "testing"

func TestHumanBytes(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {500, "500 bytes"}, {1536, "1.5 KiB"}, {4 << 20, "4 MiB"},
		{32<<20 + 1, "32.0 MiB"}, {3 << 30, "3 GiB"}, {3<<30 + 1<<29, "3.5 GiB"},
	} {
		if got := HumanBytes(tc.n); got != tc.want {
			t.Errorf("HumanBytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestInvalidUTF8At(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", -1}, {"Šefčovič", -1}, {"ab\xffcd", 2}, {"Š\xc5", 2},
	} {
		if got := InvalidUTF8At([]byte(tc.in)); got != tc.want {
			t.Errorf("InvalidUTF8At(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

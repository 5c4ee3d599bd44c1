package main

import (
	"strings"
	"testing"
)

// TestUsageErrors: mistakes on the command line exit 2 with a message that
// says what to do.
func TestUsageErrors(t *testing.T) {
	// Not the user's own data, config or cache: another dossier's store
	// there must not decide what this test sees.
	for _, v := range []string{"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, t.TempDir())
	}
	t.Setenv("DOSSIER_STORE", "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "-lang:de"}, "put -- before it"},
		{[]string{"nosuchcommand"}, "unknown command"},
		{[]string{"search", "--nosuchflag", "x"}, "unknown flag"},
		{[]string{"history", "nope"}, "nope"},
	} {
		_, stderr, code := run(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	out, _, code := run(t, "search", "--", "-lang:de", "Kazakhstan")
	if code != 0 || !strings.Contains(out, `"-lang:de Kazakhstan": 4 articles`) {
		t.Errorf("search -- -lang:de: exit %d, %q", code, out)
	}
}

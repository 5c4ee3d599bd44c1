package sshd

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func newKey(t testing.TB) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

func TestParseAuthorizedKeys(t *testing.T) {
	a, alice := newKey(t)
	b, bob := newKey(t)
	_, carol := newKey(t)
	_, noname := newKey(t)
	file := strings.Join([]string{
		"# staff keys",
		alice + " Alice Example",
		"ssh-ed25519 AAAAnotbase64!!! broken",
		bob + " bob@laptop",
		`from="10.0.0.1" ` + carol + " Carol",
		"",
		noname,
		alice + " Alice Again",
		bob + " \x1b[31mBob\x1b[0m",
	}, "\n")
	keys, problems := ParseAuthorizedKeys([]byte(file))
	if got := keys[gossh.FingerprintSHA256(a.PublicKey())].Name; got != "Alice Example" {
		t.Errorf("alice: %q", got)
	}
	if got := keys[gossh.FingerprintSHA256(b.PublicKey())].Name; got != "bob@laptop" {
		t.Errorf("bob (after a broken line): %q", got)
	}
	if len(keys) != 3 {
		t.Errorf("%d keys, want alice, bob and the unnamed one", len(keys))
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{"line 3: not a public key", "line 5: key options (from=\"10.0.0.1\") are not supported", `line 8: key already listed (as "Alice Example")`, `line 9: key already listed`} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
	for _, id := range keys {
		if strings.HasPrefix(id.Fingerprint, "SHA256:") && id.Name == "" {
			t.Errorf("empty name for %s", id.Fingerprint)
		}
	}
}

func FuzzParseAuthorizedKeys(f *testing.F) {
	_, k := newKey(f)
	f.Add(k + " Alice\n# c\nbroken line\n")
	f.Add(`command="x" ` + k)
	f.Fuzz(func(t *testing.T, data string) {
		keys, problems := ParseAuthorizedKeys([]byte(data))
		for fp, id := range keys {
			if fp != id.Fingerprint || id.Name == "" || strings.ContainsAny(id.Name, "\x1b\r\n") {
				t.Fatalf("bad identity %+v", id)
			}
		}
		for _, p := range problems {
			if p.Line < 1 {
				t.Fatalf("problem without a line: %v", p)
			}
		}
	})
}

package sshd

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"dossier/model"
)

// Identity is the person behind an authorized key.
type Identity struct {
	Name        string // display name from the key's comment, or the fingerprint
	Fingerprint string // SHA256:...
}

// KeyProblem is a line of the authorized-keys file that was skipped.
type KeyProblem struct {
	Line int
	Msg  string
}

// String formats the problem as "line N: message".
func (p KeyProblem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Msg) }

// maxNameRunes bounds a display name.
const maxNameRunes = 40

// ParseAuthorizedKeys reads an authorized_keys file: one public key per
// line, its comment used as the person's display name. Blank lines and
// lines starting with # are ignored. A malformed line, or one with options
// (from=, command=, ...) that dossier cannot enforce, is reported and
// skipped; the other lines still count.
func ParseAuthorizedKeys(data []byte) (map[string]Identity, []KeyProblem) {
	keys := map[string]Identity{}
	var problems []KeyProblem
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		pub, comment, options, rest, err := gossh.ParseAuthorizedKey([]byte(text))
		switch {
		case err != nil:
			problems = append(problems, KeyProblem{line, "not a public key: " + err.Error()})
			continue
		case len(rest) > 0:
			problems = append(problems, KeyProblem{line, "more than one key on the line"})
			continue
		case len(options) > 0:
			problems = append(problems, KeyProblem{line, fmt.Sprintf("key options (%s) are not supported; key skipped", model.Escape(strings.Join(options, ",")))})
			continue
		}
		fp := gossh.FingerprintSHA256(pub)
		name := model.Truncate(model.SanitizeLine(comment), maxNameRunes)
		if name == "" {
			name = fp
		}
		if prev, dup := keys[fp]; dup {
			problems = append(problems, KeyProblem{line, fmt.Sprintf("key already listed (as %q); first entry kept", prev.Name)})
			continue
		}
		keys[fp] = Identity{Name: name, Fingerprint: fp}
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, KeyProblem{line + 1, err.Error()})
	}
	return keys, problems
}

// maxAuthorizedKeysBytes bounds the authorized-keys file (about 10,000
// keys); it is read again at every login.
const maxAuthorizedKeysBytes = 1 << 20

// maxHostKeyBytes bounds the host key file (an ed25519 key is 400 bytes).
const maxHostKeyBytes = 64 << 10

// loadAuthorizedKeys reads and parses the file; a missing or unreadable
// file, or one that is not a regular file under the cap, is an error
// (dossier refuses to serve rather than serve everyone).
func loadAuthorizedKeys(path string) (map[string]Identity, []KeyProblem, error) {
	data, err := readAuthorizedKeys(path)
	if err != nil {
		return nil, nil, err
	}
	keys, problems := ParseAuthorizedKeys(data)
	return keys, problems, nil
}

// readAuthorizedKeys reads the file's text: a regular file under the cap.
func readAuthorizedKeys(path string) ([]byte, error) {
	data, err := model.ReadRegular(path, maxAuthorizedKeysBytes)
	if err != nil {
		return nil, fmt.Errorf("authorized keys %s: %w", model.Escape(path), err)
	}
	return data, nil
}

// hostKeyOption reads the host key from path, a regular file under the
// cap, or has the library generate one there (0600) when it is missing.
func hostKeyOption(path string) (ssh.Option, error) {
	data, err := model.ReadRegular(path, maxHostKeyBytes)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return wish.WithHostKeyPath(path), nil
	case err != nil:
		return nil, fmt.Errorf("host key %s: %w", model.Escape(path), err)
	}
	return wish.WithHostKeyPEM(data), nil
}

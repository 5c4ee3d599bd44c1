//go:build !linux

package library

import (
	"errors"
	"path/filepath"
)

// socketPath is the path to name in dir, if short enough for a Unix
// socket's address.
func socketPath(dir, name string) (string, func(), error) {
	p := filepath.Join(dir, name)
	if len(p) >= 100 {
		return "", nil, errors.New("socket path too long")
	}
	return p, func() {}, nil
}

// localFS is false where it cannot be told: a follower then never vouches.
func localFS(string) bool { return false }

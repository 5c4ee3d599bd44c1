//go:build unix

package review

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile tries to take an exclusive lock on dir/name (created if
// missing) without waiting; ok is false when another process or another
// open file holds it. The system drops the lock when the process dies.
func lockFile(dir, name string) (release func(), ok bool, err error) {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("review: fetch lock %s: %w", path, errnoText(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("review: fetch lock %s: %w", path, err)
	}
	return func() { f.Close() }, true, nil
}

//go:build !unix

package review

import (
	"errors"
	"syscall"
)

const (
	errROFS    = syscall.Errno(30)
	errNoSpace = syscall.Errno(28)
)

func isErrno(err error, e syscall.Errno) bool { return errors.Is(err, e) }

func diskFull(string) bool { return false }

func writable(string) error { return nil }

func currentUser() string { return "this user" }

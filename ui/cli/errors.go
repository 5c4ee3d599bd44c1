package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes of the dossier command.
const (
	ExitOK      = 0
	ExitFailure = 1 // anything that is not the user's input
	ExitUsage   = 2 // a bad query, bad flags or bad arguments
)

// UsageError marks an error caused by what the user typed.
type UsageError struct{ Err error }

// Error returns the wrapped message.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e UsageError) Unwrap() error { return e.Err }

// ExitCode maps an error returned by a command to the process exit status.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var u UsageError
	if errors.As(err, &u) {
		return ExitUsage
	}
	return ExitFailure
}

// FlagError is a usage error for a bad flag. A search query that starts
// with "-" (leaving a term out) is read as flags by the shell's rules, so
// the message then says how to pass it.
func FlagError(cmd *cobra.Command, err error) error {
	if cmd != nil && cmd.Name() == "search" && strings.Contains(err.Error(), "unknown shorthand flag") {
		err = fmt.Errorf("%w\n(a query that starts with - is read as a flag: put -- before it, as in  dossier search -- '-lang:de hydrogen')", err)
	}
	return UsageError{Err: err}
}

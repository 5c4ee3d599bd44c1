package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"dossier/model"
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
	msg := EscapeLine(err.Error()) // the flag as typed: untrusted
	if cmd != nil && cmd.Name() == "search" && strings.Contains(err.Error(), "unknown shorthand flag") {
		msg += "\n(a query that starts with - is read as a flag: put -- before it, as in  dossier search -- '-lang:de hydrogen')"
	}
	return UsageError{Err: errors.New(msg)}
}

// Message is the text to print for an error a command returned: sanitised
// (model.Sanitize, lines kept), so that nothing an error quotes reaches the
// terminal raw, even where its maker forgot to escape it.
func Message(err error) string { return model.Sanitize(err.Error()) }

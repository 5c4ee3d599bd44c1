package cli

import (
	"errors"

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

// Message is the text to print for an error a command returned: sanitised
// (model.Sanitize, lines kept), so that nothing an error quotes reaches the
// terminal raw, even where its maker forgot to escape it.
func Message(err error) string { return model.Sanitize(err.Error()) }

package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dossier/model"
	"dossier/ui/common"
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
	msg := EscapeLine(flagMessage(err.Error())) // the flag as typed: untrusted
	if cmd != nil && cmd.Name() == "search" && strings.Contains(err.Error(), "unknown shorthand flag") {
		msg += "\n(a query that starts with - is read as a flag: put -- before it, as in  dossier search -- '-lang:de hydrogen')"
	}
	return UsageError{Err: errors.New(msg)}
}

// badValue is pflag's message for a value its type cannot parse:
// invalid argument "x" for "--limit" flag: strconv.ParseInt: ...
var badValue = model.LazyRegexp(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`)

// flagMessage says in words what is wrong with a flag's value, instead of
// the parser's message ("--limit: "x" is not a number").
func flagMessage(msg string) string {
	m := badValue().FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	value, flag, why := m[1], m[2], m[3]
	switch {
	case strings.Contains(why, "strconv.ParseInt") || strings.Contains(why, "strconv.ParseUint"):
		if _, err := strconv.ParseFloat(value, 64); err == nil {
			return fmt.Sprintf("%s: %q is not a whole number", flag, value)
		}
		return fmt.Sprintf("%s: %q is not a number", flag, value)
	case strings.Contains(why, "strconv.ParseFloat"):
		return fmt.Sprintf("%s: %q is not a number", flag, value)
	case strings.Contains(why, "strconv.ParseBool"):
		return fmt.Sprintf("%s: %q is not true or false", flag, value)
	case strings.Contains(why, "time: "):
		return fmt.Sprintf("%s: %q is not a duration such as 90s, 30m or 12h", flag, value)
	}
	return fmt.Sprintf("%s: %q: %s", flag, value, why)
}

// CheckTheme refuses a --theme that is not auto, dark, light or mono, as a
// usage error.
func CheckTheme(theme string) error {
	if _, err := common.ParseTheme(theme); err != nil {
		return UsageError{err}
	}
	return nil
}

// Message is the text to print for an error a command returned: sanitised
// (model.Sanitize, lines kept), so that nothing an error quotes reaches the
// terminal raw, even where its maker forgot to escape it.
func Message(err error) string { return model.Sanitize(err.Error()) }

package common

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
)

// NewTextInput returns a one-line input styled from the session's styles,
// with a steady cursor (no redraw twice a second, which matters over SSH).
func NewTextInput(c Common, prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.PromptStyle = c.Styles.Prompt
	in.TextStyle = c.Styles.Text
	in.PlaceholderStyle = c.Styles.Placeholder
	in.Cursor.Style = c.Styles.Accent
	in.Cursor.TextStyle = c.Styles.Text
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = limit
	return in
}

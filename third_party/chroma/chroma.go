// Package chroma is a stand-in for github.com/alecthomas/chroma/v2 holding
// only what glamour's code-block renderer names: token types and styles.
package chroma

import "fmt"

// TokenType is a kind of source-code token.
type TokenType int

// The token types glamour gives colours to.
const (
	Background TokenType = iota
	Text
	Error
	Comment
	CommentPreproc
	Keyword
	KeywordReserved
	KeywordNamespace
	KeywordType
	Operator
	Punctuation
	Name
	NameBuiltin
	NameTag
	NameAttribute
	NameClass
	NameConstant
	NameDecorator
	NameException
	NameFunction
	NameOther
	Literal
	LiteralNumber
	LiteralDate
	LiteralString
	LiteralStringEscape
	GenericDeleted
	GenericEmph
	GenericInserted
	GenericStrong
	GenericSubheading
)

// StyleEntries maps token types to style strings.
type StyleEntries map[TokenType]string

// Style is a named set of token styles.
type Style struct {
	Name    string
	Entries StyleEntries
}

// NewStyle makes a style.
func NewStyle(name string, entries StyleEntries) (*Style, error) {
	if name == "" {
		return nil, fmt.Errorf("chroma: a style needs a name")
	}
	return &Style{Name: name, Entries: entries}, nil
}

// MustNewStyle makes a style, panicking on a bad one.
func MustNewStyle(name string, entries StyleEntries) *Style {
	s, err := NewStyle(name, entries)
	if err != nil {
		panic(err)
	}
	return s
}

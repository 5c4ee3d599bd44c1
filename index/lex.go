package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokField // "name:" followed by a word or phrase value
	tokOr
	tokNot
	tokLParen
	tokRParen
)

// token is one lexical unit of a query. For tokField, Field holds the name
// and Text the value (Phrase says whether it was quoted).
type token struct {
	Kind     tokKind
	Field    string
	Text     string
	Phrase   bool
	Pos, End int // byte range in the query
	ValuePos int // where the value of a field starts
}

// lex splits a query into tokens.
func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{Kind: tokLParen, Pos: i, End: i + 1})
			i++
		case r == ')':
			toks = append(toks, token{Kind: tokRParen, Pos: i, End: i + 1})
			i++
		case r == '"':
			text, end, err := lexPhrase(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{Kind: tokPhrase, Text: text, Phrase: true, Pos: i, End: end})
			i = end
		case r == '-':
			if i+1 >= len(q) || isBreak(q[i+1:]) {
				return nil, errAt(q, i, "a lone '-' excludes nothing: write -word")
			}
			toks = append(toks, token{Kind: tokNot, Pos: i, End: i + 1})
			i++
		default:
			end := i
			for end < len(q) && !isBreak(q[end:]) {
				_, s := utf8.DecodeRuneInString(q[end:])
				end += s
			}
			word := q[i:end]
			if name, value, ok := strings.Cut(word, ":"); ok && isFieldName(name) {
				tok := token{Kind: tokField, Field: strings.ToLower(name), Text: value, Pos: i, ValuePos: i + len(name) + 1}
				if value == "" && end < len(q) && q[end] == '"' {
					text, pend, err := lexPhrase(q, end)
					if err != nil {
						return nil, err
					}
					tok.Text, tok.Phrase, end = text, true, pend
				} else if value == "" {
					return nil, errAt(q, tok.ValuePos, "%s: needs a value, e.g. %s", name, fieldExample(strings.ToLower(name)))
				}
				tok.End = end
				toks = append(toks, tok)
				i = end
				continue
			}
			kind := tokWord
			switch word {
			case "OR", "||":
				kind = tokOr
			case "NOT":
				kind = tokNot
			case "AND", "&&":
				i = end
				continue
			}
			toks = append(toks, token{Kind: kind, Text: word, Pos: i, End: end})
			i = end
		}
	}
	return toks, nil
}

func lexPhrase(q string, start int) (string, int, error) {
	close := strings.IndexByte(q[start+1:], '"')
	if close < 0 {
		return "", 0, errAt(q, start, "this quote is never closed: add a closing \"")
	}
	text := q[start+1 : start+1+close]
	if strings.TrimSpace(text) == "" {
		return "", 0, errAt(q, start, "empty phrase \"\"")
	}
	return text, start + close + 2, nil
}

func isBreak(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"'
}

func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '_' {
			return false
		}
	}
	return true
}

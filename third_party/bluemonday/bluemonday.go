// Package bluemonday stands in for github.com/microcosm-cc/bluemonday
// v1.0.27 with its strict policy alone: every HTML element is removed, the
// text is kept, HTML-escaped, and the content of the elements that are no
// text (script, style, title, frames, objects) is dropped.
package bluemonday

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Policy is bluemonday's policy; the stand-in knows the strict one only.
type Policy struct{}

// StrictPolicy returns the policy that strips every HTML element.
func StrictPolicy() *Policy { return &Policy{} }

// StripTagsPolicy is bluemonday's deprecated name of StrictPolicy.
func StripTagsPolicy() *Policy { return StrictPolicy() }

// Sanitize returns s without its HTML elements; an input of blanks only is
// returned as it is, and one the tokenizer fails on gives "".
func (p *Policy) Sanitize(s string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	var buf bytes.Buffer
	if err := p.sanitize(strings.NewReader(s), &buf); err != nil {
		return ""
	}
	return buf.String()
}

// SanitizeBytes is Sanitize for a byte slice.
func (p *Policy) SanitizeBytes(b []byte) []byte {
	if len(bytes.TrimSpace(b)) == 0 {
		return b
	}
	var buf bytes.Buffer
	if err := p.sanitize(bytes.NewReader(b), &buf); err != nil {
		return []byte{}
	}
	return buf.Bytes()
}

// skipContent are the elements whose content is dropped with them
// (bluemonday's addDefaultSkipElementContent).
var skipContent = map[string]bool{
	"frame": true, "frameset": true, "iframe": true, "noembed": true, "noframes": true, "noscript": true,
	"nostyle": true, "object": true, "script": true, "style": true, "title": true,
}

// sanitize is bluemonday's sanitize loop for a policy that allows no
// element, no comment, no doctype and nothing unsafe: the branches that
// such a policy never takes are left out, the others are kept in order.
func (p *Policy) sanitize(r io.Reader, buff *bytes.Buffer) error {
	var (
		skipElementContent       bool
		skippingElementsCount    int64
		mostRecentlyStartedToken string
	)
	tokenizer := html.NewTokenizer(r)
	for {
		if tokenizer.Next() == html.ErrorToken {
			err := tokenizer.Err()
			if err == io.EOF {
				return nil
			}
			return err
		}
		token := tokenizer.Token()
		switch token.Type {
		case html.DoctypeToken, html.CommentToken, html.SelfClosingTagToken:
			// dropped (a self-closing tag has no content to skip)
		case html.StartTagToken:
			mostRecentlyStartedToken = normaliseElementName(token.Data)
			if mostRecentlyStartedToken == "script" || mostRecentlyStartedToken == "style" {
				continue
			}
			if skipContent[token.Data] {
				skipElementContent = true
				skippingElementsCount++
			}
		case html.EndTagToken:
			name := normaliseElementName(token.Data)
			if mostRecentlyStartedToken == name {
				mostRecentlyStartedToken = ""
			}
			if name == "script" || name == "style" {
				continue
			}
			if skipContent[token.Data] {
				skippingElementsCount--
				if skippingElementsCount == 0 {
					skipElementContent = false
				}
			}
		case html.TextToken:
			if !skipElementContent && mostRecentlyStartedToken != "script" && mostRecentlyStartedToken != "style" {
				buff.WriteString(token.String()) // HTML-escaped
			}
		default:
			return io.ErrUnexpectedEOF // a token the tokenizer did not have when this was written
		}
	}
}

// normaliseElementName lower-cases a tag name so that non-ASCII letters
// stay escaped ("scrİpt" is not "script"), as bluemonday does.
func normaliseElementName(str string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(strconv.QuoteToASCII(str)), `"`), `"`)
}

package model

import "testing"

func TestDeriveTitle(t *testing.T) {
	tests := []struct{ body, title, author string }{
		{"# EU and Kazakhstan sign roadmap\n\nText follows.", "EU and Kazakhstan sign roadmap", ""},
		{"## Closing heading ##\n\nText.", "Closing heading", ""},
		{"#hashtag line\n\nText.", "#hashtag line", ""},
		{"By Jane Doe\n# Lithium deal\n\nText.", "Lithium deal", "Jane Doe"},
		{"Short title\n\nBody.", "Short title", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		title, author := DeriveTitle(tc.body)
		if title != tc.title || author != tc.author {
			t.Errorf("%q: title %q author %q, want %q %q", tc.body, title, author, tc.title, tc.author)
		}
	}
}

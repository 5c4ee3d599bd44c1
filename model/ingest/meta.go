package ingest

// Meta is what an import knows about an article; it becomes the file's front
// matter. Empty fields are left out. Every field is one sanitised line.
type Meta struct {
	Title  string `json:"title" yaml:"title,omitempty"`
	Source string `json:"source,omitempty" yaml:"source,omitempty"` // the outlet that published it
	Author string `json:"author,omitempty" yaml:"author,omitempty"`
	Date   string `json:"date,omitempty" yaml:"date,omitempty"` // YYYY-MM-DD, the day it was published
	URL    string `json:"url,omitempty" yaml:"url,omitempty"`
	Lang   string `json:"lang,omitempty" yaml:"lang,omitempty"` // ISO 639 code
	// DateBasis says where Date comes from: BasisText (a dateline or
	// byline in the text) or BasisMetadata (the page's or the PDF's own
	// metadata). It is reported, not written to the front matter.
	DateBasis string `json:"date_basis,omitempty" yaml:"-"`
	// Fetched and Published are set by dossier fetch (RFC 3339): when it
	// wrote the article, and when its feed says it was published.
	Fetched   string `json:"fetched,omitempty" yaml:"fetched,omitempty"`
	Published string `json:"published,omitempty" yaml:"published,omitempty"`
}

// Where a date comes from (Meta.DateBasis).
const (
	BasisText     = "text"
	BasisMetadata = "metadata"
)

// Doc is one extracted article: its metadata and its text, one paragraph a
// line. Raw, when set, is the exact file to write instead of rendering
// Meta and Body (Markdown passed through as it was).
type Doc struct {
	Kind  Kind
	Meta  Meta
	Body  string
	Raw   []byte
	Notes []string // what was skipped on the way (unreadable PDF pages)
}

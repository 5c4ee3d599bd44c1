package briefing

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/triage"
)

// Formats an export can take.
var Formats = []string{"md", "csv", "json"}

// Write renders the briefing in a format: md, csv or json.
func (b Briefing) Write(w io.Writer, format string) error {
	switch format {
	case "md", "markdown":
		return b.Markdown(w)
	case "csv":
		return b.CSV(w)
	case "json":
		return b.JSON(w)
	}
	return fmt.Errorf("format %q: use %s", format, strings.Join(Formats, ", "))
}

// JSON writes the briefing as one indented JSON object.
func (b Briefing) JSON(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return err
	}
	_, err := w.Write(model.EscapeJSON(buf.Bytes())) // exact values, no raw C1 or bidi controls
	return err
}

// CSVHeader is the header row of the CSV export.
// Columns are only ever added at the end, so scripts that read the older
// ones by position keep working.
var CSVHeader = []string{"document", "area", "item", "text", "status", "note", "reviewer", "reviewed_at",
	"evidence_article", "evidence_title", "evidence_outlet", "evidence_date", "evidence_quote", "evidence_start", "evidence_end",
	"status_by", "status_at", "note_by", "note_at", "evidence_added_by", "evidence_added_at",
	"last_news", "quiet_days"}

// rfc3339 formats a time for the CSV, "" for never.
func rfc3339(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

// CSV writes one row per piece of evidence, or one row for an item without
// any, so every item appears.
func (b Briefing) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, g := range b.Groups {
		for _, it := range g.Items {
			base := safe(g.Document, g.Area, model.Escape(it.ID), it.Text, it.Status, it.Note, it.By, rfc3339(it.At))
			who := safe(it.StatusBy, rfc3339(it.StatusAt), it.NoteBy, rfc3339(it.NoteAt))
			news := []string{"", ""}
			if it.LastNews != nil && it.QuietDays != nil {
				news = []string{*it.LastNews, strconv.Itoa(*it.QuietDays)}
			}
			if len(it.Evidence) == 0 {
				row := append(append(base, "", "", "", "", "", "", ""), who...)
				if err := cw.Write(append(append(row, "", ""), news...)); err != nil {
					return err
				}
			}
			for _, e := range it.Evidence {
				row := append(append([]string{}, base...), safe(model.Escape(e.ArticleID), e.Title, e.Outlet, e.Date, e.Quote)...)
				row = append(row, strconv.Itoa(e.Start), strconv.Itoa(e.End))
				row = append(append(row, who...), safe(e.By)[0], e.At.Format(time.RFC3339))
				if err := cw.Write(append(row, news...)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Markdown writes a readable briefing: headings per document and area, a
// line per item with its status, and evidence as block quotes.
func (b Briefing) Markdown(w io.Writer) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "# %s\n\nGenerated %s · %s\n", md(b.Title), b.Generated.Format("2 January 2006 15:04 MST"), b.Summary)
	doc := ""
	for _, g := range b.Groups {
		if g.Document != doc {
			doc = g.Document
			fmt.Fprintf(&sb, "\n## %s\n", md(doc))
		}
		if g.Area != "" {
			fmt.Fprintf(&sb, "\n### %s\n\n*%s*\n\n", md(g.Area), g.Summary)
		} else {
			sb.WriteString("\n")
		}
		for _, it := range g.Items {
			fmt.Fprintf(&sb, "- **%s** %s — **%s**", mdID(it.ID), md(it.Text), strings.ToUpper(it.Status))
			if it.StatusBy != "" {
				fmt.Fprintf(&sb, " (set by %s)", byDate(it.StatusBy, it.StatusAt))
			}
			if q := it.Quiet(); q != "" {
				fmt.Fprintf(&sb, " · *%s*", q)
			}
			sb.WriteString("\n")
			if note := strings.TrimSpace(model.Sanitize(it.Note)); note != "" {
				if it.NoteBy != "" {
					fmt.Fprintf(&sb, "  *Note by %s:*\n", byDate(it.NoteBy, it.NoteAt))
				}
				for _, line := range strings.Split(note, "\n") {
					fmt.Fprintf(&sb, "  %s\n", md(line))
				}
			}
			for _, e := range it.Evidence {
				src := e.Title
				if e.Outlet != "" {
					src += ", " + e.Outlet
				}
				if e.Date != "" {
					src += ", " + e.Date
				}
				at := e.At
				fmt.Fprintf(&sb, "\n  > %s\n  >\n  > — %s (%s) · added by %s\n", md(oneLine(e.Quote)), md(src), mdID(e.ArticleID), byDate(e.By, &at))
			}
			if len(it.Evidence) > 0 {
				sb.WriteString("\n")
			}
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// byDate is "alice, 20 Nov 2026", Markdown-safe, or the name alone.
func byDate(who string, at *time.Time) string {
	if at == nil || at.IsZero() {
		return md(who)
	}
	return md(who) + ", " + at.Format("2 Jan 2006")
}

// Quiet says how long the item has had no news, for people ("quiet for 14
// months (last news 7 Apr 2025)"); "" when it is not quiet, has no news
// at all, or news was not looked for.
func (it Item) Quiet() string {
	if it.QuietDays == nil || it.LastNews == nil {
		return ""
	}
	q := triage.QuietText(*it.QuietDays)
	if q == "" {
		return ""
	}
	d, p, err := model.ParseDate(*it.LastNews)
	if err != nil {
		return q
	}
	return q + " (last news " + model.HumanDate(d, p) + ")"
}

// safe makes untrusted cells safe to show in a terminal (the CSV may be
// printed to one): escape sequences and controls are removed, newlines and
// tabs kept. Ids are passed through model.Escape first, so they stay
// unambiguous.
func safe(cells ...string) []string {
	for i, c := range cells {
		cells[i] = noFormula(model.Sanitize(c))
	}
	return cells
}

// noFormula keeps a spreadsheet from reading a cell as a formula: one that
// starts with =, +, -, @ or a tab gets a leading apostrophe, which
// spreadsheets hide (the OWASP advice against CSV injection).
func noFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// md makes untrusted text one safe line and escapes the characters that
// would change Markdown structure.
func md(s string) string {
	s = model.SanitizeLine(s)
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "#", "\\#", "|", "\\|")
	return r.Replace(s)
}

// mdID shows an id in Markdown: escaped (model.Escape) and with the
// characters that would change Markdown structure escaped, except an
// underscore inside a word, which never starts emphasis (000_59948b4d9c446ef9
// stays readable).
func mdID(id string) string {
	s := model.Escape(id)
	alnum := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_' && i > 0 && i+1 < len(s) && alnum(s[i-1]) && alnum(s[i+1]):
			b.WriteByte(c)
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case strings.IndexByte("\\*_`[]#|", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

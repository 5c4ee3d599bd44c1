package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"dossier/model"
	"dossier/model/ingest"
)

// ImportOptions are the flags of `dossier import`.
type ImportOptions struct {
	Into  string // the corpus folder written to
	Force bool   // replace an article that is already there
	JSON  bool   // print one JSON array of results instead of text
}

// Import turns each file into a corpus article in o.Into. Each input is
// reported as it is done: what was written, or why it was refused (on
// errOut). The others go on after a refusal; the returned error says how
// many inputs were not imported. A missing --into or no files is a
// UsageError.
func Import(ctx context.Context, files []string, o ImportOptions, out, errOut io.Writer) error {
	if o.Into == "" {
		return UsageError{errors.New("import needs --into DIR, the corpus folder to write to")}
	}
	if len(files) == 0 {
		return UsageError{errors.New("import needs at least one FILE (a saved web page, a PDF, a .txt or .md file)")}
	}
	if st, err := os.Stat(o.Into); err == nil && !st.IsDir() {
		return UsageError{fmt.Errorf("--into %s: not a folder", model.Escape(o.Into))}
	}
	im, err := ingest.NewImporter(o.Into, ingest.Options{Force: o.Force})
	if err != nil {
		return fmt.Errorf("--into %s: %w", model.Escape(o.Into), err)
	}
	results := make([]ingest.Result, 0, len(files))
	failed := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			if o.JSON {
				printImportJSON(out, results)
			}
			return fmt.Errorf("import stopped after %d of %d inputs: %w", len(results), len(files), err)
		}
		r := im.ImportFile(ctx, f)
		if !r.Status.OK() {
			failed++
		}
		results = append(results, r)
		if !o.JSON {
			printImportLine(out, errOut, r)
		}
	}
	if o.JSON {
		if err := printImportJSON(out, results); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs not imported", failed, len(files))
	}
	return nil
}

// printImportLine reports one result: a line on out for what is in the
// corpus, a line on errOut for a refusal, and a warning per skipped part.
func printImportLine(out, errOut io.Writer, r ingest.Result) {
	in := model.Escape(r.Input)
	if !r.Status.OK() {
		fmt.Fprintf(errOut, "dossier: import %s: %s: %s\n", in, r.Status, model.SanitizeLine(r.Reason))
		return
	}
	for _, n := range r.Notes {
		fmt.Fprintf(errOut, "dossier: warning: %s: %s\n", in, model.SanitizeLine(n))
	}
	var about []string
	m := r.Meta
	date := m.Date
	if date != "" && m.DateBasis != "" {
		date += " from the " + m.DateBasis // where the date was read: the text or the metadata
	}
	for _, s := range []string{m.Source, m.Author, date, m.Lang} {
		if s != "" {
			about = append(about, model.SanitizeLine(s))
		}
	}
	about = append(about, fmt.Sprintf("%d words", r.Words))
	line := fmt.Sprintf("%-9s %s → %s  %q (%s)", r.Status, in, model.Escape(r.Output), model.SanitizeLine(m.Title), strings.Join(about, ", "))
	if r.Status == ingest.Duplicate {
		line += "; already there, --force replaces it"
	}
	fmt.Fprintln(out, line)
}

func printImportJSON(out io.Writer, results []ingest.Result) error {
	return writeJSON(out, results, true)
}

package cli

import (
	"fmt"
	"io"

	"dossier/model"
)

// Overview prints what the corpus holds; it is what `dossier` does until the
// dashboard opens by default.
func Overview(src Sources, out, errOut io.Writer) error {
	c, err := LoadCorpus(src, errOut)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "dossier · corpus %s · %d articles\n\n", model.Escape(c.Name), c.Len())
	for _, a := range c.Articles {
		fmt.Fprintf(out, "  %-10s %-3s %s\n             %s · %s\n", model.HumanDate(a.Date, a.Precision), oneLine(a.Lang), oneLine(a.Title),
			orDash(oneLine(a.Outlet)), model.Escape(a.ID))
	}
	fmt.Fprintln(out, "\nTry: dossier search Sefcovic   ·   dossier --help")
	return nil
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"dossier/model"
	"dossier/model/review"
)

// StoreCopy copies the review store at from (a data folder or a
// postgres:// URL) into the one at to, with its whole history, and
// verifies the counts. A target that already holds reviews is refused
// unless replace is set.
func StoreCopy(ctx context.Context, from, to string, replace bool, out io.Writer) error {
	if from == "" || to == "" {
		return UsageError{errors.New("store copy needs --from DIR|URL and --to URL|DIR, e.g. dossier store copy --from ~/.local/share/dossier --to postgres://dossier@db/dossier")}
	}
	if from == to {
		return UsageError{errors.New("store copy: --from and --to are the same store")}
	}
	open := func(flag, where string) (review.Store, error) {
		o := DataOptions{DataDir: where}
		if review.IsPostgresURL(where) {
			o = DataOptions{Store: where}
		}
		st, err := OpenStore(o)
		var u UsageError
		if errors.As(err, &u) {
			return nil, UsageError{fmt.Errorf("--%s: %w", flag, u.Err)}
		}
		return st, err
	}
	src, err := open("from", from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := open("to", to)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := review.Copy(ctx, dst, src, replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "copied %s from %s to %s; counts verified\n", counts, model.Escape(src.Where()), model.Escape(dst.Where()))
	return nil
}

package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"dossier/index"
	"dossier/model"
	"dossier/seeds"
)

// Sources says where the corpus and the synonyms come from.
type Sources struct {
	CorpusDirs   []string // folders given with --corpus; the embedded seeds when empty
	SynonymFiles []string // extra synonym lists given with --synonyms
}

// LoadCorpus reads the folders (or the embedded seeds) and writes each
// warning to warn. A folder that does not exist or cannot be read is an error.
func LoadCorpus(src Sources, warn io.Writer) (*model.Corpus, error) {
	var l model.Loader
	name := seeds.Name
	if len(src.CorpusDirs) == 0 {
		if err := l.Add(seeds.Corpus, seeds.Name); err != nil {
			return nil, err
		}
	} else {
		var names []string
		for _, dir := range src.CorpusDirs {
			st, err := os.Stat(dir)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return nil, UsageError{fmt.Errorf("--corpus %s: no such folder", dir)}
			case err != nil:
				return nil, fmt.Errorf("--corpus %s: %w", dir, err)
			case !st.IsDir():
				return nil, UsageError{fmt.Errorf("--corpus %s: not a folder", dir)}
			}
			if err := l.Add(os.DirFS(dir), dir); err != nil {
				return nil, fmt.Errorf("--corpus %w", err)
			}
			names = append(names, filepath.Base(filepath.Clean(dir)))
		}
		name = strings.Join(names, "+")
	}
	c := l.Finish(name)
	for _, w := range l.Warnings() {
		fmt.Fprintf(warn, "dossier: warning: %s\n", w)
	}
	if c.Len() == 0 {
		return nil, errors.New("the corpus has no readable articles (see the warnings above)")
	}
	return c, nil
}

// LoadSynonyms returns the built-in synonym groups plus those of each file.
func LoadSynonyms(src Sources) ([][]string, error) {
	groups, err := index.ParseSynonyms("seeds/synonyms.list", seeds.Synonyms)
	if err != nil {
		return nil, fmt.Errorf("built-in synonyms: %w", err)
	}
	for _, f := range src.SynonymFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, UsageError{fmt.Errorf("--synonyms: %w", err)}
		}
		more, err := index.ParseSynonyms(f, data)
		if err != nil {
			return nil, UsageError{fmt.Errorf("--synonyms:\n%w", err)}
		}
		groups = append(groups, more...)
	}
	return groups, nil
}

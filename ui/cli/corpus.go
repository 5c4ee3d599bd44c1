package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/seeds"
)

// Sources says where the corpus and the synonyms come from.
type Sources struct {
	CorpusDirs   []string // folders given with --corpus; the embedded seeds when empty
	SynonymFiles []string // extra synonym lists given with --synonyms
	NoCache      bool     // --no-cache: index in memory, keep nothing
	NoWatch      bool     // --no-watch: the dashboard and serve read the folders once, at start
	CacheDir     string   // where kept indexes live; library.DefaultCacheDir() when empty
	// Lang is the reader's language as set (--lang, DOSSIER_LANG, the
	// config file): search shows an article in it where the query's words
	// do not decide (ReaderLang fills in the default).
	Lang string
}

// ReaderLang is the reader's language: the one set, else the locale's,
// else English.
func (s Sources) ReaderLang() string { return model.ReaderLang(s.Lang, os.Getenv) }

// LibraryOptions turns the sources into the options of library.Open, with
// warnings and notices written to warn. It checks the folders first, so a
// mistyped --corpus is a usage error.
func LibraryOptions(src Sources, warn io.Writer) (library.Options, error) {
	for _, dir := range src.CorpusDirs {
		st, err := os.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return library.Options{}, UsageError{fmt.Errorf("--corpus %s: no such folder", model.Escape(dir))}
		case err != nil:
			return library.Options{}, fmt.Errorf("--corpus %s: %w", model.Escape(dir), err)
		case !st.IsDir():
			return library.Options{}, UsageError{fmt.Errorf("--corpus %s: not a folder", model.Escape(dir))}
		}
	}
	syn, err := LoadSynonyms(src)
	if err != nil {
		return library.Options{}, err
	}
	o := library.Options{
		Dirs:      src.CorpusDirs,
		Seeds:     seeds.Corpus,
		SeedsName: seeds.Name,
		Synonyms:  syn,
		Warn:      func(w model.Warning) { fmt.Fprintf(warn, "dossier: warning: %s\n", w) },
		Notice:    func(s string) { fmt.Fprintf(warn, "dossier: %s\n", model.SanitizeLine(s)) },
	}
	if !src.NoCache {
		o.CacheDir = src.CacheDir
		if o.CacheDir == "" {
			o.CacheDir = library.DefaultCacheDir()
		}
	}
	return o, nil
}

// OpenLibrary opens the corpus of the sources, using (and updating) its kept
// index; warnings go to warn.
func OpenLibrary(ctx context.Context, src Sources, deriver *library.Deriver, warn io.Writer) (*library.Library, error) {
	o, err := LibraryOptions(src, warn)
	if err != nil {
		return nil, err
	}
	o.Deriver = deriver
	return openWith(ctx, src, o, warn)
}

// openWith opens the corpus of the sources with the options made of them,
// for a one-shot command.
func openWith(ctx context.Context, src Sources, o library.Options, warn io.Writer) (*library.Library, error) {
	o.BuildMemory = BuildMemoryForOneShot()
	o.OneShot = true
	lib, err := library.Open(ctx, withProgress(o, warn))
	if err != nil {
		if len(src.CorpusDirs) > 0 && !errors.Is(err, library.ErrEmpty) {
			return nil, fmt.Errorf("--corpus: %w", err)
		}
		return nil, err
	}
	return lib, nil
}

// maxSynonymsBytes bounds a --synonyms file (the built-in list is 3 KiB).
const maxSynonymsBytes = 1 << 20

// LoadSynonyms returns the built-in synonym groups plus those of each file.
func LoadSynonyms(src Sources) ([][]string, error) {
	groups, err := index.ParseSynonyms("seeds/synonyms.list", seeds.Synonyms)
	if err != nil {
		return nil, fmt.Errorf("built-in synonyms: %w", err)
	}
	for _, f := range src.SynonymFiles {
		data, err := model.ReadRegular(f, maxSynonymsBytes)
		if err != nil {
			return nil, UsageError{fmt.Errorf("--synonyms %s: %w", model.Escape(f), err)}
		}
		more, err := index.ParseSynonyms(model.Escape(f), data)
		if err != nil {
			sep := " "
			if strings.Contains(err.Error(), "\n") {
				sep = "\n"
			}
			return nil, UsageError{fmt.Errorf("--synonyms:%s%w", sep, err)}
		}
		groups = append(groups, more...)
	}
	return groups, nil
}

// LoadCorpus opens the corpus of the sources (using its kept index) and
// returns its articles, for commands that do not search; texts are read
// from the files on demand.
func LoadCorpus(src Sources, warn io.Writer) (*model.Corpus, error) {
	lib, err := OpenLibrary(context.Background(), src, nil, warn)
	if err != nil {
		return nil, err
	}
	c := lib.Snapshot().Corpus
	lib.Close()
	return c, nil
}

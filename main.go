// Command dossier is a terminal dashboard for following the EU–Kazakhstan
// strategic partnership on critical raw materials, batteries and renewable
// hydrogen: read, search, follow the timeline and review the roadmap.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"dossier/ui/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "dossier: %v\n", err)
	}
	os.Exit(cli.ExitCode(err))
}

// newRoot builds the command tree.
func newRoot() *cobra.Command {
	var dash cli.DashboardOptions
	src := &dash.Sources
	root := &cobra.Command{
		Use:   "dossier",
		Short: "Read, search and review the EU–Kazakhstan raw materials partnership",
		Long: `dossier follows the EU–Kazakhstan strategic partnership on critical raw
materials, batteries and renewable hydrogen (MoU of November 2022, Roadmaps
2023-2024 and 2025-2026). It works offline on a corpus of articles: the five
embedded seed articles by default, or your own folders with --corpus.

Run without a command it opens the dashboard (Timeline, Roadmap, Reader,
Search; press ? for every key). When output is not a terminal it prints an
overview of the corpus instead.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !isTerminal(os.Stdout) || !isTerminal(os.Stdin) {
				return cli.Overview(*src, cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			return cli.Dashboard(cmd.Context(), dash, os.Stdin, os.Stdout, cmd.ErrOrStderr())
		},
	}
	root.Flags().StringVar(&dash.Theme, "theme", "auto", "colours: auto, dark, light or mono (NO_COLOR also means mono)")
	root.Flags().BoolVar(&dash.Mouse, "mouse", false, "scroll with the mouse wheel (text selection then needs shift)")
	root.Flags().StringVar(&dash.RoadmapFile, "roadmap", "", "read the roadmap checklist from `FILE` instead of the embedded one")
	root.PersistentFlags().StringArrayVar(&src.CorpusDirs, "corpus", nil,
		"read articles (.txt, .md, optional catalogue.yaml) from `DIR` instead of the embedded seeds; repeatable")
	root.PersistentFlags().StringArrayVar(&src.SynonymFiles, "synonyms", nil,
		"add the synonym groups of `FILE` (one comma-separated group per line); repeatable")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cli.UsageError{Err: err} })
	root.AddCommand(newSearchCmd(src), newTimelineCmd(src))
	return root
}

func newSearchCmd(src *cli.Sources) *cobra.Command {
	o := cli.SearchOptions{}
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY...",
		Short: "Search the corpus in full text and print ranked hits",
		Long: `Search the corpus in full text. The words of QUERY are joined by spaces.

Query language:
  lithium battery        all words must match (any language, stemmed, accents ignored)
  "raw materials"        a phrase
  -hydrogen, NOT x       exclude
  a OR b, ( ... )        either; grouping
  lith*                  prefix
  title:roadmap  source:"astana times"  author:banks   field words or phrases
  lang:de  id:ID         exact language or article
  year:2025  year:2023..2024  date:>=2023-01-01  date:2025-04  date:<2024
Synonyms (Kazakhstan/Kasachstan/Казахстан, MoU/memorandum, CRM Act, ...) are
applied automatically; add your own with --synonyms FILE.

Exit status: 0 with or without hits, 2 for a bad query or flags, 1 otherwise.`,
		Example: `  dossier search Sefcovic
  dossier search --json --limit 5 'lithium OR graphite' year:2023
  dossier search --corpus ~/articles 'roadmap -lang:de'`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.UsageError{Err: fmt.Errorf("search needs a QUERY, e.g. dossier search lithium")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources = *src
			o.Color = isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""
			return cli.Search(cmd.Context(), strings.Join(args, " "), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print one JSON object instead of text")
	cmd.Flags().IntVar(&o.Limit, "limit", 10, "show at most `N` hits")
	return cmd
}

func newTimelineCmd(src *cli.Sources) *cobra.Command {
	o := cli.TimelineOptions{}
	cmd := &cobra.Command{
		Use:   "timeline [flags]",
		Short: "Print the partnership's timeline extracted from the articles",
		Long: `Print the timeline: each article's publication and every dated mention in
the texts (English and German: full dates, months, day ranges, periods such as
2023-2024, and "yesterday"/"gestern" against the publication date), with one
entry per real-world event and the articles that report it.

--json prints [{"start","end","precision","label","sources":[{"id","quote",
"start","end"}]}]; start and end are YYYY-MM-DD, null for undated articles;
quote is the sentence and start/end its byte range in the article text.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources = *src
			return cli.Timeline(o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	return cmd
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"dossier/ui/cli"
)

// The analyst's day on the command line: what is new, what it concerns,
// a citation, and saved searches.

func newNewCmd(env func() cli.ReviewEnv) *cobra.Command {
	var o cli.NewOptions
	cmd := &cobra.Command{
		Use:   "new [--json] [--mark-read]",
		Short: "List the articles new for you, newest first, with the roadmap items each concerns",
		Long: `List the articles that are new for you (--as NAME, the config file's as:, or
your OS user), newest first, each with the roadmap items it most likely
concerns (see dossier concerns).

An article is new for you when it came into the corpus after you first
used dossier with this review store and you have not opened it or marked
it read since. What was there before your first use is not new; an
article marked unread is new again.
--mark-read marks the listed articles read once they are printed.

--json prints {"user","articles":[{"id","title","date","source",
"concerns":[{"id","score","strong","passage":{"start","end","quote"}}]}]}.`,
		Example: `  dossier new
  dossier --as alice new --json --mark-read | jq '.articles[].title'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.New(cmd.Context(), env(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	cmd.Flags().BoolVar(&o.MarkRead, "mark-read", false, "mark the listed articles read")
	return cmd
}

func newConcernsCmd(env func() cli.ReviewEnv) *cobra.Command {
	var o cli.ConcernsOptions
	var width int
	cmd := &cobra.Command{
		Use:   "concerns ARTICLE-ID [--json] [--limit N]",
		Short: "Rank the roadmap items an article most likely concerns, with the passage that links them",
		Long: `Rank the roadmap items an article most likely concerns: the items' words,
names, documents, areas and accepted evidence found in the article (or its
translation), through the synonyms, each weighted by how rare it is in the
corpus. The score is the share of an item's weighted words the article has
(0 to 1); strong marks an article that has at least half of the item's own
words and is not older than the item. Each item comes with the sentence
that links them, a range that dossier review --evidence takes as it is.

--json prints {"article","items":[{"id","score","strong",
"passage":{"start","end","quote"}}]}; start and end are byte offsets on
word boundaries.`,
		Example: `  dossier concerns 003_272ce948f6555c66
  dossier concerns --json --limit 3 002_c9518c213fe21bc0 | jq '.items[0].passage'`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.UsageError{Err: fmt.Errorf("concerns needs one ARTICLE-ID (dossier search --json gives them)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			e := env()
			e.Width = outputWidth(cmd, width)
			return cli.Concerns(cmd.Context(), e, args[0], o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	cmd.Flags().IntVar(&o.Limit, "limit", 5, "show at most `N` items (0: every item the article touches)")
	cmd.Flags().IntVar(&width, "width", 0, "cut text lines at `N` columns; 0 never (default: the terminal's width, or 0 when not a terminal)")
	return cmd
}

func newCiteCmd(src *cli.Sources) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "cite ARTICLE-ID[:START-END] [--format text|md|json]",
		Short: "Print the citation of an article or of a passage of it, for a briefing",
		Long: `Print a citation: “quote” — Outlet, “Title”, 7 Apr 2025, URL. With
:START-END (byte offsets, as search --json and concerns --json give them,
on word boundaries) the passage is quoted; without, the article is cited
as a whole. Parts the article's metadata lacks are left out; only http
and https URLs are given. --format md links the title to the URL; json
prints {"id","start","end","quote","outlet","title","date","url","text",
"markdown"}.`,
		Example: `  dossier cite 002_c9518c213fe21bc0:559-841
  dossier cite --format md 003_272ce948f6555c66`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.UsageError{Err: fmt.Errorf("cite needs one ARTICLE-ID or ARTICLE-ID:START-END")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Cite(*src, args[0], format, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, md or json")
	return cmd
}

func newSavedCmd(env func() cli.ReviewEnv) *cobra.Command {
	var o cli.SavedOptions
	cmd := &cobra.Command{
		Use:   "saved [--json] [--delete NAME]",
		Short: "List your saved searches, each with how many of its hits are new for you",
		Long: `List your saved searches (dossier search --save NAME QUERY keeps one; the
dashboard's Search pane too), each with how many of its hits are new for
you (see dossier new), so that a cron job can mail them. --delete NAME
drops one.

--json prints {"user","searches":[{"name","query","new","error","saved_at"}]};
error says why a saved query no longer runs.`,
		Example: `  dossier saved
  dossier --as alice saved --json | jq '.searches[] | select(.new > 0)'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Saved(cmd.Context(), env(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	cmd.Flags().StringVar(&o.Delete, "delete", "", "delete your saved search `NAME`")
	return cmd
}

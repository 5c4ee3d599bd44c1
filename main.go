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
	"time"

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
	root.PersistentFlags().StringVar(&dash.RoadmapFile, "roadmap", "", "read the roadmap checklist from `FILE` instead of the embedded one")
	root.PersistentFlags().StringVar(&dash.DataDir, "data", "", "keep reviews in `DIR` (default $XDG_DATA_HOME/dossier)")
	root.PersistentFlags().StringVar(&dash.As, "as", "", "record review changes as `NAME` (default: your OS user name)")
	root.PersistentFlags().StringArrayVar(&src.CorpusDirs, "corpus", nil,
		"read articles (.txt, .md, optional catalogue.yaml) from `DIR` instead of the embedded seeds; repeatable")
	root.PersistentFlags().StringArrayVar(&src.SynonymFiles, "synonyms", nil,
		"add the synonym groups of `FILE` (one comma-separated group per line); repeatable")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cli.UsageError{Err: err} })
	env := func() cli.ReviewEnv {
		return cli.ReviewEnv{Sources: dash.Sources, DataOptions: dash.DataOptions, RoadmapFile: dash.RoadmapFile}
	}
	root.AddCommand(newSearchCmd(src), newTimelineCmd(src, &dash.RoadmapFile), newRoadmapCmd(env), newReviewCmd(env), newHistoryCmd(env), newExportCmd(env), newServeCmd(&dash))
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

func newTimelineCmd(src *cli.Sources, roadmapFile *string) *cobra.Command {
	o := cli.TimelineOptions{}
	cmd := &cobra.Command{
		Use:   "timeline [flags]",
		Short: "Print the partnership's timeline: events, milestones and their sources",
		Long: `Print the timeline of the partnership, oldest first: the dated events the
articles report (English and German: "7 November 2022", "am 4. April",
"June 1-2", "yesterday", "am Dienstag"...) and the milestones of the roadmap
catalogue (--roadmap), merged when their dates and their content agree, each
with a headline and the sources that date it.

In the text, ◆ marks a milestone and • an event an article reports; ≈ marks
a date inferred from the publication date ("yesterday" in an article of
8 Nov 2022). Each source line says how it dates the event. Events that are not
about the partnership come last, under Context; then the undated articles.
--published also lists each article's publication (▫).

--json prints every event, publications and context included:
[{"start","end","precision","kind","label","context","period","milestone",
  "sources":[{"id","quote","start","end","basis","expression","anchor"}]}]
kind is reported, published or milestone; basis is stated, relative or
catalogue; start/end of an event are YYYY-MM-DD (null for an undated article),
of a source the byte range of quote in the article; anchor is the publication
date a relative expression was resolved against, else null.`,
		Example: `  dossier timeline
  dossier timeline --published --corpus ~/articles
  dossier timeline --json | jq '.[] | select(.kind == "milestone")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources = *src
			o.RoadmapFile = *roadmapFile
			return cli.Timeline(cmd.Context(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	cmd.Flags().BoolVar(&o.Published, "published", false, "list the articles' publications among the events")
	return cmd
}

func newRoadmapCmd(env func() cli.ReviewEnv) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "roadmap [flags]",
		Short: "Print the roadmap checklist with each item's status, note, evidence and reviewer",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Roadmap(cmd.Context(), env(), asJSON, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	return cmd
}

func newReviewCmd(env func() cli.ReviewEnv) *cobra.Command {
	var o cli.ReviewOptions
	var note string
	cmd := &cobra.Command{
		Use:   "review ITEM-ID [flags]",
		Short: "Review one roadmap item: set its status, note or evidence",
		Long: `Review one roadmap item. Each change is recorded with who made it and when
(--as NAME, default your OS user); dossier history shows them.

--evidence takes ARTICLE-ID:START-END, byte offsets into the article text as
dossier search --json reports them; it can be given several times.`,
		Example: `  dossier review mou-1.1 --status on-track --note "EBRD support confirmed"
  dossier review rm25-6 --evidence 002_c9518c213fe21bc0:1819-2121`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.UsageError{Err: fmt.Errorf("review needs one ITEM-ID (dossier roadmap lists them)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("note") {
				o.Note = &note
			}
			return cli.Review(cmd.Context(), env(), args[0], o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.Status, "status", "", "unreviewed, on-track, at-risk, blocked or done")
	cmd.Flags().StringVar(&note, "note", "", "replace the item's note with `TEXT` (\"\" clears it)")
	cmd.Flags().StringArrayVar(&o.Evidence, "evidence", nil, "attach `ARTICLE-ID:START-END` as evidence; repeatable")
	return cmd
}

func newHistoryCmd(env func() cli.ReviewEnv) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history [ITEM-ID] [flags]",
		Short: "Print every recorded review change (who, when, old → new), oldest first",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			item := ""
			if len(args) == 1 {
				item = args[0]
			}
			return cli.History(cmd.Context(), env(), item, asJSON, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	return cmd
}

func newExportCmd(env func() cli.ReviewEnv) *cobra.Command {
	var format, file string
	cmd := &cobra.Command{
		Use:   "export --format md|csv|json [-o FILE]",
		Short: "Write a briefing: per group the items with status, note, reviewer, date and quoted evidence",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Export(cmd.Context(), env(), format, file, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md, csv or json")
	cmd.Flags().StringVarP(&file, "output", "o", "", "write to `FILE` instead of standard output")
	return cmd
}

func newServeCmd(dash *cli.DashboardOptions) *cobra.Command {
	var o cli.ServeOptions
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the dashboard over SSH to the staff listed in an authorized-keys file",
		Long: `Serve the dashboard over SSH. Staff connect with ssh -p 23234 HOST, no install
needed; each gets their own session, colours and identity, and all share one
corpus, index and review store.

Only public keys listed in the authorized-keys file may log in (default
DATA/authorized_keys); the comment after each key is the person's name, and
their reviews are recorded under it. The file is read at every login.
The host key is generated once (ed25519) and reused.

A client may set DOSSIER_THEME=dark|light|mono in its environment (SendEnv).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources, o.DataOptions, o.RoadmapFile = dash.Sources, dash.DataOptions, dash.RoadmapFile
			return cli.Serve(cmd.Context(), o, cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.SSH.Listen, "listen", "127.0.0.1:23234", "listen on `ADDR` (host:port)")
	f.StringVar(&o.SSH.HostKey, "host-key", "", "host key `FILE` (default DATA/ssh_host_ed25519, created if missing)")
	f.StringVar(&o.SSH.AuthorizedKeys, "authorized-keys", "", "public keys allowed to log in, `FILE` (default DATA/authorized_keys)")
	f.StringVar(&o.Theme, "theme", "auto", "default colours for sessions: auto (dark), dark, light or mono")
	f.DurationVar(&o.SSH.IdleTimeout, "idle-timeout", 30*time.Minute, "close a session after this long without a key press")
	f.DurationVar(&o.SSH.MaxSession, "max-session", 12*time.Hour, "close a session after this long")
	f.IntVar(&o.SSH.MaxSessions, "max-sessions", 100, "most concurrent connections in total")
	f.IntVar(&o.SSH.MaxPerAddr, "max-per-addr", 10, "most concurrent connections from one address")
	f.DurationVar(&o.SSH.LoginTimeout, "login-timeout", 30*time.Second, "time allowed to finish the SSH login")
	f.Float64Var(&o.SSH.ConnRate, "conn-rate", 10, "new connections accepted per second (bursts of twice that)")
	f.DurationVar(&o.Grace, "grace", 10*time.Second, "on SIGINT/SIGTERM, how long to wait for sessions to close")
	return cmd
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

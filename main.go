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

	"dossier/model/feeds"
	"dossier/ui/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "dossier: %s\n", cli.Message(err))
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
overview of the corpus instead.

Settings come from flags, then the environment (DOSSIER_STORE), then the
config file $XDG_CONFIG_HOME/dossier/config.yaml (--config FILE or
DOSSIER_CONFIG for another), then the defaults; dossier config shows them.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cli.CheckTheme(dash.Theme); err != nil {
				return err // also when the overview is printed instead: a bad flag is a bad flag
			}
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
	root.PersistentFlags().StringVar(&dash.Store, "store", "",
		"keep reviews in PostgreSQL at `URL` (postgres://USER:PASSWORD@HOST:PORT/DB; default $DOSSIER_STORE, else the config file's store, else SQLite in --data)")
	root.PersistentFlags().StringArrayVar(&src.CorpusDirs, "corpus", nil,
		"read articles (.txt, .md, optional catalogue.yaml) from `DIR` instead of the embedded seeds; repeatable")
	root.PersistentFlags().StringArrayVar(&src.SynonymFiles, "synonyms", nil,
		"add the synonym groups of `FILE` (one comma-separated group per line); repeatable")
	root.PersistentFlags().BoolVar(&src.NoCache, "no-cache", false,
		"index the corpus in memory and keep nothing (default: keep the index under $XDG_CACHE_HOME/dossier)")
	root.PersistentFlags().Var(cli.LangValue{Lang: &src.Lang}, "lang",
		"your language (en, de, ru, ...): search shows an article in it when the query's words do not decide; default $DOSSIER_LANG, else the config file's, else the locale's, else English")
	root.PersistentFlags().BoolVar(&src.NoWatch, "no-watch", false,
		"the dashboard and serve read the corpus folders once, at start (default: follow them and show changes within seconds)")
	var configFile string
	root.PersistentFlags().StringVar(&configFile, "config", "",
		"read settings from the YAML `FILE` (default $DOSSIER_CONFIG, else $XDG_CONFIG_HOME/dossier/config.yaml); flags override it")
	root.SetFlagErrorFunc(cli.FlagError)
	root.SuggestionsMinimumDistance = 2 // "serach": did you mean search?
	env := func() cli.ReviewEnv {
		return cli.ReviewEnv{Sources: dash.Sources, DataOptions: dash.DataOptions, RoadmapFile: dash.RoadmapFile}
	}
	// Every command starts by giving the flags not on its command line
	// their values from the environment or the config file.
	var report cli.ConfigReport
	serve := newServeCmd(&dash, &report)
	settle := func(cmd *cobra.Command) (err error) {
		report, err = cli.ApplyConfig(configFile, flagLookup(root, serve, cmd), os.Getenv)
		return err
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if cmd.Name() == "help" { // help works even when the config file is broken
			return nil
		}
		if cmd != root && cmd != serve {
			cli.TuneMemoryForOneShot()
		}
		return settle(cmd)
	}
	root.AddCommand(newSearchCmd(src, &dash.DataOptions), newTimelineCmd(src, &dash.RoadmapFile), newRoadmapCmd(env), newReviewCmd(env), newHistoryCmd(env), newExportCmd(env), serve, newIndexCmd(src), newStoreCmd(), newImportCmd(),
		newNewCmd(env), newConcernsCmd(env), newCiteCmd(src), newSavedCmd(env),
		newFetchCmd(&dash, &report), newSourcesCmd(&dash, &report),
		newConfigCmd(&report, settle, &configFile))
	return root
}

// flagLookup finds the flags the config file gives values to: those of
// every command on the running one, the dashboard's on the root, serve's
// on serve.
func flagLookup(root, serve, running *cobra.Command) cli.FlagLookup {
	return func(g cli.FlagGroup, name string) cli.Flag {
		c := running
		switch g {
		case cli.GroupDashboard:
			c = root
		case cli.GroupServe:
			c = serve
		}
		f := c.Flags().Lookup(name)
		if f == nil {
			return cli.Flag{}
		}
		return cli.Flag{Value: f.Value, Changed: f.Changed}
	}
}

func newConfigCmd(report *cli.ConfigReport, settle func(*cobra.Command) error, configFile *string) *cobra.Command {
	var asJSON, path bool
	cmd := &cobra.Command{
		Use:   "config [--json | --path]",
		Short: "Print every effective setting and where it came from (flag, environment, config file, default)",
		Long: `Print every effective setting and where it came from: a flag, the
environment (DOSSIER_STORE), the config file (with its line) or the
built-in default. Passwords in store URLs are masked.

The config file is YAML, at $XDG_CONFIG_HOME/dossier/config.yaml (or
~/.config/dossier/config.yaml), or where DOSSIER_CONFIG or --config say.
Its keys are the flags' names: corpus, synonyms, no-cache, no-watch, roadmap, data,
store, as, theme, mouse, and under serve: the flags of dossier serve.
Flags override the environment, which overrides the file.

--path prints where the config file is looked for; --json prints
{"file":{"path","from","found"},"settings":[{"key","value","meaning",
"origin","source","name","line"}]}.

Exit status: 0, or 2 for a bad config file (file:line: key: what is wrong).`,
		Example: `  dossier config
  dossier --corpus ~/articles config --json
  $EDITOR "$(dossier config --path)"`,
		Args: noArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if path && asJSON {
				return cli.UsageError{Err: fmt.Errorf("config takes --json or --path, not both")}
			}
			if path { // where to look, even when the file there is broken
				return nil
			}
			return settle(cmd)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if path {
				return cli.WriteConfigPath(cli.FindConfig(*configFile, os.Getenv), cmd.OutOrStdout())
			}
			return cli.WriteConfigReport(*report, asJSON, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	cmd.Flags().BoolVar(&path, "path", false, "print only where the config file is looked for")
	return cmd
}

func newSearchCmd(src *cli.Sources, data *cli.DataOptions) *cobra.Command {
	o := cli.SearchOptions{}
	var width int
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
  is:new                 the articles new for you (--as; see dossier new)
Synonyms (Kazakhstan/Kasachstan/Казахстан, MoU/memorandum, CRM Act, ...) are
applied automatically; add your own with --synonyms FILE.

--save NAME keeps the query as your saved search NAME (in the review
store, per person); --saved NAME runs it; dossier saved lists them.

Exit status: 0 with or without hits, 2 for a bad query or flags, 1 otherwise.`,
		Example: `  dossier search Sefcovic
  dossier search --json --limit 5 'lithium OR graphite' year:2023
  dossier search --corpus ~/articles 'roadmap -lang:de'
  dossier search --save tailings 'tailings OR hydrometallurgy' && dossier search --saved tailings`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && !cmd.Flags().Changed("saved") {
				return cli.UsageError{Err: fmt.Errorf("search needs a QUERY, e.g. dossier search lithium")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources, o.DataOptions = *src, *data
			o.Color = isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""
			o.Width = outputWidth(cmd, width)
			return cli.Search(cmd.Context(), strings.Join(args, " "), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print one JSON object instead of text")
	cmd.Flags().IntVar(&o.Limit, "limit", 10, "show at most `N` hits")
	cmd.Flags().IntVar(&width, "width", 0, "wrap text at `N` columns; 0 never (default: the terminal's width, or 0 when not a terminal)")
	cmd.Flags().StringVar(&o.Saved, "saved", "", "run your saved search `NAME` instead of a QUERY")
	cmd.Flags().StringVar(&o.Save, "save", "", "keep the QUERY as your saved search `NAME`, then run it")
	return cmd
}

func newTimelineCmd(src *cli.Sources, roadmapFile *string) *cobra.Command {
	o := cli.TimelineOptions{}
	var width int
	cmd := &cobra.Command{
		Use:   "timeline [flags]",
		Short: "Print the partnership's timeline: events, milestones and their sources",
		Long: `Print the timeline of the partnership, oldest first: the dated events the
articles report (English, German and Russian: "7 November 2022", "am 4. April",
"7 ноября 2022 года", "June 1-2", "yesterday", "am Dienstag"...) and the
milestones of the roadmap catalogue (--roadmap), merged when their dates and
their content agree, each with a headline and the sources that date it.

In the text, ◆ marks a milestone, • an event an article reports and ◇ a plan:
an event only announced ("will", "plans to", "by 2030", or a date after the
article's publication), or a source published before the event, which
announced it and does not count as a report. ≈ marks a date inferred from the
publication date ("yesterday" in an article of 8 Nov 2022). Planned events
come after the story, then those that are not about the partnership (Context),
then the undated articles. --published also lists each article's
publication (▫).

On a large corpus (over 1,000 events) only the notable events are printed:
milestones, and the events most articles report (at most 3,000); --all
prints every event. --since and --until (YYYY, YYYY-MM or
YYYY-MM-DD) keep the events that meet those dates.

--json streams one array:
[{"start","end","precision","kind","label","context","period","milestone",
  "sources":[{"id","quote","start","end","basis","expression","anchor","announced"}],
  "more_sources"}]
kind is reported, planned, published (with --published or --all) or
milestone; basis is stated, relative or catalogue; announced is true for a
source that announced the event rather than reported it; start/end of an
event are YYYY-MM-DD (null for an undated article), of a source the byte
range of quote in the article; anchor is the publication date a relative
expression was resolved against, else null; more_sources counts the
articles left out of a bounded timeline's event (at most 20 are listed).`,
		Example: `  dossier timeline
  dossier timeline --published --corpus ~/articles
  dossier timeline --since 2025 --until 2025-06
  dossier timeline --json | jq '.[] | select(.kind == "milestone")'
  dossier timeline --json --all | jq '.[] | select(.kind == "planned")'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources = *src
			o.RoadmapFile = *roadmapFile
			o.Width = outputWidth(cmd, width)
			return cli.Timeline(cmd.Context(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	cmd.Flags().BoolVar(&o.Published, "published", false, "list the articles' publications among the events")
	cmd.Flags().IntVar(&width, "width", 0, "wrap text at `N` columns; 0 never (default: the terminal's width, or 0 when not a terminal)")
	cmd.Flags().BoolVar(&o.All, "all", false, "print every event, also those one article tells in passing")
	cmd.Flags().StringVar(&o.Since, "since", "", "only events on or after `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)")
	cmd.Flags().StringVar(&o.Until, "until", "", "only events on or before `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)")
	return cmd
}

func newRoadmapCmd(env func() cli.ReviewEnv) *cobra.Command {
	var asJSON bool
	var width int
	var filter, order string
	cmd := &cobra.Command{
		Use:   "roadmap [flags]",
		Short: "Print the roadmap checklist with each item's status, note, evidence and reviewer",
		Long: `Print the roadmap checklist with each item's status, note, evidence and
reviewer, and how long it has had no news (the latest article accepted as
its evidence or strongly linked to it; --json: last_news, quiet_days). On a
terminal long lines are cut to its width; piped or redirected, nothing is
cut (--width N cuts at N columns, 0 never).

--filter keeps the items that match every term of a filter:
` + cli.RoadmapFilterHelp + `
--order lists them in catalogue order (default), last change first
(changed) or quietest first (quiet).`,
		Example: `  dossier roadmap --filter 'status:at-risk,blocked no:evidence'
  dossier roadmap --filter 'quiet:>365d' --order quiet
  dossier roadmap --json --filter 'reviewer:alice changed:<7d'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e := env()
			e.Width = outputWidth(cmd, width)
			e.Filter, e.Order = filter, order
			return cli.Roadmap(cmd.Context(), e, asJSON, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	cmd.Flags().IntVar(&width, "width", 0, "cut text lines at `N` columns; 0 never (default: the terminal's width, or 0 when not a terminal)")
	cmd.Flags().StringVar(&filter, "filter", "", "show only the items matching `FILTER` (status:at-risk, quiet:>365d, words, ...)")
	cmd.Flags().StringVar(&order, "order", "catalogue", "list the items in `ORDER`: catalogue, changed or quiet")
	return cmd
}

// outputWidth is the width text output is cut to: --width when given,
// else the terminal's width, else 0 (never cut: piped output stays whole).
func outputWidth(cmd *cobra.Command, flag int) int {
	if cmd.Flags().Changed("width") {
		return max(flag, 0)
	}
	if isTerminal(os.Stdout) {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return 0
}

// noArgs refuses arguments as a usage error (exit 2): on a command with
// subcommands the argument is an unknown command.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return cli.UsageError{Err: fmt.Errorf("unknown command %q for %q; did you mean %s? (%s --help lists the commands)", args[0], cmd.CommandPath(), strings.Join(s, " or "), cmd.CommandPath())}
		}
		return cli.UsageError{Err: fmt.Errorf("unknown command %q for %q; %s --help lists the commands", args[0], cmd.CommandPath(), cmd.CommandPath())}
	}
	return cli.UsageError{Err: fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args)}
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
	var width int
	cmd := &cobra.Command{
		Use:   "history [ITEM-ID] [flags]",
		Short: "Print every recorded review change (who, when, old → new), oldest first",
		Long: `Print every recorded review change (who, when, old → new), oldest first,
of one item or of all. On a terminal long lines are cut to its width; piped
or redirected, nothing is cut (--width N cuts at N columns, 0 never).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cli.UsageError{Err: fmt.Errorf("history takes at most one ITEM-ID, got %d (dossier roadmap lists them)", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			item := ""
			if len(args) == 1 {
				item = args[0]
			}
			e := env()
			e.Width = outputWidth(cmd, width)
			return cli.History(cmd.Context(), e, item, asJSON, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	cmd.Flags().IntVar(&width, "width", 0, "cut text lines at `N` columns; 0 never (default: the terminal's width, or 0 when not a terminal)")
	return cmd
}

func newExportCmd(env func() cli.ReviewEnv) *cobra.Command {
	var format, file string
	cmd := &cobra.Command{
		Use:   "export --format md|csv|json [-o FILE]",
		Short: "Write a briefing: per group the items with status, note, reviewer, date and quoted evidence",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Export(cmd.Context(), env(), format, file, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md, csv or json")
	cmd.Flags().StringVarP(&file, "output", "o", "", "write to `FILE` instead of standard output")
	return cmd
}

func newServeCmd(dash *cli.DashboardOptions, report *cli.ConfigReport) *cobra.Command {
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

A client may set DOSSIER_THEME=dark|light|mono in its environment (SendEnv).

Connections that have not logged in are limited apart from sessions, as
OpenSSH's MaxStartups does: per address (--preauth-per-addr, --conn-rate),
by a login deadline (--login-timeout), and in total by random early drop
between --preauth-start and --preauth-full that drops the oldest idle
connection of the busiest address, so a flood does not lock staff out.
Logged-in sessions count only against --max-sessions and --max-per-addr.

--fetch-every 30m fetches the config file's sources inside the server every
30 minutes (see dossier fetch); the new articles reach every session through
the followed corpus folder. Servers sharing one review store take turns:
each source is fetched once per interval, by one of them.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources, o.DataOptions, o.RoadmapFile = dash.Sources, dash.DataOptions, dash.RoadmapFile
			o.Fetch.Feeds = report.Sources
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
	f.IntVar(&o.SSH.MaxSessions, "max-sessions", 100, "most logged-in sessions at once")
	f.IntVar(&o.SSH.MaxPerAddr, "max-per-addr", 10, "most logged-in sessions at once from one address")
	f.DurationVar(&o.SSH.LoginTimeout, "login-timeout", 10*time.Second, "time from connecting to a running session (handshake, key, session request)")
	f.IntVar(&o.SSH.PreauthStart, "preauth-start", 10, "unauthenticated connections at which random early drop starts (like OpenSSH's MaxStartups)")
	f.IntVar(&o.SSH.PreauthFull, "preauth-full", 100, "unauthenticated connections at which every new one drops one: the oldest of the busiest address")
	f.IntVar(&o.SSH.PreauthPerAddr, "preauth-per-addr", 5, "most unauthenticated connections at once from one address")
	f.Float64Var(&o.SSH.ConnRate, "conn-rate", 5, "new connections accepted per second from one address (bursts of twice that)")
	f.DurationVar(&o.Grace, "grace", 10*time.Second, "on SIGINT/SIGTERM, how long to wait for sessions to close")
	f.DurationVar(&o.Fetch.Every, "fetch-every", 0, "fetch the config file's sources this often (e.g. 30m); 0 never")
	f.DurationVar(&o.Fetch.Delay, "fetch-delay", feeds.DefaultDelay, "wait this long between two requests to one host when fetching")
	return cmd
}

func newFetchCmd(dash *cli.DashboardOptions, report *cli.ConfigReport) *cobra.Command {
	var o cli.FetchOptions
	cmd := &cobra.Command{
		Use:   "fetch [--source NAME] [--dry-run] [--json]",
		Short: "Fetch the new articles of the news feeds listed under sources: in the config file",
		Long: `Read each source's feed (RSS, Atom or JSON Feed) and write its new entries
into the first corpus folder, one .md file each with front matter (title,
source, date, url, lang, fetched, published). fetch: page sources read each
entry's page (HTML through the importer of dossier import, PDF links through
its PDF reader); fetch: entry sources take the feed's own text. A source's
match: query (dossier search syntax) keeps only the entries it matches.

Fetching is polite: one request at a time per host with --delay between
them, conditional GETs (ETag, Last-Modified), a User-Agent naming dossier,
30 s per request, at most 5 redirects, http and https only, 16 MiB per feed
and 32 MiB per page (after decompression). An entry already in the corpus
(same URL, or same text) or handled by an earlier fetch is not fetched again;
an interrupted fetch goes on where it stopped. What each fetch did is kept in
the review store (dossier sources shows it).

On a terminal a bar per source shows progress; then one line per source:
  Astana Times: 3 new, 12 unchanged, 1 failed (timeout)
Entries that failed are listed on stderr (they are tried again next time).

--json prints [{"name","url","status","error","at","took_ms","new",
"unchanged","not_matching","failed","entries":[{"url","title","status",
"reason","file"}]}]; status is read, not modified, failed or stopped.

Exit status: 0 when every source's feed was read, 1 when one could not be
(the line says why), 2 for bad flags or no sources.`,
		Example: `  dossier fetch
  dossier fetch --source Kazinform --dry-run
  dossier fetch --json | jq '.[] | {name, new}'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources, o.DataOptions, o.Feeds = dash.Sources, dash.DataOptions, report.Sources
			if isTerminal(os.Stderr) {
				o.Progress = os.Stderr
			}
			return cli.Fetch(cmd.Context(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.Only, "source", "", "fetch only the source named `NAME`")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "read the feeds and pages and say what would be added; write and record nothing")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print one JSON array instead of text")
	cmd.Flags().DurationVar(&o.Delay, "delay", feeds.DefaultDelay, "wait this long between two requests to one host")
	return cmd
}

func newSourcesCmd(dash *cli.DashboardOptions, report *cli.ConfigReport) *cobra.Command {
	var o cli.SourcesOptions
	cmd := &cobra.Command{
		Use:   "sources [--json]",
		Short: "List the news feed sources with their last fetch, status and counts",
		Long: `List the sources of the config file with what the review store knows of
each: when it was last fetched, whether its feed was read (a source that
failed three fetches in a row is "failing since" the first of them, as the
dashboard's header says too), the counts of its last fetch and the articles
it brought in all.

--json prints [{"name","url","fetch","match","status","last_fetch","last_ok",
"error","fail_streak","failing_since","fetches","articles","last":{"at","new",
"unchanged","not_matching","failed","not_modified","error"}}]; status is
never fetched, ok, not modified, failed or failing.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.DataOptions, o.Feeds = dash.DataOptions, report.Sources
			return cli.ListSources(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	return cmd
}

func newImportCmd() *cobra.Command {
	var o cli.ImportOptions
	cmd := &cobra.Command{
		Use:   "import --into DIR [flags] FILE...",
		Short: "Turn saved web pages, PDFs, .txt and .md files into articles of a corpus folder",
		Long: `Import documents into the corpus folder DIR (read it with --corpus DIR):
one .md file per input, with front matter (title, source, author, date, url,
lang) and the article's text.

  HTML   a saved web page: the article without menus, ads or comments;
         metadata from og:/article: meta tags, JSON-LD, <html lang>, the
         canonical link and the byline; the date is the published day
  PDF    the text, lines and hyphenated words mended; title from the
         document's information or its first heading
  .txt   converted (a first line "date YYYY-MM-DD" becomes the date)
  .md    checked and copied as it is

The type is read from the content. The file name is a slug of the title and
a hash of the text: importing the same input again changes nothing, and an
article that is already in DIR (under any name) is reported as a duplicate
and left alone unless --force replaces it. Files are written atomically.

A corrupt, encrypted, empty, oversized (32 MiB) or unsupported input is
refused with the reason and the others go on. Exit status: 0 when every
input is in DIR, 1 when any was refused or failed, 2 for bad flags.

--json prints one array: [{"input","output","status","reason","kind",
"meta":{"title","source","author","date","url","lang"},"words","notes"}];
status is written, unchanged, duplicate, replaced, refused or failed.`,
		Example: `  dossier import --into ~/articles saved/*.html roadmap-2025.pdf
  dossier import --into ~/articles --json page.html | jq '.[].output'
  dossier --corpus ~/articles search roadmap`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.UsageError{Err: fmt.Errorf("import needs at least one FILE, e.g. dossier import --into ~/articles page.html")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Import(cmd.Context(), args, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.Into, "into", "", "write the articles into the corpus folder `DIR` (created if missing)")
	cmd.Flags().BoolVar(&o.Force, "force", false, "replace an article that is already in DIR")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print one JSON array of results instead of text")
	return cmd
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func newIndexCmd(src *cli.Sources) *cobra.Command {
	var o cli.IndexOptions
	cmd := &cobra.Command{
		Use:   "index [--corpus DIR]... [--rebuild] [--verify] [--follow] [--json]",
		Short: "Show where the corpus's kept index lives, its size, articles and state; or rebuild or verify it",
		Long: `Show the kept index of the --corpus folders: where it lives (under
$XDG_CACHE_HOME/dossier), its size, how many articles it holds, when it was
built, and its state (up to date, out of date, damaged, from another version).

dossier keeps an index of every corpus folder set it opens and updates it at
each start: only new and changed files are read. A damaged index is set aside
(the newest damaged copy is kept, never the older ones) and rebuilt on its
own; --rebuild builds it again from scratch now. --verify reads every index
file whole and checks it against its checksum; a damaged file is named, and
the index set aside and rebuilt (exit status 1).

--follow keeps the index current until interrupted, as a running dashboard
or serve does: each change to the folders is indexed as it comes. While a
dossier follows the folders, other commands on them (search, timeline …)
ask it whether anything changed instead of checking every file, which is
most of a warm search's time on a large corpus (on Linux).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Sources = *src
			return cli.Index(cmd.Context(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.Rebuild, "rebuild", false, "index the corpus again from scratch")
	cmd.Flags().BoolVar(&o.Verify, "verify", false, "checksum every index file whole; a damaged index is set aside and rebuilt")
	cmd.Flags().BoolVar(&o.Follow, "follow", false, "keep the index current until interrupted; commands on the folders then skip their scan")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of text")
	return cmd
}

func newStoreCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "store",
		Short: "Manage the review store (copy an SQLite store into PostgreSQL)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.UsageError{Err: fmt.Errorf("store needs a command: dossier store copy --from DIR --to postgres://...")}
		},
	}
	var from, to string
	var replace bool
	cp := &cobra.Command{
		Use:   "copy --from DIR|URL --to URL|DIR [--replace]",
		Short: "Copy a review store with its whole history into another, and verify the counts",
		Long: `Copy a review store (the current reviews, the whole history with its ids,
evidence, drafts, and each person's read state, saved searches and
settings) into another, in one transaction, and verify the counts.
Each side is a data folder (SQLite) or a postgres:// URL. A target that
already holds reviews is refused unless --replace is given (PostgreSQL
targets only).`,
		Example: `  dossier store copy --from ~/.local/share/dossier --to postgres://dossier:secret@db.example:5432/dossier`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.StoreCopy(cmd.Context(), from, to, replace, cmd.OutOrStdout())
		},
	}
	cp.Flags().StringVar(&from, "from", "", "copy from this data folder or postgres:// `URL`")
	cp.Flags().StringVar(&to, "to", "", "copy into this postgres:// `URL` or data folder")
	cp.Flags().BoolVar(&replace, "replace", false, "replace the target's reviews if it already holds some")
	cmd.AddCommand(cp)
	return cmd
}

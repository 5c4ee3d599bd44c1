package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"dossier/index/library"
	"dossier/model/review"
	tl "dossier/model/timeline"
	"dossier/ui"
	"dossier/ui/common"
	uiroadmap "dossier/ui/roadmap"
	"dossier/ui/sshd"
)

// ServeOptions are the flags of `dossier serve`.
type ServeOptions struct {
	Sources
	DataOptions
	RoadmapFile string
	Theme       string
	SSH         sshd.Config
	Grace       time.Duration // how long shutdown waits for sessions
	Fetch       ServeFetch    // --fetch-every: fetch the sources on a schedule
}

// Serve runs the SSH server until ctx ends (SIGINT/SIGTERM), then closes
// every session (unsaved notes kept as drafts) and waits for finished writes.
func Serve(ctx context.Context, o ServeOptions, errOut io.Writer) error {
	theme, err := common.ParseTheme(o.Theme)
	if err != nil {
		return UsageError{err}
	}
	dir := o.DataDir
	if dir == "" {
		dir = DefaultDataDir()
	}
	o.DataDir = dir
	cfg := o.SSH
	if err := cfg.Check(); err != nil {
		return UsageError{err}
	}
	if err := o.Fetch.check(o.Sources); err != nil {
		return err
	}
	cfg.Theme = theme
	if o.Lang != "" {
		cfg.Lang = o.Lang // set for the server; else each session's locale, else English
	}
	if cfg.HostKey == "" {
		cfg.HostKey = filepath.Join(dir, "ssh_host_ed25519")
	}
	if cfg.AuthorizedKeys == "" {
		cfg.AuthorizedKeys = filepath.Join(dir, "authorized_keys")
	}
	if _, err := os.Stat(cfg.AuthorizedKeys); err != nil {
		return UsageError{fmt.Errorf("serve: authorized keys %s: %w\n  list your staff's public keys there, one per line, with the person's name as the comment:\n  ssh-ed25519 AAAAC3Nza... Alice Example", cfg.AuthorizedKeys, unwrapPathErr(err))}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(errOut, nil))
	}
	if err := os.MkdirAll(filepath.Dir(cfg.HostKey), 0o700); err != nil {
		return err
	}
	buildCtx, stopBuild := context.WithCancel(context.Background())
	defer stopBuild()
	sh, closeShared, err := LoadShared(buildCtx, o.Sources, o.RoadmapFile, o.DataOptions, errOut)
	if err != nil {
		return err
	}
	defer closeShared() // after every session: finished writes are committed
	go warmSnapshots(buildCtx, sh, cfg.Logger)
	stopFetching, err := startFetching(ctx, o, sh, cfg.Logger)
	if err != nil {
		return err
	}
	defer stopFetching() // before the store closes: a round in progress records what it did
	srv, err := sshd.New(cfg, sh)
	if err != nil {
		return err
	}
	if _, err := srv.Listen(); err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	grace := o.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	cfg.Logger.Info("shutting down", "sessions", srv.Sessions(), "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-served
	cfg.Logger.Info("stopped")
	return err
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// warmSnapshots does, for each loaded corpus snapshot (the first, then
// each one the followed folders or fetches publish), the work that is
// made once per snapshot for every session, before anyone asks: a wave of
// logins to a server with a large new corpus would otherwise wait for it,
// or share it out among the first screens (at 100,000 articles: the
// timeline 6.6 s when it must be assembled, the new articles' arrivals
// about 1 s, the roadmap items' news about 2 s of CPU). It returns when
// ctx ends.
func warmSnapshots(ctx context.Context, sh ui.Shared, log *slog.Logger) {
	ms := sh.WithMilestones().Milestones
	var warmed *library.Snapshot
	for seq := -1; ctx.Err() == nil; {
		st := sh.Feed.Wait(ctx, seq)
		seq = st.Seq
		if s := st.Snap; s != nil && s != warmed && !s.Partial && st.Progress.Stage == library.StageReady {
			warmed = s
			if err := warmSnapshot(ctx, sh, ms, s); err != nil && ctx.Err() == nil {
				// A session that asks later does the work and shows the error.
				log.Warn("preparing the corpus for sessions", "err", err)
			}
		}
	}
}

// warmSnapshot makes snap's timeline, records its articles' arrivals and
// finds the roadmap items' news, as the first sessions would.
func warmSnapshot(ctx context.Context, sh ui.Shared, ms []tl.Milestone, snap *library.Snapshot) error {
	if _, err := snap.Timeline(ctx, ms); err != nil {
		return err
	}
	if sh.Store == nil {
		return nil
	}
	if us, ok := review.UserStateOf(sh.Store); ok {
		set, err := common.IDSetOf(ctx, snap)
		if err != nil {
			return err
		}
		if err := us.RecordArrivals(ctx, set); err != nil {
			return err
		}
	}
	reviews, err := sh.Store.All(ctx)
	if err != nil {
		return err
	}
	return uiroadmap.WarmNews(ctx, snap, sh.Roadmap, reviews)
}

package daemon

import (
	"cmp"
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// ExpiryInterval is how often requests whose start passed undecided are expired.
const ExpiryInterval = time.Minute

// SessionSweepInterval is how often ended web sessions are deleted.
const SessionSweepInterval = time.Hour

// JobPruneInterval is how often the outbox's finished jobs are pruned.
const JobPruneInterval = time.Hour

// startWorkers starts every background worker as a goroutine counted by wg and
// stopped by ctx.
func startWorkers(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office, log *slog.Logger) {
	wg.Go(func() { expireLoop(ctx, off, log) })
	wg.Go(func() { sweepSessions(ctx, off.Store(), log) })
	keep := time.Duration(cmp.Or(cfg.Outbox.KeepDays, 30)) * 24 * time.Hour // Validate refuses 0
	wg.Go(func() { pruneJobs(ctx, off, keep, log) })
}

// pruneJobs deletes the outbox's jobs done more than keep ago, at start
// and then every JobPruneInterval; failed jobs stay until an administrator
// retries or dismisses them. Several replicas may prune at once: a
// DELETE of what is already gone deletes nothing.
func pruneJobs(ctx context.Context, off *office.Office, keep time.Duration, log *slog.Logger) {
	t := time.NewTicker(JobPruneInterval)
	defer t.Stop()
	for {
		pruneOnce(ctx, off, keep, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweepSessions deletes the staff's ended web sessions at start and then
// every SessionSweepInterval; a session past its expiry is refused anyway,
// this only keeps the table small. Sessions expire by the wall clock, as
// scs sets them.
func sweepSessions(ctx context.Context, st store.SessionStore, log *slog.Logger) {
	t := time.NewTicker(SessionSweepInterval)
	defer t.Stop()
	for {
		n, err := st.DeleteExpiredSessions(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("delete ended sessions", slog.Any("err", err))
		case n > 0:
			log.Debug("deleted ended sessions", slog.Int("count", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// expireLoop expires overdue requests once at start and then every ExpiryInterval.
func expireLoop(ctx context.Context, off *office.Office, log *slog.Logger) {
	t := time.NewTicker(ExpiryInterval)
	defer t.Stop()
	for {
		n, err := off.ExpireOverdue(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("expire overdue requests", slog.Any("err", err))
		case n > 0:
			log.Info("expired overdue requests", slog.Int("count", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pruneOnce is one round of pruneJobs; it returns how many jobs it deleted.
func pruneOnce(ctx context.Context, off *office.Office, keep time.Duration, log *slog.Logger) int {
	n, err := off.PruneJobs(ctx, keep)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Error("prune finished jobs", slog.Any("err", err))
	case n > 0:
		log.Info("pruned finished jobs", slog.Int("count", n))
	}
	return n
}

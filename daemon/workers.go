package daemon

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// ExpiryInterval is how often requests whose start passed undecided are expired.
const ExpiryInterval = time.Minute

// SessionSweepInterval is how often ended web sessions are deleted.
const SessionSweepInterval = time.Hour

// startWorkers starts every background worker as a goroutine counted by wg and
// stopped by ctx.
func startWorkers(ctx context.Context, wg *sync.WaitGroup, off *office.Office, log *slog.Logger) {
	wg.Go(func() { expireLoop(ctx, off, log) })
	wg.Go(func() { sweepSessions(ctx, off.Store(), log) })
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

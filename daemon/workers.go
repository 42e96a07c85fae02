package daemon

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/pelalawan/ccroom/office"
)

// ExpiryInterval is how often requests whose start passed undecided are expired.
const ExpiryInterval = time.Minute

// startWorkers starts every background worker as a goroutine counted by wg and
// stopped by ctx.
func startWorkers(ctx context.Context, wg *sync.WaitGroup, off *office.Office, log *slog.Logger) {
	wg.Go(func() { expireLoop(ctx, off, log) })
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

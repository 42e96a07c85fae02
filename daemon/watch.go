package daemon

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// WatchInterval is how often the daemon reads the holidays again (an
// import by the CLI reaches it so) and re-checks the bookings with an open
// conflict (one whose booking was cancelled or ended is withdrawn).
const WatchInterval = time.Minute

// startWatch starts the watch over standing conflicts: at start the
// bookings are re-checked when the config's rules or rooms changed since
// the last start; then, every WatchInterval, the sweep. The gauge
// ccroom_conflicts_open counts the open conflicts when scraped.
func startWatch(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office,
	st store.Store, reg prometheus.Registerer, log *slog.Logger) error {
	if reg != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ccroom_conflicts_open",
			Help: "Standing conflicts waiting for the Kabid's decision or the secretary's carry-out.",
		}, func() float64 {
			c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := st.CountOpenConflicts(c)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	wg.Go(func() {
		rechecked, w, err := off.WatchConfig(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("watch: re-check after a config change", slog.Any("err", err))
		case rechecked:
			log.Info("watch: rules or rooms changed since the last start; bookings re-checked",
				slog.Int("checked", w.Checked), slog.Int("opened", len(w.Opened)), slog.Int("closed", len(w.Closed)))
		}
		startHolidays(ctx, wg, cfg, off, log)
		sweepLoop(ctx, off, log)
	})
	return nil
}

// sweepLoop runs sweep every WatchInterval until ctx is done.
func sweepLoop(ctx context.Context, off *office.Office, log *slog.Logger) {
	t := time.NewTicker(WatchInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := sweep(ctx, off, log); err != nil && ctx.Err() == nil {
			log.Error("watch: sweep", slog.Any("err", err))
		}
	}
}

// sweep reads the holidays again and re-checks the requests with an open
// conflict.
func sweep(ctx context.Context, off *office.Office, log *slog.Logger) error {
	ids, err := off.Store().OpenConflictRequests(ctx)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return off.RefreshHolidays(ctx) // a watch would read them first
	}
	w, err := off.Watch(ctx, office.Scope{Requests: ids})
	if len(w.Opened)+len(w.Closed) > 0 {
		log.Info("watch: sweep changed standing conflicts", slog.Int("checked", w.Checked),
			slog.Int("opened", len(w.Opened)), slog.Int("closed", len(w.Closed)))
	}
	return err
}

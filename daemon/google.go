package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// startGoogle starts the Google Calendar sync when cfg.Google.Enabled: the
// push worker (outbox jobs of kind "google") and the import poller, as
// goroutines counted by wg and stopped by ctx. It returns the planner that
// enqueues the pushes, for the store's JobPlanner (nil when disabled), and
// the import poller, which the caller runs once the planner is installed
// (an import may open standing conflicts, whose emails the planner
// enqueues). jobs, when not nil, counts the outbox outcomes.
func startGoogle(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office,
	st store.Store, reg prometheus.Registerer, jobs *outbox.Metrics, log *slog.Logger) (store.JobPlanner, *google.Poller, error) {
	if !cfg.Google.Enabled {
		return nil, nil, nil
	}
	m := google.NewMetrics(reg)
	client, err := google.Connect(ctx, cfg, m)
	if err != nil {
		return nil, nil, fmt.Errorf("google calendar: %w", err)
	}
	log = log.With(slog.String("calendar", cfg.Google.CalendarID))
	look := google.Look{ShowTentative: cfg.Google.ShowTentative, Location: off.Location(), Rooms: off.Rooms(), Language: cfg.Mail.Language}
	pusher := &google.Pusher{Store: st, Client: client, Look: look, Log: log, Metrics: m}
	worker := &outbox.Worker{Store: st, Kind: google.Kind, Handle: pusher.Handle, Concurrency: 4, Log: log, Metrics: jobs}
	poller := &google.Poller{Store: st, Client: client, Rooms: off.Rooms(), Location: off.Location(),
		Interval: cfg.Google.PollInterval, Log: log, Metrics: m, Wake: worker.Wake,
		Touched: func(ctx context.Context, windows []store.Window) error {
			w, err := off.Watch(ctx, office.Scope{Windows: windows})
			if len(w.Opened)+len(w.Closed) > 0 {
				log.Info("watch: the import changed standing conflicts", slog.Int("windows", len(windows)),
					slog.Int("checked", w.Checked), slog.Int("opened", len(w.Opened)), slog.Int("closed", len(w.Closed)))
			}
			return err
		}}
	wg.Go(func() { worker.Run(ctx) })
	log.Info("google calendar sync started")
	return pusher.Plan, poller, nil
}

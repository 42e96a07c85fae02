package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/mail"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// startMail starts the mail's outbox worker and its scheduler (readiness,
// usage report, reminders) as goroutines counted by wg and stopped by ctx,
// and returns the planner that enqueues a mail job with each transition.
// The caller combines it with the other planners and installs it with
// st.SetJobPlanner. metrics (outbox.NewMetrics, made once for every worker
// of the daemon, since it registers its collectors) may be nil.
func startMail(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office,
	st store.Store, metrics *outbox.Metrics, log *slog.Logger) (store.JobPlanner, error) {
	m, err := mail.New(mail.Options{
		Office: off, Sender: mail.NewSender(cfg, log), Mail: cfg.Mail, BaseURL: cfg.BaseURL,
		OfficeName: cfg.Office.Name, Documents: cfg.Office, Calendar: ical.Options{Domain: cfg.Feeds.UIDDomain}, Log: log,
		LinkValidity: time.Duration(cfg.Mail.LinkDays) * 24 * time.Hour,
	})
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	// A job may send to several people; the worker's heartbeat keeps its lease meanwhile.
	w := &outbox.Worker{Store: st, Kind: mail.Kind, Handle: m.Handle, Log: log, Metrics: metrics}
	wg.Go(func() { w.Run(ctx) })
	wg.Go(func() { m.RunScheduler(ctx, w.Wake) })
	if !cfg.Mail.SMTP.Enabled() {
		log.Info("mail: no SMTP host; email is written to files", slog.String("dir", filepath.Join(cfg.DataDir, "mail")))
	}
	return func(r booking.Request, t booking.Transition) []store.Job {
		jobs := mail.Plan(r, t)
		if len(jobs) > 0 {
			w.Wake() // the worker claims after the commit (writes queue behind it)
		}
		return jobs
	}, nil
}

package daemon

import (
	"context"
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/mail"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// combinePlanners asks every planner in turn; the store enqueues all the jobs
// they plan in the transaction of the transition.
func combinePlanners(planners ...store.JobPlanner) store.JobPlanner {
	var live []store.JobPlanner
	for _, p := range planners {
		if p != nil {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return func(r booking.Request, t booking.Transition) []store.Job {
		var jobs []store.Job
		for _, p := range live {
			jobs = append(jobs, p(r, t)...)
		}
		return jobs
	}
}

// outboundPlanner plans the jobs of a transition as the daemon does, without
// its workers: the emails, and the pushes to Google when the sync is on.
func outboundPlanner(cfg *config.Config) store.JobPlanner {
	var push store.JobPlanner
	if cfg.Google.Enabled {
		push = (&google.Pusher{Look: google.Look{ShowTentative: cfg.Google.ShowTentative}}).Plan
	}
	return combinePlanners(mail.Plan, push)
}

// startIntegrations starts the outbound sides (mail, Google) and installs the
// planner that enqueues their jobs with every transition; then the Google
// import and the watch over standing conflicts, whose transitions need the
// planner. One set of outbox metrics serves every worker.
func startIntegrations(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office,
	st store.Store, reg prometheus.Registerer, log *slog.Logger) error {
	jobs := outbox.NewMetrics(reg)
	mailPlan, err := startMail(ctx, wg, cfg, off, st, jobs, log)
	if err != nil {
		return err
	}
	googlePlan, poller, err := startGoogle(ctx, wg, cfg, off, st, reg, jobs, log)
	if err != nil {
		return err
	}
	st.SetJobPlanner(combinePlanners(mailPlan, googlePlan))
	if poller != nil {
		wg.Go(func() { poller.Run(ctx) })
	}
	return startWatch(ctx, wg, cfg, off, st, reg, log)
}

// Package outbox runs the jobs that the store enqueues in the same transaction
// as the change that causes them (an email to send, a Google event to push).
// A Worker claims due jobs of one kind with a lease, runs its Handler, and
// records the outcome: done, retried later with exponential backoff and
// jitter, or failed for good. A worker that dies mid-job loses only its
// lease: the job is claimed again when the lease runs out, so handlers must
// be idempotent (the mail's sent log, Google's client-chosen event ids).
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// Handler runs one job. A nil error finishes it; an error made by Permanent
// fails it for good (logged, counted, shown on the request's history); an
// error made by RetryAfter retries it after that delay (a server's
// Retry-After); any other error retries it with exponential backoff.
type Handler func(ctx context.Context, job store.Job) error

type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent marks err as one that retrying cannot cure (a 5xx from SMTP, a
// 400 from Google).
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was marked by Permanent.
func IsPermanent(err error) bool { return errors.As(err, new(permanent)) }

type retryAfter struct {
	error
	after time.Duration
}

func (r retryAfter) Unwrap() error { return r.error }

// RetryAfter asks for the job to run again after d.
func RetryAfter(err error, d time.Duration) error { return retryAfter{err, d} }

// Worker runs the jobs of one kind.
type Worker struct {
	Store  store.JobStore
	Kind   string
	Handle Handler
	// Concurrency is how many jobs run at once (default 1).
	Concurrency int
	// Lease is how long a claimed job is the worker's without news from it
	// (default 30 s). While the handler runs the worker renews the lease
	// every third of it, so a long handler keeps its job, and the jobs of a
	// worker that died (SIGKILL) are due again within one lease.
	Lease time.Duration
	// Poll is how often the queue is read when nothing wakes the worker (default 1 s).
	Poll time.Duration
	// MaxAttempts fails a job for good after so many (default 25: about a
	// day of backoff).
	MaxAttempts int
	// Backoff is the delay before attempt n+1 after n failed; default
	// exponential from 2 s, capped at 1 h, with full jitter.
	Backoff func(attempt int) time.Duration
	// ClaimRetry is the wait after a claim fails (the database is down, the
	// disk full), doubled after each failure that follows, up to
	// ClaimRetryMax; a claim that succeeds starts over. Neither polls nor
	// wakes claim sooner. Defaults 100 ms and 30 s.
	ClaimRetry, ClaimRetryMax time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	Log *slog.Logger
	// Metrics, when set, counts outcomes.
	Metrics *Metrics

	once sync.Once
	wake chan struct{}
}

func (w *Worker) init() {
	w.once.Do(func() {
		w.wake = make(chan struct{}, 1)
		if w.Concurrency < 1 {
			w.Concurrency = 1
		}
		if w.Lease <= 0 {
			w.Lease = 30 * time.Second
		}
		if w.Poll <= 0 {
			w.Poll = time.Second
		}
		if w.MaxAttempts <= 0 {
			w.MaxAttempts = 25
		}
		if w.Backoff == nil {
			w.Backoff = DefaultBackoff
		}
		if w.ClaimRetry <= 0 {
			w.ClaimRetry = 100 * time.Millisecond
		}
		if w.ClaimRetryMax <= 0 {
			w.ClaimRetryMax = 30 * time.Second
		}
		if w.Now == nil {
			w.Now = time.Now
		}
		if w.Log == nil {
			w.Log = slog.Default()
		}
	})
}

// DefaultBackoff is exponential from 2 s, doubled per attempt, capped at one
// hour, with full jitter (a uniform delay up to that bound, at least 1 s).
func DefaultBackoff(attempt int) time.Duration {
	d := 2 * time.Second << min(attempt-1, 11)
	d = min(d, time.Hour)
	return time.Second + rand.N(d)
}

// Wake makes the worker read the queue now (after a commit that enqueued).
func (w *Worker) Wake() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx is done: it runs the due jobs, then waits for the next
// poll or wake; after a failed claim it waits claimDelay instead.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	failures := 0
	for {
		failures = w.drain(ctx, failures)
		if failures > 0 {
			if !sleep(ctx, w.claimDelay(failures)) {
				return
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// drain runs due jobs until none is left or a claim fails. failures counts
// the claims that failed in a row before; drain returns the new count, and
// logs each failure once with the wait before the next claim, and the first
// success after failures.
func (w *Worker) drain(ctx context.Context, failures int) int {
	for {
		n, err := w.RunOnce(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return 0
			}
			failures++
			w.Log.Error("outbox: claim jobs", slog.String("kind", w.Kind), slog.Any("err", err),
				slog.Int("failures", failures), slog.Duration("retry_in", w.claimDelay(failures)))
			return failures
		}
		if failures > 0 {
			w.Log.Info("outbox: claiming jobs again", slog.String("kind", w.Kind), slog.Int("failures", failures))
			failures = 0
		}
		if n == 0 {
			return 0
		}
	}
}

// claimDelay is the wait after the failures-th failed claim in a row:
// ClaimRetry doubled per failure before it, at most ClaimRetryMax.
func (w *Worker) claimDelay(failures int) time.Duration {
	d := w.ClaimRetry
	for i := 1; i < failures && d < w.ClaimRetryMax; i++ {
		d *= 2
	}
	return min(d, w.ClaimRetryMax)
}

// sleep waits d, or less when ctx ends first; it reports whether ctx is
// still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// RunOnce claims the due jobs (up to Concurrency) and runs them; it returns
// how many it ran.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.init()
	jobs, err := w.Store.ClaimJobs(ctx, w.Kind, w.Now(), w.Concurrency, w.Lease)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { w.run(ctx, j) })
	}
	wg.Wait()
	return len(jobs), nil
}

// run runs one job and records its outcome. The outcome is written with a
// context of its own, so a shutdown mid-job still records what happened.
func (w *Worker) run(ctx context.Context, j store.Job) {
	err := w.call(ctx, j)
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := w.Now()
	log := w.Log.With(slog.String("kind", w.Kind), slog.Int64("job", j.ID),
		slog.Int64("request", j.RequestID), slog.Int("attempt", j.Attempts))
	switch {
	case err == nil:
		err = w.Store.FinishJob(rec, j.ID, now)
		w.Metrics.count(w.Kind, "done")
	case ctx.Err() != nil:
		// Shutting down: leave the job to its lease; it runs again after restart.
		return
	case IsPermanent(err) || j.Attempts >= w.MaxAttempts:
		log.Error("outbox: job failed for good", slog.Any("err", err))
		w.Metrics.count(w.Kind, "failed")
		err = w.Store.FailJob(rec, j.ID, now, err.Error())
	default:
		delay := w.Backoff(j.Attempts)
		if ra := (retryAfter{}); errors.As(err, &ra) && ra.after > 0 {
			delay = ra.after
		}
		log.Warn("outbox: job will be retried", slog.Duration("in", delay), slog.Any("err", err))
		w.Metrics.count(w.Kind, "retry")
		err = w.Store.RetryJob(rec, j.ID, now.Add(delay), err.Error())
	}
	if err != nil {
		log.Error("outbox: record job outcome", slog.Any("err", err))
	}
}

// call runs the handler, renewing the job's lease while it runs, and turns a
// panic into an error so one bad job cannot stop the worker.
func (w *Worker) call(ctx context.Context, j store.Job) (err error) {
	beat, stop := context.WithCancel(ctx)
	defer stop()
	go w.heartbeat(beat, j.ID)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return w.Handle(ctx, j)
}

// heartbeat extends job id's lease every third of Lease until ctx ends.
func (w *Worker) heartbeat(ctx context.Context, id int64) {
	t := time.NewTicker(w.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := w.Store.ExtendLease(ctx, id, w.Now().Add(w.Lease)); err != nil && ctx.Err() == nil {
				w.Log.Warn("outbox: extend lease", slog.String("kind", w.Kind), slog.Int64("job", id), slog.Any("err", err))
			}
		}
	}
}

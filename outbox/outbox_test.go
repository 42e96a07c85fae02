package outbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// clock is a test clock the worker reads.
type clock struct{ t atomic.Pointer[time.Time] }

func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }
func (c *clock) now() time.Time   { return *c.t.Load() }
func (c *clock) set(t time.Time)  { c.t.Store(&t) }
func (c *clock) add(d time.Duration) {
	c.set(c.now().Add(d))
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), "sqlite", filepath.Join(t.TempDir(), "ccroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func enqueue(t *testing.T, st store.Store, c *clock, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := st.Enqueue(t.Context(), store.Job{Kind: "mail", DedupeKey: k, RunAt: c.now(), CreatedAt: c.now()}); err != nil {
			t.Fatal(err)
		}
	}
}

func newWorker(st store.Store, c *clock, h Handler) *Worker {
	return &Worker{Store: st, Kind: "mail", Handle: h, Concurrency: 4, Now: c.now,
		Backoff: func(int) time.Duration { return time.Minute },
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// TestRetriesUntilDone: a handler that fails twice then succeeds runs three
// times, each after the backoff, and the job ends done.
func TestRetriesUntilDone(t *testing.T) {
	st, c := openStore(t), newClock(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	enqueue(t, st, c, "a")
	var calls atomic.Int32
	w := newWorker(st, c, func(context.Context, store.Job) error {
		if calls.Add(1) <= 2 {
			return errors.New("451 try again later")
		}
		return nil
	})
	for range 3 {
		if n, err := w.RunOnce(t.Context()); n != 1 || err != nil {
			t.Fatalf("run: %d %v", n, err)
		}
		if n, _ := w.RunOnce(t.Context()); n != 0 {
			t.Fatal("a job ran again before its backoff")
		}
		c.add(time.Minute)
	}
	stats, _ := st.JobStats(t.Context(), "mail")
	if calls.Load() != 3 || stats.Pending != 0 || stats.Failed != 0 || stats.LastDone.IsZero() {
		t.Fatalf("calls %d, stats %+v", calls.Load(), stats)
	}
}

func TestPermanentAndPanicAndRetryAfter(t *testing.T) {
	st, c := openStore(t), newClock(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	enqueue(t, st, c, "permanent", "panic", "later")
	w := newWorker(st, c, func(_ context.Context, j store.Job) error {
		switch j.DedupeKey {
		case "permanent":
			return Permanent(errors.New("550 no such user"))
		case "panic":
			panic("template bug")
		}
		return RetryAfter(errors.New("429"), 10*time.Minute)
	})
	if n, _ := w.RunOnce(t.Context()); n != 3 {
		t.Fatalf("ran %d", n)
	}
	c.add(5 * time.Minute) // the panic retries after the 1-minute backoff; "later" waits 10
	jobs, _ := st.ClaimJobs(t.Context(), "mail", c.now(), 10, time.Minute)
	if len(jobs) != 1 || jobs[0].DedupeKey != "panic" || jobs[0].LastError != "panic: template bug" {
		t.Fatalf("due after 5 minutes: %+v", jobs)
	}
	stats, _ := st.JobStats(t.Context(), "mail")
	if stats.Failed != 1 {
		t.Fatalf("stats %+v", stats)
	}
}

// TestMaxAttempts fails a job for good after MaxAttempts.
func TestMaxAttempts(t *testing.T) {
	st, c := openStore(t), newClock(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	enqueue(t, st, c, "x")
	w := newWorker(st, c, func(context.Context, store.Job) error { return fmt.Errorf("down") })
	w.MaxAttempts = 3
	for range 5 {
		w.RunOnce(t.Context())
		c.add(time.Minute)
	}
	stats, _ := st.JobStats(t.Context(), "mail")
	if stats.Failed != 1 || stats.Pending != 0 {
		t.Fatalf("stats %+v", stats)
	}
}

// TestShutdownMidJobLeavesItToTheLease: a job interrupted by shutdown is not
// recorded as failed; it runs again once its lease ran out.
func TestShutdownMidJobLeavesItToTheLease(t *testing.T) {
	st, c := openStore(t), newClock(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	enqueue(t, st, c, "slow")
	ctx, cancel := context.WithCancel(t.Context())
	w := newWorker(st, c, func(ctx context.Context, _ store.Job) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	})
	w.RunOnce(ctx)
	var ran atomic.Bool
	w2 := newWorker(st, c, func(context.Context, store.Job) error { ran.Store(true); return nil })
	if n, _ := w2.RunOnce(t.Context()); n != 0 {
		t.Fatal("claimed while the lease holds")
	}
	c.add(w.Lease + time.Second)
	if n, _ := w2.RunOnce(t.Context()); n != 1 || !ran.Load() {
		t.Fatal("not run again after the lease")
	}
}

func TestDefaultBackoffGrowsAndIsCapped(t *testing.T) {
	for attempt, limit := range map[int]time.Duration{1: 3 * time.Second, 3: 9 * time.Second, 30: time.Hour + time.Second} {
		for range 100 {
			if d := DefaultBackoff(attempt); d < time.Second || d > limit {
				t.Fatalf("attempt %d: %v outside [1s, %v]", attempt, d, limit)
			}
		}
	}
}

// TestHeartbeatKeepsTheLease: a handler that runs longer than the lease
// keeps its job; nobody else claims it meanwhile.
func TestHeartbeatKeepsTheLease(t *testing.T) {
	st := openStore(t)
	start := time.Now()
	enqueue(t, st, newClock(start), "long")
	release := make(chan struct{})
	w := &Worker{Store: st, Kind: "mail", Lease: 900 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Handle: func(ctx context.Context, _ store.Job) error {
			<-release
			return nil
		}}
	done := make(chan struct{})
	go func() { w.RunOnce(t.Context()); close(done) }()
	time.Sleep(2500 * time.Millisecond) // almost three leases long
	if jobs, _ := st.ClaimJobs(t.Context(), "mail", time.Now(), 10, time.Minute); len(jobs) != 0 {
		t.Fatal("a running job was claimed again: its lease was not renewed")
	}
	close(release)
	<-done
	if stats, _ := st.JobStats(t.Context(), "mail"); stats.Pending != 0 {
		t.Fatalf("stats %+v", stats)
	}
}

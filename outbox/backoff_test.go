package outbox

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// fullDisk is a job store whose claims fail while failing is set, as
// SQLite's do when the disk is full; while it is clear, no job is due. It
// implements only ClaimJobs: the worker needs nothing else here.
type fullDisk struct {
	store.JobStore
	claims  atomic.Int32
	failing atomic.Bool
}

func (s *fullDisk) ClaimJobs(context.Context, string, time.Time, int, time.Duration) ([]store.Job, error) {
	s.claims.Add(1)
	if s.failing.Load() {
		return nil, errors.New("database or disk is full (13)")
	}
	return nil, nil
}

// logLines is a log the test reads while the worker writes it.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// matching returns the lines that contain s.
func (l *logLines) matching(s string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for line := range strings.Lines(l.buf.String()) {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}

// runFor runs w for d, waking it all along as busy commits would, and
// waits for it to stop.
func runFor(w *Worker, d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	for ctx.Err() == nil {
		w.Wake()
		time.Sleep(time.Millisecond)
	}
	<-done
}

// TestClaimFailureBacksOff: while claims fail, the worker claims again after
// 100 ms, then 200, 400, 800... whatever its poll interval and however often
// it is woken, and logs each failed claim once, with the wait before the
// next (but for a claim cut short by the shutdown). In 1.6 s that is 5 claims (at 0, 0.1, 0.3, 0.7 and 1.5 s), not one
// per poll or wake.
func TestClaimFailureBacksOff(t *testing.T) {
	st := &fullDisk{}
	st.failing.Store(true)
	var logs logLines
	w := &Worker{Store: st, Kind: "mail", Poll: time.Millisecond, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	runFor(w, 1600*time.Millisecond)
	claims, lines := int(st.claims.Load()), logs.matching("outbox: claim jobs")
	if claims < 3 || claims > 6 {
		t.Errorf("%d claims in 1.6 s, want about 5", claims)
	}
	if len(lines) != claims && len(lines) != claims-1 { // the last claim may meet the shutdown
		t.Errorf("%d log lines for %d failed claims:\n%s", len(lines), claims, strings.Join(lines, ""))
	}
	for i, want := range []string{"retry_in=100ms", "retry_in=200ms", "retry_in=400ms"} {
		if i < len(lines) && !strings.Contains(lines[i], want) {
			t.Errorf("line %d: %q, want %s", i, lines[i], want)
		}
	}
}

// TestClaimBackoffResetsOnSuccess: after a claim succeeds, the next failure
// waits the first step again, and the recovery is logged once.
func TestClaimBackoffResetsOnSuccess(t *testing.T) {
	st := &fullDisk{}
	st.failing.Store(true)
	var logs logLines
	w := &Worker{Store: st, Kind: "mail", Poll: time.Millisecond, ClaimRetry: 5 * time.Millisecond,
		ClaimRetryMax: 20 * time.Millisecond, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	waitFor(t, func() bool { return len(logs.matching("retry_in=20ms")) >= 2 }) // at the cap
	st.failing.Store(false)
	waitFor(t, func() bool { return len(logs.matching("outbox: claiming jobs again")) == 1 })
	before := len(logs.matching("retry_in=5ms"))
	st.failing.Store(true)
	waitFor(t, func() bool { return len(logs.matching("retry_in=5ms")) == before+1 })
	cancel()
	<-done
	if n := len(logs.matching("outbox: claiming jobs again")); n != 1 {
		t.Errorf("recovery logged %d times", n)
	}
}

// TestClaimDelay: 100 ms doubling per failed claim, capped at 30 s.
func TestClaimDelay(t *testing.T) {
	w := &Worker{}
	w.init()
	for failures, want := range map[int]time.Duration{
		1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 5: 1600 * time.Millisecond,
		9: 25600 * time.Millisecond, 10: 30 * time.Second, 64: 30 * time.Second, 1000: 30 * time.Second,
	} {
		if got := w.claimDelay(failures); got != want {
			t.Errorf("claimDelay(%d) = %v, want %v", failures, got, want)
		}
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
	}
}

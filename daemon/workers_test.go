package daemon

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// TestPruneJobs: a round of the prune deletes the jobs done more than
// outbox.keep_days ago, and keeps the recent ones, the failed and the
// pending.
func TestPruneJobs(t *testing.T) {
	cfg := testConfig(t)
	off, st, err := Open(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, now := t.Context(), off.Now()
	keep := time.Duration(cfg.Outbox.KeepDays) * 24 * time.Hour
	if keep != 30*24*time.Hour {
		t.Fatalf("outbox.keep_days defaults to %d, want 30", cfg.Outbox.KeepDays)
	}
	old := now.Add(-keep - time.Hour)
	jobs := map[string]time.Time{"done-old": old, "done-new": now.Add(-time.Hour), "failed-old": old, "pending": old}
	for key, at := range jobs {
		if err := st.Enqueue(ctx, store.Job{Kind: "mail", DedupeKey: key, RunAt: at, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	for range len(jobs) {
		claimed, err := st.ClaimJobs(ctx, "mail", now, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range claimed {
			ids[j.DedupeKey] = j.ID
		}
	}
	for _, err := range []error{st.FinishJob(ctx, ids["done-old"], jobs["done-old"]),
		st.FinishJob(ctx, ids["done-new"], jobs["done-new"]),
		st.FailJob(ctx, ids["failed-old"], old, "550 no such user")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := pruneOnce(ctx, off, keep, slog.New(slog.NewTextHandler(io.Discard, nil))); n != 1 {
		t.Fatalf("pruned %d jobs, want 1", n)
	}
	out, err := st.Outbox(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.Done != 1 || out.Failed != 1 || out.Pending != 1 {
		t.Errorf("after the prune: %+v, want 1 done (the recent one), 1 failed, 1 pending", out)
	}
}

package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// mailPlanner plans one job per transition, as the mail does.
func mailPlanner(r booking.Request, t booking.Transition) []Job {
	return []Job{{Kind: "mail", DedupeKey: fmt.Sprintf("mail:t:%d", t.ID), Payload: []byte(`{"to":"x"}`)}}
}

func TestJobsEnqueuedWithTheTransition(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		s.SetJobPlanner(mailPlanner)
		r := submitTest(t, s, testRequest("jobs1", "command-center", at(10, 9, 0), time.Hour), booking.StatusSubmitted)
		_, err := s.Act(t.Context(), r.ID, func(_ context.Context, r *booking.Request, _ time.Time, _ Calendar) (booking.Transition, error) {
			r.Status = booking.StatusForwarded
			return booking.Transition{Action: booking.ActionForward, From: booking.StatusSubmitted,
				To: booking.StatusForwarded, Actor: "Sek", Role: booking.RoleSecretary, At: at(3, 9, 0)}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A refused act rolls its job back with it.
		refused := errors.New("refused")
		_, err = s.Act(t.Context(), r.ID, func(context.Context, *booking.Request, time.Time, Calendar) (booking.Transition, error) {
			return booking.Transition{}, refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("act: %v", err)
		}
		jobs, err := s.RequestJobs(t.Context(), r.ID)
		if err != nil || len(jobs) != 2 {
			t.Fatalf("jobs: %v, %+v", err, jobs)
		}
		hist, _ := s.History(t.Context(), r.ID)
		for i, j := range jobs {
			if j.TransitionID != hist[i].ID || j.State != JobPending || string(j.Payload) != `{"to":"x"}` {
				t.Fatalf("job %d: %+v (transition %d)", i, j, hist[i].ID)
			}
		}
	})
}

func TestClaimLeaseRetryFinish(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		now := at(1, 8, 0)
		job := Job{Kind: "mail", DedupeKey: "k1", RunAt: now, CreatedAt: now}
		if err := s.Enqueue(t.Context(), job, job); err != nil { // the same key twice: one job
			t.Fatal(err)
		}
		got, err := s.ClaimJobs(t.Context(), "mail", now, 10, time.Minute)
		if err != nil || len(got) != 1 || got[0].Attempts != 1 {
			t.Fatalf("claim: %v %+v", err, got)
		}
		if again, _ := s.ClaimJobs(t.Context(), "mail", now.Add(30*time.Second), 10, time.Minute); len(again) != 0 {
			t.Fatalf("a leased job was claimed twice: %+v", again)
		}
		// The worker died: after the lease the job is due again.
		again, _ := s.ClaimJobs(t.Context(), "mail", now.Add(2*time.Minute), 10, time.Minute)
		if len(again) != 1 || again[0].Attempts != 2 {
			t.Fatalf("after the lease: %+v", again)
		}
		if err := s.RetryJob(t.Context(), got[0].ID, now.Add(time.Hour), "451 try later"); err != nil {
			t.Fatal(err)
		}
		if early, _ := s.ClaimJobs(t.Context(), "mail", now.Add(59*time.Minute), 10, time.Minute); len(early) != 0 {
			t.Fatalf("claimed before its retry time: %+v", early)
		}
		st, _ := s.JobStats(t.Context(), "mail")
		if st.Pending != 1 || !st.OldestPending.Equal(now) {
			t.Fatalf("stats: %+v", st)
		}
		due, _ := s.ClaimJobs(t.Context(), "mail", now.Add(time.Hour), 10, time.Minute)
		if len(due) != 1 || due[0].LastError != "451 try later" {
			t.Fatalf("retry: %+v", due)
		}
		if err := s.FinishJob(t.Context(), due[0].ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		st, _ = s.JobStats(t.Context(), "mail")
		if st.Pending != 0 || !st.LastDone.Equal(now.Add(time.Hour)) {
			t.Fatalf("stats after finish: %+v", st)
		}
		if left, _ := s.ClaimJobs(t.Context(), "mail", now.Add(48*time.Hour), 10, time.Minute); len(left) != 0 {
			t.Fatalf("a finished job was claimed: %+v", left)
		}
	})
}

func TestFailJob(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		now := at(1, 8, 0)
		if err := s.Enqueue(t.Context(), Job{Kind: "google", DedupeKey: "g1", RunAt: now, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.ClaimJobs(t.Context(), "google", now, 1, time.Minute)
		if err := s.FailJob(t.Context(), got[0].ID, now, "400 bad request"); err != nil {
			t.Fatal(err)
		}
		st, _ := s.JobStats(t.Context(), "google")
		if st.Failed != 1 || st.Pending != 0 {
			t.Fatalf("stats: %+v", st)
		}
		if err := s.FinishJob(t.Context(), 999999, now); !errors.Is(err, ErrNotFound) {
			t.Fatalf("finish an unknown job: %v", err)
		}
	})
}

// TestClaimOnePerRequest: two jobs of one request never run at once.
func TestClaimOnePerRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		r := submitTest(t, s, testRequest("one", "command-center", at(10, 9, 0), time.Hour), booking.StatusApproved)
		now := at(1, 8, 0)
		for _, k := range []string{"google:1:1", "google:1:2"} {
			if err := s.Enqueue(t.Context(), Job{Kind: "google", DedupeKey: k, RequestID: r.ID, RunAt: now, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		first, _ := s.ClaimJobs(t.Context(), "google", now, 10, time.Minute)
		if len(first) != 1 || first[0].DedupeKey != "google:1:1" {
			t.Fatalf("first claim: %+v", first)
		}
		if again, _ := s.ClaimJobs(t.Context(), "google", now, 10, time.Minute); len(again) != 0 {
			t.Fatalf("claimed while the request's other job is leased: %+v", again)
		}
		if err := s.FinishJob(t.Context(), first[0].ID, now); err != nil {
			t.Fatal(err)
		}
		if next, _ := s.ClaimJobs(t.Context(), "google", now, 10, time.Minute); len(next) != 1 || next[0].DedupeKey != "google:1:2" {
			t.Fatalf("after the first finished: %+v", next)
		}
	})
}

// TestClaimOnePerRequestAcrossReplicas: claimers on two stores over the same
// database (two replicas), all at once, never lease two jobs of one request
// together.
func TestClaimOnePerRequestAcrossReplicas(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			dsn := e.fresh(t)
			replicas := []Store{openTest(t, e, dsn), openTest(t, e, dsn)}
			now := at(1, 8, 0)
			for round := range 40 {
				r := submitTest(t, replicas[0], testRequest(fmt.Sprintf("r%d", round), "command-center",
					at(10, 9, 0).Add(time.Duration(round)*2*time.Hour), time.Hour), booking.StatusApproved)
				for _, k := range []string{"a", "b"} {
					job := Job{Kind: "google", DedupeKey: fmt.Sprintf("google:%d:%s", r.ID, k), RequestID: r.ID, RunAt: now, CreatedAt: now}
					if err := replicas[0].Enqueue(t.Context(), job); err != nil {
						t.Fatal(err)
					}
				}
				var mu sync.Mutex
				var claimed []Job
				var wg sync.WaitGroup
				for i := range 4 {
					wg.Go(func() {
						jobs, err := replicas[i%2].ClaimJobs(t.Context(), "google", now, 10, time.Hour)
						if err != nil {
							t.Error(err)
						}
						mu.Lock()
						claimed = append(claimed, jobs...)
						mu.Unlock()
					})
				}
				wg.Wait()
				if len(claimed) != 1 {
					t.Fatalf("round %d: %d jobs of one request leased at once: %+v", round, len(claimed), claimed)
				}
				if err := replicas[1].FinishJob(t.Context(), claimed[0].ID, now); err != nil {
					t.Fatal(err)
				}
				next, err := replicas[1].ClaimJobs(t.Context(), "google", now, 10, time.Hour)
				if err != nil || len(next) != 1 {
					t.Fatalf("round %d: after the first finished: %v %+v", round, err, next)
				}
				if err := replicas[0].FinishJob(t.Context(), next[0].ID, now); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

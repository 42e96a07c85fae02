package google_test

import (
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
	"github.com/pelalawan/ccroom/store"
)

// minimumCalls is the fewest calls the two phases of run can take: one
// insert per request, then one delete per cancelled booking and one update
// per forwarded request.
const minimumCalls = 200 + 18 + 10

// run files 200 requests, approves 180 and pushes (crash, when set, stands
// between the transitions and the push); then cancels 18 bookings, forwards
// 10 requests still in the chain, and pushes again.
func (h *harness) run(crash func()) {
	h.t.Helper()
	var ids []int64
	for i := range 200 {
		r := h.submit(i)
		if i < 180 {
			h.approve(r.ID)
		}
		ids = append(ids, r.ID)
	}
	if crash != nil {
		crash()
	}
	h.drain()
	h.checkMirror()
	for i, id := range ids {
		switch {
		case i < 180 && i%10 == 0:
			h.act(id, booking.RoleSecretary, booking.ActionCancel, "")
		case i >= 190:
			h.act(id, booking.RoleSecretary, booking.ActionForward, "")
		}
	}
	h.drain()
	h.checkMirror()
	if st, _ := h.st.JobStats(h.t.Context(), google.Kind); st.Pending != 0 || st.Failed != 0 {
		h.t.Errorf("jobs left: %+v", st)
	}
}

func TestPushTwoHundred(t *testing.T) {
	h := newHarness(t)
	h.run(nil)
	got := h.fake.AllCalls()
	t.Logf("200 bookings: %s API calls, minimum %d", calls(got), minimumCalls)
	if total(got) != minimumCalls {
		t.Errorf("%d calls, want the minimum %d", total(got), minimumCalls)
	}
}

// TestPushThroughFailures: each method's first three calls answer 429, 403
// rateLimitExceeded and 500; the end state is the same.
func TestPushThroughFailures(t *testing.T) {
	h := newHarness(t)
	for _, m := range []string{googletest.EventsInsert, googletest.EventsUpdate, googletest.EventsDelete, googletest.EventsGet} {
		h.fake.Fail(m, googletest.TooMany, googletest.RateLimit, googletest.Backend)
	}
	h.run(nil)
	got := h.fake.AllCalls()
	t.Logf("200 bookings, 3 failures per method: %s API calls, minimum %d + 9 failed", calls(got), minimumCalls)
	if total(got) > minimumCalls+9+2 {
		t.Errorf("%d calls, want at most %d", total(got), minimumCalls+9+2)
	}
}

// TestPushAfterCrash: a worker pushes half the jobs and dies before
// recording them, some of its inserts reached Google without an answer;
// the daemon restarts on the reopened database and, once the leases run
// out, finishes with the same end state and no duplicates.
func TestPushAfterCrash(t *testing.T) {
	h := newHarness(t)
	h.fake.Fail(googletest.EventsInsert, googletest.Lost, googletest.Lost, googletest.Lost)
	h.run(func() {
		jobs, err := h.st.ClaimJobs(t.Context(), google.Kind, h.clock.now(), 5000, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs[:len(jobs)/2] {
			_ = h.pusher.Handle(t.Context(), j) // done in Google, never recorded
		}
		if err := h.st.Close(); err != nil { // killed
			t.Fatal(err)
		}
		h.open()
		if n, _ := h.worker.RunOnce(t.Context()); n != 0 {
			t.Fatalf("%d leased jobs ran again before their lease ran out", n)
		}
		h.clock.advance(2 * time.Minute)
	})
	got := h.fake.AllCalls()
	t.Logf("200 bookings, killed mid-push: %s API calls, minimum %d", calls(got), minimumCalls)
}

// TestPushEdges: a hanging call ends at its deadline and is retried, a 401
// refreshes the credentials once, a 400 fails the job for good, an insert
// answered 409 becomes get + update, and a stale etag (412) re-reads.
func TestPushEdges(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	h.fake.Fail(googletest.EventsInsert, googletest.Hang, googletest.Unauthorized)
	a := h.approve(h.submit(0).ID)
	h.drain()
	if c := h.fake.Calls(googletest.EventsInsert); c != 3 {
		t.Errorf("inserts: %d, want 3 (hang, 401, ok)", c)
	}
	h.checkMirror()

	// Someone edits the event; ccroom's next change meets 412 and wins.
	h.fake.Edit(calID, a.UID, func(ev *calendarEvent) { ev.Summary = "diubah" })
	h.act(a.ID, booking.RoleKabid, booking.ActionPrepare, "")
	h.fake.ResetCalls()
	h.drain()
	if got := h.fake.AllCalls(); got[googletest.EventsUpdate] != 2 || got[googletest.EventsGet] != 1 {
		t.Errorf("after a 412: %s, want update, get, update", calls(got))
	}
	h.checkMirror()

	// The record is lost (restore from an old backup): insert answers 409.
	if err := h.st.SaveGoogleEvent(ctx, store.GoogleEvent{RequestID: a.ID, EventID: a.UID, ETag: `"old"`,
		Sequence: 0, Deleted: true, PushedAt: h.clock.now()}); err != nil {
		t.Fatal(err)
	}
	if err := h.pusher.Sync(ctx, mustRequest(t, h, a.ID)); err != nil {
		t.Fatal(err)
	}
	h.checkMirror()

	b := h.submit(1)
	h.fake.Fail(googletest.EventsInsert, googletest.Failure{Status: 400, Reason: "invalid"})
	h.drain()
	if st, _ := h.st.JobStats(ctx, google.Kind); st.Failed != 1 {
		t.Errorf("after a 400: %+v, want one failed job", st)
	}
	_ = b
}

func mustRequest(t *testing.T, h *harness, id int64) booking.Request {
	t.Helper()
	r, err := h.st.Request(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

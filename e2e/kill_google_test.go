package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
)

const (
	pushBookings = 200
	pushCalendar = "c_commandcenter@group.calendar.google.com"
	// pushKillAfter is how many events the fake holds when the kill comes.
	pushKillAfter = 40
	// pushLatency is how long the slow calendar takes to answer each write.
	pushLatency = 100 * time.Millisecond
	// pushLoseEvery: the answer of every n-th insert before the kill is lost
	// (the fake took the event; ccroom never hears it did).
	pushLoseEvery = 10
	// pushRetryAfter is the Retry-After of the rate-limit window that comes
	// just before the kill.
	pushRetryAfter = 10 * time.Second
	// pushLease is the outbox's default lease, which the google worker uses.
	pushLease = 2 * time.Minute
)

// TestKillDuringGooglePush (issue "Google Calendar sync", proof 3): the daemon
// is killed with SIGKILL in the middle of a push of 200 approved bookings and
// started again on the same data; Google (the googletest fake, behind a slow
// front) ends holding exactly one confirmed event per booking, with the
// booking's UID as its id: no duplicate, nothing lost.
//
// The kill comes while the calendar rate-limits (429 with Retry-After, the
// jobs then wait in the queue with no lease), because a job a killed worker
// held keeps its lease for 2 minutes after the restart (see
// TestKillDuringGooglePushMidCall). Before it, the answers of some inserts
// are lost after the fake took them, so the restarted daemon meets events it
// has no record of (409, then get + update).
func TestKillDuringGooglePush(t *testing.T) {
	testKillDuringGooglePush(t, false)
}

// TestKillDuringGooglePushMidCall is the same with the kill landing while
// writes are in flight (the fake has applied them, the answers are not out
// yet). The jobs of the killed worker are due again once their lease (30 s,
// renewed only while a worker lives) runs out.
func TestKillDuringGooglePushMidCall(t *testing.T) {
	testKillDuringGooglePush(t, true)
}

func testKillDuringGooglePush(t *testing.T, midCall bool) {
	// Registered before the daemon's cleanup, so they close after its kill.
	fake := googletest.New()
	t.Cleanup(fake.Close)
	front := &slowCalendar{next: fake.Config.Handler, latency: pushLatency, gate: make(chan struct{}),
		retryAfter: strconv.Itoa(int(pushRetryAfter / time.Second)), loseEvery: pushLoseEvery,
		answers: map[string]int{}, lost: map[string]bool{}}
	srv := httptest.NewServer(front)
	t.Cleanup(srv.Close)
	t.Cleanup(front.open) // release writes still held, so srv.Close returns

	d := newDaemonProc(t,
		"CCROOM_GOOGLE_ENABLED=true",
		"CCROOM_GOOGLE_CALENDAR_ID="+pushCalendar,
		"CCROOM_GOOGLE_ENDPOINT="+srv.URL+"/calendar/v3/",
		"CCROOM_GOOGLE_POLL_INTERVAL=10s",
		// Only approved bookings are pushed, so the push of 200 bookings is
		// 200 inserts at the least.
		"CCROOM_GOOGLE_SHOW_TENTATIVE=false",
		"CCROOM_LOG_LEVEL=warn", // not a line per email file: the log shows the pushes' trouble
	)
	began := time.Now()
	d.start()
	tokens := d.addStaff()

	// 200 requests, one an hour from tomorrow on (none overlaps), walked to
	// "relayed" by a small pool: no push yet (nothing tentative is shown).
	now := time.Now().In(wib)
	first := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, wib)
	reqs := make([]procRequest, pushBookings)
	walk := func(i int) error {
		start := first.Add(time.Duration(i) * time.Hour)
		r, err := d.submitApp(map[string]any{
			"room": "command-center", "title": fmt.Sprintf("Rapat Sinkronisasi %03d", i+1),
			"organization": "Dinas Kesehatan", "contact_name": "Budi Santoso",
			"contact_email": fmt.Sprintf("budi%03d@dinkes.example.go.id", i+1),
			"start":         start.Format(time.RFC3339), "end": start.Add(45 * time.Minute).Format(time.RFC3339),
			"participants": 10, "visibility": "public",
		})
		if err != nil {
			return err
		}
		for _, s := range []struct {
			role                   booking.Role
			action, decision, want string
		}{
			{booking.RoleSecretary, "forward", "", "forwarded"},
			{booking.RoleHead, "dispose", "", "disposed"},
			{booking.RoleKabid, "check", "available", "checked"},
			{booking.RoleHead, "relay", "", "relayed"},
		} {
			if _, err := d.step(r.ID, tokens[s.role], s.action, s.decision, "", s.want); err != nil {
				return err
			}
		}
		reqs[i] = r
		return nil
	}
	if err := pool(pushBookings, 8, walk); err != nil {
		t.Fatalf("walking the requests to relayed: %v", err)
	}
	walked := time.Since(began)

	// The secretary informs all 200: each approval enqueues its push in
	// the same transaction. The slow calendar holds the writes until every
	// approval is in, so the whole push is ahead when the gate opens.
	if err := pool(pushBookings, 8, func(i int) error {
		_, err := d.step(reqs[i].ID, tokens[booking.RoleSecretary], "inform", "", "", "approved")
		return err
	}); err != nil {
		t.Fatalf("approving: %v", err)
	}
	approved := time.Since(began)
	if n := fake.Calls(googletest.EventsInsert); n != 0 {
		t.Fatalf("the fake got %d inserts while the gate was closed", n)
	}
	front.open()

	inserted := func() int { return len(fake.Events(pushCalendar)) }
	eventually(t, 30*time.Second, 5*time.Millisecond, func() bool { return inserted() >= pushKillAfter },
		func() string {
			return fmt.Sprintf("the fake holds %d events, want %d to kill", inserted(), pushKillAfter)
		})

	var inFlight int
	if midCall {
		inFlight = front.inFlight()
		if inFlight == 0 {
			t.Fatal("no write in flight at the kill")
		}
	} else {
		// Rate-limit every write, and kill once none has come for a second:
		// every job is then back in the queue, due in pushRetryAfter, with
		// no lease.
		// The jobs whose answer was lost wait out a short backoff (1 to 3
		// s): wait until each met the rate limit too (or was reconciled).
		front.limit(true)
		quiet := eventually(t, 20*time.Second, 10*time.Millisecond,
			func() bool { return front.quietFor() > time.Second && front.lostSettled() },
			func() string { return "the calendar never went quiet under the rate limit" })
		t.Logf("rate-limit window: every job put back (%d writes refused) in %v", front.refusedCount(),
			(quiet - time.Second).Round(time.Millisecond))
	}
	d.kill()
	killed := time.Since(began)
	atKill := len(fake.Events(pushCalendar))
	callsAtKill := fake.AllCalls()
	status := d.cli("google", "status") // the queue as the dead daemon left it
	t.Logf("killed with SIGKILL at %v: the fake holds %d of %d events, %d writes in flight, %d answers lost; %s",
		killed.Round(time.Millisecond), atKill, pushBookings, inFlight, front.lostCount(), backlogLine(status))
	if atKill == 0 || atKill >= pushBookings {
		t.Fatalf("the kill did not land mid-push: the fake holds %d of %d events", atKill, pushBookings)
	}

	front.limit(false)
	front.stopLosing()
	d.start()
	restarted := time.Since(began)

	// Wait for the fake to hold every booking, then for the queue to drain.
	limit := 60 * time.Second
	if midCall {
		limit = pushLease + 60*time.Second
	}
	uids := map[string]procRequest{}
	for _, r := range reqs {
		uids[r.UID] = r
	}
	complete := func() bool {
		n := 0
		for _, ev := range fake.Events(pushCalendar) {
			if _, ours := uids[ev.Id]; ours && ev.Status == "confirmed" {
				n++
			}
		}
		return n == pushBookings
	}
	took := eventually(t, limit, 100*time.Millisecond, complete, func() string {
		return fmt.Sprintf("the fake holds %d events after the restart, want %d confirmed (%s)",
			len(fake.Events(pushCalendar)), pushBookings, backlogLine(d.cli("google", "status")))
	})
	drained := eventually(t, limit, 200*time.Millisecond, func() bool {
		return strings.Contains(d.cli("google", "status"), "backlog:     0 pending, 0 failed")
	}, func() string { return backlogLine(d.cli("google", "status")) })
	t.Logf("restarted at %v; all %d events confirmed %v later, the queue empty %v after that",
		restarted.Round(time.Millisecond), pushBookings, took.Round(time.Millisecond), drained.Round(time.Millisecond))

	// Exactly ccroom's view: one event per booking, its UID as the id, the
	// booking's id in the private properties, confirmed, titled; nothing else.
	events := fake.Events(pushCalendar)
	if len(events) != pushBookings {
		t.Errorf("the fake holds %d events, want %d", len(events), pushBookings)
	}
	seen := map[string]int{}
	byBooking := map[string]int{}
	for _, ev := range events {
		seen[ev.Id]++
		r, ours := uids[ev.Id]
		if !ours {
			t.Errorf("event %s (%q) is no booking's", ev.Id, ev.Summary)
			continue
		}
		var booked string
		if ev.ExtendedProperties != nil {
			booked = ev.ExtendedProperties.Private[google.PropRequest]
			byBooking[booked]++
		}
		if booked != strconv.FormatInt(r.ID, 10) {
			t.Errorf("event %s: private %s = %q, want %d", ev.Id, google.PropRequest, booked, r.ID)
		}
		if ev.Status != "confirmed" || ev.Summary != r.Title {
			t.Errorf("event %s: status %q summary %q, want confirmed %q", ev.Id, ev.Status, ev.Summary, r.Title)
		}
		if ev.Start == nil || ev.End == nil || !sameInstant(ev.Start.DateTime, r.Start) || !sameInstant(ev.End.DateTime, r.End) {
			t.Errorf("event %s: %v to %v, want %v to %v", ev.Id, ev.Start, ev.End, r.Start, r.End)
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("event id %s is listed %d times", id, n)
		}
	}
	for b, n := range byBooking {
		if n > 1 {
			t.Errorf("booking %s has %d events", b, n)
		}
	}
	for uid, r := range uids {
		if seen[uid] == 0 {
			t.Errorf("booking %d (%s) has no event: lost", r.ID, uid)
		}
	}

	// The calls it took, against the least possible: one insert per booking.
	calls := fake.AllCalls()
	answers := front.answerCounts()
	t.Logf("API calls (the fake's counts): %s; before the kill: %s", formatCalls(calls), formatCalls(callsAtKill))
	t.Logf("writes by answer: %s; refused with 429 by the rate-limit window: %d; answers lost: %d; in flight at the kill: %d",
		formatAnswers(answers), front.refusedCount(), front.lostCount(), inFlight)
	t.Logf("minimum for the push: %d inserts; spent %d inserts (%d created an event), %d gets, %d updates, %d lists",
		pushBookings, calls[googletest.EventsInsert], answers["events.insert 200"], calls[googletest.EventsGet],
		calls[googletest.EventsUpdate], calls[googletest.EventsList])
	t.Logf("timeline: walk to relayed %v, approvals done %v, kill %v, restart %v, queue empty %v (test %v)",
		walked.Round(time.Millisecond), approved.Round(time.Millisecond), killed.Round(time.Millisecond),
		restarted.Round(time.Millisecond), (restarted + took + drained).Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	// Each event was created once; a second insert of an id only ever met
	// the 409 of an event whose answer ccroom never got.
	if n := answers["events.insert 200"]; n != pushBookings {
		t.Errorf("%d inserts created an event, want exactly %d", n, pushBookings)
	}
	if n := answers["events.insert 409"]; n > 0 && front.lostCount()+inFlight == 0 {
		t.Errorf("%d inserts met an existing event, but no answer was lost", n)
	}
	if calls[googletest.EventsDelete] != 0 {
		t.Errorf("%d deletes: nothing was to be deleted", calls[googletest.EventsDelete])
	}
}

// sameInstant compares an RFC 3339 event time with an API time.
func sameInstant(s string, want time.Time) bool {
	got, err := time.Parse(time.RFC3339, s)
	return err == nil && got.Equal(want)
}

// backlogLine is the backlog line of `ccroom google status`.
func backlogLine(status string) string {
	for _, l := range strings.Split(status, "\n") {
		if strings.HasPrefix(l, "backlog:") {
			return strings.Join(strings.Fields(l), " ")
		}
	}
	return strings.TrimSpace(status)
}

// formatAnswers lists the writes by method and status, sorted.
func formatAnswers(answers map[string]int) string {
	var parts []string
	for k, n := range answers {
		parts = append(parts, fmt.Sprintf("%s: %d", k, n))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

func formatCalls(calls map[string]int) string {
	var parts []string
	for _, m := range googletest.Methods {
		if calls[m] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", m, calls[m]))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// slowCalendar stands in front of the fake as a slow Google: every write
// (insert, update, delete, and the get of a reconcile) waits for the gate,
// is applied by the fake, and answered after latency. It can lose answers
// (the fake applied the write; the connection closes before the answer)
// and refuse every write with 429 and a Retry-After. Lists and
// calendars.get pass straight through.
type slowCalendar struct {
	next       http.Handler
	latency    time.Duration
	retryAfter string
	gate       chan struct{}
	gateOnce   sync.Once

	mu        sync.Mutex
	inflight  int
	lastCall  time.Time
	limited   bool
	refused   int
	loseEvery int // of the successful inserts; 0: none
	inserts   int
	answers   map[string]int // "events.insert 409" -> count, the fake's answers
	// lost are the events whose insert answer was lost; true once the job
	// that will try again is settled: refused under the rate limit (so it
	// is not due for Retry-After) or reconciled (updated).
	lost map[string]bool
}

func (s *slowCalendar) open() { s.gateOnce.Do(func() { close(s.gate) }) }

func (s *slowCalendar) limit(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limited, s.lastCall = on, time.Now()
}

func (s *slowCalendar) stopLosing() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loseEvery = 0
}

// quietFor is how long no write has been in flight or refused.
func (s *slowCalendar) quietFor() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight > 0 {
		return 0
	}
	return time.Since(s.lastCall)
}

// lostSettled reports whether every job that lost an answer is settled.
func (s *slowCalendar) lostSettled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, settled := range s.lost {
		if !settled {
			return false
		}
	}
	return true
}

func (s *slowCalendar) inFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inflight
}

func (s *slowCalendar) refusedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

func (s *slowCalendar) lostCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lost)
}

func (s *slowCalendar) answerCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.answers))
	for k, v := range s.answers {
		out[k] = v
	}
	return out
}

// methodOf names a write as the API does.
func methodOf(r *http.Request) string {
	switch r.Method {
	case http.MethodPost:
		return googletest.EventsInsert
	case http.MethodPut:
		return googletest.EventsUpdate
	case http.MethodDelete:
		return googletest.EventsDelete
	}
	return googletest.EventsGet
}

// eventID is the id of the event a write is about: the path's, or the
// inserted event's (the body is read and put back).
func eventID(r *http.Request) string {
	if i := strings.LastIndex(r.URL.Path, "/events/"); i >= 0 {
		return r.URL.Path[i+len("/events/"):]
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return ""
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	var ev struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(b, &ev)
	return ev.ID
}

func (s *slowCalendar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	isWrite := r.Method != http.MethodGet || strings.Contains(r.URL.Path, "/events/")
	if !isWrite {
		s.next.ServeHTTP(w, r)
		return
	}
	select {
	case <-s.gate:
	case <-r.Context().Done():
		return
	}
	id := eventID(r)
	s.mu.Lock()
	if s.limited {
		s.refused++
		s.lastCall = time.Now()
		if _, was := s.lost[id]; was {
			s.lost[id] = true
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Header().Set("Retry-After", s.retryAfter)
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":{"code":429,"message":"Rate Limit Exceeded","errors":[{"domain":"usageLimits","reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}]}}`)
		return
	}
	s.inflight++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.lastCall = time.Now()
		s.mu.Unlock()
	}()

	rec := httptest.NewRecorder()
	s.next.ServeHTTP(rec, r)
	lose := false
	s.mu.Lock()
	s.answers[methodOf(r)+" "+strconv.Itoa(rec.Code)]++
	switch {
	case r.Method == http.MethodPost && rec.Code == http.StatusOK:
		s.inserts++
		if lose = s.loseEvery > 0 && s.inserts%s.loseEvery == 0; lose {
			s.lost[id] = false
		}
	case r.Method == http.MethodPut && rec.Code == http.StatusOK:
		if _, was := s.lost[id]; was {
			s.lost[id] = true
		}
	}
	s.mu.Unlock()
	select {
	case <-time.After(s.latency):
	case <-r.Context().Done():
		return // the caller is gone (killed): the write stays applied
	}
	if lose {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without an answer
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

package google_test

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	calendar "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

const calID = "cc-test@group.calendar.google.com"

var quiet = slog.New(slog.DiscardHandler)

var wib = time.FixedZone("WIB", 7*3600)

// clock is the office's fixed clock, moved by the tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is ccroom over a real SQLite store, pushing to and importing from
// the fake.
type harness struct {
	t      *testing.T
	fake   *googletest.Server
	dbPath string
	clock  *clock
	cfg    *config.Config
	st     store.Store
	off    *office.Office
	pusher *google.Pusher
	poller *google.Poller
	worker *outbox.Worker
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	fake := googletest.New()
	t.Cleanup(fake.Close)
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	h := &harness{t: t, fake: fake, cfg: cfg, dbPath: filepath.Join(cfg.DataDir, "ccroom.db"),
		clock: &clock{t: time.Date(2027, 1, 4, 8, 0, 0, 0, wib)}}
	h.open()
	return h
}

// open opens the store and builds the office, the pusher, the poller and a
// worker over it (again after close: a restarted daemon).
func (h *harness) open() {
	t := h.t
	st, err := store.Open(t.Context(), "sqlite", h.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rules, err := h.cfg.BookingRules()
	if err != nil {
		t.Fatal(err)
	}
	h.st = st
	h.off = office.New(office.Options{Store: st, Rules: rules, Rooms: h.cfg.BookingRooms(),
		Secret: []byte(strings.Repeat("k", 32)), Now: h.clock.now})
	client, err := google.NewClient(t.Context(), google.ClientOptions{CalendarID: calID,
		Options: []option.ClientOption{option.WithEndpoint(h.fake.Endpoint()), option.WithoutAuthentication()},
		Timeout: 300 * time.Millisecond, PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	look := google.Look{ShowTentative: true, Location: wib, Rooms: h.cfg.BookingRooms(), Language: "id"}
	h.pusher = &google.Pusher{Store: st, Client: client, Look: look, Now: h.clock.now, Log: quiet}
	st.SetJobPlanner(h.pusher.Plan)
	h.poller = &google.Poller{Store: st, Client: client, Rooms: h.cfg.BookingRooms(), Location: wib, Now: h.clock.now, Log: quiet}
	h.worker = &outbox.Worker{Store: st, Kind: google.Kind, Handle: h.pusher.Handle, Concurrency: 4,
		Backoff: func(int) time.Duration { return 0 }, Now: h.clock.now, Log: quiet}
}

// drain runs the push jobs until none is due.
func (h *harness) drain() {
	h.t.Helper()
	for range 1000 {
		n, err := h.worker.RunOnce(h.t.Context())
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	h.t.Fatal("the queue never drained")
}

func (h *harness) poll() google.Import {
	h.t.Helper()
	imp, err := h.poller.PollOnce(h.t.Context())
	if err != nil {
		h.t.Fatal(err)
	}
	return imp
}

func actor(role booking.Role) booking.Actor {
	return booking.Actor{Name: string(role), Roles: []booking.Role{role}}
}

// submit files a request for slot i: a day in February 2027 and an hour.
func (h *harness) submit(i int) booking.Request {
	h.t.Helper()
	start := time.Date(2027, 2, 1+i/8, 8+i%8, 0, 0, 0, wib)
	r := booking.Request{Room: h.cfg.BookingRooms()[0].ID, Title: fmt.Sprintf("Rapat %03d", i),
		Organization: "Diskominfo", ContactName: "Sari", ContactEmail: "sari@example.id",
		ContactPhone: "+62 811 000", Start: start, End: start.Add(45 * time.Minute), Participants: 5,
		Visibility: booking.VisibilityPublic, LetterNumber: "005/1"}
	s, err := h.off.Submit(h.t.Context(), r, "", nil)
	if err != nil {
		h.t.Fatalf("submit %d: %v", i, err)
	}
	return s.Request
}

// act takes one step on request id.
func (h *harness) act(id int64, role booking.Role, action booking.Action, decision booking.Decision) booking.Request {
	h.t.Helper()
	r, err := h.off.Act(h.t.Context(), id, booking.Act{Action: action, Decision: decision, Actor: actor(role)})
	if err != nil {
		h.t.Fatalf("request %d: %s: %v", id, action, err)
	}
	return r
}

// approve walks request id from submitted to approved.
func (h *harness) approve(id int64) booking.Request {
	h.t.Helper()
	h.act(id, booking.RoleSecretary, booking.ActionForward, "")
	h.act(id, booking.RoleHead, booking.ActionDispose, "")
	h.act(id, booking.RoleKabid, booking.ActionCheck, booking.DecisionAvailable)
	h.act(id, booking.RoleHead, booking.ActionRelay, "")
	return h.act(id, booking.RoleSecretary, booking.ActionInform, "")
}

// checkMirror wants the fake to hold exactly ccroom's view: one event per
// request (its UID), confirmed for bookings, tentative for requests in the
// chain, absent or cancelled for the rest, and nothing else.
func (h *harness) checkMirror() {
	h.t.Helper()
	list, err := h.st.Requests(h.t.Context(), store.Filter{})
	if err != nil {
		h.t.Fatal(err)
	}
	events := map[string]calendar.Event{}
	for _, ev := range h.fake.Events(calID) {
		if _, dup := events[ev.Id]; dup {
			h.t.Fatalf("event %s twice", ev.Id)
		}
		events[ev.Id] = ev
	}
	seen := 0
	for _, r := range list {
		ev, ok := events[r.UID]
		want := "cancelled"
		switch {
		case r.Status.Booked():
			want = "confirmed"
		case r.Status.Pending():
			want = "tentative"
		}
		if ok {
			seen++
		}
		switch {
		case !ok && want != "cancelled":
			h.t.Errorf("request %d (%s): no event", r.ID, r.Status)
		case ok && ev.Status != want:
			h.t.Errorf("request %d (%s): event %s, want %s", r.ID, r.Status, ev.Status, want)
		case ok && want == "confirmed" && ev.Summary != r.Title:
			h.t.Errorf("request %d: summary %q, want %q", r.ID, ev.Summary, r.Title)
		}
	}
	if seen != len(events) {
		h.t.Errorf("the fake holds %d events, %d of them ccroom's", len(events), seen)
	}
}

// calls formats the fake's call counts.
func calls(m map[string]int) string {
	var parts []string
	total := 0
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
		total += v
	}
	sort.Strings(parts)
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, " "))
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

type calendarEvent = calendar.Event

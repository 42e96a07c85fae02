package office

import (
	"errors"
	"github.com/pelalawan/ccroom/internal/pgtest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// watchEnv is an office over one database of an engine, with a clock the
// test moves; more offices over the same database are replicas.
type watchEnv struct {
	driver, dsn string
	clock       *atomic.Pointer[time.Time]
}

// forEachEngine runs test on SQLite, and on PostgreSQL when
// CCROOM_TEST_POSTGRES holds a DSN, in parallel subtests.
func forEachEngine(t *testing.T, test func(t *testing.T, e *watchEnv)) {
	t.Helper()
	engines := map[string]func(t *testing.T) (string, string){
		"sqlite": func(t *testing.T) (string, string) {
			return store.DriverSQLite, filepath.Join(t.TempDir(), "ccroom.db")
		},
	}
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		engines["postgres"] = func(t *testing.T) (string, string) { return store.DriverPostgres, pgSchema(t, admin) }
	}
	for name, fresh := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			driver, dsn := fresh(t)
			var clock atomic.Pointer[time.Time]
			now := time.Date(2026, 12, 1, 9, 0, 0, 0, wib)
			clock.Store(&now)
			test(t, &watchEnv{driver: driver, dsn: dsn, clock: &clock})
		})
	}
}

// pgSchema creates a PostgreSQL schema for one test and returns admin's
// DSN with the search_path set to it.
func pgSchema(t *testing.T, admin string) string {
	return pgtest.Schema(t, admin, "ccroom_office_")
}

// office opens a replica: its own store handle over the env's database,
// with room as configured.
func (e *watchEnv) office(t *testing.T, room booking.Room) *Office {
	t.Helper()
	st, err := store.Open(t.Context(), e.driver, e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rules := booking.Rules{Location: wib, LeadDays: 3, Open: 7 * time.Hour, Close: 18 * time.Hour,
		MinDuration: 15 * time.Minute, MaxDuration: 12 * time.Hour, HorizonDays: 365, Suggestions: 3}
	off := New(Options{Store: st, Rules: rules, Rooms: []booking.Room{room},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return *e.clock.Load() }})
	if err := off.RefreshHolidays(t.Context()); err != nil {
		t.Fatal(err)
	}
	return off
}

var (
	kabid = booking.Actor{UserID: 0, Name: "Kabid", Roles: []booking.Role{booking.RoleKabid}}
	sek   = booking.Actor{Name: "Sek", Roles: []booking.Role{booking.RoleSecretary}}
)

// approved submits and approves a request at start.
func approved(t *testing.T, off *Office, r booking.Request) booking.Request {
	t.Helper()
	sub, err := off.Submit(t.Context(), r, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := walk(t, off, sub.Request.ID); err != nil {
		t.Fatal(err)
	}
	return sub.Request
}

// visit puts the regent's visit into the shared calendar, overlapping
// start, and re-checks what the import touched, as the poller does.
func visit(t *testing.T, off *Office, id string, start, end time.Time) Watched {
	t.Helper()
	touched, err := off.Store().SyncExternalTouched(t.Context(), store.ExternalSync{CalendarID: "cc",
		Upsert: []store.ExternalEvent{{CalendarID: "cc", EventID: id, Title: "Kunjungan Bupati", Start: start, End: end}},
		At:     start})
	if err != nil {
		t.Fatal(err)
	}
	w, err := off.Watch(t.Context(), Scope{Windows: touched})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// history returns the actions of request id's history.
func history(t *testing.T, off *Office, id int64) []booking.Action {
	t.Helper()
	h, err := off.Store().History(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []booking.Action
	for _, x := range h {
		out = append(out, x.Action)
	}
	return out
}

func count(list []booking.Action, a booking.Action) int {
	n := 0
	for _, x := range list {
		if x == a {
			n++
		}
	}
	return n
}

// TestWatchGoogleEvent: an event imported onto an approved booking opens
// one conflict naming it, with alternatives; more polls that see it open
// none; deleting it closes the conflict by itself.
func TestWatchGoogleEvent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		off := e.office(t, booking.DefaultRoom())
		ctx := t.Context()
		start := time.Date(2026, 12, 15, 9, 0, 0, 0, wib)
		r := approved(t, off, request(start))
		far := approved(t, off, request(start.AddDate(0, 0, 1))) // not touched by the visit
		w := visit(t, off, "bupati1", start.Add(time.Hour), start.Add(3*time.Hour))
		if len(w.Opened) != 1 || w.Checked != 1 {
			t.Fatalf("opened %d, checked %d; want 1 and 1 (only the touched booking)", len(w.Opened), w.Checked)
		}
		c := w.Opened[0]
		if c.RequestID != r.ID || c.Code != booking.CodeOverlap || c.Key != "external:bupati1" ||
			!strings.Contains(c.Cause, `Acara di Google Calendar "Kunjungan Bupati"`) || !strings.Contains(c.Cause, "10:00-12:00") ||
			!strings.Contains(c.CauseEN, "Google Calendar event") || len(c.Suggestions) < 3 || !c.AwaitsKabid() {
			t.Fatalf("conflict %+v", c)
		}
		for _, s := range c.Suggestions {
			if s.End.Sub(s.Start) != 2*time.Hour || s.Start.Before(start) {
				t.Fatalf("alternative %v-%v: not the booking's length or before it", s.Start, s.End)
			}
		}
		for range 3 { // more polls that see the same event, and a full re-check
			if w := visit(t, off, "bupati1", start.Add(time.Hour), start.Add(3*time.Hour)); len(w.Opened) != 0 {
				t.Fatalf("the same cause opened again: %+v", w.Opened)
			}
			if w, err := off.Watch(ctx, Scope{All: true}); err != nil || len(w.Opened)+len(w.Closed) != 0 {
				t.Fatalf("full watch changed %+v (%v)", w, err)
			}
		}
		if h := history(t, off, r.ID); count(h, booking.ActionConflict) != 1 {
			t.Fatalf("history %v: want one conflict act", h)
		}
		if h := history(t, off, far.ID); count(h, booking.ActionConflict) != 0 {
			t.Fatalf("the untouched booking got a conflict: %v", h)
		}
		// The event is deleted in Google: the conflict closes by itself.
		touched, err := off.Store().SyncExternalTouched(ctx, store.ExternalSync{CalendarID: "cc", Remove: []string{"bupati1"}, At: start})
		if err != nil || len(touched) != 1 {
			t.Fatalf("touched %v (%v)", touched, err)
		}
		w, err = off.Watch(ctx, Scope{Windows: touched})
		if err != nil || len(w.Closed) != 1 || w.Closed[0].Resolution != booking.ResolvedVanished {
			t.Fatalf("closed %+v (%v)", w.Closed, err)
		}
		if open, _ := off.Conflicts(ctx, store.ConflictOpen); len(open) != 0 {
			t.Fatalf("open after the event went: %+v", open)
		}
		if h := history(t, off, r.ID); count(h, booking.ActionConflictClosed) != 1 {
			t.Fatalf("history %v: want one conflict_closed", h)
		}
	})
}

// TestConflictMoveCarriedOut: the Kabid moves the booking to the first
// alternative, the secretary carries it out: the booking is at the new
// time with a higher sequence, the conflict resolved; refusals on the way.
func TestConflictMoveCarriedOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		off := e.office(t, booking.DefaultRoom())
		ctx := t.Context()
		start := time.Date(2026, 12, 15, 9, 0, 0, 0, wib)
		r := approved(t, off, request(start))
		other := approved(t, off, request(start.Add(6*time.Hour))) // 15:00-17:00 the same day
		c := visit(t, off, "bupati2", start, start.Add(2*time.Hour)).Opened[0]

		var fe *FieldError
		if _, err := off.DecideConflict(ctx, c.ID, ConflictDecision{Decision: booking.ConflictKeep}, kabid); !errors.As(err, &fe) || fe.Field != "note" {
			t.Fatalf("keep without a note: %v", err)
		}
		if _, err := off.DecideConflict(ctx, c.ID, ConflictDecision{Decision: booking.ConflictKeep, Note: "x"}, sek); !errors.Is(err, booking.ErrForbidden) {
			t.Fatalf("the secretary decided: %v", err)
		}
		var re *RuleError
		onOther := ConflictDecision{Decision: booking.ConflictMove, Start: other.Start, End: other.End}
		if _, err := off.DecideConflict(ctx, c.ID, onOther, kabid); !errors.As(err, &re) || re.Code != booking.CodeOverlap {
			t.Fatalf("a move onto another booking: %v", err)
		}
		if _, err := off.CarryOutConflict(ctx, c.ID, sek); !errors.Is(err, booking.ErrInvalidTransition) {
			t.Fatalf("carried out before a decision: %v", err)
		}
		to := c.Suggestions[0]
		d, err := off.DecideConflict(ctx, c.ID, ConflictDecision{Decision: booking.ConflictMove, Start: to.Start, End: to.End, Note: "Ruang dipakai Bupati"}, kabid)
		if err != nil || !d.AwaitsSecretary() || !d.MoveStart.Equal(to.Start) {
			t.Fatalf("decided %+v (%v)", d, err)
		}
		if _, err := off.DecideConflict(ctx, c.ID, ConflictDecision{Decision: booking.ConflictKeep, Note: "x"}, kabid); !errors.Is(err, booking.ErrInvalidTransition) {
			t.Fatalf("decided twice: %v", err)
		}
		done, err := off.CarryOutConflict(ctx, c.ID, sek)
		if err != nil || done.Open() || done.Resolution != booking.ResolvedMoved {
			t.Fatalf("carried out %+v (%v)", done, err)
		}
		got, err := off.Store().Request(ctx, r.ID)
		if err != nil || !got.Start.Equal(to.Start) || !got.End.Equal(to.End) || got.Sequence <= r.Sequence || got.Status != booking.StatusApproved {
			t.Fatalf("request after the move: %+v (%v), sequence was %d", got, err, r.Sequence)
		}
		busy, err := off.Store().Busy(ctx, "command-center", to.Start, to.End)
		if err != nil || len(busy) != 1 || busy[0].RequestID != r.ID {
			t.Fatalf("busy at the new time: %+v (%v)", busy, err)
		}
		h := history(t, off, r.ID)
		if count(h, booking.ActionDecideConflict) != 1 || h[len(h)-1] != booking.ActionReschedule {
			t.Fatalf("history %v", h)
		}
		if _, err := off.CarryOutConflict(ctx, c.ID, sek); !errors.Is(err, booking.ErrInvalidTransition) {
			t.Fatalf("carried out twice: %v", err)
		}
		// At its new time nothing stands in the way: a watch finds nothing.
		if w, err := off.Watch(ctx, Scope{All: true}); err != nil || len(w.Opened)+len(w.Closed) != 0 {
			t.Fatalf("watch after the move: %+v (%v)", w, err)
		}
	})
}

// TestConflictCancelAndKeep: a cancel carried out cancels the booking; a
// keep resolves at once.
func TestConflictCancelAndKeep(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		off := e.office(t, booking.DefaultRoom())
		ctx := t.Context()
		a := approved(t, off, request(time.Date(2026, 12, 15, 9, 0, 0, 0, wib)))
		b := approved(t, off, request(time.Date(2026, 12, 16, 9, 0, 0, 0, wib)))
		ca := visit(t, off, "ev-a", a.Start, a.End).Opened[0]
		cb := visit(t, off, "ev-b", b.Start, b.End).Opened[0]
		kept, err := off.DecideConflict(ctx, ca.ID, ConflictDecision{Decision: booking.ConflictKeep, Note: "Kunjungan Bupati di ruang lain"}, kabid)
		if err != nil || kept.Open() || kept.Resolution != booking.ResolvedKept {
			t.Fatalf("kept %+v (%v)", kept, err)
		}
		if w, _ := off.Watch(ctx, Scope{All: true}); len(w.Opened) != 0 {
			t.Fatalf("a kept conflict opened again: %+v", w.Opened)
		}
		if _, err := off.DecideConflict(ctx, cb.ID, ConflictDecision{Decision: booking.ConflictCancel, Note: "Ruang dipakai Bupati"}, kabid); err != nil {
			t.Fatal(err)
		}
		done, err := off.CarryOutConflict(ctx, cb.ID, sek)
		if err != nil || done.Resolution != booking.ResolvedCancelled {
			t.Fatalf("cancel %+v (%v)", done, err)
		}
		got, _ := off.Store().Request(ctx, b.ID)
		if got.Status != booking.StatusCancelled || got.Sequence <= b.Sequence {
			t.Fatalf("cancelled request %+v", got)
		}
	})
}

// TestHolidayImport: a holiday on an approved booking's date opens one
// conflict naming it; a new request that day is refused closed; importing
// the same list again changes nothing; removing it closes the conflict.
func TestHolidayImport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		off := e.office(t, booking.DefaultRoom())
		ctx := t.Context()
		day := time.Date(2026, 12, 24, 0, 0, 0, 0, wib)
		r := approved(t, off, request(day.Add(9*time.Hour)))
		list := []booking.Holiday{{Date: day, Name: "Cuti Bersama Natal"}, {Date: day.AddDate(0, 0, 1), Name: "Hari Raya Natal"}}
		changed, w, err := off.ImportHolidays(ctx, "file:libur.ics", list)
		if err != nil || len(changed) != 2 || len(w.Opened) != 1 {
			t.Fatalf("changed %v, watched %+v (%v)", changed, w, err)
		}
		if c := w.Opened[0]; c.RequestID != r.ID || c.Code != booking.CodeClosed ||
			!strings.Contains(c.Cause, "Tanggal ditetapkan libur: Cuti Bersama Natal") {
			t.Fatalf("conflict %+v", c)
		}
		var re *RuleError
		_, err = off.Submit(ctx, request(day.AddDate(0, 0, 1).Add(9*time.Hour)), "", nil)
		if !errors.As(err, &re) || re.Code != booking.CodeClosed || !strings.Contains(re.Message, "Hari Raya Natal") {
			t.Fatalf("a request on the holiday: %v", err)
		}
		if changed, w, err := off.ImportHolidays(ctx, "file:libur.ics", list); err != nil || len(changed) != 0 || len(w.Opened) != 0 {
			t.Fatalf("the same import again: %v %+v %v", changed, w, err)
		}
		if hs, err := off.Holidays(ctx, 2026); err != nil || len(hs) != 2 || hs[0].Name != "Cuti Bersama Natal" {
			t.Fatalf("holidays %+v (%v)", hs, err)
		}
		if _, err := off.Holidays(ctx, 99999); err == nil {
			t.Fatal("year 99999 accepted")
		}
		_, w, err = off.ImportHolidays(ctx, "file:libur.ics", nil)
		if err != nil || len(w.Closed) != 1 {
			t.Fatalf("holiday removed: %+v (%v)", w, err)
		}
	})
}

// TestConfigRestartsAndReplicas: a start with a lower capacity than an
// approved booking's participants opens one conflict, once, however many
// starts follow, and two replicas starting at once report it once.
func TestConfigRestartsAndReplicas(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		ctx := t.Context()
		room := booking.DefaultRoom()
		first := e.office(t, room)
		big := request(time.Date(2026, 12, 15, 9, 0, 0, 0, wib))
		big.Participants = 45
		r := approved(t, first, big)
		if rechecked, w, err := first.WatchConfig(ctx); err != nil || !rechecked || len(w.Opened) != 0 {
			t.Fatalf("first start: %v %+v %v", rechecked, w, err)
		}
		if rechecked, _, _ := first.WatchConfig(ctx); rechecked {
			t.Fatal("the same config re-checked again")
		}
		room.Capacity = 30
		var wg sync.WaitGroup
		opened := make([]int, 2)
		for i := range 2 { // two replicas start with the new config at once
			off := e.office(t, room)
			wg.Go(func() {
				_, w, err := off.WatchConfig(ctx)
				if err != nil {
					t.Error(err)
				}
				opened[i] = len(w.Opened)
			})
		}
		wg.Wait()
		for range 3 { // restarts
			if _, w, err := e.office(t, room).WatchConfig(ctx); err != nil || len(w.Opened) != 0 {
				t.Fatalf("restart: %+v %v", w, err)
			}
		}
		list, err := first.RequestConflicts(ctx, r.ID)
		if err != nil || len(list) != 1 || opened[0]+opened[1] != 1 {
			t.Fatalf("conflicts %+v (%v), opened by the replicas %v", list, err, opened)
		}
		if c := list[0]; c.Code != booking.CodeCapacity || c.Cause != "Kapasitas ruangan kini 30, peserta 45" || c.OccurrenceID != 0 {
			t.Fatalf("conflict %+v", c)
		}
		if h := history(t, first, r.ID); count(h, booking.ActionConflict) != 1 {
			t.Fatalf("history %v", h)
		}
	})
}

// TestSeriesOccurrences: in a weekly series, an event on one occurrence
// opens a conflict of that occurrence only; cancelling it (carried out)
// removes that occurrence, the others stand; the secretary removing an
// occurrence by hand withdraws its conflict quietly (no "closed by itself").
func TestSeriesOccurrences(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		off := e.office(t, booking.DefaultRoom())
		ctx := t.Context()
		start := time.Date(2026, 12, 7, 9, 0, 0, 0, wib)
		req := request(start)
		req.Recurrence = "FREQ=WEEKLY;COUNT=4"
		r := approved(t, off, req)
		second, fourth := start.AddDate(0, 0, 7), start.AddDate(0, 0, 21)
		c := visit(t, off, "ev-2", second, second.Add(time.Hour)).Opened
		if len(c) != 1 || !c[0].Start.Equal(second) || c[0].OccurrenceID == 0 {
			t.Fatalf("conflicts %+v", c)
		}
		if _, err := off.DecideConflict(ctx, c[0].ID, ConflictDecision{Decision: booking.ConflictCancel, Note: "Ruang dipakai Bupati"}, kabid); err != nil {
			t.Fatal(err)
		}
		if _, err := off.CarryOutConflict(ctx, c[0].ID, sek); err != nil {
			t.Fatal(err)
		}
		got, _ := off.Store().Request(ctx, r.ID)
		occ, _ := off.Store().Occurrences(ctx, r.ID)
		if got.Status != booking.StatusApproved || len(occ) != 3 || got.Sequence <= r.Sequence {
			t.Fatalf("after the cancel of one occurrence: %s, %d occurrences, sequence %d", got.Status, len(occ), got.Sequence)
		}
		d := visit(t, off, "ev-4", fourth, fourth.Add(time.Hour)).Opened
		if len(d) != 1 {
			t.Fatalf("fourth: %+v", d)
		}
		if _, err := off.ChangeOccurrence(ctx, r.ID, OccurrenceChange{Original: fourth, Remove: true}, sek); err != nil {
			t.Fatal(err)
		}
		list, _ := off.RequestConflicts(ctx, r.ID)
		if len(list) != 2 || list[1].Resolution != booking.ResolvedWithdrawn {
			t.Fatalf("conflicts %+v", list)
		}
		if h := history(t, off, r.ID); count(h, booking.ActionConflictClosed) != 0 {
			t.Fatalf("history %v: a removed occurrence's conflict was told as closed by itself", h)
		}
	})
}

// TestConflictReview holds the cases an independent review reproduced.
func TestConflictReview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		ctx := t.Context()
		room := booking.DefaultRoom()
		off := e.office(t, room)
		start := time.Date(2026, 12, 15, 9, 0, 0, 0, wib)

		// A booking moved away from an event is flagged again when the
		// event follows it to its new time.
		r := approved(t, off, request(start))
		c := visit(t, off, "bupati9", start, start.Add(2*time.Hour)).Opened[0]
		to := c.Suggestions[0]
		if _, err := off.DecideConflict(ctx, c.ID, ConflictDecision{Decision: booking.ConflictMove, Start: to.Start, End: to.End}, kabid); err != nil {
			t.Fatal(err)
		}
		if _, err := off.CarryOutConflict(ctx, c.ID, sek); err != nil {
			t.Fatal(err)
		}
		if w := visit(t, off, "bupati9", to.Start, to.End); len(w.Opened) != 1 || w.Opened[0].RequestID != r.ID {
			t.Fatalf("the event followed the moved booking: opened %+v", w.Opened)
		}

		// A move keeps the length, stays within the years and the horizon.
		day2 := start.AddDate(0, 0, 2)
		r2 := approved(t, off, request(day2))
		c2 := visit(t, off, "ev-len", day2, day2.Add(time.Hour)).Opened[0]
		var fe *FieldError
		var re *RuleError
		for _, tc := range []struct {
			start, end time.Time
			field      string
		}{
			{day2.AddDate(0, 0, 1), day2.AddDate(0, 0, 1).Add(9 * time.Hour), "end"},
			{time.Date(2300, 12, 7, 9, 0, 0, 0, wib), time.Date(2300, 12, 7, 11, 0, 0, 0, wib), "start"},
		} {
			_, err := off.DecideConflict(ctx, c2.ID, ConflictDecision{Decision: booking.ConflictMove, Start: tc.start, End: tc.end}, kabid)
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("move to %v-%v: %v, want a field error at %s", tc.start, tc.end, err, tc.field)
			}
		}
		far := time.Date(2030, 12, 10, 9, 0, 0, 0, wib)
		if _, err := off.DecideConflict(ctx, c2.ID, ConflictDecision{Decision: booking.ConflictMove, Start: far, End: far.Add(2 * time.Hour)}, kabid); !errors.As(err, &re) || re.Code != booking.CodeHorizon {
			t.Fatalf("a move four years ahead: %v, want horizon", err)
		}

		// No decision on a booking cancelled meanwhile; its conflict is withdrawn.
		if _, err := off.Act(ctx, r2.ID, booking.Act{Action: booking.ActionCancel, Actor: sek}); err != nil {
			t.Fatal(err)
		}
		if got, _ := off.Conflict(ctx, c2.ID); got.Open() || got.Resolution != booking.ResolvedWithdrawn {
			t.Fatalf("the cancelled booking's conflict: %+v", got)
		}
		if _, err := off.DecideConflict(ctx, c2.ID, ConflictDecision{Decision: booking.ConflictKeep, Note: "x"}, kabid); !errors.Is(err, booking.ErrInvalidTransition) {
			t.Fatalf("decided on a cancelled booking: %v", err)
		}

		// One occurrence of a series cannot be moved onto another.
		first := time.Date(2026, 12, 8, 13, 0, 0, 0, wib)
		series := request(first)
		series.Recurrence = "FREQ=WEEKLY;COUNT=3"
		approved(t, off, series)
		second, third := first.AddDate(0, 0, 7), first.AddDate(0, 0, 14)
		c3 := visit(t, off, "ev-series", second, second.Add(time.Hour)).Opened[0]
		if _, err := off.DecideConflict(ctx, c3.ID, ConflictDecision{Decision: booking.ConflictMove, Start: third, End: third.Add(2 * time.Hour)}, kabid); !errors.As(err, &re) || re.Code != booking.CodeOverlap {
			t.Fatalf("a move onto the series' next occurrence: %v", err)
		}

		// A kept capacity conflict opens again when the capacity drops further.
		big := request(time.Date(2026, 12, 22, 9, 0, 0, 0, wib))
		big.Participants = 45
		rb := approved(t, off, big)
		room.Capacity = 40
		w, err := e.office(t, room).Watch(ctx, Scope{Requests: []int64{rb.ID}})
		if err != nil || len(w.Opened) != 1 {
			t.Fatalf("capacity 40: %+v (%v)", w, err)
		}
		if _, err := off.DecideConflict(ctx, w.Opened[0].ID, ConflictDecision{Decision: booking.ConflictKeep, Note: "Sebagian peserta daring"}, kabid); err != nil {
			t.Fatal(err)
		}
		if w, _ := e.office(t, room).Watch(ctx, Scope{Requests: []int64{rb.ID}}); len(w.Opened) != 0 {
			t.Fatalf("the kept conflict opened again: %+v", w.Opened)
		}
		room.Capacity = 20
		if w, _ := e.office(t, room).Watch(ctx, Scope{Requests: []int64{rb.ID}}); len(w.Opened) != 1 || w.Opened[0].Cause != "Kapasitas ruangan kini 20, peserta 45" {
			t.Fatalf("capacity 20 after a keep at 40: %+v", w.Opened)
		}
	})
}

// TestStaleReplicaKeepsHolidayConflict: a replica that started before
// another process imported a holiday does not close its conflict as gone.
func TestStaleReplicaKeepsHolidayConflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *watchEnv) {
		ctx := t.Context()
		a, b := e.office(t, booking.DefaultRoom()), e.office(t, booking.DefaultRoom())
		day := time.Date(2026, 12, 24, 0, 0, 0, 0, wib)
		approved(t, a, request(day.Add(9*time.Hour)))
		if _, _, err := a.ImportHolidays(ctx, "file:/etc/libur.ics", []booking.Holiday{{Date: day, Name: "Cuti Bersama Natal"}}); err != nil {
			t.Fatal(err)
		}
		if w := visit(t, b, "other", day.Add(10*time.Hour), day.Add(10*time.Hour+30*time.Minute)); len(w.Closed) != 0 {
			t.Fatalf("the replica closed %+v", w.Closed)
		}
	})
}

// TestOccurrenceMoveKeepsSeriesApart: the secretary cannot move one
// occurrence of a series onto another of the same series.
func TestOccurrenceMoveKeepsSeriesApart(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	first := time.Date(2026, 12, 8, 13, 0, 0, 0, wib)
	series := request(first)
	series.Recurrence = "FREQ=WEEKLY;COUNT=3"
	r := approved(t, off, series)
	second, third := first.AddDate(0, 0, 7), first.AddDate(0, 0, 14)
	var re *RuleError
	_, err := off.ChangeOccurrence(ctx, r.ID, OccurrenceChange{Original: second, Start: third.Add(time.Hour), End: third.Add(3 * time.Hour)}, sek)
	if !errors.As(err, &re) || re.Code != booking.CodeOverlap {
		t.Fatalf("moved onto the next occurrence: %v", err)
	}
	if _, err := off.ChangeOccurrence(ctx, r.ID, OccurrenceChange{Original: second, Start: second.Add(time.Hour), End: second.Add(3 * time.Hour)}, sek); err != nil {
		t.Fatalf("moved by an hour, onto its own old time: %v", err)
	}
}

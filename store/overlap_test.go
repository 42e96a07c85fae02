package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// setStatus is an ActFunc that moves a request to st, whatever the SOP says:
// the busy column must follow any status.
func setStatus(st booking.Status, at time.Time) ActFunc {
	return func(_ context.Context, r *booking.Request, _ time.Time, _ Calendar) (booking.Transition, error) {
		t := booking.Transition{Action: booking.ActionCancel, From: r.Status, To: st, Actor: "test",
			Role: booking.RoleSecretary, At: at}
		r.Status = st
		return t, nil
	}
}

// TestOverlapListsTheFirstAndCountsAll: a busy hour of 25 pending requests
// (one of them twice, a series), two bookings and an imported event. Overlap lists every blocking span, the
// first pending ones in the order a report lists them, and counts them all,
// outside and inside a write transaction.
func TestOverlapListsTheFirstAndCountsAll(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		var pending []booking.Request
		for i := range 25 {
			r := testRequest(fmt.Sprint("p", i), "cc", at(7, 9, 0), time.Hour+time.Duration(25-i)*time.Minute)
			pending = append(pending, submitTest(t, s, r, booking.StatusSubmitted))
		}
		b1 := submitTest(t, s, testRequest("b1", "cc", at(7, 9, 30), time.Hour), booking.StatusApproved)
		b2 := submitTest(t, s, testRequest("b2", "cc", at(7, 8, 0), 2*time.Hour), booking.StatusPrepared)
		submitTest(t, s, testRequest("gone", "cc", at(7, 9, 0), time.Hour), booking.StatusRejected)
		twice := testRequest("twice", "cc", at(7, 9, 40), 10*time.Minute) // a series with two occurrences in the hour
		submitTest(t, s, twice, booking.StatusSubmitted, booking.Slot{Start: at(7, 9, 40), End: at(7, 9, 50)},
			booking.Slot{Start: at(7, 9, 50), End: at(7, 10, 0)})
		ev := ExternalEvent{EventID: "e1", Room: "cc", Title: "Zoom", Start: at(7, 9, 15), End: at(7, 9, 45)}
		if err := s.SyncExternal(ctx, ExternalSync{CalendarID: "c", Upsert: []ExternalEvent{ev}, At: at(1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		from, to := at(7, 9, 0), at(7, 10, 0)
		o, err := s.Overlap(ctx, "cc", from, to, pending[3].ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if o.PendingTotal != 26 || o.PendingRequests != 25 || len(o.Pending) != 10 {
			t.Fatalf("pending: %d listed, total %d, requests %d; want 10, 26, 25", len(o.Pending), o.PendingTotal, o.PendingRequests)
		}
		// same start: the shortest first, so the last submitted first
		if o.Pending[0].RequestID != pending[24].ID || o.Pending[9].RequestID != pending[15].ID {
			t.Errorf("pending listed %d..%d, want %d..%d", o.Pending[0].RequestID, o.Pending[9].RequestID, pending[24].ID, pending[15].ID)
		}
		if len(o.Blocking) != 3 || o.Blocking[0].RequestID != b2.ID || o.Blocking[1].ExternalID != "e1" ||
			o.Blocking[2].RequestID != b1.ID || o.Blocking[0].Kind != booking.BusyBooking {
			t.Errorf("blocking %+v", o.Blocking)
		}
		all, err := s.Busy(ctx, "cc", from, to)
		if err != nil {
			t.Fatal(err)
		}
		sameOverlap(t, o, booking.OverlapOf(all, from, to, pending[3].ID, 10))
		inTx := overlapInTx(t, s, "cc", from, to, pending[3].ID, 10)
		sameOverlap(t, inTx, o)
	})
}

// overlapInTx reads Overlap inside a submission's check, which then refuses.
func overlapInTx(t *testing.T, s Store, room string, from, to time.Time, exclude int64, limit int) booking.Overlap {
	t.Helper()
	var o booking.Overlap
	stop := fmt.Errorf("stop")
	r := testRequest("tx", room, from, time.Hour)
	_, _, err := s.Submit(t.Context(), Submission{Request: r, Transition: booking.Submitted(r, from, nil)},
		func(ctx context.Context, cal Calendar) error {
			var err error
			if o, err = cal.Overlap(ctx, room, from, to, exclude, limit); err != nil {
				return err
			}
			return stop
		})
	if err != stop {
		t.Fatalf("Submit: %v", err)
	}
	return o
}

// TestOverlapMatchesBusy compares Overlap with its definition over Busy on
// random calendars: requests of every status, moved through the SOP after
// they were stored, recurring ones with a removed occurrence.
func TestOverlapMatchesBusy(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		rng := rand.New(rand.NewPCG(3, 4))
		var ids []int64
		for i := range 120 {
			start := at(1, 7, 0).Add(time.Duration(rng.IntN(3*40)) * 15 * time.Minute)
			r := testRequest(fmt.Sprint("r", i), "cc", start, time.Duration(1+rng.IntN(8))*15*time.Minute)
			var occ []booking.Slot
			if i%10 == 0 {
				r.Recurrence = "FREQ=DAILY;COUNT=3"
				for d := range 3 {
					occ = append(occ, booking.Slot{Start: r.Start.AddDate(0, 0, d), End: r.End.AddDate(0, 0, d)})
				}
			}
			st := booking.Statuses[rng.IntN(len(booking.Statuses))]
			ids = append(ids, submitTest(t, s, r, st, occ...).ID)
			if i%10 == 0 && i%20 == 0 {
				removeOccurrence(t, s, ids[len(ids)-1], occ[1].Start)
			}
		}
		for _, id := range ids[:40] {
			st := booking.Statuses[rng.IntN(len(booking.Statuses))]
			if _, err := s.Act(ctx, id, setStatus(st, at(1, 0, 0))); err != nil {
				t.Fatal(err)
			}
		}
		for range 200 {
			from := at(1, 6, 0).Add(time.Duration(rng.IntN(4*24*4)) * 15 * time.Minute)
			to := from.Add(time.Duration(1+rng.IntN(16)) * 15 * time.Minute)
			exclude, limit := ids[rng.IntN(len(ids))], []int{-1, 0, 1, 3, 10}[rng.IntN(5)]
			got, err := s.Overlap(ctx, "cc", from, to, exclude, limit)
			if err != nil {
				t.Fatal(err)
			}
			all, err := s.Busy(ctx, "cc", from, to)
			if err != nil {
				t.Fatal(err)
			}
			sameOverlap(t, got, booking.OverlapOf(all, from, to, exclude, limit))
			listed, err := s.OverlapListed(ctx, "cc", from, to, exclude, limit)
			if err != nil {
				t.Fatal(err)
			}
			want := booking.OverlapOf(got.Pending, from, to, exclude, -1)
			want.Blocking = got.Blocking
			sameOverlap(t, listed, want)
		}
	})
}

// removeOccurrence removes one occurrence of request id, as the secretary does.
func removeOccurrence(t *testing.T, s Store, id int64, original time.Time) {
	t.Helper()
	_, err := s.ChangeOccurrence(t.Context(), id, OccurrenceChange{Original: original, Remove: true, At: original,
		Actor: "test", Role: booking.RoleSecretary}, nil)
	if err != nil {
		t.Fatal(err)
	}
}

// sameOverlap fails unless got and want list the same spans, as instants, and
// count the same.
func sameOverlap(t *testing.T, got, want booking.Overlap) {
	t.Helper()
	if got.PendingTotal != want.PendingTotal || got.PendingRequests != want.PendingRequests {
		t.Fatalf("totals %d/%d, want %d/%d", got.PendingTotal, got.PendingRequests, want.PendingTotal, want.PendingRequests)
	}
	sameBusy(t, got.Blocking, want.Blocking)
	sameBusy(t, got.Pending, want.Pending)
}

// TestUpgradeFillsBusy upgrades a database of schema version 1 holding a
// request of every status, the first a series: migrations 4 and 5 must give
// each occurrence the busy and series values the store writes.
func TestUpgradeFillsBusy(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			ctx, dsn := t.Context(), e.fresh(t)
			raw := frozenV1(t, e, dsn)
			for i, st := range booking.Statuses {
				insertV1Request(t, raw, int64(i+1), st)
			}
			// request 1 is a series of two
			if _, err := raw.ExecContext(ctx, `INSERT INTO occurrences (request_id, room, start_ns, end_ns)
				VALUES (1, 'cc', $1, $2)`, v1Start.AddDate(0, 0, 7).UnixNano(), v1Start.AddDate(0, 0, 7).Add(time.Hour).UnixNano()); err != nil {
				t.Fatal(err)
			}
			openTest(t, e, dsn)
			for i, st := range booking.Statuses {
				var busy string
				var series int
				err := raw.QueryRowContext(ctx, `SELECT MIN(busy), MIN(series) FROM occurrences WHERE request_id = $1`,
					i+1).Scan(&busy, &series)
				if err != nil || busy != busyOf(st) || series != map[bool]int{true: 1}[i == 0] {
					t.Errorf("status %s: busy %q, series %d, %v; want %q", st, busy, series, err, busyOf(st))
				}
			}
		})
	}
}

// insertV1Request writes request id in status st and its one occurrence, in
// the columns of schema version 1.
func insertV1Request(t *testing.T, db *sql.DB, id int64, st booking.Status) {
	t.Helper()
	start, end := v1Start.UnixNano(), v1Start.Add(time.Hour).UnixNano()
	_, err := db.ExecContext(t.Context(), `INSERT INTO requests (id, uid, room, title, organization,
		contact_name, contact_email, contact_phone, start_ns, end_ns, participants, equipment, visibility,
		letter_number, notes, recurrence, language, status, decision, sequence, created_ns, updated_ns)
		VALUES ($1, $2, 'cc', 'Rapat', 'Org', 'Sari', 's@x.id', '1', $3, $4, 5, '[]', 'public', '', '', '',
		'id', $5, '', 0, 1, 2)`, id, fmt.Sprint("u", id), start, end, string(st))
	if err == nil {
		_, err = db.ExecContext(t.Context(), `INSERT INTO occurrences (request_id, room, start_ns, end_ns)
			VALUES ($1, 'cc', $2, $3)`, id, start, end)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestBusyFollowsStatus moves one request through statuses: Overlap and Busy
// see it pending, then booked, then not at all.
func TestBusyFollowsStatus(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		r := submitTest(t, s, testRequest("r", "cc", at(7, 9, 0), time.Hour), booking.StatusSubmitted)
		for _, st := range []booking.Status{booking.StatusChecked, booking.StatusApproved, booking.StatusCancelled} {
			if _, err := s.Act(ctx, r.ID, setStatus(st, at(2, 0, 0))); err != nil {
				t.Fatal(err)
			}
			o, err := s.Overlap(ctx, "cc", at(7, 0, 0), at(8, 0, 0), 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{"booking": len(o.Blocking), "pending": o.PendingTotal}
			want := map[string]int{"booking": 0, "pending": 0}
			if k := busyOf(st); k != "" {
				want[k] = 1
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("status %s: %v, want %v", st, got, want)
			}
		}
	})
}

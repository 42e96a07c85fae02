package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// moveTo is an ActFunc that moves a request to st at a given time, as a
// step of role secretary.
func moveTo(st booking.Status, action booking.Action, at time.Time) ActFunc {
	return func(_ context.Context, r *booking.Request, _ time.Time, _ Calendar) (booking.Transition, error) {
		t := booking.Transition{Action: action, From: r.Status, To: st, Actor: "test", Role: booking.RoleSecretary, At: at}
		r.Status = st
		return t, nil
	}
}

func inboxIDs(t *testing.T, s Store, q InboxQuery) ([]int64, int) {
	t.Helper()
	rows, total, err := s.Inbox(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids, total
}

// TestInbox: turns, the step's start (a reschedule does not restart it),
// the order by when a step falls due, the end conditions, text, number and
// month, the limit and the total.
func TestInbox(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		a := submitTest(t, s, testRequest("a", "cc", at(9, 9, 0), time.Hour), booking.StatusSubmitted) // since 2 Dec 09:00
		b := submitTest(t, s, testRequest("b", "cc", at(10, 9, 0), time.Hour), booking.StatusSubmitted)
		fwdAt := at(4, 8, 0)
		if _, err := s.Act(ctx, b.ID, moveTo(booking.StatusForwarded, booking.ActionForward, fwdAt)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, b.ID, moveTo(booking.StatusForwarded, booking.ActionReschedule, at(5, 8, 0))); err != nil {
			t.Fatal(err)
		}
		wr := testRequest("c", "cc", at(1, 9, 0), time.Hour)
		wr.Title, wr.Organization, wr.Recurrence = "Rapat 100% _Stunting_", "Dinas Kesehatan", "FREQ=WEEKLY;COUNT=3"
		c := submitTest(t, s, wr, booking.StatusPrepared,
			booking.Slot{Start: at(1, 9, 0), End: at(1, 10, 0)},
			booking.Slot{Start: at(8, 9, 0), End: at(8, 10, 0)},
			booking.Slot{Start: at(15, 9, 0), End: at(15, 10, 0)})
		d := submitTest(t, s, testRequest("d", "cc", at(20, 9, 0), time.Hour), booking.StatusPrepared)

		rows, total, err := s.Inbox(ctx, InboxQuery{Turns: []Turn{{Status: booking.StatusForwarded, Standard: 5 * time.Minute}}})
		if err != nil || total != 1 || len(rows) != 1 {
			t.Fatalf("forwarded: %+v %d %v", rows, total, err)
		}
		if r := rows[0]; r.ID != b.ID || !r.Since.Equal(fwdAt) || r.Standard != 5*time.Minute || r.Title != "Rapat b" || r.Recurring {
			t.Errorf("forwarded row %+v, want b since %v", r, fwdAt)
		}

		// a (submitted 2 Dec 09:00, 60 min) falls due before b (forwarded 4 Dec 08:00, 5 min).
		turns := []Turn{{Status: booking.StatusSubmitted, Standard: time.Hour}, {Status: booking.StatusForwarded, Standard: 5 * time.Minute}}
		if ids, n := inboxIDs(t, s, InboxQuery{Turns: turns}); n != 2 || !equalIDs(ids, []int64{a.ID, b.ID}) {
			t.Errorf("by due: %v (%d), want [a b]", ids, n)
		}
		if ids, n := inboxIDs(t, s, InboxQuery{Turns: turns, Limit: 1}); n != 2 || len(ids) != 1 || ids[0] != a.ID {
			t.Errorf("limit 1: %v (%d), want [a] of 2", ids, n)
		}
		for _, tc := range []struct {
			name string
			q    InboxQuery
			want []int64
		}{
			{"ended", InboxQuery{Turns: []Turn{{Status: booking.StatusPrepared, EndedBy: at(15, 10, 0)}}}, []int64{c.ID}},
			{"not ended", InboxQuery{Turns: []Turn{{Status: booking.StatusPrepared, EndsAfter: at(15, 10, 0)}}}, []int64{d.ID}},
			{"text, any case, wildcards literal", InboxQuery{Text: "100% _stunting"}, []int64{c.ID}},
			{"organization", InboxQuery{Text: "KESEHATAN"}, []int64{c.ID}},
			{"underscore is no wildcard", InboxQuery{Text: "rapat_"}, nil},
			{"number", InboxQuery{ID: d.ID}, []int64{d.ID}},
			{"by occurrence", InboxQuery{From: at(8, 0, 0), To: at(9, 0, 0), Order: ByStart}, []int64{c.ID}},
			{"window and status", InboxQuery{From: at(1, 0, 0), To: at(31, 0, 0), Order: ByStartDesc,
				Turns: []Turn{{Status: booking.StatusPrepared}}}, []int64{d.ID, c.ID}},
			{"everything by start", InboxQuery{Order: ByStart}, []int64{c.ID, a.ID, b.ID, d.ID}},
		} {
			ids, n := inboxIDs(t, s, tc.q)
			if n != len(tc.want) || !equalIDs(ids, tc.want) {
				t.Errorf("%s: %v (%d), want %v", tc.name, ids, n, tc.want)
			}
		}
		removeOccurrence(t, s, c.ID, at(8, 9, 0))
		if ids, _ := inboxIDs(t, s, InboxQuery{From: at(8, 0, 0), To: at(9, 0, 0)}); len(ids) != 0 {
			t.Errorf("a removed occurrence still selects: %v", ids)
		}
	})
}

// TestPlacedOccurrences: a moved occurrence keeps its rule-given start.
func TestPlacedOccurrences(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		wr := testRequest("w", "cc", at(1, 9, 0), time.Hour)
		wr.Recurrence = "FREQ=WEEKLY;COUNT=2"
		w := submitTest(t, s, wr, booking.StatusApproved,
			booking.Slot{Start: at(1, 9, 0), End: at(1, 10, 0)}, booking.Slot{Start: at(8, 9, 0), End: at(8, 10, 0)})
		_, err := s.ChangeOccurrence(t.Context(), w.ID, OccurrenceChange{Original: at(8, 9, 0),
			Start: at(9, 13, 0), End: at(9, 14, 0), At: at(1, 8, 0), Actor: "Sec", Role: booking.RoleSecretary}, nil)
		if err != nil {
			t.Fatal(err)
		}
		occ, err := s.PlacedOccurrences(t.Context(), w.ID)
		if err != nil || len(occ) != 2 {
			t.Fatalf("PlacedOccurrences: %+v %v", occ, err)
		}
		if !occ[1].Start.Equal(at(9, 13, 0)) || !occ[1].Original.Equal(at(8, 9, 0)) || !occ[0].Original.Equal(occ[0].Start) {
			t.Errorf("occurrences %+v", occ)
		}
		if _, err := s.PlacedOccurrences(t.Context(), 999); err == nil {
			t.Error("an unknown request has occurrences")
		}
	})
}

// BenchmarkInbox reads the first 50 requests due of 10,000, every one of
// them in the chain (the worst case: none closed yet).
func BenchmarkInbox(b *testing.B) {
	for _, e := range testEngines() {
		b.Run(e.name, func(b *testing.B) {
			s, err := Open(b.Context(), e.driver, e.fresh(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := fillChain(b.Context(), s.(*sqlStore), base, 10_000); err != nil {
				b.Fatal(err)
			}
			var turns []Turn
			for _, st := range booking.Statuses[:5] {
				turns = append(turns, Turn{Status: st, Standard: 5 * time.Minute})
			}
			for b.Loop() {
				rows, total, err := s.Inbox(b.Context(), InboxQuery{Turns: turns, Limit: 50})
				if err != nil || len(rows) != 50 || total == 0 {
					b.Fatal(len(rows), total, err)
				}
			}
		})
	}
}

// fillChain inserts n requests spread over the chain's first five states,
// each with its submission recorded.
func fillChain(ctx context.Context, s *sqlStore, base time.Time, n int) error {
	for i := range n {
		start := base.Add(time.Duration(i) * time.Hour)
		r := testRequest(fmt.Sprint("chain-", i), "cc", start, 45*time.Minute)
		tr := booking.Submitted(r, base, booking.DefaultStandards())
		r.Status = booking.Statuses[i%5]
		if _, _, err := s.Submit(ctx, Submission{Request: r, Transition: tr}, nil); err != nil {
			return err
		}
	}
	return nil
}

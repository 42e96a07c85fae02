package store

import (
	"context"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestLogbookMonth(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		dec := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
		jan := dec.AddDate(0, 1, 0)
		times := []time.Time{dec.Add(-1), dec, jan.Add(-1), jan} // before, first, last, after
		r := testRequest("uid-1", "cc", jan.AddDate(0, 0, 10), time.Hour)
		tr := booking.Submitted(r, times[0], nil)
		first, _, err := s.Submit(ctx, Submission{Request: r, Transition: tr}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, when := range times[1:] {
			_, err := s.Act(ctx, first.ID, func(_ context.Context, r *booking.Request, _ time.Time, _ Calendar) (booking.Transition, error) {
				r.Sequence++
				return booking.Transition{Action: booking.ActionForward, From: r.Status, To: r.Status,
					Actor: "Sec", Role: booking.RoleSecretary, Note: string(rune('a' + i)), At: when}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		other := submitTest(t, s, testRequest("uid-2", "other", dec.AddDate(0, 0, 20), time.Hour), booking.StatusSubmitted)

		entries, err := s.Logbook(ctx, dec, jan)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 3 {
			t.Fatalf("Logbook: %d entries, want 3: %+v", len(entries), entries)
		}
		wantAt := []time.Time{dec, other.CreatedAt, jan.Add(-1)}
		for i, e := range entries {
			if !e.At.Equal(wantAt[i]) {
				t.Errorf("entry %d at %v, want %v", i, e.At, wantAt[i])
			}
		}
		e := entries[0]
		if e.RequestID != first.ID || e.Title != first.Title || e.Room != "cc" ||
			e.Organization != first.Organization || !e.Start.Equal(first.Start) || !e.End.Equal(first.End) ||
			e.Note != "a" || e.Actor != "Sec" {
			t.Errorf("entry: %+v", e)
		}
		if entries[1].RequestID != other.ID || entries[1].Room != "other" {
			t.Errorf("entry of the other request: %+v", entries[1])
		}
	})
}

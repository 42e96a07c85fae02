package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestSubmitRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		r := testRequest("uid-1", "command-center", at(7, 9, 0), 2*time.Hour)
		r.Recurrence = "FREQ=WEEKLY;COUNT=3"
		r.Equipment = append(r.Equipment, booking.Need{Name: "sound-system", Count: 1})
		occ := []booking.Slot{{Start: r.Start, End: r.End},
			{Start: r.Start.AddDate(0, 0, 7), End: r.End.AddDate(0, 0, 7)},
			{Start: r.Start.AddDate(0, 0, 14), End: r.End.AddDate(0, 0, 14)}}
		got := submitTest(t, s, r, booking.StatusSubmitted, occ...)
		if got.ID == 0 || r.ID != got.ID || got.CreatedAt.IsZero() {
			t.Fatalf("Submit did not fill ID and CreatedAt: %+v", got)
		}
		stored, err := s.Request(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameRequest(t, stored, *r)
		slots, err := s.Occurrences(ctx, got.ID)
		if err != nil || len(slots) != 3 {
			t.Fatalf("Occurrences: %v, %v", slots, err)
		}
		for i, o := range slots {
			if !o.Start.Equal(occ[i].Start) || !o.End.Equal(occ[i].End) {
				t.Errorf("occurrence %d: got %v, want %v", i, o, occ[i])
			}
		}
		history, err := s.History(ctx, got.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("History: %v, %v", history, err)
		}
		h := history[0]
		if h.RequestID != got.ID || h.Action != booking.ActionSubmit || h.To != booking.StatusSubmitted ||
			h.Actor != "Sari" || h.Role != booking.RoleApplicant || !h.At.Equal(got.CreatedAt) ||
			h.Standard != 60*time.Minute || h.ID == 0 {
			t.Errorf("first transition: %+v", h)
		}
	})
}

func TestNotFoundAndDuplicate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		r := submitTest(t, s, testRequest("uid-1", "cc", at(7, 9, 0), time.Hour), booking.StatusSubmitted)
		for _, err := range []error{
			func() error { _, err := s.Request(ctx, r.ID+1); return err }(),
			func() error { _, err := s.Occurrences(ctx, r.ID+1); return err }(),
			func() error { _, err := s.History(ctx, r.ID+1); return err }(),
			func() error { _, err := s.Act(ctx, r.ID+1, nil); return err }(),
		} {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown request: %v, want ErrNotFound", err)
			}
		}
		again := testRequest("uid-1", "cc", at(8, 9, 0), time.Hour)
		tr := booking.Submitted(again, at(1, 9, 0), nil)
		if _, _, err := s.Submit(ctx, Submission{Request: again, Transition: tr}, nil); !errors.Is(err, ErrDuplicate) {
			t.Errorf("same UID twice: %v, want ErrDuplicate", err)
		}
	})
}

func TestSubmitIdempotency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		sub := func(uid string, hash string) (booking.Request, bool, error) {
			r := testRequest(uid, "cc", at(7, 9, 0), time.Hour)
			tr := booking.Submitted(r, at(1, 9, 0), nil)
			return s.Submit(ctx, Submission{Request: r, Transition: tr,
				IdempotencyKey: "key-1", BodyHash: []byte(hash)}, nil)
		}
		first, replayed, err := sub("uid-1", "body")
		if err != nil || replayed {
			t.Fatalf("first: %v, replayed %v", err, replayed)
		}
		again, replayed, err := sub("uid-2", "body")
		if err != nil || !replayed {
			t.Fatalf("retry: %v, replayed %v", err, replayed)
		}
		sameRequest(t, again, first)
		if _, _, err := sub("uid-3", "other body"); !errors.Is(err, ErrIdempotencyMismatch) {
			t.Errorf("key with another body: %v, want ErrIdempotencyMismatch", err)
		}
		all, err := s.Requests(ctx, Filter{})
		if err != nil || len(all) != 1 {
			t.Errorf("requests stored: %d, %v; want 1", len(all), err)
		}
		if h, err := s.History(ctx, first.ID); err != nil || len(h) != 1 {
			t.Errorf("history: %v, %v; want one transition", h, err)
		}
	})
}

func TestSubmitCheck(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		first := submitTest(t, s, testRequest("uid-1", "cc", at(7, 9, 0), time.Hour), booking.StatusSubmitted)
		refused := errors.New("overlap")
		var seen []booking.Busy
		check := func(ctx context.Context, cal Calendar) error {
			var err error
			seen, err = cal.Busy(ctx, "cc", at(7, 8, 0), at(7, 12, 0))
			if err != nil {
				return err
			}
			return refused
		}
		r := testRequest("uid-2", "cc", at(7, 9, 30), time.Hour)
		tr := booking.Submitted(r, at(1, 9, 0), nil)
		_, _, err := s.Submit(ctx, Submission{Request: r, Transition: tr, IdempotencyKey: "k", BodyHash: []byte("b")}, check)
		if err != refused {
			t.Fatalf("Submit: %v, want the check's error unchanged", err)
		}
		if len(seen) != 1 || seen[0].RequestID != first.ID || seen[0].Kind != booking.BusyPending {
			t.Errorf("check saw %+v, want the pending first request", seen)
		}
		all, err := s.Requests(ctx, Filter{})
		if err != nil || len(all) != 1 {
			t.Errorf("after a refused check: %d requests, %v; want 1", len(all), err)
		}
		// The key was not stored: a retry that passes the check is written.
		got, replayed, err := s.Submit(ctx, Submission{Request: r, Transition: tr, IdempotencyKey: "k", BodyHash: []byte("b")}, nil)
		if err != nil || replayed || got.ID == first.ID {
			t.Errorf("retry after a refusal: %+v, replayed %v, %v", got, replayed, err)
		}
	})
}

func TestSubmitRefusesBadTimes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		r := testRequest("uid-1", "cc", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour)
		tr := booking.Submitted(r, at(1, 9, 0), nil)
		if _, _, err := s.Submit(t.Context(), Submission{Request: r, Transition: tr}, nil); err == nil {
			t.Error("Submit stored a start past 2262")
		}
		r = testRequest("", "cc", at(7, 9, 0), time.Hour)
		if _, _, err := s.Submit(t.Context(), Submission{Request: r, Transition: tr}, nil); err == nil {
			t.Error("Submit stored a request without UID")
		}
	})
}

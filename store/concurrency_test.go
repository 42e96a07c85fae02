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

// errOverlap stands for the overlap rule's refusal.
var errOverlap = errors.New("overlap")

// approveIfFree is the re-check at inform: approve only when no booking of
// the room overlaps the request in the transaction's calendar.
func approveIfFree(at time.Time) ActFunc {
	secretary := booking.Actor{Name: "Sec", Roles: []booking.Role{booking.RoleSecretary}}
	return func(ctx context.Context, r *booking.Request, since time.Time, cal Calendar) (booking.Transition, error) {
		busy, err := cal.Busy(ctx, r.Room, r.Start, r.End)
		if err != nil {
			return booking.Transition{}, err
		}
		for _, b := range busy {
			if b.Kind == booking.BusyBooking && b.RequestID != r.ID {
				return booking.Transition{}, errOverlap
			}
		}
		return booking.Apply(r, booking.Act{Action: booking.ActionInform, Actor: secretary, At: at},
			since, booking.DefaultStandards())
	}
}

// race runs do(i) for i in [0, n) in n goroutines released at once, and
// returns their errors and how long they took together.
func race(n int, do func(i int) error) ([]error, time.Duration) {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = do(i)
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	return errs, time.Since(began)
}

// exactlyOne fails unless one error is nil and every other is errOverlap.
func exactlyOne(t *testing.T, errs []error) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("goroutines %d and %d both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, errOverlap):
			t.Errorf("goroutine %d: %v, want only the rule's error", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no goroutine succeeded")
	}
	return winner
}

func TestConcurrentApprovals(t *testing.T) {
	const n = 50
	forEachEngine(t, func(t *testing.T, s Store) {
		ids := make([]int64, n)
		for i := range ids {
			r := testRequest(fmt.Sprint("uid-", i), "cc", at(20, 9, i), 2*time.Hour)
			r.Decision = booking.DecisionAvailable
			ids[i] = submitTest(t, s, r, booking.StatusRelayed).ID
		}
		errs, took := race(n, func(i int) error {
			_, err := s.Act(t.Context(), ids[i], approveIfFree(at(10, 9, 0)))
			return err
		})
		t.Logf("%s: %d concurrent approvals of overlapping requests: %v", t.Name(), n, took)
		winner := exactlyOne(t, errs)
		busy, err := s.Busy(t.Context(), "cc", at(20, 0, 0), at(21, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		booked := 0
		for _, b := range busy {
			if b.Kind == booking.BusyBooking {
				booked++
				if b.RequestID != ids[winner] {
					t.Errorf("booked %d, but %d was approved", b.RequestID, ids[winner])
				}
			}
		}
		if booked != 1 || len(busy) != n {
			t.Errorf("%d booked of %d busy spans, want 1 of %d", booked, len(busy), n)
		}
	})
}

func TestConcurrentSubmissions(t *testing.T) {
	const n = 50
	forEachEngine(t, func(t *testing.T, s Store) {
		errs, took := race(n, func(i int) error {
			r := testRequest(fmt.Sprint("uid-", i), "cc", at(20, 9, i), 2*time.Hour)
			tr := booking.Submitted(r, at(10, 9, 0), nil)
			_, _, err := s.Submit(t.Context(), Submission{Request: r, Transition: tr},
				func(ctx context.Context, cal Calendar) error {
					busy, err := cal.Busy(ctx, r.Room, r.Start, r.End)
					if err == nil && len(busy) > 0 {
						err = errOverlap
					}
					return err
				})
			return err
		})
		t.Logf("%s: %d concurrent submissions of overlapping requests: %v", t.Name(), n, took)
		exactlyOne(t, errs)
		if all, err := s.Requests(t.Context(), Filter{}); err != nil || len(all) != 1 {
			t.Errorf("%d requests stored, %v; want 1", len(all), err)
		}
	})
}

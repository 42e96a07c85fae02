package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestTimeRoundTrip stores instants with nanoseconds, in several zones, before
// and after 1970, and reads the same instants back from every read.
func TestTimeRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		for i, start := range []time.Time{
			time.Date(2026, 12, 7, 9, 0, 0, 1, wib),
			time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
			time.Date(2200, 6, 30, 17, 45, 3, 456789012, time.FixedZone("X", -(3*60*60+30*60))),
			time.Now(),
		} {
			r := testRequest(fmt.Sprint("uid-", i), fmt.Sprint("room-", i), start, 90*time.Minute+3)
			tr := booking.Submitted(r, start.Add(-time.Nanosecond), nil)
			tr.Took, tr.Standard = 1, time.Hour+1
			got, _, err := s.Submit(ctx, Submission{Request: r, Transition: tr}, nil)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := s.Request(ctx, got.ID)
			if err != nil {
				t.Fatal(err)
			}
			sameRequest(t, stored, *r)
			if !stored.CreatedAt.Equal(tr.At) {
				t.Errorf("%v: created %v, want %v", start, stored.CreatedAt, tr.At)
			}
			busy, err := s.Busy(ctx, r.Room, start, start.Add(time.Nanosecond))
			if err != nil || len(busy) != 1 || !busy[0].Start.Equal(r.Start) || !busy[0].End.Equal(r.End) {
				t.Errorf("%v: busy %+v, %v", start, busy, err)
			}
			log, err := s.Logbook(ctx, tr.At, tr.At.Add(time.Nanosecond))
			if err != nil || len(log) != 1 || !log[0].At.Equal(tr.At) || log[0].Took != 1 ||
				log[0].Standard != time.Hour+1 || !log[0].End.Equal(r.End) {
				t.Errorf("%v: logbook %+v, %v", start, log, err)
			}
		}
	})
}

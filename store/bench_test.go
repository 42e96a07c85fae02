package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// BenchmarkBusy reads a room's busy time for one two-hour window out of
// 100,000 approved bookings over ten years (the size of the conflict
// check benchmark), in the middle of the ten years and at their end.
func BenchmarkBusy(b *testing.B) {
	for _, e := range testEngines() {
		b.Run(e.name, func(b *testing.B) {
			s, err := Open(b.Context(), e.driver, e.fresh(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			const n, step = 100_000, 53 * time.Minute
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := fillBookings(b.Context(), s.(*sqlStore), base, n, step); err != nil {
				b.Fatal(err)
			}
			for _, when := range []struct {
				name string
				at   time.Time
			}{{"middle", base.Add(n / 2 * step)}, {"end", base.Add(n * step)}} {
				b.Run(when.name, func(b *testing.B) {
					for b.Loop() {
						if _, err := s.Busy(b.Context(), "cc", when.at, when.at.Add(2*time.Hour)); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// fillBookings inserts n approved bookings of 45 minutes, one every step.
func fillBookings(ctx context.Context, s *sqlStore, base time.Time, n int, step time.Duration) error {
	return s.inTx(ctx, "fill", func(tx *sql.Tx) error {
		for i := range n {
			start := base.Add(time.Duration(i) * step)
			r := testRequest(fmt.Sprint("bench-", i), "cc", start, 45*time.Minute)
			r.Status, r.CreatedAt, r.UpdatedAt = booking.StatusApproved, base, base
			id, err := insertRequest(ctx, tx, r)
			if err != nil {
				return err
			}
			r.ID = id
			if err := insertOccurrences(ctx, tx, r, []booking.Slot{{Start: r.Start, End: r.End}}); err != nil {
				return err
			}
		}
		return nil
	})
}

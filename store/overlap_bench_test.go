package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// BenchmarkOverlapPending reads the overlaps of an hour that n pending
// requests ask for (the check of a new request for a busy hour): the first
// ten are listed, the others counted. Its cost per pending request is the
// count's, in the index.
func BenchmarkOverlapPending(b *testing.B) {
	for _, e := range testEngines() {
		for _, n := range []int{0, 10, 100, 1000, 4000} {
			b.Run(fmt.Sprintf("%s/pending=%d", e.name, n), func(b *testing.B) {
				s, err := Open(b.Context(), e.driver, e.fresh(b))
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				hour := time.Date(2027, 1, 5, 2, 0, 0, 0, time.UTC)
				if err := fillPending(b.Context(), s.(*sqlStore), hour, n); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					o, err := s.Overlap(b.Context(), "cc", hour, hour.Add(time.Hour), 0, booking.ListLimit)
					if err != nil || o.PendingTotal != n {
						b.Fatalf("%d pending, %v", o.PendingTotal, err)
					}
				}
			})
		}
	}
}

// fillPending inserts n submitted requests for the hour from start.
func fillPending(ctx context.Context, s *sqlStore, start time.Time, n int) error {
	return s.inTx(ctx, "fill", func(tx *sql.Tx) error {
		for i := range n {
			r := testRequest(fmt.Sprint("pending-", i), "cc", start, time.Hour)
			r.Status, r.CreatedAt, r.UpdatedAt = booking.StatusSubmitted, start, start
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

// BenchmarkSubmitSerial submits requests one after the other, each checked
// against the room's overlaps in its write transaction: the cost of one
// submission's transaction, its commit (fsync) included.
func BenchmarkSubmitSerial(b *testing.B) {
	for _, e := range testEngines() {
		b.Run(e.name, func(b *testing.B) {
			s, err := Open(b.Context(), e.driver, e.fresh(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			start := time.Date(2027, 1, 5, 2, 0, 0, 0, time.UTC)
			i := 0
			for b.Loop() {
				i++
				r := testRequest(fmt.Sprint("s-", i), "cc", start.Add(time.Duration(i)*time.Hour), time.Hour)
				r.Status = booking.StatusSubmitted
				check := func(ctx context.Context, cal Calendar) error {
					_, err := cal.Overlap(ctx, "cc", r.Start, r.End, 0, booking.ListLimit)
					return err
				}
				if _, _, err := s.Submit(b.Context(), Submission{Request: r, Transition: booking.Submitted(r, start, nil)}, check); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

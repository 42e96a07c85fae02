package store

import (
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestBusyKeptByTheDatabase: a writer that knows nothing of occurrences.busy
// (an older ccroom during an upgrade) inserts an occurrence and changes a
// status the way it did; the database keeps busy, so the conflict check
// still sees the booking.
func TestBusyKeptByTheDatabase(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			dsn := e.fresh(t)
			s := openTest(t, e, dsn)
			raw := rawDB(t, e, dsn)
			start := at(10, 9, 0)
			r := submitTest(t, s, testRequest("old", "command-center", start, time.Hour), booking.StatusRelayed)
			if _, err := raw.ExecContext(t.Context(), `UPDATE requests SET status = 'approved' WHERE id = $1`, r.ID); err != nil {
				t.Fatal(err)
			}
			later := start.Add(24 * time.Hour)
			if _, err := raw.ExecContext(t.Context(), `INSERT INTO occurrences (request_id, room, start_ns, end_ns) VALUES ($1, $2, $3, $4)`,
				r.ID, "command-center", later.UnixNano(), later.Add(time.Hour).UnixNano()); err != nil {
				t.Fatal(err)
			}
			for _, from := range []time.Time{start, later} {
				o, err := s.Overlap(t.Context(), "command-center", from, from.Add(time.Hour), 0, 10)
				if err != nil || len(o.Blocking) != 1 || len(o.Pending) != 0 {
					t.Errorf("%s: blocking %d, pending %d, %v", from, len(o.Blocking), len(o.Pending), err)
				}
			}
			if _, err := raw.ExecContext(t.Context(), `UPDATE requests SET status = 'cancelled' WHERE id = $1`, r.ID); err != nil {
				t.Fatal(err)
			}
			if o, err := s.Overlap(t.Context(), "command-center", start, later.Add(time.Hour), 0, 10); err != nil || len(o.Blocking)+len(o.Pending) != 0 {
				t.Errorf("after the cancel: %+v %v", o, err)
			}
		})
	}
}

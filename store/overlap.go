package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// The queries of Overlap, on the (room, busy, start_ns, end_ns, request_id)
// index of the occurrences that take time. spansQuery reads the approved
// bookings in full and the first $6 pending occurrences, in the order a
// report lists them; countsQuery counts the pending occurrences in that index
// and, in the small index of the series, those of series and their requests.
// $5 is the request left out (0 for none: ids start at 1).
var (
	spansQuery = `SELECT * FROM (SELECT o.request_id, r.title, o.busy, o.start_ns, o.end_ns
			FROM occurrences o JOIN requests r ON r.id = o.request_id
			WHERE o.busy = 'booking' AND` + overlapWhere + ` AND o.request_id <> $5) AS blocking
		UNION ALL
		SELECT * FROM (SELECT o.request_id, r.title, o.busy, o.start_ns, o.end_ns
			FROM occurrences o JOIN requests r ON r.id = o.request_id
			WHERE o.busy = 'pending' AND` + overlapWhere + ` AND o.request_id <> $5
			ORDER BY o.start_ns, o.end_ns, o.request_id LIMIT $6) AS pending`
	countsQuery = `SELECT
		(SELECT count(*) FROM occurrences o
			WHERE o.busy = 'pending' AND` + overlapWhere + ` AND o.request_id <> $5),
		(SELECT count(*) FROM occurrences o
			WHERE o.busy = 'pending' AND o.series = 1 AND` + overlapWhere + ` AND o.request_id <> $5),
		(SELECT count(DISTINCT o.request_id) FROM occurrences o
			WHERE o.busy = 'pending' AND o.series = 1 AND` + overlapWhere + ` AND o.request_id <> $5)`
)

// Overlap implements Calendar, reading outside any write transaction.
func (s *sqlStore) Overlap(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	return s.readBusy.overlap(ctx, nil, room, from, to, exclude, limit, true)
}

// OverlapListed implements Calendar, reading outside any write transaction.
func (s *sqlStore) OverlapListed(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	return s.readBusy.overlap(ctx, nil, room, from, to, exclude, limit, false)
}

// Overlap is Overlap inside the write transaction.
func (c txCalendar) Overlap(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	return c.stmts.overlap(ctx, c.tx, room, from, to, exclude, limit, true)
}

// OverlapListed is OverlapListed inside the write transaction.
func (c txCalendar) OverlapListed(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	return c.stmts.overlap(ctx, c.tx, room, from, to, exclude, limit, false)
}

// overlap reads what overlaps [from, to) in room, in tx when it is not nil:
// the bookings and imported events, the first limit pending occurrences (all
// when limit < 0) and, when count asks and there are more, the count of them
// all.
func (b *busyStmts) overlap(ctx context.Context, tx *sql.Tx, room string, from, to time.Time, exclude int64, limit int, count bool) (booking.Overlap, error) {
	if limit < 0 || limit == math.MaxInt {
		limit = math.MaxInt - 1
	}
	args, err := b.window(ctx, tx, room, from, to)
	var spans, external []booking.Busy
	if err == nil { // one more than listed: whether there are more to count
		args = append(args, exclude)
		spans, err = queryBusy(ctx, in(ctx, tx, b.spans), room, append(args, limit+1)...)
	}
	if err == nil {
		external, err = b.externalBusy(ctx, tx, room, from, to)
	}
	if err != nil {
		return booking.Overlap{}, fmt.Errorf("store: overlaps in %q: %w", room, err)
	}
	o := splitSpans(spans)
	o.Blocking = withExternal(o.Blocking, external)
	more := len(o.Pending) > limit
	o.Pending = o.Pending[:min(len(o.Pending), limit)]
	o.PendingTotal, o.PendingRequests = len(o.Pending), distinctRequests(o.Pending)
	if !count || !more {
		return o, nil
	}
	if o.PendingTotal, o.PendingRequests, err = b.countPending(ctx, tx, args); err != nil {
		return booking.Overlap{}, fmt.Errorf("store: count pending requests in %q: %w", room, err)
	}
	return o, nil
}

// splitSpans sorts the rows of spansQuery into bookings and pending
// occurrences, each by start, then end, then request.
func splitSpans(spans []booking.Busy) booking.Overlap {
	var o booking.Overlap
	for _, s := range spans {
		if s.Kind == booking.BusyPending {
			o.Pending = append(o.Pending, s)
		} else {
			o.Blocking = append(o.Blocking, s)
		}
	}
	slices.SortFunc(o.Blocking, booking.BySpan)
	slices.SortFunc(o.Pending, booking.BySpan)
	return o
}

// countPending counts the pending occurrences of the window args and their
// requests, in the indexes. Each occurrence is a request of its own but those
// of a series, which are counted apart.
func (b *busyStmts) countPending(ctx context.Context, tx *sql.Tx, args []any) (occurrences, requests int, err error) {
	var series, seriesRequests int
	err = in(ctx, tx, b.counts).QueryRowContext(ctx, args...).Scan(&occurrences, &series, &seriesRequests)
	return occurrences, occurrences - series + seriesRequests, err
}

// distinctRequests counts the requests behind spans.
func distinctRequests(spans []booking.Busy) int {
	ids := make([]int64, len(spans))
	for i, s := range spans {
		ids[i] = s.RequestID
	}
	slices.Sort(ids)
	return len(slices.Compact(ids))
}

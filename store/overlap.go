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
// index of the occurrences that take time: the approved bookings in full, the
// first pending occurrences ($6 of them, in the order a report lists them),
// and the count of the pending ones, from the index alone. $5 is the request
// left out (0 for none: ids start at 1).
var (
	blockingQuery = `SELECT o.request_id, r.title, o.busy, o.start_ns, o.end_ns
		FROM occurrences o JOIN requests r ON r.id = o.request_id
		WHERE o.busy = 'booking' AND` + overlapWhere + ` AND o.request_id <> $5
		ORDER BY o.start_ns, o.end_ns, o.request_id`
	pendingQuery = `SELECT o.request_id, r.title, o.busy, o.start_ns, o.end_ns
		FROM occurrences o JOIN requests r ON r.id = o.request_id
		WHERE o.busy = 'pending' AND` + overlapWhere + ` AND o.request_id <> $5
		ORDER BY o.start_ns, o.end_ns, o.request_id LIMIT $6`
	pendingCountQuery = `SELECT count(*) FROM occurrences o
		WHERE o.busy = 'pending' AND` + overlapWhere + ` AND o.request_id <> $5`
	// seriesCountQuery counts the pending occurrences of series in the
	// window, and their requests, in the index of the series alone.
	seriesCountQuery = `SELECT count(*), count(DISTINCT o.request_id) FROM occurrences o
		WHERE o.busy = 'pending' AND o.series = 1 AND` + overlapWhere + ` AND o.request_id <> $5`
)

// Overlap returns what overlaps [from, to) in room as booking.OverlapCalendar
// answers it (all pending occurrences listed when limit < 0), reading outside
// any write transaction.
func (s *sqlStore) Overlap(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	return s.readBusy.overlap(ctx, nil, room, from, to, exclude, limit)
}

// Blocking returns the bookings and imported events of room overlapping
// [from, to), leaving out request exclude, reading outside any write
// transaction.
func (s *sqlStore) Blocking(ctx context.Context, room string, from, to time.Time, exclude int64) ([]booking.Busy, error) {
	spans, _, err := s.readBusy.blockingSpans(ctx, nil, room, from, to, exclude)
	return spans, err
}

// Overlap is Overlap inside the write transaction.
func (c txCalendar) Overlap(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	return c.stmts.overlap(ctx, c.tx, room, from, to, exclude, limit)
}

// Blocking is Blocking inside the write transaction.
func (c txCalendar) Blocking(ctx context.Context, room string, from, to time.Time, exclude int64) ([]booking.Busy, error) {
	spans, _, err := c.stmts.blockingSpans(ctx, c.tx, room, from, to, exclude)
	return spans, err
}

// overlap reads what overlaps [from, to) in room, in tx when it is not nil:
// the bookings and imported events, the first limit pending occurrences and,
// when there may be more, their count.
func (b *busyStmts) overlap(ctx context.Context, tx *sql.Tx, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	var o booking.Overlap
	var args []any
	var err error
	o.Blocking, args, err = b.blockingSpans(ctx, tx, room, from, to, exclude)
	if limit < 0 {
		limit = math.MaxInt64
	}
	if err == nil {
		o.Pending, err = queryBusy(ctx, in(ctx, tx, b.pending), room, append(args, limit)...)
	}
	if err == nil {
		err = b.countPending(ctx, tx, &o, limit, args)
	}
	if err != nil {
		return booking.Overlap{}, fmt.Errorf("store: pending requests in %q: %w", room, err)
	}
	return o, nil
}

// blockingSpans reads the bookings and imported events of room overlapping
// [from, to), by start, and returns the arguments $1 to $5 of the overlap
// queries.
func (b *busyStmts) blockingSpans(ctx context.Context, tx *sql.Tx, room string, from, to time.Time, exclude int64) ([]booking.Busy, []any, error) {
	args, err := b.window(ctx, tx, room, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("store: bookings in %q: %w", room, err)
	}
	args = append(args, exclude)
	spans, err := queryBusy(ctx, in(ctx, tx, b.blocking), room, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: bookings in %q: %w", room, err)
	}
	external, err := b.externalBusy(ctx, tx, room, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("store: events in %q: %w", room, err)
	}
	return withExternal(spans, external), args, nil
}

// countPending fills the pending totals of o: from the list when it holds
// fewer than limit, else from the counts in the indexes. Each occurrence is a
// request of its own but those of a series, which are counted apart.
func (b *busyStmts) countPending(ctx context.Context, tx *sql.Tx, o *booking.Overlap, limit int, args []any) error {
	if len(o.Pending) < limit {
		o.PendingTotal, o.PendingRequests = len(o.Pending), distinctRequests(o.Pending)
		return nil
	}
	var series, seriesRequests int
	err := in(ctx, tx, b.count).QueryRowContext(ctx, args...).Scan(&o.PendingTotal)
	if err == nil {
		err = in(ctx, tx, b.series).QueryRowContext(ctx, args...).Scan(&series, &seriesRequests)
	}
	o.PendingRequests = o.PendingTotal - series + seriesRequests
	return err
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

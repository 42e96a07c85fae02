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

// Overlap reads what overlaps [from, to) in room from cal, as
// booking.OverlapCalendar answers it: the bookings and imported events in
// full, the first limit pending occurrences (all when limit < 0) and, when
// the list is full, the count of them all, leaving out request exclude.
func Overlap(ctx context.Context, cal Calendar, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	var o booking.Overlap
	var err error
	if o.Blocking, err = cal.Blocking(ctx, room, from, to, exclude); err != nil {
		return booking.Overlap{}, err
	}
	if o.Pending, err = cal.Pending(ctx, room, from, to, exclude, limit); err != nil {
		return booking.Overlap{}, err
	}
	if limit < 0 || len(o.Pending) < limit {
		o.PendingTotal, o.PendingRequests = len(o.Pending), distinctRequests(o.Pending)
		return o, nil
	}
	o.PendingTotal, o.PendingRequests, err = cal.CountPending(ctx, room, from, to, exclude)
	return o, err
}

// Blocking implements Calendar, reading outside any write transaction.
func (s *sqlStore) Blocking(ctx context.Context, room string, from, to time.Time, exclude int64) ([]booking.Busy, error) {
	return s.readBusy.blockingSpans(ctx, nil, room, from, to, exclude)
}

// Pending implements Calendar, reading outside any write transaction.
func (s *sqlStore) Pending(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) ([]booking.Busy, error) {
	return s.readBusy.pendingSpans(ctx, nil, room, from, to, exclude, limit)
}

// CountPending implements Calendar, reading outside any write transaction.
func (s *sqlStore) CountPending(ctx context.Context, room string, from, to time.Time, exclude int64) (occurrences, requests int, err error) {
	return s.readBusy.countPending(ctx, nil, room, from, to, exclude)
}

// Blocking is Blocking inside the write transaction.
func (c txCalendar) Blocking(ctx context.Context, room string, from, to time.Time, exclude int64) ([]booking.Busy, error) {
	return c.stmts.blockingSpans(ctx, c.tx, room, from, to, exclude)
}

// Pending is Pending inside the write transaction.
func (c txCalendar) Pending(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) ([]booking.Busy, error) {
	return c.stmts.pendingSpans(ctx, c.tx, room, from, to, exclude, limit)
}

// CountPending is CountPending inside the write transaction.
func (c txCalendar) CountPending(ctx context.Context, room string, from, to time.Time, exclude int64) (occurrences, requests int, err error) {
	return c.stmts.countPending(ctx, c.tx, room, from, to, exclude)
}

// blockingSpans reads the bookings and imported events of room overlapping
// [from, to), by start, in tx when it is not nil.
func (b *busyStmts) blockingSpans(ctx context.Context, tx *sql.Tx, room string, from, to time.Time, exclude int64) ([]booking.Busy, error) {
	args, err := b.window(ctx, tx, room, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: bookings in %q: %w", room, err)
	}
	spans, err := queryBusy(ctx, in(ctx, tx, b.blocking), room, append(args, exclude)...)
	if err != nil {
		return nil, fmt.Errorf("store: bookings in %q: %w", room, err)
	}
	external, err := b.externalBusy(ctx, tx, room, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: events in %q: %w", room, err)
	}
	return withExternal(spans, external), nil
}

// pendingSpans reads the first limit pending occurrences of room overlapping
// [from, to), all of them when limit < 0.
func (b *busyStmts) pendingSpans(ctx context.Context, tx *sql.Tx, room string, from, to time.Time, exclude int64, limit int) ([]booking.Busy, error) {
	if limit < 0 {
		limit = math.MaxInt64
	}
	args, err := b.window(ctx, tx, room, from, to)
	if err == nil {
		var spans []booking.Busy
		if spans, err = queryBusy(ctx, in(ctx, tx, b.pending), room, append(args, exclude, limit)...); err == nil {
			return spans, nil
		}
	}
	return nil, fmt.Errorf("store: pending requests in %q: %w", room, err)
}

// countPending counts the pending occurrences of room overlapping [from, to)
// and their requests, in the indexes. Each occurrence is a request of its own
// but those of a series, which are counted apart.
func (b *busyStmts) countPending(ctx context.Context, tx *sql.Tx, room string, from, to time.Time, exclude int64) (occurrences, requests int, err error) {
	args, err := b.window(ctx, tx, room, from, to)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count pending requests in %q: %w", room, err)
	}
	args = append(args, exclude)
	var series, seriesRequests int
	err = in(ctx, tx, b.count).QueryRowContext(ctx, args...).Scan(&occurrences)
	if err == nil {
		err = in(ctx, tx, b.series).QueryRowContext(ctx, args...).Scan(&series, &seriesRequests)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: count pending requests in %q: %w", room, err)
	}
	return occurrences, occurrences - series + seriesRequests, nil
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

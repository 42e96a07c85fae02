package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// busyOf is the busy column of the occurrences of a request in status st:
// booking while it holds the room, pending while it is in the chain, empty
// when it takes no time. The overlap queries read it, not the status.
func busyOf(st booking.Status) string {
	switch {
	case st.Booked():
		return string(booking.BusyBooking)
	case st.Pending():
		return string(booking.BusyPending)
	}
	return ""
}

// syncBusy keeps the busy column of request id's occurrences with its status;
// every write of a request's status calls it in the same transaction.
func syncBusy(ctx context.Context, tx *sql.Tx, id int64, st booking.Status) error {
	_, err := tx.ExecContext(ctx, `UPDATE occurrences SET busy = $1 WHERE request_id = $2 AND busy <> $1`,
		busyOf(st), id)
	return err
}

// The overlap queries. An occurrence overlaps [from, to) when it starts before
// to and ends after from ($2), so back-to-back spans do not overlap. One that
// ends after from started after from minus the room's longest occurrence
// ($4): that bounds the range of the (room, busy, start) index the queries
// read, so they cost the same for a window in the past or in the future.
// Removed occurrences take no time; the index covers only the others.
const overlapWhere = ` o.room = $1 AND o.start_ns >= $4 AND o.start_ns < $3 AND o.end_ns > $2 AND o.removed = 0`

var (
	longestQuery = `SELECT end_ns - start_ns FROM occurrences WHERE room = $1
		ORDER BY end_ns - start_ns DESC LIMIT 1`
	busyQuery = `SELECT o.request_id, r.title, o.busy, o.start_ns, o.end_ns
		FROM occurrences o JOIN requests r ON r.id = o.request_id
		WHERE o.busy IN ('booking', 'pending') AND` + overlapWhere + `
		ORDER BY o.start_ns, o.request_id, o.id`
	// touchingQuery reads the requests booked or in the chain with an
	// occurrence in the window (the watch's question).
	touchingQuery = `SELECT DISTINCT o.request_id FROM occurrences o
		WHERE o.busy IN ('booking', 'pending') AND` + overlapWhere
	// externalQuery reads the busy time imported from Google Calendar: the
	// events of the room and those that block every room (room '').
	externalQuery = `SELECT event_id, title, start_ns, end_ns FROM external_events
		WHERE room IN ($1, '') AND start_ns < $3 AND end_ns > $2
		ORDER BY start_ns, event_id`
)

// busyStmts are the overlap queries prepared on one pool. The calendar is the
// hottest read (every submission, availability check and re-check);
// preparing it once saves most of its cost on SQLite.
type busyStmts struct {
	longest, busy, external *sql.Stmt
	spans, counts           *sql.Stmt // overlap.go
	touching                *sql.Stmt // conflicts.go
}

func prepareBusy(ctx context.Context, db *sql.DB) (*busyStmts, error) {
	b := &busyStmts{}
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&b.longest, longestQuery}, {&b.busy, busyQuery}, {&b.external, externalQuery},
		{&b.spans, spansQuery}, {&b.counts, countsQuery}, {&b.touching, touchingQuery},
	} {
		stmt, err := db.PrepareContext(ctx, p.query)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("store: prepare: %w", err), b.close())
		}
		*p.stmt = stmt
	}
	return b, nil
}

func (b *busyStmts) close() error {
	if b == nil {
		return nil
	}
	var errs []error
	for _, stmt := range []*sql.Stmt{b.longest, b.busy, b.external, b.spans, b.counts, b.touching} {
		if stmt != nil {
			errs = append(errs, stmt.Close())
		}
	}
	return errors.Join(errs...)
}

// Busy returns the booked and pending occurrences of room overlapping
// [from, to), one per occurrence, and the events imported from Google
// Calendar (Kind external), sorted by start; it reads outside any write
// transaction (availability checks).
func (s *sqlStore) Busy(ctx context.Context, room string, from, to time.Time) ([]booking.Busy, error) {
	return s.readBusy.query(ctx, nil, room, from, to)
}

// txCalendar is the Calendar a CheckFunc or ActFunc reads: the room's busy
// time as it is inside the write transaction.
type txCalendar struct {
	tx    *sql.Tx
	stmts *busyStmts
}

func (c txCalendar) Busy(ctx context.Context, room string, from, to time.Time) ([]booking.Busy, error) {
	return c.stmts.query(ctx, c.tx, room, from, to)
}

// Occurrences reads a request's occurrences inside the transaction.
func (c txCalendar) Occurrences(ctx context.Context, id int64) ([]booking.Slot, error) {
	slots, err := occurrencesOf(ctx, c.tx, id)
	if err != nil {
		return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
	}
	return slots, nil
}

// in returns stmt for tx, or stmt itself outside a transaction.
func in(ctx context.Context, tx *sql.Tx, stmt *sql.Stmt) *sql.Stmt {
	if tx == nil {
		return stmt
	}
	return tx.StmtContext(ctx, stmt)
}

// window returns the arguments $1 to $4 of the overlap queries for [from, to).
func (b *busyStmts) window(ctx context.Context, tx *sql.Tx, room string, from, to time.Time) ([]any, error) {
	var longest int64
	err := in(ctx, tx, b.longest).QueryRowContext(ctx, room).Scan(&longest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return []any{room, bound(from), bound(to), startsFrom(bound(from), longest)}, nil
}

// query runs the overlap query, in tx when it is not nil.
func (b *busyStmts) query(ctx context.Context, tx *sql.Tx, room string, from, to time.Time) ([]booking.Busy, error) {
	args, err := b.window(ctx, tx, room, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	list, err := queryBusy(ctx, in(ctx, tx, b.busy), room, args...)
	if err != nil {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	external, err := b.externalBusy(ctx, tx, room, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	return withExternal(list, external), nil
}

// withExternal merges the imported events into list, by start.
func withExternal(list, external []booking.Busy) []booking.Busy {
	if len(external) == 0 {
		return list
	}
	list = append(list, external...)
	slices.SortStableFunc(list, func(a, b booking.Busy) int { return a.Start.Compare(b.Start) })
	return list
}

// externalBusy reads the imported events of room overlapping [from, to).
func (b *busyStmts) externalBusy(ctx context.Context, tx *sql.Tx, room string, from, to time.Time) ([]booking.Busy, error) {
	rows, err := in(ctx, tx, b.external).QueryContext(ctx, room, bound(from), bound(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []booking.Busy
	for rows.Next() {
		x := booking.Busy{Room: room, Kind: booking.BusyExternal}
		var start, end sql.NullInt64
		if err := rows.Scan(&x.ExternalID, &x.Title, &start, &end); err != nil {
			return nil, err
		}
		x.Start, x.End = timeOf(start), timeOf(end)
		list = append(list, x)
	}
	return list, rows.Err()
}

// queryBusy runs stmt, which selects request_id, title, busy, start_ns and
// end_ns of occurrences, and reads its rows.
func queryBusy(ctx context.Context, stmt *sql.Stmt, room string, args ...any) ([]booking.Busy, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []booking.Busy
	for rows.Next() {
		b := booking.Busy{Room: room}
		var start, end sql.NullInt64
		if err := rows.Scan(&b.RequestID, &b.Title, &b.Kind, &start, &end); err != nil {
			return nil, err
		}
		b.Start, b.End = timeOf(start), timeOf(end)
		list = append(list, b)
	}
	return list, rows.Err()
}

// startsFrom returns from - longest, or the least int64 where that overflows:
// no occurrence starting earlier ends after from.
func startsFrom(from, longest int64) int64 {
	if from < math.MinInt64+longest {
		return math.MinInt64
	}
	return from - longest
}

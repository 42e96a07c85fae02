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

// busyStatuses are the states whose requests take a room's time: booked
// (BusyBooking) and still in the chain (BusyPending).
var busyStatuses = func() []any {
	var list []any
	for _, s := range booking.Statuses {
		if s.Booked() || s.Pending() {
			list = append(list, string(s))
		}
	}
	return list
}()

// The overlap query. An occurrence overlaps [from, to) when it starts before
// to and ends after from ($2), so back-to-back spans do not overlap. One that
// ends after from started after from minus the room's longest occurrence
// ($4): that bounds the range of the (room, start) index the query reads, so
// it costs the same for a window in the past or in the future.
var (
	longestQuery = `SELECT end_ns - start_ns FROM occurrences WHERE room = $1
		ORDER BY end_ns - start_ns DESC LIMIT 1`
	busyQuery = `SELECT o.request_id, r.title, r.status, o.start_ns, o.end_ns
		FROM occurrences o JOIN requests r ON r.id = o.request_id
		WHERE o.room = $1 AND o.start_ns >= $4 AND o.start_ns < $3 AND o.end_ns > $2 AND o.removed = 0
		AND r.status IN (` + placeholders(5, len(busyStatuses)) + `)
		ORDER BY o.start_ns, o.request_id, o.id`
	// externalQuery reads the busy time imported from Google Calendar: the
	// events of the room and those that block every room (room '').
	externalQuery = `SELECT event_id, title, start_ns, end_ns FROM external_events
		WHERE room IN ($1, '') AND start_ns < $3 AND end_ns > $2
		ORDER BY start_ns, event_id`
)

// busyStmts are the overlap queries prepared on one pool. The calendar is the
// hottest read (every availability check and re-check); preparing it once
// saves most of its cost on SQLite.
type busyStmts struct{ longest, busy, external *sql.Stmt }

func prepareBusy(ctx context.Context, db *sql.DB) (*busyStmts, error) {
	longest, err := db.PrepareContext(ctx, longestQuery)
	if err != nil {
		return nil, fmt.Errorf("store: prepare: %w", err)
	}
	busy, err := db.PrepareContext(ctx, busyQuery)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: prepare: %w", err), longest.Close())
	}
	external, err := db.PrepareContext(ctx, externalQuery)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: prepare: %w", err), longest.Close(), busy.Close())
	}
	return &busyStmts{longest: longest, busy: busy, external: external}, nil
}

func (b *busyStmts) close() error {
	if b == nil {
		return nil
	}
	return errors.Join(b.longest.Close(), b.busy.Close(), b.external.Close())
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

// query runs the overlap query, in tx when it is not nil.
func (b *busyStmts) query(ctx context.Context, tx *sql.Tx, room string, from, to time.Time) ([]booking.Busy, error) {
	longestStmt, busyStmt := b.longest, b.busy
	if tx != nil {
		longestStmt, busyStmt = tx.StmtContext(ctx, longestStmt), tx.StmtContext(ctx, busyStmt)
	}
	var longest int64
	err := longestStmt.QueryRowContext(ctx, room).Scan(&longest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	args := append([]any{room, bound(from), bound(to), startsFrom(bound(from), longest)}, busyStatuses...)
	rows, err := busyStmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	defer rows.Close()
	list, err := scanBusy(rows, room)
	if err != nil {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	external, err := b.externalBusy(ctx, tx, room, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: busy time of %q: %w", room, err)
	}
	if len(external) == 0 {
		return list, nil
	}
	list = append(list, external...)
	slices.SortStableFunc(list, func(a, b booking.Busy) int { return a.Start.Compare(b.Start) })
	return list, nil
}

// externalBusy reads the imported events of room overlapping [from, to).
func (b *busyStmts) externalBusy(ctx context.Context, tx *sql.Tx, room string, from, to time.Time) ([]booking.Busy, error) {
	stmt := b.external
	if tx != nil {
		stmt = tx.StmtContext(ctx, stmt)
	}
	rows, err := stmt.QueryContext(ctx, room, bound(from), bound(to))
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

func scanBusy(rows *sql.Rows, room string) ([]booking.Busy, error) {
	var list []booking.Busy
	for rows.Next() {
		b := booking.Busy{Room: room}
		var status booking.Status
		var start, end sql.NullInt64
		if err := rows.Scan(&b.RequestID, &b.Title, &status, &start, &end); err != nil {
			return nil, err
		}
		b.Kind, b.Start, b.End = booking.BusyPending, timeOf(start), timeOf(end)
		if status.Booked() {
			b.Kind = booking.BusyBooking
		}
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

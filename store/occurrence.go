package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
)

// ErrNoOccurrence: the request has no occurrence (still in place, not
// removed) at the original start given.
var ErrNoOccurrence = fmt.Errorf("no such occurrence: %w", ErrNotFound)

// ChangeOccurrence removes or moves one occurrence of recurring request id,
// inside the write transaction that holds its room: check runs there with the
// request as stored and the room's calendar (a moved occurrence must still be
// free), then the occurrence is marked removed (it takes no time any more) or
// moved (its rule-given start kept in original_ns), the request's sequence
// grows and its updated time becomes c.At, and a transition with action
// reschedule records who did it (its jobs enqueued as for any transition). ErrNotFound for an
// unknown request, ErrNoOccurrence when none starts at c.Original.
func (s *sqlStore) ChangeOccurrence(ctx context.Context, id int64, c OccurrenceChange, check OccurrenceCheck) (booking.Request, error) {
	if !c.Remove {
		if err := storable("start end", c.Start, c.End); err != nil {
			return booking.Request{}, fmt.Errorf("store: change occurrence of request %d: %w", id, err)
		}
	}
	var room string
	err := s.read.QueryRowContext(ctx, `SELECT room FROM requests WHERE id = $1`, id).Scan(&room)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return booking.Request{}, fmt.Errorf("store: change occurrence of request %d: %w", id, err)
	}
	var out booking.Request
	err = s.inTx(ctx, "change occurrence", func(tx *sql.Tx) error {
		if err := s.dialect.lockRoom(ctx, tx, room); err != nil {
			return fmt.Errorf("store: change occurrence of request %d: %w", id, err)
		}
		r, err := getRequest(ctx, tx, id, s.dialect.forUpdate())
		if err != nil {
			return fmt.Errorf("store: change occurrence of request %d: %w", id, err)
		}
		out, err = s.changeOccurrence(ctx, tx, r, c, check)
		return err
	})
	if err != nil {
		return booking.Request{}, err
	}
	return out, nil
}

// changeOccurrence finds the occurrence, runs check and writes the change.
func (s *sqlStore) changeOccurrence(ctx context.Context, tx *sql.Tx, r booking.Request, c OccurrenceChange, check OccurrenceCheck) (booking.Request, error) {
	var occID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM occurrences WHERE request_id = $1
		AND COALESCE(original_ns, start_ns) = $2 AND removed = 0`, r.ID, bound(c.Original)).Scan(&occID)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNoOccurrence
	}
	if err != nil {
		return r, fmt.Errorf("store: change occurrence of request %d: %w", r.ID, err)
	}
	if check != nil {
		if err := check(ctx, &r, txCalendar{tx, s.writeBusy}); err != nil {
			return r, err
		}
	}
	if c.Remove {
		_, err = tx.ExecContext(ctx, `UPDATE occurrences SET removed = 1 WHERE id = $1`, occID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE occurrences SET original_ns = COALESCE(original_ns, start_ns),
			start_ns = $1, end_ns = $2 WHERE id = $3`, nanos(c.Start), nanos(c.End), occID)
	}
	if err != nil {
		return r, fmt.Errorf("store: change occurrence of request %d: %w", r.ID, err)
	}
	r.Sequence++
	if !c.At.IsZero() {
		r.UpdatedAt = c.At
	}
	if err := updateRequest(ctx, tx, &r); err != nil {
		return r, fmt.Errorf("store: change occurrence of request %d: update: %w", r.ID, err)
	}
	t := booking.Transition{RequestID: r.ID, Action: booking.ActionReschedule, From: r.Status, To: r.Status,
		UserID: c.UserID, Actor: c.Actor, Role: c.Role, Note: c.Note, At: r.UpdatedAt}
	if t.ID, err = insertTransition(ctx, tx, t); err != nil {
		return r, fmt.Errorf("store: change occurrence of request %d: transition: %w", r.ID, err)
	}
	return r, s.enqueuePlanned(ctx, tx, r, t)
}

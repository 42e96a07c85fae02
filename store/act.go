package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
)

// Act runs fn on request id inside a write transaction that holds the
// request's room, and stores the request and the transition fn returns. fn
// gets the request as stored, when its current step began (the time of its
// last transition) and the room's calendar in the transaction. An error of fn
// is returned unchanged and nothing is written. fn may change the request's
// status, decision, sequence and descriptive fields, but not its UID, room,
// start, end or recurrence (its occurrences would no longer match). When fn
// leaves UpdatedAt as it was, it becomes the transition's time.
// ErrNotFound for an unknown id.
func (s *sqlStore) Act(ctx context.Context, id int64, fn ActFunc) (booking.Request, error) {
	var room string
	err := s.read.QueryRowContext(ctx, `SELECT room FROM requests WHERE id = $1`, id).Scan(&room)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return booking.Request{}, fmt.Errorf("store: act on request %d: %w", id, err)
	}
	var out booking.Request
	err = s.inTx(ctx, "act", func(tx *sql.Tx) error {
		if err := s.dialect.lockRoom(ctx, tx, room); err != nil {
			return fmt.Errorf("store: act on request %d: %w", id, err)
		}
		r, err := getRequest(ctx, tx, id, s.dialect.forUpdate())
		if err != nil {
			return fmt.Errorf("store: act on request %d: %w", id, err)
		}
		if r.Room != room {
			return fmt.Errorf("store: act on request %d: its room changed while locking", id)
		}
		out, err = s.act(ctx, tx, r, fn)
		return err
	})
	if err != nil {
		return booking.Request{}, err
	}
	return out, nil
}

// act runs fn on r, locked in tx, and writes what it decided.
func (s *sqlStore) act(ctx context.Context, tx *sql.Tx, r booking.Request, fn ActFunc) (booking.Request, error) {
	since, err := turnSince(ctx, tx, r.ID)
	if err != nil {
		return r, fmt.Errorf("store: act on request %d: last transition: %w", r.ID, err)
	}
	before := r
	t, err := fn(ctx, &r, since, txCalendar{tx, s.writeBusy})
	if err != nil {
		return r, err
	}
	if field := movedField(before, r); field != "" {
		return r, fmt.Errorf("store: act on request %d: its %s cannot change in a transition", before.ID, field)
	}
	r.ID = before.ID
	if r.UpdatedAt.Equal(before.UpdatedAt) && !t.At.IsZero() {
		r.UpdatedAt = t.At
	}
	if err := updateRequest(ctx, tx, &r); err != nil {
		return r, fmt.Errorf("store: act on request %d: update: %w", r.ID, err)
	}
	t.RequestID = r.ID
	if t.ID, err = insertTransition(ctx, tx, t); err != nil {
		return r, fmt.Errorf("store: act on request %d: transition: %w", r.ID, err)
	}
	return r, s.enqueuePlanned(ctx, tx, r, t)
}

// movedField names the first field that places the request in calendars
// which differs between a and b, or returns "".
func movedField(a, b booking.Request) string {
	switch {
	case a.UID != b.UID:
		return "uid"
	case a.Room != b.Room:
		return "room"
	case !a.Start.Equal(b.Start):
		return "start"
	case !a.End.Equal(b.End):
		return "end"
	case a.Recurrence != b.Recurrence:
		return "recurrence"
	}
	return ""
}

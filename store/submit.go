package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
)

// errKeyTaken: a concurrent submission stored the same idempotency key between
// this one's lookup and its insert. Submit then tries once more, and finds it.
var errKeyTaken = errors.New("idempotency key taken by a concurrent submission")

// Submit writes a new request, its occurrences, its first transition and its
// idempotency key in one write transaction that holds the room, after check
// accepts it with the room's calendar as it is in that transaction.
//
// The caller fills the request's UID and Status; Submit sets its ID, and its
// CreatedAt and UpdatedAt when zero (to the transition's time), and writes
// them back to *s.Request. With no Occurrences the request's own Start and End
// are its one occurrence. A key already stored with the same BodyHash returns
// the stored request with replayed=true and writes nothing; with another
// BodyHash, ErrIdempotencyMismatch. An error of check is returned unchanged.
func (s *sqlStore) Submit(ctx context.Context, sub Submission, check CheckFunc) (booking.Request, bool, error) {
	if sub.Request == nil {
		return booking.Request{}, false, errors.New("store: submit: no request")
	}
	if sub.Request.UID == "" {
		return booking.Request{}, false, errors.New("store: submit: the request has no UID")
	}
	if sub.IdempotencyKey != "" { // a replay needs no write lock
		r, found, err := replay(ctx, s.read, sub)
		if err != nil || found {
			return r, found, err
		}
	}
	r, replayed, err := s.submit(ctx, sub, check)
	if errors.Is(err, errKeyTaken) {
		r, replayed, err = s.submit(ctx, sub, check)
	}
	return r, replayed, err
}

// submit is one attempt of Submit.
func (s *sqlStore) submit(ctx context.Context, sub Submission, check CheckFunc) (booking.Request, bool, error) {
	r := newRequest(sub)
	replayed := false
	err := s.inTx(ctx, "submit", func(tx *sql.Tx) error {
		if err := s.dialect.lockRoom(ctx, tx, r.Room); err != nil {
			return fmt.Errorf("store: submit: %w", err)
		}
		if sub.IdempotencyKey != "" {
			stored, found, err := replay(ctx, tx, sub)
			if err != nil || found {
				r, replayed = stored, found
				return err
			}
		}
		if check != nil {
			if err := check(ctx, txCalendar{tx, s.writeBusy}); err != nil {
				return err
			}
		}
		return s.insertSubmission(ctx, tx, &r, sub)
	})
	if err != nil {
		return booking.Request{}, false, err
	}
	if !replayed {
		*sub.Request = r
	}
	return r, replayed, nil
}

// newRequest is the request Submit stores: a copy with its defaults set.
func newRequest(sub Submission) booking.Request {
	r := *sub.Request
	if r.CreatedAt.IsZero() {
		r.CreatedAt = sub.Transition.At
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = r.CreatedAt
	}
	if r.Status == "" {
		r.Status = sub.Transition.To
	}
	return r
}

// insertSubmission writes the request and sets its ID, then its occurrences,
// transition and idempotency key.
func (s *sqlStore) insertSubmission(ctx context.Context, tx *sql.Tx, r *booking.Request, sub Submission) error {
	id, err := insertRequest(ctx, tx, r)
	if s.dialect.isUnique(err) {
		err = fmt.Errorf("uid %q: %w", r.UID, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("store: submit: %w", err)
	}
	r.ID = id
	occurrences := sub.Occurrences
	if len(occurrences) == 0 {
		occurrences = []booking.Slot{{Start: r.Start, End: r.End}}
	}
	if err := insertOccurrences(ctx, tx, r, occurrences); err != nil {
		return fmt.Errorf("store: submit request %d: %w", id, err)
	}
	t := sub.Transition
	t.RequestID = id
	if t.ID, err = insertTransition(ctx, tx, t); err != nil {
		return fmt.Errorf("store: submit request %d: transition: %w", id, err)
	}
	if err := s.enqueuePlanned(ctx, tx, *r, t); err != nil {
		return err
	}
	return s.insertKey(ctx, tx, sub, r)
}

// insertOccurrences writes the occurrences of r: busy as its status says, and
// marked series when there are several.
func insertOccurrences(ctx context.Context, tx *sql.Tx, r *booking.Request, slots []booking.Slot) error {
	series := 0
	if len(slots) > 1 {
		series = 1
	}
	for _, o := range slots {
		if err := storable("occurrence_start occurrence_end", o.Start, o.End); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO occurrences (request_id, room, start_ns, end_ns, busy, series)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, r.Room, nanos(o.Start), nanos(o.End), busyOf(r.Status), series)
		if err != nil {
			return fmt.Errorf("occurrence %s: %w", o.Start, err)
		}
	}
	return nil
}

// insertKey records the idempotency key of the submission, if it has one.
func (s *sqlStore) insertKey(ctx context.Context, tx *sql.Tx, sub Submission, r *booking.Request) error {
	if sub.IdempotencyKey == "" {
		return nil
	}
	hash := sub.BodyHash
	if hash == nil {
		hash = []byte{}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (key, body_hash, request_id, created_ns)
		VALUES ($1, $2, $3, $4)`, sub.IdempotencyKey, hash, r.ID, nanos(r.CreatedAt))
	if s.dialect.isUnique(err) {
		return errKeyTaken
	}
	if err != nil {
		return fmt.Errorf("store: submit request %d: idempotency key: %w", r.ID, err)
	}
	return nil
}

// replay looks the submission's idempotency key up: found, it returns the
// request stored with it, or ErrIdempotencyMismatch for another body.
func replay(ctx context.Context, q querier, sub Submission) (booking.Request, bool, error) {
	var hash []byte
	var id int64
	err := q.QueryRowContext(ctx, `SELECT body_hash, request_id FROM idempotency_keys WHERE key = $1`,
		sub.IdempotencyKey).Scan(&hash, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return booking.Request{}, false, nil
	}
	if err == nil && !bytes.Equal(hash, sub.BodyHash) {
		err = ErrIdempotencyMismatch
	}
	if err != nil {
		return booking.Request{}, false, fmt.Errorf("store: submit: idempotency key %q: %w", sub.IdempotencyKey, err)
	}
	r, err := getRequest(ctx, q, id, "")
	if err != nil {
		return booking.Request{}, false, fmt.Errorf("store: submit: replay request %d: %w", id, err)
	}
	return r, true, nil
}

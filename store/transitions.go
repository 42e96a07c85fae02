package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

const transitionColumns = `t.id, t.request_id, t.action, t.from_status, t.to_status, t.user_id,
	t.actor, t.role, t.decision, t.note, t.at_ns, t.took_ns, t.standard_ns, t.readiness_json, t.usage_json`

func scanTransition(sc scanner, extra ...any) (booking.Transition, error) {
	var t booking.Transition
	var userID, at sql.NullInt64
	var took, standard int64
	var readiness, usage string
	dest := append([]any{&t.ID, &t.RequestID, &t.Action, &t.From, &t.To, &userID,
		&t.Actor, &t.Role, &t.Decision, &t.Note, &at, &took, &standard, &readiness, &usage}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return t, err
	}
	if err := decodeRecords(&t, readiness, usage); err != nil {
		return t, err
	}
	t.UserID, t.At = userID.Int64, timeOf(at)
	t.Took, t.Standard = time.Duration(took), time.Duration(standard)
	return t, nil
}

// insertTransition records t (its RequestID set) and returns its id.
func insertTransition(ctx context.Context, tx *sql.Tx, t booking.Transition) (int64, error) {
	if err := storable("at", t.At); err != nil {
		return 0, err
	}
	userID := sql.NullInt64{Int64: t.UserID, Valid: t.UserID != 0}
	readiness, usage, err := encodeRecords(t)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO transitions (request_id, action, from_status,
		to_status, user_id, actor, role, decision, note, at_ns, took_ns, standard_ns, readiness_json, usage_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		t.RequestID, string(t.Action), string(t.From), string(t.To), userID, t.Actor,
		string(t.Role), string(t.Decision), t.Note, nanos(t.At), int64(t.Took), int64(t.Standard),
		readiness, usage).Scan(&id)
	return id, err
}

// turnSince returns when the request's current step began: the time of its
// last recorded SOP transition (zero if it has none). A reschedule, a
// restore or the vidcon team's checklist is recorded but hands the turn to
// nobody.
func turnSince(ctx context.Context, tx *sql.Tx, requestID int64) (time.Time, error) {
	var at sql.NullInt64
	args := []any{requestID}
	marks := make([]string, len(booking.OutsideChain))
	for i, a := range booking.OutsideChain {
		args = append(args, string(a))
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	err := tx.QueryRowContext(ctx, `SELECT at_ns FROM transitions WHERE request_id = $1
		AND action NOT IN (`+strings.Join(marks, ", ")+`) ORDER BY id DESC LIMIT 1`, args...).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return timeOf(at), err
}

// History returns the transitions of request id in the order they were
// recorded. ErrNotFound for an unknown id.
func (s *sqlStore) History(ctx context.Context, id int64) ([]booking.Transition, error) {
	history, err := s.history(ctx, id)
	if err == nil && len(history) == 0 {
		err = s.requestExists(ctx, id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: history of request %d: %w", id, err)
	}
	return history, nil
}

func (s *sqlStore) history(ctx context.Context, id int64) ([]booking.Transition, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+transitionColumns+`
		FROM transitions t WHERE t.request_id = $1 ORDER BY t.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var history []booking.Transition
	for rows.Next() {
		t, err := scanTransition(rows)
		if err != nil {
			return nil, err
		}
		history = append(history, t)
	}
	return history, rows.Err()
}

// Logbook returns every transition with At in [from, to), oldest first (ties
// in the order recorded), each with the request it moved.
func (s *sqlStore) Logbook(ctx context.Context, from, to time.Time) ([]LogEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+transitionColumns+`,
		r.title, r.room, r.organization, r.start_ns, r.end_ns
		FROM transitions t JOIN requests r ON r.id = t.request_id
		WHERE t.at_ns >= $1 AND t.at_ns < $2 ORDER BY t.at_ns, t.id`, bound(from), bound(to))
	if err != nil {
		return nil, fmt.Errorf("store: logbook: %w", err)
	}
	defer rows.Close()
	var entries []LogEntry
	for rows.Next() {
		var e LogEntry
		var start, end sql.NullInt64
		e.Transition, err = scanTransition(rows, &e.Title, &e.Room, &e.Organization, &start, &end)
		if err != nil {
			return nil, fmt.Errorf("store: logbook: %w", err)
		}
		e.Start, e.End = timeOf(start), timeOf(end)
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: logbook: %w", err)
	}
	return entries, nil
}

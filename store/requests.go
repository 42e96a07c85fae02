package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
)

const requestColumns = `r.id, r.uid, r.room, r.title, r.organization, r.contact_name,
	r.contact_email, r.contact_phone, r.start_ns, r.end_ns, r.participants, r.equipment,
	r.visibility, r.letter_number, r.notes, r.recurrence, r.language, r.status,
	r.decision, r.sequence, r.created_ns, r.updated_ns`

func scanRequest(sc scanner) (booking.Request, error) {
	var r booking.Request
	var start, end, created, updated sql.NullInt64
	var equipment string
	err := sc.Scan(&r.ID, &r.UID, &r.Room, &r.Title, &r.Organization, &r.ContactName,
		&r.ContactEmail, &r.ContactPhone, &start, &end, &r.Participants, &equipment,
		&r.Visibility, &r.LetterNumber, &r.Notes, &r.Recurrence, &r.Language, &r.Status,
		&r.Decision, &r.Sequence, &created, &updated)
	if err != nil {
		return r, err
	}
	r.Start, r.End = timeOf(start), timeOf(end)
	r.CreatedAt, r.UpdatedAt = timeOf(created), timeOf(updated)
	if err := json.Unmarshal([]byte(equipment), &r.Equipment); err != nil {
		return r, fmt.Errorf("equipment of request %d: %w", r.ID, err)
	}
	return r, nil
}

// requestValues are the stored columns of r from uid to updated_ns, in the
// order of requestColumns.
func requestValues(r *booking.Request) ([]any, error) {
	if err := storable("start end created_at updated_at", r.Start, r.End, r.CreatedAt, r.UpdatedAt); err != nil {
		return nil, err
	}
	equipment, err := json.Marshal(r.Equipment)
	if err != nil {
		return nil, fmt.Errorf("equipment: %w", err)
	}
	return []any{r.UID, r.Room, r.Title, r.Organization, r.ContactName,
		r.ContactEmail, r.ContactPhone, nanos(r.Start), nanos(r.End), r.Participants, string(equipment),
		string(r.Visibility), r.LetterNumber, r.Notes, r.Recurrence, r.Language, string(r.Status),
		string(r.Decision), r.Sequence, nanos(r.CreatedAt), nanos(r.UpdatedAt)}, nil
}

// insertRequest stores r and returns its id.
func insertRequest(ctx context.Context, tx *sql.Tx, r *booking.Request) (int64, error) {
	values, err := requestValues(r)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO requests (uid, room, title, organization,
		contact_name, contact_email, contact_phone, start_ns, end_ns, participants, equipment,
		visibility, letter_number, notes, recurrence, language, status, decision, sequence,
		created_ns, updated_ns)
		VALUES (`+placeholders(1, len(values))+`) RETURNING id`, values...).Scan(&id)
	return id, err
}

// updateRequest stores every column of r but its id, and keeps the busy
// column of its occurrences with its status.
func updateRequest(ctx context.Context, tx *sql.Tx, r *booking.Request) error {
	values, err := requestValues(r)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE requests SET uid = $1, room = $2, title = $3,
		organization = $4, contact_name = $5, contact_email = $6, contact_phone = $7,
		start_ns = $8, end_ns = $9, participants = $10, equipment = $11, visibility = $12,
		letter_number = $13, notes = $14, recurrence = $15, language = $16, status = $17,
		decision = $18, sequence = $19, created_ns = $20, updated_ns = $21
		WHERE id = $22`, append(values, r.ID)...)
	if err != nil {
		return err
	}
	return syncBusy(ctx, tx, r.ID, r.Status)
}

// getRequest reads request id; suffix may lock its row (FOR UPDATE).
func getRequest(ctx context.Context, q querier, id int64, suffix string) (booking.Request, error) {
	row := q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM requests r WHERE r.id = $1`+suffix, id)
	r, err := scanRequest(row)
	if errors.Is(err, sql.ErrNoRows) {
		return booking.Request{}, ErrNotFound
	}
	return r, err
}

// Request returns request id. ErrNotFound for an unknown id.
func (s *sqlStore) Request(ctx context.Context, id int64) (booking.Request, error) {
	r, err := getRequest(ctx, s.read, id, "")
	if err != nil {
		return r, fmt.Errorf("store: request %d: %w", id, err)
	}
	return r, nil
}

// Occurrences returns the occurrences of request id that take place (removed ones
// are left out; a moved one is at its new time), by start. ErrNotFound for
// an unknown id.
func (s *sqlStore) Occurrences(ctx context.Context, id int64) ([]booking.Slot, error) {
	slots, err := occurrencesOf(ctx, s.read, id)
	if err == nil && len(slots) == 0 {
		err = s.requestExists(ctx, id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
	}
	return slots, nil
}

// occurrencesOf reads the occurrences of request id that take place, on q.
func occurrencesOf(ctx context.Context, q querier, id int64) ([]booking.Slot, error) {
	rows, err := q.QueryContext(ctx, `SELECT start_ns, end_ns FROM occurrences
		WHERE request_id = $1 AND removed = 0 ORDER BY start_ns, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var slots []booking.Slot
	for rows.Next() {
		var start, end sql.NullInt64
		if err := rows.Scan(&start, &end); err != nil {
			return nil, err
		}
		slots = append(slots, booking.Slot{Start: timeOf(start), End: timeOf(end)})
	}
	return slots, rows.Err()
}

// requestExists returns ErrNotFound when there is no request id.
func (s *sqlStore) requestExists(ctx context.Context, id int64) error {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests WHERE id = $1`, id).Scan(&n)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return err
}

package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Overdue returns the ids of requests still in the chain whose start is not
// after now, earliest start first.
func (s *sqlStore) Overdue(ctx context.Context, now time.Time) ([]int64, error) {
	var pending []any
	for _, st := range booking.Statuses {
		if st.Pending() {
			pending = append(pending, string(st))
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM requests
		WHERE status IN (`+placeholders(2, len(pending))+`) AND start_ns <= $1
		ORDER BY start_ns, id`, append([]any{bound(now)}, pending...)...)
	if err != nil {
		return nil, fmt.Errorf("store: overdue: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: overdue: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: overdue: %w", err)
	}
	return ids, nil
}

// Requests returns the requests f selects, ordered by start. The time window
// selects by occurrence, so a recurring request is listed when any of its
// occurrences falls in it.
func (s *sqlStore) Requests(ctx context.Context, f Filter) ([]booking.Request, error) {
	query, args := requestsQuery(f)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: requests: %w", err)
	}
	defer rows.Close()
	var list []booking.Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("store: requests: %w", err)
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: requests: %w", err)
	}
	return list, nil
}

// requestsQuery builds the SELECT of Requests and its arguments.
func requestsQuery(f Filter) (string, []any) {
	var where []string
	var args []any
	next := func() int { return len(args) + 1 }
	if len(f.Status) > 0 {
		where = append(where, `r.status IN (`+placeholders(next(), len(f.Status))+`)`)
		for _, st := range f.Status {
			args = append(args, string(st))
		}
	}
	if f.Room != "" {
		where = append(where, fmt.Sprintf(`r.room = $%d`, next()))
		args = append(args, f.Room)
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		to := int64(math.MaxInt64)
		if !f.To.IsZero() {
			to = bound(f.To)
		}
		// With a room, the room's occurrences in the window name the
		// requests (the occurrences' room index); without one, each request
		// is probed (its occurrences' index).
		if f.Room != "" {
			where = append(where, fmt.Sprintf(`r.id IN (SELECT o.request_id FROM occurrences o
			WHERE o.room = $%d AND o.start_ns < $%d AND o.end_ns > $%d)`, next(), next()+1, next()+2))
			args = append(args, f.Room, to, bound(f.From))
		} else {
			where = append(where, fmt.Sprintf(`EXISTS (SELECT 1 FROM occurrences o
			WHERE o.request_id = r.id AND o.end_ns > $%d AND o.start_ns < $%d)`, next(), next()+1))
			args = append(args, bound(f.From), to)
		}
	}
	query := `SELECT ` + requestColumns + ` FROM requests r`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY r.start_ns, r.id`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT $%d`, next())
		args = append(args, f.Limit)
	}
	return query, args
}

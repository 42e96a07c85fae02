package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// FeedStore is what the iCal feeds need from the store: the bookings in a
// window and the staff feed tokens, a cheap marker of change so a cache of
// encoded feeds knows when to rebuild, and the removal or move of one
// occurrence of a recurring booking (EXDATE, RECURRENCE-ID).
type FeedStore interface {
	// FeedEntries returns the requests of room ("" for every room), in any
	// state, with an occurrence (removed ones included) overlapping
	// [from, to), by start then id, each with its exceptions.
	FeedEntries(ctx context.Context, from, to time.Time, room string) ([]FeedEntry, error)
	// FeedStamp is a short text that changes whenever a request is added or
	// changes its state, time or occurrences, whichever process changed it.
	FeedStamp(ctx context.Context) (string, error)
	// SetFeedToken replaces the user's staff feed token hash (nil clears it).
	// ErrNotFound for an unknown user, ErrDuplicate for a hash already held.
	SetFeedToken(ctx context.Context, userID int64, hash []byte) error
	// UserByFeedToken finds the user holding the feed token with this hash.
	UserByFeedToken(ctx context.Context, hash []byte) (booking.User, error)
	// ChangeOccurrence removes or moves one occurrence of recurring request
	// id in the room's write transaction, after check accepts it.
	ChangeOccurrence(ctx context.Context, id int64, c OccurrenceChange, check OccurrenceCheck) (booking.Request, error)
}

// FeedEntry is a request as the feeds list it.
type FeedEntry struct {
	Request booking.Request
	// Exceptions are the removed and moved occurrences of a recurring
	// request, by original start.
	Exceptions []Exception
	// Last is the original start of the series' last occurrence (zero for a
	// request without recurrence).
	Last time.Time
}

// Exception is one occurrence of a recurring request that is not where its
// rule put it: removed, or moved to Start and End.
type Exception struct {
	Original   time.Time // the start the rule gave it
	Removed    bool
	Start, End time.Time // where it takes place now (a moved one)
}

// OccurrenceChange removes (Remove) or moves (to Start, End) the occurrence of
// a recurring request whose rule-given start is Original. At is when, and
// becomes the request's updated time.
type OccurrenceChange struct {
	Original   time.Time
	Remove     bool
	Start, End time.Time
	At         time.Time
	// Who made the change, for the transition (action reschedule) recorded with it.
	UserID int64
	Actor  string
	Role   booking.Role
	Note   string
}

// OccurrenceCheck is run inside the write transaction with the request as
// stored and the room's calendar; its error aborts the change unchanged.
type OccurrenceCheck func(ctx context.Context, r *booking.Request, cal Calendar) error

// feedWindow selects requests with an occurrence overlapping [$1, $2) and in
// room $3 unless it is empty.
const feedWindow = `EXISTS (SELECT 1 FROM occurrences o WHERE o.request_id = r.id
		AND o.start_ns < $2 AND o.end_ns > $1) AND ($3 = '' OR r.room = $3)`

// FeedEntries implements FeedStore.
func (s *sqlStore) FeedEntries(ctx context.Context, from, to time.Time, room string) ([]FeedEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+requestColumns+` FROM requests r
		WHERE `+feedWindow+` ORDER BY r.start_ns, r.id`, bound(from), bound(to), room)
	if err != nil {
		return nil, fmt.Errorf("store: feed entries: %w", err)
	}
	var list []FeedEntry
	index := map[int64]int{}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: feed entries: %w", err)
		}
		index[r.ID] = len(list)
		list = append(list, FeedEntry{Request: r})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("store: feed entries: %w", err)
	}
	if err := s.feedSeries(ctx, from, to, room, list, index); err != nil {
		return nil, fmt.Errorf("store: feed entries: %w", err)
	}
	return list, nil
}

// feedSeries fills Exceptions and Last of the recurring entries of list
// (index maps a request id to its place).
func (s *sqlStore) feedSeries(ctx context.Context, from, to time.Time, room string, list []FeedEntry, index map[int64]int) error {
	rows, err := s.read.QueryContext(ctx, `SELECT x.request_id, x.original_ns, x.removed, x.start_ns, x.end_ns
		FROM occurrences x JOIN requests r ON r.id = x.request_id
		WHERE r.recurrence <> '' AND `+feedWindow+`
		ORDER BY x.request_id, COALESCE(x.original_ns, x.start_ns)`, bound(from), bound(to), room)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, removed int64
		var original, start, end sql.NullInt64
		if err := rows.Scan(&id, &original, &removed, &start, &end); err != nil {
			return err
		}
		i, ok := index[id]
		if !ok {
			continue // added after the first query
		}
		e := &list[i]
		x := Exception{Original: timeOf(start), Removed: removed != 0, Start: timeOf(start), End: timeOf(end)}
		if original.Valid {
			x.Original = timeOf(original)
		}
		if x.Original.After(e.Last) {
			e.Last = x.Original
		}
		if x.Removed || original.Valid {
			e.Exceptions = append(e.Exceptions, x)
		}
	}
	return rows.Err()
}

// FeedStamp implements FeedStore: the number of requests, their latest
// update and the sum of their sequences. Every write through Submit, Act and
// ChangeOccurrence changes one of them (a transition or an occurrence change
// bumps the sequence), so the stamp moves even when the clock does not.
func (s *sqlStore) FeedStamp(ctx context.Context) (string, error) {
	var n, latest, sequences int64
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*), CAST(COALESCE(MAX(updated_ns), 0) AS BIGINT),
		CAST(COALESCE(SUM(sequence), 0) AS BIGINT) FROM requests`).Scan(&n, &latest, &sequences)
	if err != nil {
		return "", fmt.Errorf("store: feed stamp: %w", err)
	}
	return fmt.Sprintf("%d.%d.%d", n, latest, sequences), nil
}

// SetFeedToken implements FeedStore.
func (s *sqlStore) SetFeedToken(ctx context.Context, userID int64, hash []byte) error {
	var value any
	if len(hash) > 0 {
		value = hash
	}
	res, err := s.write.ExecContext(ctx, `UPDATE users SET feed_token_hash = $1 WHERE id = $2`, value, userID)
	if s.dialect.isUnique(err) {
		err = ErrDuplicate
	}
	if err == nil {
		err = expectOne(res)
	}
	if err != nil {
		return fmt.Errorf("store: set feed token of user %d: %w", userID, err)
	}
	return nil
}

// UserByFeedToken implements FeedStore. The lookup is by hash through the
// unique index, so no comparison of the secret itself leaks its timing.
func (s *sqlStore) UserByFeedToken(ctx context.Context, hash []byte) (booking.User, error) {
	if len(hash) == 0 {
		return booking.User{}, fmt.Errorf("store: user by feed token: %w", ErrNotFound)
	}
	u, err := s.userWhere(ctx, `u.feed_token_hash = $1`, hash)
	if err != nil {
		return u, fmt.Errorf("store: user by feed token: %w", err)
	}
	return u, nil
}

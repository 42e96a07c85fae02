package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// GoogleEvent is ccroom's event in Google Calendar for one request, as last
// pushed: the event id (the request's UID), the etag Google answered, the
// request's sequence then, and whether the event was deleted.
type GoogleEvent struct {
	RequestID int64
	EventID   string
	ETag      string
	Sequence  int
	Deleted   bool
	PushedAt  time.Time
}

// ExternalEvent is an event of the shared calendar that ccroom did not create:
// busy time for the conflict check. Room "" blocks every room.
type ExternalEvent struct {
	CalendarID string
	EventID    string // an instance id: recurring events arrive expanded
	Room       string
	Title      string
	Start, End time.Time
	UpdatedAt  time.Time
}

// ExternalSync is one import from a calendar, written in one transaction so
// the events and the sync token that follows them never disagree.
type ExternalSync struct {
	CalendarID string
	// Full replaces every event of the calendar by Upsert (a full sync);
	// otherwise Upsert and Remove are changes.
	Full     bool
	Upsert   []ExternalEvent
	Remove   []string // event ids
	TokenKey string   // sync_state key of the token; "" keeps none
	Token    string   // the nextSyncToken
	At       time.Time
}

// GoogleStore keeps the Google Calendar sync's state: ccroom's events as last
// pushed, the busy time imported from the calendar, and the sync token.
type GoogleStore interface {
	// GoogleEvent returns ccroom's event of request id; ErrNotFound when none
	// was pushed.
	GoogleEvent(ctx context.Context, requestID int64) (GoogleEvent, error)
	// SaveGoogleEvent records a push (insert or replace).
	SaveGoogleEvent(ctx context.Context, e GoogleEvent) error
	// SyncExternal writes an import and its sync token.
	SyncExternal(ctx context.Context, s ExternalSync) error
	// SyncExternalTouched is SyncExternal that also returns the windows
	// whose busy time the import changed: where each event added, moved,
	// renamed or removed was and is now.
	SyncExternalTouched(ctx context.Context, s ExternalSync) ([]Window, error)
	// ExternalEvents lists a calendar's imported events by start.
	ExternalEvents(ctx context.Context, calendarID string) ([]ExternalEvent, error)
	// EnqueueRestore enqueues j, the push that puts back an event edited in
	// Google, and records the drift in the request's history (action
	// restore, by the system, with note) in the same transaction. When j's
	// DedupeKey is queued already it does nothing and reports false.
	EnqueueRestore(ctx context.Context, j Job, note string) (bool, error)
	// Exceptions returns a recurring request's occurrences that were removed
	// (EXDATE) or moved (their original start and where they are now), by
	// original start.
	Exceptions(ctx context.Context, requestID int64) ([]Exception, error)
	// SetSyncState writes a key of sync_state.
	SetSyncState(ctx context.Context, key, value string, at time.Time) error
	// SyncState reads a key of sync_state; ErrNotFound when unset.
	SyncState(ctx context.Context, key string) (value string, at time.Time, err error)
}

// GoogleEvent implements GoogleStore.
func (s *sqlStore) GoogleEvent(ctx context.Context, requestID int64) (GoogleEvent, error) {
	e := GoogleEvent{RequestID: requestID}
	var deleted int64
	var pushed sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT event_id, etag, sequence, deleted, pushed_ns
		FROM google_events WHERE request_id = $1`, requestID).Scan(&e.EventID, &e.ETag, &e.Sequence, &deleted, &pushed)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("store: google event of request %d: %w", requestID, err)
	}
	e.Deleted, e.PushedAt = deleted != 0, timeOf(pushed)
	return e, nil
}

// SaveGoogleEvent implements GoogleStore.
func (s *sqlStore) SaveGoogleEvent(ctx context.Context, e GoogleEvent) error {
	if err := storable("pushed_at", e.PushedAt); err != nil {
		return fmt.Errorf("store: save google event of request %d: %w", e.RequestID, err)
	}
	return s.inTx(ctx, "save google event", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO google_events (request_id, event_id, etag, sequence, deleted, pushed_ns)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (request_id) DO UPDATE SET event_id = excluded.event_id, etag = excluded.etag,
			sequence = excluded.sequence, deleted = excluded.deleted, pushed_ns = excluded.pushed_ns`,
			e.RequestID, e.EventID, e.ETag, e.Sequence, boolInt(e.Deleted), e.PushedAt.UnixNano())
		if err != nil {
			return fmt.Errorf("store: save google event of request %d: %w", e.RequestID, err)
		}
		return nil
	})
}

// updatedOr returns t in nanoseconds, or else at's (an event Google sent
// without its update time).
func updatedOr(t, at time.Time) int64 {
	if t.IsZero() || storable("t", t) != nil {
		return at.UnixNano()
	}
	return t.UnixNano()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// SyncExternal implements GoogleStore.
func (s *sqlStore) SyncExternal(ctx context.Context, x ExternalSync) error {
	_, err := s.SyncExternalTouched(ctx, x)
	return err
}

// SyncExternalTouched implements GoogleStore.
func (s *sqlStore) SyncExternalTouched(ctx context.Context, x ExternalSync) ([]Window, error) {
	for _, e := range x.Upsert {
		if err := storable("start end", e.Start, e.End); err != nil {
			return nil, fmt.Errorf("store: external event %s: %w", e.EventID, err)
		}
	}
	var touched []Window
	err := s.inTx(ctx, "sync external events", func(tx *sql.Tx) error {
		var err error
		if touched, err = writeExternal(ctx, tx, x); err != nil {
			return fmt.Errorf("store: sync external events of %s: %w", x.CalendarID, err)
		}
		if x.TokenKey == "" {
			return nil
		}
		return setSyncState(ctx, tx, x.TokenKey, x.Token, x.At)
	})
	if err != nil {
		return nil, err
	}
	return touched, nil
}

// span is an external event's place in time, to compare before and after.
type span struct {
	room       string
	start, end int64
	title      string
}

// writeExternal writes the import and returns the windows whose busy time
// changed: where an event was and where it is now, for each event added,
// moved, renamed or removed.
func writeExternal(ctx context.Context, tx *sql.Tx, x ExternalSync) ([]Window, error) {
	before, err := externalSpans(ctx, tx, x)
	if err != nil {
		return nil, err
	}
	if x.Full {
		if _, err := tx.ExecContext(ctx, `DELETE FROM external_events WHERE calendar_id = $1`, x.CalendarID); err != nil {
			return nil, err
		}
	}
	for _, id := range x.Remove {
		if _, err := tx.ExecContext(ctx, `DELETE FROM external_events WHERE calendar_id = $1 AND event_id = $2`,
			x.CalendarID, id); err != nil {
			return nil, err
		}
	}
	after := map[string]span{}
	for _, e := range x.Upsert {
		_, err := tx.ExecContext(ctx, `INSERT INTO external_events
			(calendar_id, event_id, room, title, start_ns, end_ns, updated_ns) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (calendar_id, event_id) DO UPDATE SET room = excluded.room, title = excluded.title,
			start_ns = excluded.start_ns, end_ns = excluded.end_ns, updated_ns = excluded.updated_ns`,
			x.CalendarID, e.EventID, e.Room, e.Title, e.Start.UnixNano(), e.End.UnixNano(), updatedOr(e.UpdatedAt, x.At))
		if err != nil {
			return nil, err
		}
		after[e.EventID] = span{e.Room, e.Start.UnixNano(), e.End.UnixNano(), e.Title}
	}
	return touchedWindows(before, after, x), nil
}

// externalSpans reads the events the import may change, before it does: all
// of the calendar's for a full sync, else those it names.
func externalSpans(ctx context.Context, tx *sql.Tx, x ExternalSync) (map[string]span, error) {
	out := map[string]span{}
	read := func(query string, args ...any) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var sp span
			if err := rows.Scan(&id, &sp.room, &sp.start, &sp.end, &sp.title); err != nil {
				return err
			}
			out[id] = sp
		}
		return rows.Err()
	}
	const cols = `SELECT event_id, room, start_ns, end_ns, title FROM external_events WHERE calendar_id = $1`
	// A full sync, or a large import, reads the calendar's events at once
	// (one query, not one per event).
	if x.Full || len(x.Remove)+len(x.Upsert) > 32 {
		return out, read(cols, x.CalendarID)
	}
	for _, ids := range [][]string{x.Remove, upsertIDs(x.Upsert)} {
		for _, id := range ids {
			if err := read(cols+` AND event_id = $2`, x.CalendarID, id); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func upsertIDs(list []ExternalEvent) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.EventID
	}
	return ids
}

// touchedWindows compares the events before and after an import.
func touchedWindows(before, after map[string]span, x ExternalSync) []Window {
	var out []Window
	add := func(sp span) {
		out = append(out, Window{Room: sp.room, Start: time.Unix(0, sp.start), End: time.Unix(0, sp.end)})
	}
	for id, old := range before {
		now, kept := after[id]
		if !kept && !x.Full && !slices.Contains(x.Remove, id) {
			continue // not part of this import
		}
		if !kept || now != old {
			add(old)
		}
	}
	for id, now := range after {
		if old, had := before[id]; !had || old != now {
			add(now)
		}
	}
	slices.SortFunc(out, func(a, b Window) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Room, b.Room)
	})
	return out
}

// ExternalEvents implements GoogleStore.
func (s *sqlStore) ExternalEvents(ctx context.Context, calendarID string) ([]ExternalEvent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT event_id, room, title, start_ns, end_ns, updated_ns
		FROM external_events WHERE calendar_id = $1 ORDER BY start_ns, event_id`, calendarID)
	if err != nil {
		return nil, fmt.Errorf("store: external events of %s: %w", calendarID, err)
	}
	defer rows.Close()
	var list []ExternalEvent
	for rows.Next() {
		e := ExternalEvent{CalendarID: calendarID}
		var start, end, updated sql.NullInt64
		if err := rows.Scan(&e.EventID, &e.Room, &e.Title, &start, &end, &updated); err != nil {
			return nil, fmt.Errorf("store: external events of %s: %w", calendarID, err)
		}
		e.Start, e.End, e.UpdatedAt = timeOf(start), timeOf(end), timeOf(updated)
		list = append(list, e)
	}
	return list, rows.Err()
}

// Exceptions implements GoogleStore.
func (s *sqlStore) Exceptions(ctx context.Context, requestID int64) ([]Exception, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT COALESCE(original_ns, start_ns) AS o, removed, start_ns, end_ns
		FROM occurrences WHERE request_id = $1 AND (removed <> 0 OR original_ns IS NOT NULL) ORDER BY o`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: exceptions of request %d: %w", requestID, err)
	}
	defer rows.Close()
	var list []Exception
	for rows.Next() {
		var orig, start, end sql.NullInt64
		var removed int
		if err := rows.Scan(&orig, &removed, &start, &end); err != nil {
			return nil, fmt.Errorf("store: exceptions of request %d: %w", requestID, err)
		}
		e := Exception{Original: timeOf(orig), Removed: removed != 0}
		if !e.Removed {
			e.Start, e.End = timeOf(start), timeOf(end)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// SetSyncState implements GoogleStore.
func (s *sqlStore) SetSyncState(ctx context.Context, key, value string, at time.Time) error {
	return s.inTx(ctx, "set sync state", func(tx *sql.Tx) error {
		return setSyncState(ctx, tx, key, value, at)
	})
}

// SyncState implements GoogleStore.
func (s *sqlStore) SyncState(ctx context.Context, key string) (string, time.Time, error) {
	var value string
	var at sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT value, updated_ns FROM sync_state WHERE key = $1`, key).Scan(&value, &at)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: sync state %s: %w", key, err)
	}
	return value, timeOf(at), nil
}

func setSyncState(ctx context.Context, tx *sql.Tx, key, value string, at time.Time) error {
	if err := storable("at", at); err != nil {
		return fmt.Errorf("store: sync state %s: %w", key, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_state (key, value, updated_ns) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ns = excluded.updated_ns`,
		key, value, at.UnixNano())
	if err != nil {
		return fmt.Errorf("store: sync state %s: %w", key, err)
	}
	return nil
}

// EnqueueRestore implements GoogleStore.
func (s *sqlStore) EnqueueRestore(ctx context.Context, j Job, note string) (bool, error) {
	added := false
	err := s.inTx(ctx, "enqueue restore", func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE dedupe_key = $1`, j.DedupeKey).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
		r, err := getRequest(ctx, tx, j.RequestID, "")
		if err != nil {
			return err
		}
		t := booking.Transition{RequestID: r.ID, Action: booking.ActionRestore, From: r.Status, To: r.Status,
			Actor: "Google Calendar", Role: booking.RoleSystem, Note: note, At: j.CreatedAt}
		if j.TransitionID, err = insertTransition(ctx, tx, t); err != nil {
			return err
		}
		added = true
		return insertJob(ctx, tx, j)
	})
	if err != nil {
		return false, fmt.Errorf("store: enqueue restore of request %d: %w", j.RequestID, err)
	}
	return added, nil
}

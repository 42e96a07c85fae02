package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Conflict statuses: open until it is resolved (kept, moved, cancelled, gone
// by itself, or its booking withdrawn).
const (
	ConflictOpen     = "open"
	ConflictResolved = "resolved"
)

// Conflict is a standing conflict: a problem that arose after a booking (or
// a request in the chain) was checked, stored once per request, occurrence
// and cause.
type Conflict struct {
	ID        int64 `json:"id"`
	RequestID int64 `json:"request_id"`
	// OccurrenceID is the occurrence the cause stands in the way of; 0 for a
	// cause of the whole request (capacity, equipment).
	OccurrenceID int64        `json:"occurrence_id"`
	Room         string       `json:"room"`
	Start        time.Time    `json:"start"` // the occurrence, when last seen
	End          time.Time    `json:"end"`
	Code         booking.Code `json:"code"`
	Key          string       `json:"cause_key"`
	Cause        string       `json:"cause"`    // in Indonesian
	CauseEN      string       `json:"cause_en"` // in English
	// Suggestions are free alternatives of the same length, found with the
	// conflict (an empty list where no other time cures it).
	Suggestions []booking.Slot `json:"suggestions"`
	Status      string         `json:"status"`
	FoundAt     time.Time      `json:"found_at"`
	// FoundTransition is the transition (action conflict) that recorded it.
	FoundTransition int64 `json:"-"`

	// The Kabid's decision, once taken.
	Decision          booking.ConflictDecision `json:"decision,omitempty"`
	DecidedBy         string                   `json:"decided_by,omitempty"`
	DecidedByID       int64                    `json:"-"`
	DecidedAt         time.Time                `json:"decided_at,omitzero"`
	DecidedTransition int64                    `json:"-"`
	Note              string                   `json:"note,omitempty"`
	MoveStart         time.Time                `json:"move_start,omitzero"` // where a move goes
	MoveEnd           time.Time                `json:"move_end,omitzero"`

	Resolution         booking.ConflictResolution `json:"resolution,omitempty"`
	ResolvedBy         string                     `json:"resolved_by,omitempty"`
	ResolvedAt         time.Time                  `json:"resolved_at,omitzero"`
	ResolvedTransition int64                      `json:"-"`
}

// Open reports whether the conflict still waits for someone: the Kabid's
// decision, or the secretary carrying out a move or a cancel.
func (c Conflict) Open() bool { return c.Status == ConflictOpen }

// AwaitsKabid reports whether the conflict waits for the Kabid's decision.
func (c Conflict) AwaitsKabid() bool { return c.Open() && c.Decision == "" }

// AwaitsSecretary reports whether the Kabid decided a move or a cancel that
// the secretary has not carried out yet.
func (c Conflict) AwaitsSecretary() bool {
	return c.Open() && (c.Decision == booking.ConflictMove || c.Decision == booking.ConflictCancel)
}

// Finding is one problem a watch saw on a request, as ReconcileConflicts
// writes it: booking.Problem with its occurrence's row and alternatives.
type Finding struct {
	OccurrenceID int64 // 0: the whole request
	Start, End   time.Time
	Code         booking.Code
	Key          string
	Cause        string
	CauseEN      string
	// Suggestions are the alternatives; nil keeps those stored (an open
	// conflict whose time did not change).
	Suggestions []booking.Slot
}

// Reconciled is what ReconcileConflicts changed.
type Reconciled struct {
	Opened []Conflict // new, or come back after they had gone by themselves
	Closed []Conflict // gone by themselves (vanished) or withdrawn
}

// LiveOccurrence is an occurrence that takes place, with its row id.
type LiveOccurrence struct {
	ID int64
	booking.Slot
}

// Window is a span of a room's time a change touched; Room "" is every room.
type Window struct {
	Room       string
	Start, End time.Time
}

// ConflictFilter selects conflicts for a list; zero fields do not filter.
type ConflictFilter struct {
	Status string // ConflictOpen or ConflictResolved
	Limit  int
}

// ConflictDecisionRecord is the Kabid's decision as DecideConflict writes it.
type ConflictDecisionRecord struct {
	Decision booking.ConflictDecision
	Note     string // the Kabid's words, kept with the conflict
	// LogNote is the note of the decision's transition (the logbook's);
	// Note when empty.
	LogNote            string
	MoveStart, MoveEnd time.Time
	UserID             int64
	Actor              string
	Role               booking.Role
	At                 time.Time
}

// CarryOut is the secretary's act on a decided conflict as CarryOutConflict
// writes it.
type CarryOut struct {
	UserID int64
	Actor  string
	Note   string // the logbook's note of the reschedule or cancel
	At     time.Time
}

// ConflictCheck runs inside the write transaction of a decision or a
// carry-out that moves a booking: r as stored, the occurrences it will have
// after the move, and the room's calendar. An error aborts and is returned
// unchanged.
type ConflictCheck func(ctx context.Context, r booking.Request, moved booking.Slot, cal Calendar) error

// ConflictStore keeps the standing conflicts and the imported holidays.
type ConflictStore interface {
	// LiveOccurrences returns the occurrences of request id that take place,
	// with their row ids, by start.
	LiveOccurrences(ctx context.Context, id int64) ([]LiveOccurrence, error)
	// Touching returns the ids of the requests approved or in the chain
	// with an occurrence that overlaps one of the windows and ends after
	// now, ascending.
	Touching(ctx context.Context, windows []Window, now time.Time) ([]int64, error)
	// LiveRequests returns the ids of every request approved or in the
	// chain with an occurrence that ends after now, ascending.
	LiveRequests(ctx context.Context, now time.Time) ([]int64, error)
	// RequestConflicts returns the conflicts of request id, oldest first.
	RequestConflicts(ctx context.Context, id int64) ([]Conflict, error)
	// OpenConflictRequests returns the ids of the requests with an open
	// conflict, ascending.
	OpenConflictRequests(ctx context.Context) ([]int64, error)
	// Conflicts lists conflicts, the newest found first.
	Conflicts(ctx context.Context, f ConflictFilter) ([]Conflict, error)
	// Conflict returns conflict id; ErrNotFound when there is none.
	Conflict(ctx context.Context, id int64) (Conflict, error)
	// ConflictByTransition returns the conflict a transition found, decided
	// or resolved; ErrNotFound when it concerns none.
	ConflictByTransition(ctx context.Context, transitionID int64) (Conflict, error)
	// CountOpenConflicts counts the open conflicts.
	CountOpenConflicts(ctx context.Context) (int, error)
	// ReconcileConflicts makes request id's conflicts what a watch found at
	// at: a finding with no open conflict opens one (a new row, also for a
	// cause that had gone by itself and came back), with a transition
	// (action conflict) and its planned jobs; an open conflict not found any more is resolved as
	// vanished, with a transition (conflict_closed) and its jobs. A request
	// no longer approved or in the chain has its open conflicts resolved
	// as withdrawn, without a transition. A conflict resolved otherwise
	// (kept, moved, cancelled) stays as it is: the Kabid decided it.
	ReconcileConflicts(ctx context.Context, id int64, found []Finding, at time.Time) (Reconciled, error)
	// DecideConflict records the Kabid's decision on open conflict id, with
	// a transition (decide_conflict) and its jobs; a keep resolves it. A
	// move runs check inside the transaction first. *booking.ActError
	// (ErrInvalidTransition) when it is resolved or decided already.
	DecideConflict(ctx context.Context, id int64, d ConflictDecisionRecord, check ConflictCheck) (Conflict, error)
	// CarryOutConflict carries out the Kabid's move or cancel of conflict
	// id: the booking (or, in a series, the occurrence) moves, with check
	// run in the transaction, or is cancelled (a series: the occurrence
	// removed); the request's sequence grows; a transition (reschedule, or
	// cancel) and its jobs; the conflict, and the others open on the same
	// occurrence (all of the request's for a whole cancel), resolved.
	// *booking.ActError (ErrInvalidTransition) when there is nothing to
	// carry out.
	CarryOutConflict(ctx context.Context, id int64, c CarryOut, check ConflictCheck) (Conflict, error)

	// Holidays returns the imported holidays of every source, by date;
	// one date named by two sources is listed once (the first name).
	Holidays(ctx context.Context) ([]booking.Holiday, error)
	// ReplaceHolidays makes source's holidays list and returns the dates
	// added, removed or renamed, as midnights in loc. Each holiday's date is
	// read in its own zone.
	ReplaceHolidays(ctx context.Context, source string, list []booking.Holiday, loc *time.Location) ([]time.Time, error)
}

const conflictColumns = `id, request_id, occurrence_id, room, start_ns, end_ns, code, cause_key, cause, cause_en,
	suggestions, status, found_ns, found_tid, decision, decided_by, decided_uid, decided_ns, decided_tid, note,
	move_start_ns, move_end_ns, resolution, resolved_by, resolved_ns, resolved_tid`

func scanConflict(sc scanner) (Conflict, error) {
	var c Conflict
	var start, end, found, decided, moveStart, moveEnd, resolved sql.NullInt64
	var suggestions string
	err := sc.Scan(&c.ID, &c.RequestID, &c.OccurrenceID, &c.Room, &start, &end, &c.Code, &c.Key, &c.Cause, &c.CauseEN,
		&suggestions, &c.Status, &found, &c.FoundTransition, &c.Decision, &c.DecidedBy, &c.DecidedByID, &decided,
		&c.DecidedTransition, &c.Note, &moveStart, &moveEnd, &c.Resolution, &c.ResolvedBy, &resolved, &c.ResolvedTransition)
	if err != nil {
		return c, err
	}
	c.Start, c.End, c.FoundAt, c.DecidedAt = timeOf(start), timeOf(end), timeOf(found), timeOf(decided)
	c.MoveStart, c.MoveEnd, c.ResolvedAt = timeOf(moveStart), timeOf(moveEnd), timeOf(resolved)
	c.Suggestions = []booking.Slot{}
	if err := json.Unmarshal([]byte(suggestions), &c.Suggestions); err != nil {
		return c, fmt.Errorf("suggestions of conflict %d: %w", c.ID, err)
	}
	return c, nil
}

func queryConflicts(ctx context.Context, q querier, where string, args ...any) ([]Conflict, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+conflictColumns+` FROM conflicts `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Conflict{}
	for rows.Next() {
		c, err := scanConflict(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

func oneConflict(ctx context.Context, q querier, where string, args ...any) (Conflict, error) {
	list, err := queryConflicts(ctx, q, where, args...)
	if err != nil {
		return Conflict{}, err
	}
	if len(list) == 0 {
		return Conflict{}, ErrNotFound
	}
	return list[0], nil
}

// LiveOccurrences implements ConflictStore.
func (s *sqlStore) LiveOccurrences(ctx context.Context, id int64) ([]LiveOccurrence, error) {
	list, err := liveOccurrences(ctx, s.read, id)
	if err != nil {
		return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
	}
	return list, nil
}

func liveOccurrences(ctx context.Context, q querier, id int64) ([]LiveOccurrence, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, start_ns, end_ns FROM occurrences
		WHERE request_id = $1 AND removed = 0 ORDER BY start_ns, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []LiveOccurrence
	for rows.Next() {
		var o LiveOccurrence
		var start, end sql.NullInt64
		if err := rows.Scan(&o.ID, &start, &end); err != nil {
			return nil, err
		}
		o.Start, o.End = timeOf(start), timeOf(end)
		list = append(list, o)
	}
	return list, rows.Err()
}

// Touching implements ConflictStore. Each window reads the (room, busy,
// start) index of the overlap queries, once per room it concerns.
func (s *sqlStore) Touching(ctx context.Context, windows []Window, now time.Time) ([]int64, error) {
	rooms, err := s.occurrenceRooms(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: requests touched: %w", err)
	}
	seen := map[int64]bool{}
	longest := map[string]int64{} // read once per room, not per window
	var ids []int64
	for _, w := range windows {
		in := []string{w.Room}
		if w.Room == "" {
			in = rooms
		}
		for _, room := range in {
			if _, ok := longest[room]; !ok {
				if longest[room], err = s.longest(ctx, room); err != nil {
					return nil, fmt.Errorf("store: requests touched: %w", err)
				}
			}
			found, err := s.touching(ctx, room, longest[room], later(w.Start, now), w.End)
			if err != nil {
				return nil, fmt.Errorf("store: requests touched: %w", err)
			}
			for _, id := range found {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// longest is the length of room's longest occurrence, in nanoseconds.
func (s *sqlStore) longest(ctx context.Context, room string) (int64, error) {
	var n int64
	err := s.readBusy.longest.QueryRowContext(ctx, room).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// touching reads the requests with an occurrence of room in [from, to);
// longest is the room's longest occurrence (see overlapWhere).
func (s *sqlStore) touching(ctx context.Context, room string, longest int64, from, to time.Time) ([]int64, error) {
	if !to.After(from) {
		return nil, nil
	}
	return column[int64](s.readBusy.touching.QueryContext(ctx, room, bound(from), bound(to), startsFrom(bound(from), longest)))
}

// occurrenceRooms lists the rooms requests were made for.
func (s *sqlStore) occurrenceRooms(ctx context.Context) ([]string, error) {
	return column[string](s.read.QueryContext(ctx, `SELECT DISTINCT room FROM requests ORDER BY room`))
}

// column reads the one column of rows, closing them.
func column[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// LiveRequests implements ConflictStore.
func (s *sqlStore) LiveRequests(ctx context.Context, now time.Time) ([]int64, error) {
	ids, err := queryIDs(ctx, s.read, `SELECT DISTINCT request_id FROM occurrences
		WHERE busy IN ('booking', 'pending') AND removed = 0 AND end_ns > $1 ORDER BY request_id`, bound(now))
	if err != nil {
		return nil, fmt.Errorf("store: live requests: %w", err)
	}
	return ids, nil
}

func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	return column[int64](q.QueryContext(ctx, query, args...))
}

// RequestConflicts implements ConflictStore.
func (s *sqlStore) RequestConflicts(ctx context.Context, id int64) ([]Conflict, error) {
	list, err := queryConflicts(ctx, s.read, `WHERE request_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: conflicts of request %d: %w", id, err)
	}
	return list, nil
}

// OpenConflictRequests implements ConflictStore.
func (s *sqlStore) OpenConflictRequests(ctx context.Context) ([]int64, error) {
	ids, err := queryIDs(ctx, s.read, `SELECT DISTINCT request_id FROM conflicts WHERE status = $1
		ORDER BY request_id`, ConflictOpen)
	if err != nil {
		return nil, fmt.Errorf("store: requests with open conflicts: %w", err)
	}
	return ids, nil
}

// Conflicts implements ConflictStore.
func (s *sqlStore) Conflicts(ctx context.Context, f ConflictFilter) ([]Conflict, error) {
	where, args := `WHERE 1 = 1`, []any{}
	if f.Status != "" {
		args = append(args, f.Status)
		where += fmt.Sprintf(` AND status = $%d`, len(args))
	}
	where += ` ORDER BY found_ns DESC, id DESC`
	if f.Limit > 0 {
		where += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	list, err := queryConflicts(ctx, s.read, where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: conflicts: %w", err)
	}
	return list, nil
}

// Conflict implements ConflictStore.
func (s *sqlStore) Conflict(ctx context.Context, id int64) (Conflict, error) {
	c, err := oneConflict(ctx, s.read, `WHERE id = $1`, id)
	if err != nil {
		return c, fmt.Errorf("store: conflict %d: %w", id, err)
	}
	return c, nil
}

// ConflictByTransition implements ConflictStore.
func (s *sqlStore) ConflictByTransition(ctx context.Context, tid int64) (Conflict, error) {
	c, err := oneConflict(ctx, s.read, `WHERE found_tid = $1 OR decided_tid = $1 OR resolved_tid = $1
		ORDER BY id LIMIT 1`, tid)
	if err != nil {
		return c, fmt.Errorf("store: conflict of transition %d: %w", tid, err)
	}
	return c, nil
}

// CountOpenConflicts implements ConflictStore.
func (s *sqlStore) CountOpenConflicts(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conflicts WHERE status = $1`, ConflictOpen).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count open conflicts: %w", err)
	}
	return n, nil
}

// lockedRequest begins the work of a conflict's write: it locks the room of
// request id and reads the request, for update.
func (s *sqlStore) lockedRequest(ctx context.Context, tx *sql.Tx, id int64) (booking.Request, error) {
	var room string
	if err := tx.QueryRowContext(ctx, `SELECT room FROM requests WHERE id = $1`, id).Scan(&room); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = ErrNotFound
		}
		return booking.Request{}, err
	}
	if err := s.dialect.lockRoom(ctx, tx, room); err != nil {
		return booking.Request{}, err
	}
	return getRequest(ctx, tx, id, s.dialect.forUpdate())
}

// ReconcileConflicts implements ConflictStore.
func (s *sqlStore) ReconcileConflicts(ctx context.Context, id int64, found []Finding, at time.Time) (Reconciled, error) {
	var out Reconciled
	err := s.inTx(ctx, "reconcile conflicts", func(tx *sql.Tx) error {
		out = Reconciled{}
		r, err := s.lockedRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		stored, err := queryConflicts(ctx, tx, `WHERE request_id = $1 ORDER BY id`, id)
		if err != nil {
			return err
		}
		live := r.Status.Live()
		if !live {
			found = nil
		}
		open := map[[2]string]Conflict{}
		var kept []Conflict
		for _, c := range stored {
			switch {
			case c.Open():
				open[conflictKey(c.OccurrenceID, c.Key)] = c
			case c.Resolution == booking.ResolvedKept:
				kept = append(kept, c)
			}
		}
		seen := map[[2]string]bool{}
		for _, f := range found {
			k := conflictKey(f.OccurrenceID, f.Key)
			if seen[k] {
				continue
			}
			seen[k] = true
			c, ok := open[k]
			switch {
			case !ok && KeptAlready(kept, f):
			case !ok:
				opened, err := s.openConflict(ctx, tx, r, f, at)
				if err != nil {
					return err
				}
				out.Opened = append(out.Opened, opened)
			case c.Cause != f.Cause || !c.Start.Equal(f.Start) || !c.End.Equal(f.End):
				if err := updateConflict(ctx, tx, c.ID, f); err != nil {
					return err
				}
			}
		}
		for _, c := range stored {
			if !c.Open() || seen[conflictKey(c.OccurrenceID, c.Key)] {
				continue
			}
			closed, err := s.closeConflict(ctx, tx, r, c, live, at)
			if err != nil {
				return err
			}
			out.Closed = append(out.Closed, closed)
		}
		return nil
	})
	if err != nil {
		return Reconciled{}, fmt.Errorf("store: reconcile conflicts of request %d: %w", id, err)
	}
	return out, nil
}

// KeptAlready reports whether the Kabid kept the booking against finding f
// already: a conflict of the same occurrence and cause, kept, whose cause
// read the same words and whose occurrence was where it is now. A cause
// that changed (the event moved, the capacity lowered again) or an
// occurrence moved since is a new conflict: the Kabid kept the booking
// against what they saw, not against what came after.
func KeptAlready(kept []Conflict, f Finding) bool {
	for _, c := range kept {
		if c.OccurrenceID != f.OccurrenceID || c.Key != f.Key || c.Cause != f.Cause {
			continue
		}
		if c.OccurrenceID == 0 || c.Start.Equal(f.Start) && c.End.Equal(f.End) {
			return true // a cause of the whole request is seen on its next occurrence
		}
	}
	return false
}

func conflictKey(occurrence int64, key string) [2]string {
	return [2]string{fmt.Sprint(occurrence), key}
}

// updateConflict writes the words and the time of an open conflict as a
// watch sees them now, and its alternatives when the watch found new ones.
func updateConflict(ctx context.Context, tx *sql.Tx, id int64, f Finding) error {
	if err := storable("start end", f.Start, f.End); err != nil {
		return err
	}
	if f.Suggestions == nil {
		_, err := tx.ExecContext(ctx, `UPDATE conflicts SET cause = $1, cause_en = $2, start_ns = $3, end_ns = $4
			WHERE id = $5`, f.Cause, f.CauseEN, nanos(f.Start), nanos(f.End), id)
		return err
	}
	js, err := json.Marshal(f.Suggestions)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE conflicts SET cause = $1, cause_en = $2, start_ns = $3, end_ns = $4,
		suggestions = $5 WHERE id = $6`, f.Cause, f.CauseEN, nanos(f.Start), nanos(f.End), string(js), id)
	return err
}

// openConflict records finding f of r as a new open conflict, with the
// transition that says so and its jobs.
func (s *sqlStore) openConflict(ctx context.Context, tx *sql.Tx, r booking.Request, f Finding, at time.Time) (Conflict, error) {
	if err := storable("start end at", f.Start, f.End, at); err != nil {
		return Conflict{}, err
	}
	suggestions := f.Suggestions
	if suggestions == nil {
		suggestions = []booking.Slot{}
	}
	js, err := json.Marshal(suggestions)
	if err != nil {
		return Conflict{}, err
	}
	t := booking.Transition{RequestID: r.ID, Action: booking.ActionConflict, From: r.Status, To: r.Status,
		Actor: "system", Role: booking.RoleSystem, Note: f.Cause, At: at}
	if t.ID, err = insertTransition(ctx, tx, t); err != nil {
		return Conflict{}, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO conflicts (request_id, occurrence_id, room, start_ns, end_ns,
		code, cause_key, cause, cause_en, suggestions, status, found_ns, found_tid)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		r.ID, f.OccurrenceID, r.Room, nanos(f.Start), nanos(f.End), string(f.Code), f.Key, f.Cause, f.CauseEN,
		string(js), ConflictOpen, nanos(at), t.ID).Scan(&id)
	if err != nil {
		return Conflict{}, err
	}
	if err := s.enqueuePlanned(ctx, tx, r, t); err != nil {
		return Conflict{}, err
	}
	return oneConflict(ctx, tx, `WHERE id = $1`, id)
}

// closeConflict resolves open conflict c of r, whose cause a watch no
// longer finds. When its cause went away by itself (the event deleted, the
// holiday removed) it is vanished, with a transition and its jobs (the
// Kabid is told). When its booking went instead (r no longer live, the
// occurrence removed, moved by the secretary or over) it is withdrawn
// quietly: nobody's decision is needed, and nothing went away by itself.
func (s *sqlStore) closeConflict(ctx context.Context, tx *sql.Tx, r booking.Request, c Conflict, live bool, at time.Time) (Conflict, error) {
	gone, err := occurrenceGone(ctx, tx, c, at)
	if err != nil {
		return Conflict{}, err
	}
	if !live || gone {
		if err := s.resolveConflict(ctx, tx, c.ID, booking.ResolvedWithdrawn, "system", at, 0); err != nil {
			return Conflict{}, err
		}
		return oneConflict(ctx, tx, `WHERE id = $1`, c.ID)
	}
	t := booking.Transition{RequestID: r.ID, Action: booking.ActionConflictClosed, From: r.Status, To: r.Status,
		Actor: "system", Role: booking.RoleSystem, Note: c.Cause, At: at}
	if t.ID, err = insertTransition(ctx, tx, t); err != nil {
		return Conflict{}, err
	}
	if err := s.resolveConflict(ctx, tx, c.ID, booking.ResolvedVanished, "system", at, t.ID); err != nil {
		return Conflict{}, err
	}
	if err := s.enqueuePlanned(ctx, tx, r, t); err != nil {
		return Conflict{}, err
	}
	return oneConflict(ctx, tx, `WHERE id = $1`, c.ID)
}

// occurrenceGone reports whether the occurrence of conflict c no longer is
// where the conflict saw it: removed, moved, or ended by at. A conflict of
// the whole request has an occurrence only while the request lasts.
func occurrenceGone(ctx context.Context, tx *sql.Tx, c Conflict, at time.Time) (bool, error) {
	if c.OccurrenceID == 0 {
		var live int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM occurrences WHERE request_id = $1 AND removed = 0
			AND end_ns > $2`, c.RequestID, bound(at)).Scan(&live)
		return live == 0, err
	}
	var removed int
	var start, end sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT removed, start_ns, end_ns FROM occurrences WHERE id = $1`, c.OccurrenceID).
		Scan(&removed, &start, &end)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return removed != 0 || !timeOf(start).Equal(c.Start) || !timeOf(end).After(at), nil
}

func (s *sqlStore) resolveConflict(ctx context.Context, tx *sql.Tx, id int64, res booking.ConflictResolution, by string, at time.Time, tid int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE conflicts SET status = $1, resolution = $2, resolved_by = $3,
		resolved_ns = $4, resolved_tid = $5 WHERE id = $6`, ConflictResolved, string(res), by, nanos(at), tid, id)
	return err
}

// conflictRefused is the refusal of a second decision or carry-out.
func conflictRefused(c Conflict, what string) error {
	return &booking.ActError{Err: booking.ErrInvalidTransition,
		Message: fmt.Sprintf("conflict %d: %s (status %s, decision %q)", c.ID, what, c.Status, c.Decision)}
}

// DecideConflict implements ConflictStore.
func (s *sqlStore) DecideConflict(ctx context.Context, id int64, d ConflictDecisionRecord, check ConflictCheck) (Conflict, error) {
	err := errors.Join(storableOrZero("move_start", d.MoveStart), storableOrZero("move_end", d.MoveEnd), storable("at", d.At))
	if err != nil {
		return Conflict{}, fmt.Errorf("store: decide conflict %d: %w", id, err)
	}
	var out Conflict
	err = s.inTx(ctx, "decide conflict", func(tx *sql.Tx) error {
		c, err := oneConflict(ctx, tx, `WHERE id = $1`, id)
		if err != nil {
			return err
		}
		r, err := s.lockedRequest(ctx, tx, c.RequestID)
		if err != nil {
			return err
		}
		if c, err = oneConflict(ctx, tx, `WHERE id = $1`, id); err != nil { // as it is under the lock
			return err
		}
		if !c.AwaitsKabid() {
			return conflictRefused(c, "decided already")
		}
		if !r.Status.Live() {
			return conflictRefused(c, fmt.Sprintf("request %d is %s", r.ID, r.Status))
		}
		if d.Decision == booking.ConflictMove && check != nil {
			if err := check(ctx, r, booking.Slot{Start: d.MoveStart, End: d.MoveEnd}, txCalendar{tx, s.writeBusy}); err != nil {
				return err
			}
		}
		t := booking.Transition{RequestID: r.ID, Action: booking.ActionDecideConflict, From: r.Status, To: r.Status,
			UserID: d.UserID, Actor: d.Actor, Role: d.Role, Decision: booking.Decision(d.Decision), Note: cmp.Or(d.LogNote, d.Note), At: d.At}
		if t.ID, err = insertTransition(ctx, tx, t); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE conflicts SET decision = $1, decided_by = $2, decided_uid = $3,
			decided_ns = $4, decided_tid = $5, note = $6, move_start_ns = $7, move_end_ns = $8 WHERE id = $9`,
			string(d.Decision), d.Actor, d.UserID, nanos(d.At), t.ID, d.Note, nanos(d.MoveStart), nanos(d.MoveEnd), id)
		if err != nil {
			return err
		}
		if d.Decision == booking.ConflictKeep {
			if err := s.resolveConflict(ctx, tx, id, booking.ResolvedKept, d.Actor, d.At, t.ID); err != nil {
				return err
			}
		}
		if err := s.enqueuePlanned(ctx, tx, r, t); err != nil {
			return err
		}
		out, err = oneConflict(ctx, tx, `WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return Conflict{}, fmt.Errorf("store: decide conflict %d: %w", id, err)
	}
	return out, nil
}

// CarryOutConflict implements ConflictStore.
func (s *sqlStore) CarryOutConflict(ctx context.Context, id int64, co CarryOut, check ConflictCheck) (Conflict, error) {
	if err := storable("at", co.At); err != nil {
		return Conflict{}, fmt.Errorf("store: carry out conflict %d: %w", id, err)
	}
	var out Conflict
	err := s.inTx(ctx, "carry out conflict", func(tx *sql.Tx) error {
		c, err := oneConflict(ctx, tx, `WHERE id = $1`, id)
		if err != nil {
			return err
		}
		r, err := s.lockedRequest(ctx, tx, c.RequestID)
		if err != nil {
			return err
		}
		if c, err = oneConflict(ctx, tx, `WHERE id = $1`, id); err != nil {
			return err
		}
		if !c.AwaitsSecretary() {
			return conflictRefused(c, "nothing to carry out")
		}
		if !r.Status.Live() {
			return conflictRefused(c, fmt.Sprintf("request %d is %s", r.ID, r.Status))
		}
		out, err = s.carryOut(ctx, tx, r, c, co, check)
		return err
	})
	if err != nil {
		return Conflict{}, fmt.Errorf("store: carry out conflict %d: %w", id, err)
	}
	return out, nil
}

// carryOut writes the move or the cancel of c on r, locked in tx.
func (s *sqlStore) carryOut(ctx context.Context, tx *sql.Tx, r booking.Request, c Conflict, co CarryOut, check ConflictCheck) (Conflict, error) {
	whole := c.OccurrenceID == 0 || r.Recurrence == ""
	occID := c.OccurrenceID
	if occID == 0 && r.Recurrence == "" {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM occurrences WHERE request_id = $1 AND removed = 0
			ORDER BY start_ns LIMIT 1`, r.ID).Scan(&occID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Conflict{}, err
		}
	}
	t := booking.Transition{RequestID: r.ID, From: r.Status, To: r.Status, UserID: co.UserID, Actor: co.Actor,
		Role: booking.RoleSecretary, Note: co.Note, At: co.At}
	res := booking.ResolvedMoved
	switch {
	case c.Decision == booking.ConflictMove:
		if c.OccurrenceID == 0 && r.Recurrence != "" {
			return Conflict{}, conflictRefused(c, "a cause of the whole series cannot be moved")
		}
		moved := booking.Slot{Start: c.MoveStart, End: c.MoveEnd}
		if check != nil {
			if err := check(ctx, r, moved, txCalendar{tx, s.writeBusy}); err != nil {
				return Conflict{}, err
			}
		}
		if err := moveOccurrence(ctx, tx, occID, moved); err != nil {
			return Conflict{}, err
		}
		if r.Recurrence == "" {
			r.Start, r.End = moved.Start, moved.End
		}
		t.Action = booking.ActionReschedule
	case whole:
		res, t.Action, t.To = booking.ResolvedCancelled, booking.ActionCancel, booking.StatusCancelled
		r.Status = booking.StatusCancelled
	default:
		res, t.Action = booking.ResolvedCancelled, booking.ActionReschedule
		if _, err := tx.ExecContext(ctx, `UPDATE occurrences SET removed = 1 WHERE id = $1`, occID); err != nil {
			return Conflict{}, err
		}
	}
	r.Sequence++
	r.UpdatedAt = co.At
	if err := updateRequest(ctx, tx, &r); err != nil {
		return Conflict{}, err
	}
	var err error
	if t.ID, err = insertTransition(ctx, tx, t); err != nil {
		return Conflict{}, err
	}
	// The conflict carried out, and the others open on the same occurrence
	// (on the whole request for a cancel of all of it), end with it.
	where, args := `WHERE request_id = $1 AND status = $2 AND (id = $3 OR occurrence_id = $4)`,
		[]any{r.ID, ConflictOpen, c.ID, c.OccurrenceID}
	if res == booking.ResolvedCancelled && whole {
		where, args = `WHERE request_id = $1 AND status = $2 AND id <> $3`, []any{r.ID, ConflictOpen, c.ID}
		if err := s.resolveConflict(ctx, tx, c.ID, res, co.Actor, co.At, t.ID); err != nil {
			return Conflict{}, err
		}
	}
	others, err := queryConflicts(ctx, tx, where, args...)
	if err != nil {
		return Conflict{}, err
	}
	for _, o := range others {
		tid := int64(0)
		if o.ID == c.ID {
			tid = t.ID
		}
		if err := s.resolveConflict(ctx, tx, o.ID, res, co.Actor, co.At, tid); err != nil {
			return Conflict{}, err
		}
	}
	if err := s.enqueuePlanned(ctx, tx, r, t); err != nil {
		return Conflict{}, err
	}
	return oneConflict(ctx, tx, `WHERE id = $1`, c.ID)
}

// moveOccurrence moves occurrence id to s, keeping where the rule put it.
func moveOccurrence(ctx context.Context, tx *sql.Tx, id int64, s booking.Slot) error {
	if err := storable("start end", s.Start, s.End); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE occurrences SET original_ns = COALESCE(original_ns, start_ns),
		start_ns = $1, end_ns = $2 WHERE id = $3`, nanos(s.Start), nanos(s.End), id)
	return err
}

// Holidays implements ConflictStore.
func (s *sqlStore) Holidays(ctx context.Context) ([]booking.Holiday, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT day, name FROM holidays ORDER BY day, source`)
	if err != nil {
		return nil, fmt.Errorf("store: holidays: %w", err)
	}
	defer rows.Close()
	var list []booking.Holiday
	last := ""
	for rows.Next() {
		var day, name string
		if err := rows.Scan(&day, &name); err != nil {
			return nil, fmt.Errorf("store: holidays: %w", err)
		}
		if day == last {
			continue
		}
		last = day
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return nil, fmt.Errorf("store: holiday %q: %w", day, err)
		}
		list = append(list, booking.Holiday{Date: d, Name: name})
	}
	return list, rows.Err()
}

// ReplaceHolidays implements ConflictStore. Dates are read in loc.
func (s *sqlStore) ReplaceHolidays(ctx context.Context, source string, list []booking.Holiday, loc *time.Location) ([]time.Time, error) {
	if strings.TrimSpace(source) == "" {
		return nil, errors.New("store: replace holidays: no source")
	}
	want := map[string]string{}
	for _, h := range list {
		day := h.Date.Format(time.DateOnly) // a date, read in its own zone
		if _, dup := want[day]; !dup {
			want[day] = h.Name
		}
	}
	var changed []string
	err := s.inTx(ctx, "replace holidays", func(tx *sql.Tx) error {
		changed = nil
		rows, err := tx.QueryContext(ctx, `SELECT day, name FROM holidays WHERE source = $1`, source)
		if err != nil {
			return err
		}
		have := map[string]string{}
		for rows.Next() {
			var day, name string
			if err := rows.Scan(&day, &name); err != nil {
				rows.Close()
				return err
			}
			have[day] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for day := range have {
			if _, ok := want[day]; ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM holidays WHERE source = $1 AND day = $2`, source, day); err != nil {
				return err
			}
			changed = append(changed, day)
		}
		for day, name := range want {
			if old, ok := have[day]; ok && old == name {
				continue
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO holidays (source, day, name) VALUES ($1, $2, $3)
				ON CONFLICT (source, day) DO UPDATE SET name = excluded.name`, source, day, name)
			if err != nil {
				return err
			}
			changed = append(changed, day)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: replace holidays of %s: %w", source, err)
	}
	var out []time.Time
	for _, day := range changed {
		d, err := time.ParseInLocation(time.DateOnly, day, loc)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// InboxStore reads what the staff's inbox lists: requests by where they
// stand in the chain, each with when its current step began, a page at a
// time, and the occurrences of one request with where the rule first put
// them.
type InboxStore interface {
	// Inbox returns the first q.Limit requests q selects, in q.Order, and
	// how many it selects in all.
	Inbox(ctx context.Context, q InboxQuery) ([]InboxRow, int, error)
	// PlacedOccurrences returns the occurrences of request id that take
	// place, by start, each with its rule-given start (which a change of
	// one occurrence names). ErrNotFound for an unknown id.
	PlacedOccurrences(ctx context.Context, id int64) ([]PlacedOccurrence, error)
}

// Turn selects the requests at one status, and says how long the step
// taken there may take (the SOP's standard), which orders a list by when
// the step falls due.
type Turn struct {
	Status   booking.Status
	Standard time.Duration
	// EndedBy, when set, keeps the requests whose use ended by then (a
	// usage report follows the use); EndsAfter, when set, those whose use
	// ends after it (readiness comes before it).
	EndedBy, EndsAfter time.Time
}

// InboxOrder orders the rows of Inbox.
type InboxOrder int

// The orders of Inbox; every one breaks ties by id.
const (
	ByDue       InboxOrder = iota // when the step falls due: its start plus its standard, earliest first
	ByStart                       // the request's start, earliest first
	ByStartDesc                   // the request's start, latest first

	bySince // the step's start, earliest first: ByDue within one turn
)

// InboxQuery selects requests for the inbox. Zero fields do not filter.
type InboxQuery struct {
	Turns []Turn // at any of these turns
	ID    int64
	// Text is a part of the title or of the organization, in any case.
	Text     string
	From, To time.Time // an occurrence that takes place overlaps [From, To)
	Order    InboxOrder
	Limit    int
}

// InboxRow is a request as the inbox lists it.
type InboxRow struct {
	ID           int64
	Room, Title  string
	Organization string
	Start, End   time.Time
	Status       booking.Status
	Recurring    bool
	Since        time.Time     // when its current step began: its last transition (reschedules and restores aside)
	Standard     time.Duration // the turn's standard (0 outside the query's turns)
}

// PlacedOccurrence is an occurrence that takes place, and the start its
// request's rule gave it (the same when it was not moved).
type PlacedOccurrence struct {
	booking.Slot
	Original time.Time
}

// Inbox implements InboxStore. The step's start is the request's turn_ns,
// which a trigger sets to the time of each transition (migration 8). The total is counted
// by a second statement, only when the page is full: a window count over
// the selection costs more than the selection itself.
func (s *sqlStore) Inbox(ctx context.Context, q InboxQuery) ([]InboxRow, int, error) {
	if q.Order == ByDue && len(q.Turns) > 1 {
		return s.inboxByDue(ctx, q)
	}
	if q.Order == ByDue { // one turn: one standard, so due order is the step's start order
		q.Order = bySince
	}
	where, standard, args := inboxWhere(q)
	list, err := s.inboxRows(ctx, inboxSelect(where, standard, q, &args), args)
	if err != nil {
		return nil, 0, fmt.Errorf("store: inbox: %w", err)
	}
	total := len(list)
	if q.Limit > 0 && total == q.Limit {
		count := `SELECT COUNT(*) FROM requests r` + where
		if err := s.read.QueryRowContext(ctx, count, args[:len(args)-1]...).Scan(&total); err != nil { // no limit
			return nil, 0, fmt.Errorf("store: inbox: count: %w", err)
		}
	}
	return list, total, nil
}

// inboxByDue is Inbox in due order over several turns: one statement per
// turn, each reading the index (status, turn_ns, id) in order and stopping
// at the limit, merged by when each step falls due. A single statement
// would compute and sort the due time of every request in the chain.
func (s *sqlStore) inboxByDue(ctx context.Context, q InboxQuery) ([]InboxRow, int, error) {
	var list []InboxRow
	total := 0
	for _, t := range q.Turns {
		one := q
		one.Turns, one.Order = []Turn{t}, bySince
		rows, n, err := s.Inbox(ctx, one)
		if err != nil {
			return nil, 0, err
		}
		list, total = append(list, rows...), total+n
	}
	slices.SortFunc(list, func(a, b InboxRow) int {
		if c := a.Since.Add(a.Standard).Compare(b.Since.Add(b.Standard)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if q.Limit > 0 && len(list) > q.Limit {
		list = list[:q.Limit]
	}
	return list, total, nil
}

// inboxRows runs the selection and reads its rows.
func (s *sqlStore) inboxRows(ctx context.Context, query string, args []any) ([]InboxRow, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []InboxRow
	for rows.Next() {
		var r InboxRow
		var start, end, since sql.NullInt64
		var std int64
		var recurrence string
		if err := rows.Scan(&r.ID, &r.Room, &r.Title, &r.Organization, &start, &end, &r.Status,
			&recurrence, &since, &std); err != nil {
			return nil, err
		}
		r.Start, r.End, r.Since = timeOf(start), timeOf(end), timeOf(since)
		r.Recurring, r.Standard = recurrence != "", time.Duration(std)
		list = append(list, r)
	}
	return list, rows.Err()
}

// inboxWhere builds the WHERE clause of Inbox (empty or starting with a
// space), the expression of each row's standard, and their arguments.
func inboxWhere(q InboxQuery) (string, string, []any) {
	var b inboxBuilder
	standard := b.turns(q.Turns)
	if q.ID != 0 {
		b.where = append(b.where, `r.id = `+b.arg(q.ID))
	}
	if q.Text != "" {
		like := b.arg("%" + escapeLike(strings.ToLower(q.Text)) + "%")
		b.where = append(b.where, `(LOWER(r.title) LIKE `+like+` ESCAPE '\' OR LOWER(r.organization) LIKE `+like+` ESCAPE '\')`)
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		b.where = append(b.where, `EXISTS (SELECT 1 FROM occurrences o WHERE o.request_id = r.id AND o.removed = 0
			AND o.end_ns > `+b.arg(bound(q.From))+` AND o.start_ns < `+b.arg(bound(orMax(q.To)))+`)`)
	}
	where := ""
	if len(b.where) > 0 {
		where = ` WHERE ` + strings.Join(b.where, ` AND `)
	}
	return where, standard, b.args
}

// inboxSelect is the statement that selects the page; its limit, when
// there is one, is the argument it adds to args.
func inboxSelect(where, standard string, q InboxQuery, args *[]any) string {
	inner := `SELECT r.id, r.room, r.title, r.organization, r.start_ns, r.end_ns, r.status, r.recurrence,
		r.turn_ns AS since_ns,
		` + standard + ` AS standard_ns
		FROM requests r` + where
	order := map[InboxOrder]string{ByDue: `x.since_ns + x.standard_ns, x.id`, bySince: `x.since_ns, x.id`,
		ByStart: `x.start_ns, x.id`, ByStartDesc: `x.start_ns DESC, x.id DESC`}[q.Order]
	query := `SELECT x.* FROM (` + inner + `) x ORDER BY ` + order
	if q.Limit > 0 {
		*args = append(*args, q.Limit)
		query += ` LIMIT $` + strconv.Itoa(len(*args))
	}
	return query
}

// inboxBuilder gathers the conditions of the statement and their arguments.
type inboxBuilder struct {
	where []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (b *inboxBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

// turns adds the condition of the turns and returns the expression of each
// row's standard (the standards written as integers, so that the count,
// which has no use for them, takes the same arguments).
func (b *inboxBuilder) turns(turns []Turn) string {
	if len(turns) == 0 {
		return `0`
	}
	var alts, cases []string
	for _, t := range turns {
		status := b.arg(string(t.Status))
		cond := `r.status = ` + status
		if !t.EndedBy.IsZero() {
			cond += ` AND r.end_ns <= ` + b.arg(bound(t.EndedBy))
		}
		if !t.EndsAfter.IsZero() {
			cond += ` AND r.end_ns > ` + b.arg(bound(t.EndsAfter))
		}
		alts = append(alts, `(`+cond+`)`)
		cases = append(cases, `WHEN `+status+` THEN `+strconv.FormatInt(int64(t.Standard), 10))
	}
	b.where = append(b.where, `(`+strings.Join(alts, ` OR `)+`)`)
	return `CAST(CASE r.status ` + strings.Join(cases, ` `) + ` ELSE 0 END AS BIGINT)`
}

// escapeLike escapes LIKE's wildcards, with \ as the escape character.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// orMax is t, or the latest storable time when t is zero.
func orMax(t time.Time) time.Time {
	if t.IsZero() {
		return maxTime
	}
	return t
}

// PlacedOccurrences implements InboxStore.
func (s *sqlStore) PlacedOccurrences(ctx context.Context, id int64) ([]PlacedOccurrence, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT start_ns, end_ns, COALESCE(original_ns, start_ns)
		FROM occurrences WHERE request_id = $1 AND removed = 0 ORDER BY start_ns, id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
	}
	defer rows.Close()
	var out []PlacedOccurrence
	for rows.Next() {
		var start, end, original sql.NullInt64
		if err := rows.Scan(&start, &end, &original); err != nil {
			return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
		}
		out = append(out, PlacedOccurrence{Slot: booking.Slot{Start: timeOf(start), End: timeOf(end)}, Original: timeOf(original)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
	}
	if len(out) == 0 {
		if err := s.requestExists(ctx, id); err != nil {
			return nil, fmt.Errorf("store: occurrences of request %d: %w", id, err)
		}
	}
	return out, nil
}

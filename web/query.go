package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// parseFilter reads the list query: status (comma-separated, known states),
// from and to (RFC 3339, or YYYY-MM-DD in the office zone, to inclusive),
// room, limit.
func (h *handler) parseFilter(q url.Values) (store.Filter, error) {
	var f store.Filter
	var err error
	if f.Status, err = parseStatuses(q.Get("status")); err != nil {
		return f, err
	}
	if f.From, err = parseQueryTime("from", q.Get("from"), h.loc(), false); err != nil {
		return f, err
	}
	if f.To, err = parseQueryTime("to", q.Get("to"), h.loc(), true); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return f, invalid("to", "to must be after from")
	}
	if f.Room = strings.TrimSpace(q.Get("room")); f.Room != "" {
		if _, ok := h.office.Room(f.Room); !ok {
			return f, invalid("room", "unknown room %q", f.Room)
		}
	}
	f.Limit, err = parseLimit(q.Get("limit"))
	return f, err
}

// parseStatuses reads "submitted,approved" into known states.
func parseStatuses(v string) ([]booking.Status, error) {
	var out []booking.Status
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !slices.Contains(booking.Statuses, booking.Status(s)) {
			return nil, invalid("status", "unknown status %q", s)
		}
		out = append(out, booking.Status(s))
	}
	return out, nil
}

// parseQueryTime reads an RFC 3339 time or a date (YYYY-MM-DD, midnight in
// loc; with endOfDay, the midnight after it, so a "to" date is inclusive).
// Empty is the zero time.
func parseQueryTime(field, v string, loc *time.Location, endOfDay bool) (time.Time, error) {
	v = queryPlus(v)
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
		if endOfDay {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	if t, err := parseInstant(field, v); err == nil {
		return t, nil
	}
	return time.Time{}, invalid(field, "%s must be a date (2026-12-01) or an RFC 3339 time with an offset", field)
}

// queryPlus undoes the one mangling a hand-typed query suffers: the "+" of
// an offset (+07:00) arrives as a space when not escaped as %2B.
func queryPlus(v string) string {
	return strings.ReplaceAll(strings.TrimSpace(v), " ", "+")
}

// parseLimit reads the optional limit of a list, 1 to 10000.
func parseLimit(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 10000 {
		return 0, invalid("limit", "limit must be from 1 to 10000")
	}
	return n, nil
}

// strictQuery reads r's query, refusing what Go's parser would silently drop:
// a pair holding a raw ';' (an RRULE's parts must be sent as %3B) or a bad
// escape. A question must not be answered as if part of it was not asked.
func strictQuery(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, malformed("query", "the query cannot be read (write ';' as %%3B): %v", err)
	}
	return q, nil
}

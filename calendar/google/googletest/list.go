package googletest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	calendar "google.golang.org/api/calendar/v3"
)

// refusedWithSyncToken are the list parameters Google refuses beside a syncToken.
var refusedWithSyncToken = []string{"timeMin", "timeMax", "q", "privateExtendedProperty",
	"sharedExtendedProperty", "orderBy", "iCalUID", "updatedMin"}

// cursor is a decoded pageToken: the listing's snapshot version, the last id
// returned, and whether it is an incremental (sync) listing from a version.
type cursor struct {
	snapshot, since int64
	sync            bool
	after           string
}

func (c cursor) token() string {
	return "p" + strconv.FormatInt(c.snapshot, 10) + "." + strconv.FormatInt(c.since, 10) + "." +
		strconv.FormatBool(c.sync) + "." + c.after
}

func parseCursor(s string) (cursor, bool) {
	parts := strings.SplitN(strings.TrimPrefix(s, "p"), ".", 4)
	if len(parts) != 4 {
		return cursor{}, false
	}
	snap, err1 := strconv.ParseInt(parts[0], 10, 64)
	since, err2 := strconv.ParseInt(parts[1], 10, 64)
	sync, err3 := strconv.ParseBool(parts[2])
	return cursor{snapshot: snap, since: since, sync: sync, after: parts[3]}, err1 == nil && err2 == nil && err3 == nil
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.listCursor(w, q)
	if !ok {
		return
	}
	max := 250
	if m, err := strconv.Atoi(q.Get("maxResults")); err == nil && m > 0 {
		max = min(m, 2500)
	}
	var ids []string
	for id, st := range s.calendarOf(r.PathValue("cal")) {
		if id > c.after && s.listed(st, c, q) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := &calendar.Events{Kind: "calendar#events", Summary: s.Summary, TimeZone: s.TimeZone, Items: []*calendar.Event{}}
	cal := s.calendarOf(r.PathValue("cal"))
	for i, id := range ids {
		if i == max {
			c.after = ids[i-1]
			out.NextPageToken = c.token()
			break
		}
		ev := cal[id].ev
		out.Items = append(out.Items, &ev)
	}
	if out.NextPageToken == "" {
		out.NextSyncToken = "s" + strconv.FormatInt(c.snapshot, 10)
	}
	writeJSON(w, out)
}

// listCursor reads the page or sync token of a list, answering 400 or 410
// when it is refused; s.mu held.
func (s *Server) listCursor(w http.ResponseWriter, q map[string][]string) (cursor, bool) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if pt := get("pageToken"); pt != "" {
		c, ok := parseCursor(pt)
		if !ok {
			writeError(w, 400, "invalid", "Invalid page token value.")
		}
		return c, ok
	}
	c := cursor{snapshot: s.version}
	st := get("syncToken")
	if st == "" {
		return c, true
	}
	for _, k := range refusedWithSyncToken {
		if get(k) != "" {
			writeError(w, 400, "invalid", "Sync token is not supported with the parameter "+k+".")
			return c, false
		}
	}
	since, err := strconv.ParseInt(strings.TrimPrefix(st, "s"), 10, 64)
	if err != nil || !strings.HasPrefix(st, "s") {
		writeError(w, 400, "invalid", "Invalid sync token value.")
		return c, false
	}
	if since < s.minToken {
		writeError(w, 410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.")
		return c, false
	}
	c.since, c.sync = since, true
	return c, true
}

// listed says whether a list shows st: changed since the token when syncing
// (deleted ones too), else not deleted unless showDeleted, within
// timeMin/timeMax, with the private property asked for; s.mu held.
func (s *Server) listed(st *stored, c cursor, q map[string][]string) bool {
	if st.version > c.snapshot {
		return false // changed after the listing began: the next sync shows it
	}
	if c.sync {
		return st.version > c.since
	}
	first := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if st.ev.Status == "cancelled" && first("showDeleted") != "true" {
		return false
	}
	start, end := span(&st.ev)
	if t, err := time.Parse(time.RFC3339, first("timeMin")); err == nil && !end.After(t) {
		return false
	}
	if t, err := time.Parse(time.RFC3339, first("timeMax")); err == nil && !start.Before(t) {
		return false
	}
	for _, p := range q["privateExtendedProperty"] {
		k, v, _ := strings.Cut(p, "=")
		if st.ev.ExtendedProperties == nil || st.ev.ExtendedProperties.Private[k] != v {
			return false
		}
	}
	return true
}

// span returns an event's start and end (all-day events in UTC).
func span(ev *calendar.Event) (time.Time, time.Time) {
	parse := func(d *calendar.EventDateTime) time.Time {
		if d == nil {
			return time.Time{}
		}
		if d.DateTime != "" {
			t, _ := time.Parse(time.RFC3339, d.DateTime)
			return t
		}
		t, _ := time.Parse(time.DateOnly, d.Date)
		return t
	}
	return parse(ev.Start), parse(ev.End)
}

// Add stores an event as a person would create it in Google Calendar (an
// external event), with a generated id when ev.Id is empty, and returns it.
func (s *Server) Add(calendarID string, ev calendar.Event) calendar.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Id == "" {
		ev.Id = "ext" + strconv.FormatInt(s.version+1, 10) + "x" + strconv.Itoa(len(s.events[calendarID]))
	}
	if ev.Status == "" {
		ev.Status = "confirmed"
	}
	ev.Kind, ev.ICalUID = "calendar#event", ev.Id+"@google.com"
	st := &stored{ev: ev}
	s.touch(st)
	s.calendarOf(calendarID)[ev.Id] = st
	return st.ev
}

// Edit changes an event as a person would in Google Calendar; false when
// there is no such event.
func (s *Server) Edit(calendarID, id string, change func(ev *calendar.Event)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.calendarOf(calendarID)[id]
	if st == nil {
		return false
	}
	change(&st.ev)
	st.ev.Sequence++
	s.touch(st)
	return true
}

// Remove deletes an event as a person would (soft: status cancelled).
func (s *Server) Remove(calendarID, id string) bool {
	return s.Edit(calendarID, id, func(ev *calendar.Event) { ev.Status = "cancelled" })
}

// Events returns a copy of every event of the calendar, deleted ones
// included, sorted by id.
func (s *Server) Events(calendarID string) []calendar.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []calendar.Event
	for _, st := range s.calendarOf(calendarID) {
		out = append(out, st.ev)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Id < out[j].Id })
	return out
}

// Package googletest is a fake of the Google Calendar REST API (v3) for tests,
// faithful to the documented behaviour ccroom relies on: client-chosen event
// ids validated ([a-v0-9]{5,1024}), 409 on an id that exists even when the
// event was deleted, soft deletes (status cancelled, still gettable, listed
// with showDeleted or a sync token), etags and If-Match (412), list paging
// (maxResults, pageToken), syncToken and nextSyncToken, 410 Gone on an expired
// token, 400 when a sync token is combined with the parameters it refuses, and
// injectable failures: 403 rate limits, 429, 5xx, 401 and a response that
// hangs. It counts the calls per method.
//
// Not modelled: recurring events are stored and listed as their master event
// (singleEvents does not expand them), patch, attendees and notifications.
package googletest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"time"

	calendar "google.golang.org/api/calendar/v3"
)

// Failure is an answer the fake gives instead of doing the call.
type Failure struct {
	Status     int    // 403, 429, 500, 401...
	Reason     string // errors[0].reason, e.g. rateLimitExceeded
	RetryAfter string // the Retry-After header, when set
	Hang       bool   // never answer: the client's deadline must end the call
	// Lost does the call, then never answers (a connection lost after
	// Google took the change: the client cannot know it happened).
	Lost bool
}

// Common failures.
var (
	RateLimit    = Failure{Status: 403, Reason: "rateLimitExceeded"}
	TooMany      = Failure{Status: 429, Reason: "rateLimitExceeded", RetryAfter: "0"}
	Backend      = Failure{Status: 500, Reason: "backendError"}
	Unauthorized = Failure{Status: 401, Reason: "authError"}
	Hang         = Failure{Hang: true}
	Lost         = Failure{Lost: true}
)

// The methods the fake serves, as the API names them.
const (
	CalendarsGet = "calendars.get"
	EventsInsert = "events.insert"
	EventsGet    = "events.get"
	EventsUpdate = "events.update"
	EventsDelete = "events.delete"
	EventsList   = "events.list"
)

// Methods lists the methods the fake serves.
var Methods = []string{CalendarsGet, EventsInsert, EventsGet, EventsUpdate, EventsDelete, EventsList}

var idPattern = regexp.MustCompile(`^[a-v0-9]+$`) // and 5 to 1024 long

// stored is an event with the version of its last change (for sync tokens).
type stored struct {
	ev      calendar.Event
	version int64
}

// Server is the fake. Its URL plus "/calendar/v3/" is the endpoint to give
// option.WithEndpoint.
type Server struct {
	*httptest.Server
	// Summary and TimeZone are what calendars.get answers.
	Summary, TimeZone string

	mu       sync.Mutex
	events   map[string]map[string]*stored // calendar id -> event id -> event
	version  int64                         // grows with every change
	minToken int64                         // tokens older than this are gone (410)
	calls    map[string]int
	failures map[string][]Failure
	hangs    chan struct{}
}

// New starts a fake; it is closed when the test ends by the caller's Close.
func New() *Server {
	s := &Server{
		Summary: "Command Center", TimeZone: "Asia/Jakarta",
		events: map[string]map[string]*stored{}, calls: map[string]int{},
		failures: map[string][]Failure{}, hangs: make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /calendar/v3/calendars/{cal}", s.serve(CalendarsGet, s.getCalendar))
	mux.HandleFunc("GET /calendar/v3/calendars/{cal}/events", s.serve(EventsList, s.list))
	mux.HandleFunc("POST /calendar/v3/calendars/{cal}/events", s.serve(EventsInsert, s.insert))
	mux.HandleFunc("GET /calendar/v3/calendars/{cal}/events/{id}", s.serve(EventsGet, s.get))
	mux.HandleFunc("PUT /calendar/v3/calendars/{cal}/events/{id}", s.serve(EventsUpdate, s.update))
	mux.HandleFunc("DELETE /calendar/v3/calendars/{cal}/events/{id}", s.serve(EventsDelete, s.delete))
	s.Server = httptest.NewServer(mux)
	return s
}

// Endpoint is the base URL for option.WithEndpoint.
func (s *Server) Endpoint() string { return s.URL + "/calendar/v3/" }

// Close releases hanging calls and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.hangs:
	default:
		close(s.hangs)
	}
	s.mu.Unlock()
	s.Server.Close()
}

// Fail makes the next calls of method answer the failures, in order.
func (s *Server) Fail(method string, f ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], f...)
}

// Calls returns how many calls of method arrived (failed ones included).
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// AllCalls returns the calls per method so far.
func (s *Server) AllCalls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// ResetCalls zeroes the counts.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
}

// ExpireSyncTokens makes every sync token issued so far answer 410 Gone.
func (s *Server) ExpireSyncTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++ // tokens issued from now on are newer
	s.minToken = s.version
}

// serve counts the call and answers an injected failure or runs h.
func (s *Server) serve(method string, h func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[method]++
		var f *Failure
		if q := s.failures[method]; len(q) > 0 {
			f, s.failures[method] = &q[0], q[1:]
		}
		s.mu.Unlock()
		if f == nil {
			h(w, r)
			return
		}
		if f.Lost {
			h(httptest.NewRecorder(), r)
		}
		if f.Hang || f.Lost {
			select {
			case <-r.Context().Done():
			case <-s.hangs:
			}
			return
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		writeError(w, f.Status, f.Reason, http.StatusText(f.Status))
	}
}

// writeError answers Google's error JSON.
func writeError(w http.ResponseWriter, code int, reason, message string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": code, "message": message,
		"errors": []map[string]string{{"domain": "global", "reason": reason, "message": message}},
	}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if ev, ok := v.(*calendar.Event); ok {
		w.Header().Set("ETag", ev.Etag)
	}
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) getCalendar(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, &calendar.Calendar{Kind: "calendar#calendar", Id: r.PathValue("cal"),
		Summary: s.Summary, TimeZone: s.TimeZone, Etag: `"cal"`})
}

// calendarOf returns the events of the request's calendar; s.mu held.
func (s *Server) calendarOf(id string) map[string]*stored {
	m := s.events[id]
	if m == nil {
		m = map[string]*stored{}
		s.events[id] = m
	}
	return m
}

// touch records a change of e: new version, etag and update time; s.mu held.
func (s *Server) touch(st *stored) {
	s.version++
	st.version = s.version
	st.ev.Etag = `"` + strconv.FormatInt(3000000000000000+s.version, 10) + `"`
	st.ev.Updated = time.Now().UTC().Format(time.RFC3339Nano)
}

func decodeEvent(w http.ResponseWriter, r *http.Request) (*calendar.Event, bool) {
	var ev calendar.Event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		writeError(w, 400, "parseError", "Parse Error")
		return nil, false
	}
	if ev.Start == nil || ev.End == nil {
		writeError(w, 400, "required", "Missing end time.")
		return nil, false
	}
	switch ev.Status {
	case "":
		ev.Status = "confirmed"
	case "confirmed", "tentative", "cancelled":
	default:
		writeError(w, 400, "invalid", "Invalid value for: status")
		return nil, false
	}
	return &ev, true
}

func (s *Server) insert(w http.ResponseWriter, r *http.Request) {
	ev, ok := decodeEvent(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Id == "" {
		ev.Id = fmt.Sprintf("fake%012d", s.version+1)
	}
	if !idPattern.MatchString(ev.Id) || len(ev.Id) < 5 || len(ev.Id) > 1024 {
		writeError(w, 400, "invalid", "Invalid resource id value.")
		return
	}
	cal := s.calendarOf(r.PathValue("cal"))
	if _, dup := cal[ev.Id]; dup {
		writeError(w, 409, "duplicate", "The requested identifier already exists.")
		return
	}
	ev.Kind, ev.ICalUID, ev.Sequence = "calendar#event", ev.Id+"@google.com", 0
	ev.Created = time.Now().UTC().Format(time.RFC3339Nano)
	st := &stored{ev: *ev}
	s.touch(st)
	cal[ev.Id] = st
	out := st.ev
	writeJSON(w, &out)
}

// find returns the event of the path, or answers 404; s.mu held.
func (s *Server) find(w http.ResponseWriter, r *http.Request) *stored {
	st := s.calendarOf(r.PathValue("cal"))[r.PathValue("id")]
	if st == nil {
		writeError(w, 404, "notFound", "Not Found")
	}
	return st
}

// preconditionFails answers 412 when If-Match names another etag; s.mu held.
func preconditionFails(w http.ResponseWriter, r *http.Request, st *stored) bool {
	m := r.Header.Get("If-Match")
	if m == "" || m == "*" || m == st.ev.Etag {
		return false
	}
	writeError(w, 412, "conditionNotMet", "Precondition Failed")
	return true
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.find(w, r); st != nil {
		out := st.ev
		writeJSON(w, &out)
	}
}

func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	ev, ok := decodeEvent(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.find(w, r)
	if st == nil || preconditionFails(w, r, st) {
		return
	}
	if ev.Sequence != 0 && ev.Sequence < st.ev.Sequence {
		writeError(w, 400, "invalid", "Invalid sequence value. The specified sequence number is below the current sequence number of the resource.")
		return
	}
	ev.Id, ev.Kind, ev.ICalUID, ev.Created = st.ev.Id, st.ev.Kind, st.ev.ICalUID, st.ev.Created
	ev.Sequence = st.ev.Sequence + 1
	st.ev = *ev
	s.touch(st)
	out := st.ev
	writeJSON(w, &out)
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.find(w, r)
	if st == nil || preconditionFails(w, r, st) {
		return
	}
	if st.ev.Status == "cancelled" {
		writeError(w, 410, "deleted", "Resource has been deleted")
		return
	}
	st.ev.Status = "cancelled"
	s.touch(st)
	w.WriteHeader(http.StatusNoContent)
}

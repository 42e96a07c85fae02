package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// The API tests run against a real SQLite store in t.TempDir(), and against
// PostgreSQL too when CCROOM_TEST_POSTGRES holds a DSN (each test in a schema
// of its own), through a real HTTP server.

// wib is the office time zone (Asia/Jakarta, UTC+7), without tzdata.
var wib = time.FixedZone("WIB", 7*60*60)

// day is a date of the tests' calendar, at hour:minute in WIB.
func day(month time.Month, d, hour, minute int) time.Time {
	return time.Date(2026, month, d, hour, minute, 0, 0, wib)
}

// clock is the office clock the tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is one server over a fresh database, with a user of each role.
type env struct {
	t      *testing.T
	office *office.Office
	store  store.Store
	clock  *clock
	server *httptest.Server
	logs   *syncBuffer
	tokens map[string]string // "secretary", "head", "kabid", "vidcon", "former" -> bearer token
}

// newEnv opens a store, builds the office with a clock at 2026-11-20 09:00
// WIB, creates the staff and serves the API on a real listener.
func newEnv(t *testing.T, dsn func(t *testing.T) (string, string)) *env {
	t.Helper()
	return newEnvWith(t, dsn, nil)
}

// newEnvWith is newEnv with the server's options changed by opt first.
func newEnvWith(t *testing.T, dsn func(t *testing.T) (string, string), opt func(*Options)) *env {
	t.Helper()
	driver, path := dsn(t)
	st, err := store.Open(t.Context(), driver, path)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, store: st, clock: &clock{now: day(11, 20, 9, 0)}, logs: &syncBuffer{}}
	reg := prometheus.NewRegistry()
	e.office = office.New(office.Options{
		Store: st, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: e.clock.Now,
		Metrics: office.NewMetrics(reg),
	})
	o := Options{Office: e.office, Store: st, Registry: reg, OfficeName: testOffice,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil))}
	if opt != nil {
		opt(&o)
	}
	srv := New(o)
	e.server = serveReal(t, srv)
	e.addStaff()
	return e
}

// testOffice is the office the pages name.
const testOffice = "Dinas Komunikasi dan Informatika Kabupaten Pelalawan"

// serveReal serves srv on a loopback listener as the daemon does: its own
// http.Server (timeouts, limits, error log) on its wrapped listener.
func serveReal(t *testing.T, srv *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(srv)
	ts.Config = srv.HTTPServer(srv.h.log)
	ts.Listener = srv.Listener(ts.Listener)
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// testRules are the office's rules: 3 days ahead, 07:00-17:00, a year ahead.
func testRules() booking.Rules {
	return booking.Rules{
		Location: wib, LeadDays: 3, Open: 7 * time.Hour, Close: 17 * time.Hour,
		MaxDuration: 10 * time.Hour, HorizonDays: 365, Suggestions: 3,
	}
}

// addStaff creates one user per role, and a former head whose grant ended.
func (e *env) addStaff() {
	e.tokens = map[string]string{}
	for _, role := range []booking.Role{booking.RoleSecretary, booking.RoleHead, booking.RoleKabid, booking.RoleVidcon} {
		e.addUser(string(role), booking.Grant{Role: role})
	}
	e.addUser("former", booking.Grant{Role: booking.RoleHead, Until: day(1, 31, 0, 0)})
}

func (e *env) addUser(name string, g booking.Grant) {
	email := name + "@diskominfo.example.go.id"
	_, err := e.office.AddUser(e.t.Context(), office.NewUser{Email: email, Name: "Bapak " + name, Grants: []booking.Grant{g}})
	if err != nil {
		e.t.Fatalf("AddUser %s: %v", name, err)
	}
	if e.tokens[name], err = e.office.IssueToken(e.t.Context(), email); err != nil {
		e.t.Fatalf("IssueToken %s: %v", name, err)
	}
}

// response is an HTTP answer, read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body as an object.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object (%v): %s", err, r.body)
	}
	return m
}

// errorOf returns the code and field of an error body.
func (r response) errorOf(t *testing.T) (code, field string) {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	code, _ = e["code"].(string)
	field, _ = e["field"].(string)
	return code, field
}

// do sends a request. body is JSON-encoded unless it is a string or []byte;
// hdr holds header name/value pairs ("Authorization" values are bearer tokens).
func (e *env) do(method, path string, body any, hdr ...string) response {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.server.URL+path, bodyReader(e.t, body))
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return send(e.t, req)
}

// as returns the Authorization header pair for the user named name.
func (e *env) as(name string) []string {
	return []string{"Authorization", "Bearer " + e.tokens[name]}
}

func send(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := roundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	return res
}

// roundTrip sends req and reads the whole answer; safe off the test goroutine.
func roundTrip(req *http.Request) (response, error) {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}, err
}

func bodyReader(t *testing.T, body any) io.Reader {
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	case io.Reader:
		return b
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// application is a valid request body for the Command Center.
func application(title string, start time.Time, hours int) map[string]any {
	return map[string]any{
		"room": "command-center", "title": title, "organization": "Dinas Kesehatan",
		"contact_name": "Siti Aminah", "contact_email": "siti@example.org", "contact_phone": "0812-7777-1234",
		"start": start.Format(time.RFC3339), "end": start.Add(time.Duration(hours) * time.Hour).Format(time.RFC3339),
		"participants": 20, "equipment": []any{"computer", map[string]any{"name": "sound-system", "count": 1}},
		"visibility": "private", "letter_number": "005/DINKES/XI/2026", "notes": "Rapat koordinasi",
	}
}

// submit posts body and returns the new request's id and tracking token.
func (e *env) submit(body map[string]any) (int64, string) {
	e.t.Helper()
	res := e.do("POST", "/api/v1/requests", body)
	if res.status != http.StatusCreated {
		e.t.Fatalf("submit: %d %s", res.status, res.body)
	}
	m := res.json(e.t)
	return int64(m["id"].(float64)), m["tracking_token"].(string)
}

// act posts a transition as the user named who and wants status want.
func (e *env) act(id int64, who, action, decision, note string, want int) response {
	e.t.Helper()
	res := e.do("POST", requestPath(id)+"/transitions",
		map[string]string{"action": action, "decision": decision, "note": note}, e.as(who)...)
	if res.status != want {
		e.t.Fatalf("%s by %s on %d: got %d %s, want %d", action, who, id, res.status, res.body, want)
	}
	return res
}

func requestPath(id int64) string { return "/api/v1/requests/" + strconv.FormatInt(id, 10) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// countRequests is how many requests the store holds.
func (e *env) countRequests() int {
	e.t.Helper()
	rs, err := e.store.Requests(e.t.Context(), store.Filter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(rs)
}

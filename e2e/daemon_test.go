// Package e2e tests ccroom from the outside: the real daemon (daemon.Serve) on
// a loopback port over a fresh SQLite file, driven through its HTTP API, its
// output read by programs no one here wrote.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/office"
)

// staffRoles are the officials of the chain, one user each.
var staffRoles = []booking.Role{booking.RoleSecretary, booking.RoleHead, booking.RoleKabid, booking.RoleVidcon}

// running is a daemon serving on a loopback port.
type running struct {
	t      *testing.T
	cfg    *config.Config
	base   string            // http://127.0.0.1:PORT
	tokens map[string]string // role -> bearer token
	// feedURL is the path of the secretary's staff feed; oldFeedURL the one
	// its rotation replaced.
	feedURL, oldFeedURL string
	logs                *syncBuffer
}

// syncBuffer is the daemon's log, written by its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testConfig is the embedded default with its data in dir and the rules
// relaxed so bookings a few days ahead at any hour pass, plus a second room so
// the room feeds have something to leave out.
func testConfig(dir string) *config.Config {
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Database.DSN = filepath.Join(dir, "ccroom.db")
	cfg.Rules.LeadDays = 0
	cfg.Rules.Open, cfg.Rules.Close = "00:00", "24:00"
	cfg.Rooms = append(cfg.Rooms, config.Room{ID: "aula", Name: "Aula Kantor Bupati", Capacity: 200,
		Equipment: map[string]int{"sound-system": 1}})
	return cfg
}

// startDaemon creates the staff users (one per role, with API tokens, and a
// staff feed token for the secretary, rotated once) on a fresh database, then
// runs daemon.Serve on 127.0.0.1:0 until the test ends.
func startDaemon(t *testing.T) *running {
	t.Helper()
	return startDaemonWith(t, nil)
}

// startDaemonWith is startDaemon with the config changed by tune first.
func startDaemonWith(t *testing.T, tune func(cfg *config.Config)) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t.TempDir())
	cfg.Listen = ln.Addr().String()
	cfg.BaseURL = "http://" + cfg.Listen
	if tune != nil {
		tune(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	d := &running{t: t, cfg: cfg, base: cfg.BaseURL, tokens: map[string]string{}, logs: &syncBuffer{}}
	d.addStaff()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(d.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	go func() { done <- daemon.Serve(ctx, cfg, log, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("daemon.Serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("the daemon did not stop within 30 s")
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; {
		res, err := http.Get(d.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-done:
			t.Fatalf("the daemon stopped: %v\n%s", err, d.logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon is not ready after 20 s (%v)\n%s", err, d.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return d
}

// addStaff opens the office on the daemon's database before it starts, as
// the CLI does, and creates the users and their tokens.
func (d *running) addStaff() {
	t, ctx := d.t, d.t.Context()
	off, st, err := daemon.Open(ctx, d.cfg, nil)
	if err != nil {
		t.Fatalf("daemon.Open: %v", err)
	}
	defer st.Close()
	for _, role := range staffRoles {
		email := string(role) + "@diskominfo.example.go.id"
		if _, err := off.AddUser(ctx, office.NewUser{Email: email, Name: "Pejabat " + string(role),
			Grants: []booking.Grant{{Role: role}}}); err != nil {
			t.Fatalf("AddUser %s: %v", role, err)
		}
		if d.tokens[string(role)], err = off.IssueToken(ctx, email); err != nil {
			t.Fatalf("IssueToken %s: %v", role, err)
		}
	}
	email := string(booking.RoleSecretary) + "@diskominfo.example.go.id"
	if d.oldFeedURL, err = rotateFeedToken(ctx, off, email); err != nil {
		t.Fatalf("RotateFeedToken: %v", err)
	}
	if d.feedURL, err = rotateFeedToken(ctx, off, email); err != nil {
		t.Fatalf("RotateFeedToken: %v", err)
	}
}

// rotateFeedToken gives the user a new staff feed token and returns the
// path of their feed, /feeds/staff/TOKEN.ics.
func rotateFeedToken(ctx context.Context, off *office.Office, email string) (string, error) {
	token, err := off.RotateFeedToken(ctx, email)
	if err != nil {
		return "", err
	}
	return "/feeds/staff/" + token + ".ics", nil
}

// reply is an HTTP answer, read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends method path with body (JSON-encoded unless nil) and header pairs.
func (d *running) do(method, path string, body any, hdr ...string) reply {
	d.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			d.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(d.t.Context(), method, d.base+path, rd)
	if err != nil {
		d.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		d.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

// as is the Authorization header of the user holding role.
func (d *running) as(role booking.Role) []string {
	return []string{"Authorization", "Bearer " + d.tokens[string(role)]}
}

// object decodes a JSON object body.
func (r reply) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object (%v): %s", err, r.body)
	}
	return m
}

// apiRequest is a request as the API returns it, with the fields the feed
// tests compare.
type apiRequest struct {
	ID          int64       `json:"id"`
	UID         string      `json:"uid"`
	Status      string      `json:"status"`
	Sequence    int         `json:"sequence"`
	Start       time.Time   `json:"start"`
	End         time.Time   `json:"end"`
	Recurrence  string      `json:"recurrence"`
	Occurrences []apiSlot   `json:"occurrences"`
	Token       string      `json:"tracking_token"`
	Error       *apiFailure `json:"error"`
}

type apiSlot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

type apiFailure struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field"`
}

// decodeRequest reads an API request body; want is the status expected.
func (d *running) decodeRequest(r reply, want int, what string) apiRequest {
	d.t.Helper()
	var a apiRequest
	if err := json.Unmarshal(r.body, &a); err != nil || r.status != want {
		d.t.Fatalf("%s: %d %s (want %d; %v)", what, r.status, r.body, want, err)
	}
	return a
}

// submit posts an application and returns the created request.
func (d *running) submit(app map[string]any) apiRequest {
	d.t.Helper()
	return d.decodeRequest(d.do("POST", "/api/v1/requests", app), http.StatusCreated, "submit "+app["title"].(string))
}

// act takes one SOP step as role and wants the status after it.
func (d *running) act(id int64, role booking.Role, action, decision, note, want string) apiRequest {
	d.t.Helper()
	body := map[string]string{"action": action, "decision": decision, "note": note}
	r := d.decodeRequest(d.do("POST", requestPath(id)+"/transitions", body, d.as(role)...), http.StatusOK, action)
	if r.Status != want {
		d.t.Fatalf("request %d after %s: status %s, want %s", id, action, r.Status, want)
	}
	return r
}

// get reads a request as staff.
func (d *running) get(id int64) apiRequest {
	d.t.Helper()
	return d.decodeRequest(d.do("GET", requestPath(id), nil, d.as(booking.RoleSecretary)...), http.StatusOK, "get")
}

func requestPath(id int64) string {
	return "/api/v1/requests/" + itoa(id)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// contains reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

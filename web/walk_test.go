package web

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestWalkTheChain takes one request through all ten SOP steps with the
// applicant and four staff users, checking each status and the history.
func TestWalkTheChain(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Rapat Koordinasi Stunting", day(12, 1, 9, 0), 2))
		steps := []struct {
			who, action, decision, note, want string
			wait                              time.Duration
		}{
			{"secretary", "forward", "", "", "forwarded", 2 * time.Minute},
			{"head", "dispose", "", "Mohon dicek", "disposed", 10 * time.Minute}, // late: standard 5
			{"kabid", "check", "available", "Ruang siap", "checked", 3 * time.Minute},
			{"head", "relay", "", "", "relayed", 4 * time.Minute},
			{"secretary", "inform", "", "", "approved", 5 * time.Minute},
			{"kabid", "prepare", "", "Tim vidcon siap", "prepared", 20 * time.Minute},
		}
		for _, s := range steps {
			e.clock.advance(s.wait)
			m := e.act(id, s.who, s.action, s.decision, s.note, http.StatusOK).json(t)
			if m["status"] != s.want {
				t.Fatalf("after %s: status %v, want %s", s.action, m["status"], s.want)
			}
		}
		e.actBody(id, "vidcon", reportBody(nil), http.StatusConflict) // before the end
		e.clock.set(day(12, 1, 11, 30))
		e.actBody(id, "vidcon", reportBody(nil), http.StatusOK)
		e.clock.advance(5 * time.Minute)
		m := e.act(id, "kabid", "close", "", "", http.StatusOK).json(t)
		if m["status"] != "closed" {
			t.Fatalf("after close: %v", m["status"])
		}
		checkHistory(t, m["history"].([]any), true)

		res := e.do("GET", requestPath(id)+"?token="+token, nil)
		if res.status != http.StatusOK {
			t.Fatalf("applicant GET: %d %s", res.status, res.body)
		}
		checkHistory(t, res.json(t)["history"].([]any), false)
		if strings.Contains(e.logs.String(), token) {
			t.Error("the tracking token appears in the log")
		}
	})
}

// checkHistory wants the ten steps in order, timed, with staff user ids only
// for staff.
func checkHistory(t *testing.T, history []any, staff bool) {
	t.Helper()
	want := []string{"submit", "forward", "dispose", "check", "relay", "inform", "prepare", "report", "close"}
	if len(history) != len(want) {
		t.Fatalf("history has %d entries, want %d", len(history), len(want))
	}
	for i, h := range history {
		entry := h.(map[string]any)
		if entry["action"] != want[i] {
			t.Errorf("history[%d] = %v, want %s", i, entry["action"], want[i])
		}
		if _, has := entry["user_id"]; has != (staff && i > 0) {
			t.Errorf("history[%d]: user_id shown %v, want %v", i, has, staff && i > 0)
		}
		if !strings.HasSuffix(entry["at"].(string), "+07:00") {
			t.Errorf("history[%d].at = %v, want the office zone", i, entry["at"])
		}
	}
	dispose := history[2].(map[string]any)
	if dispose["took_seconds"] != 600.0 || dispose["standard_seconds"] != 300.0 || dispose["late"] != true {
		t.Errorf("dispose timing = %v/%v late %v, want 600/300 late", dispose["took_seconds"], dispose["standard_seconds"], dispose["late"])
	}
	if check := history[3].(map[string]any); check["decision"] != "available" || check["role"] != "kabid" {
		t.Errorf("check entry = %v", check)
	}
}

// TestActRefusals: wrong role 403, wrong order 409, unknown id 404, no
// credentials 401, a bad action 422, and the applicant's own powers.
func TestActRefusals(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Bimtek SPBE", day(12, 2, 9, 0), 2))
		cases := []struct {
			name, action string
			hdr          []string
			status       int
			code         string
		}{
			{"head forwards", "forward", e.as("head"), 403, "forbidden"},
			{"former head", "forward", e.as("former"), 403, "forbidden"},
			{"applicant forwards", "forward", []string{"X-Tracking-Token", token}, 403, "forbidden"},
			{"inform too early", "inform", e.as("secretary"), 409, "invalid_transition"},
			{"unknown action", "approve", e.as("secretary"), 422, "invalid"},
			{"no credentials", "cancel", nil, 401, "unauthorized"},
			{"bad bearer", "cancel", []string{"Authorization", "Bearer nope"}, 401, "unauthorized"},
			{"wrong token", "cancel", []string{"X-Tracking-Token", "AAAAAAAAAAAAAAAAAAAAAA"}, 404, "not_found"},
		}
		for _, c := range cases {
			res := e.do("POST", requestPath(id)+"/transitions", map[string]string{"action": c.action}, c.hdr...)
			if code, _ := res.errorOf(t); res.status != c.status || code != c.code {
				t.Errorf("%s: %d %s, want %d %s", c.name, res.status, res.body, c.status, c.code)
			}
		}
		if res := e.do("POST", "/api/v1/requests/99999/transitions", map[string]string{"action": "forward"}, e.as("secretary")...); res.status != 404 {
			t.Errorf("unknown id: %d %s", res.status, res.body)
		}
		res := e.do("POST", requestPath(id)+"/transitions?token="+token, map[string]string{"action": "cancel"})
		if res.status != http.StatusOK || res.json(t)["status"] != "cancelled" {
			t.Fatalf("applicant cancel: %d %s", res.status, res.body)
		}
	})
}

// TestRequestVisibility: staff and the applicant read a request; another
// applicant's token, no token and a former official get 404; the list is
// for staff.
func TestRequestVisibility(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		mine, _ := e.submit(application("Rapat A", day(12, 3, 9, 0), 1))
		_, other := e.submit(application("Rapat B", day(12, 3, 13, 0), 1))
		for name, res := range map[string]response{
			"other token":    e.do("GET", requestPath(mine)+"?token="+other, nil),
			"other header":   e.do("GET", requestPath(mine), nil, "X-Tracking-Token", other),
			"no token":       e.do("GET", requestPath(mine), nil),
			"former head":    e.do("GET", requestPath(mine), nil, e.as("former")...),
			"unknown id":     e.do("GET", "/api/v1/requests/424242", nil, e.as("head")...),
			"non-numeric id": e.do("GET", "/api/v1/requests/abc", nil, e.as("head")...),
		} {
			if code, _ := res.errorOf(t); res.status != 404 || code != "not_found" {
				t.Errorf("%s: %d %s, want 404 not_found", name, res.status, res.body)
			}
		}
		staff := e.do("GET", requestPath(mine), nil, e.as("kabid")...)
		if staff.status != 200 || !strings.Contains(string(staff.body), `"start":"2026-12-03T09:00:00+07:00"`) {
			t.Errorf("staff GET: %d %s", staff.status, staff.body)
		}
		checkList(t, e)
	})
}

// checkList exercises GET /api/v1/requests and its filters.
func checkList(t *testing.T, e *env) {
	t.Helper()
	cases := []struct {
		query  string
		hdr    []string
		status int
		n      int
	}{
		{"", nil, 401, 0},
		{"", e.as("former"), 403, 0},
		{"", e.as("secretary"), 200, 2},
		{"?status=submitted,forwarded&room=command-center", e.as("secretary"), 200, 2},
		{"?status=approved", e.as("secretary"), 200, 0},
		{"?from=2026-12-03T12:00:00%2B07:00", e.as("head"), 200, 1},
		{"?from=2026-12-03&to=2026-12-03", e.as("head"), 200, 2},
		{"?to=2026-12-02", e.as("head"), 200, 0},
		{"?status=bogus", e.as("head"), 422, 0},
		{"?from=yesterday", e.as("head"), 422, 0},
		{"?from=2026-12-03T1:00:00Z", e.as("head"), 422, 0}, // a one-digit hour is not RFC 3339
		{"?from=2026-12-03t05:00:00z", e.as("head"), 200, 1},
		{"?from=0001-01-01T00:00:00Z", e.as("head"), 422, 0},
	}
	for _, c := range cases {
		res := e.do("GET", "/api/v1/requests"+c.query, nil, c.hdr...)
		if res.status != c.status {
			t.Errorf("list %q: %d %s, want %d", c.query, res.status, res.body, c.status)
			continue
		}
		if c.status == 200 && strings.Count(string(res.body), `"uid"`) != c.n {
			t.Errorf("list %q: %s, want %d requests", c.query, res.body, c.n)
		}
	}
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// approve walks request id from submitted to approved.
func (e *env) approve(id int64) {
	e.t.Helper()
	e.act(id, "secretary", "forward", "", "", http.StatusOK)
	e.act(id, "head", "dispose", "", "", http.StatusOK)
	e.act(id, "kabid", "check", "available", "", http.StatusOK)
	e.act(id, "head", "relay", "", "", http.StatusOK)
	e.act(id, "secretary", "inform", "", "", http.StatusOK)
}

const secretTitle = "Rapat Rahasia Anggaran"

// TestConflictReport: a request colliding with an approved booking is
// refused 409 overlap with free suggestions; the public never reads the
// booking's title, staff do.
func TestConflictReport(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		first, _ := e.submit(application(secretTitle, day(12, 7, 9, 0), 2))
		e.approve(first)
		second := application("Sosialisasi", day(12, 7, 10, 0), 2)

		res := e.do("POST", "/api/v1/requests", second)
		m := checkOverlap(t, res)
		if strings.Contains(string(res.body), secretTitle) {
			t.Errorf("the public reads a private title: %s", res.body)
		}
		if c := m["conflicts"].([]any)[0].(map[string]any); c["title"] != "Terpakai" || c["start"] != "2026-12-07T09:00:00+07:00" {
			t.Errorf("public conflict = %v", c)
		}
		staff := e.do("POST", "/api/v1/requests", second, e.as("secretary")...)
		checkOverlap(t, staff)
		if !strings.Contains(string(staff.body), secretTitle) {
			t.Errorf("staff do not read the title: %s", staff.body)
		}
		if n := e.countRequests(); n != 1 {
			t.Errorf("%d requests stored, want 1", n)
		}
		checkAvailability(t, e)
	})
}

// checkOverlap wants a 409 overlap with conflicts and three suggestions.
func checkOverlap(t *testing.T, res response) map[string]any {
	t.Helper()
	if code, field := res.errorOf(t); res.status != http.StatusConflict || code != "overlap" || field != "start" {
		t.Fatalf("colliding request: %d %s, want 409 overlap", res.status, res.body)
	}
	m := res.json(t)
	if len(m["conflicts"].([]any)) != 1 || len(m["suggestions"].([]any)) < 3 {
		t.Errorf("report: %s", res.body)
	}
	if _, ok := m["warnings"].([]any); !ok {
		t.Errorf("no warnings array: %s", res.body)
	}
	return m
}

// checkAvailability asks GET /api/v1/availability as the public, in
// English, and as staff, about the slot the approved booking holds.
func checkAvailability(t *testing.T, e *env) {
	t.Helper()
	q := url.Values{"room": {"command-center"}, "start": {"2026-12-07T10:00:00+07:00"},
		"end": {"2026-12-07T11:00:00+07:00"}, "participants": {"10"}, "equipment": {"computer:2,sound-system"}}
	for _, c := range []struct {
		name, lang, title string
		hdr               []string
	}{
		{"public", "", "Terpakai", nil},
		{"public en", "en", "Reserved", nil},
		{"staff", "", secretTitle, e.as("kabid")},
	} {
		res := e.do("GET", "/api/v1/availability?"+q.Encode()+"&lang="+c.lang, nil, c.hdr...)
		m := res.json(t)
		if res.status != 200 || m["available"] != false {
			t.Fatalf("%s: %d %s", c.name, res.status, res.body)
		}
		if got := m["conflicts"].([]any)[0].(map[string]any)["title"]; got != c.title {
			t.Errorf("%s: conflict title %v, want %s", c.name, got, c.title)
		}
	}
	free := e.do("GET", "/api/v1/availability?room=command-center&start=2026-12-08T09:00:00%2B07:00&end=2026-12-08T10:00:00%2B07:00", nil)
	if free.status != 200 || free.json(t)["available"] != true {
		t.Errorf("free slot: %d %s", free.status, free.body)
	}
	for _, bad := range []string{"room=nowhere&start=2026-12-08T09:00:00Z&end=2026-12-08T10:00:00Z", "room=command-center&start=2026-12-08T09:00:00&end=2026-12-08T10:00:00Z"} {
		if res := e.do("GET", "/api/v1/availability?"+bad, nil); res.status != 422 {
			t.Errorf("availability %s: %d %s", bad, res.status, res.body)
		}
	}
	// A raw ';' would make Go drop the recurrence: refused, not ignored.
	raw := "room=command-center&start=2026-12-08T09:00:00Z&end=2026-12-08T10:00:00Z&recurrence=FREQ=SECONDLY;COUNT=5"
	if res := e.do("GET", "/api/v1/availability?"+raw, nil); res.status != 400 || !strings.Contains(string(res.body), "%3B") {
		t.Errorf("raw ';' in the query: %d %s", res.status, res.body)
	}
}

// TestPendingWarning: a second request for the time of one still in the
// chain is accepted with a warning that, for the public, names no title.
func TestPendingWarning(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		e.submit(application(secretTitle, day(12, 9, 9, 0), 2))
		res := e.do("POST", "/api/v1/requests", application("Pelatihan", day(12, 9, 10, 0), 2))
		if res.status != http.StatusCreated {
			t.Fatalf("second request: %d %s", res.status, res.body)
		}
		warnings := res.json(t)["warnings"].([]any)
		if len(warnings) != 1 || warnings[0].(map[string]any)["code"] != "pending" {
			t.Errorf("warnings = %v", warnings)
		}
		if strings.Contains(string(res.body), secretTitle) {
			t.Errorf("the applicant reads another request's title: %s", res.body)
		}
	})
}

// TestRooms lists the default room.
func TestRooms(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		res := e.do("GET", "/api/v1/rooms", nil)
		if res.status != 200 || !strings.Contains(string(res.body), `"id":"command-center"`) ||
			!strings.Contains(string(res.body), `"capacity":50`) || !strings.Contains(string(res.body), `"sound-system":1`) {
			t.Errorf("rooms: %d %s", res.status, res.body)
		}
	})
}

package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestIdempotentSubmit: the same Idempotency-Key and body answer the same
// body twice and store one request; the key with another body is refused.
func TestIdempotentSubmit(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		body := must(json.Marshal(application("Rapat Evaluasi", day(12, 10, 9, 0), 2)))
		first := e.do("POST", "/api/v1/requests", body, "Idempotency-Key", "form-7f3a")
		again := e.do("POST", "/api/v1/requests", body, "Idempotency-Key", "form-7f3a")
		if first.status != 201 || again.status != 201 {
			t.Fatalf("statuses %d, %d: %s", first.status, again.status, again.body)
		}
		if !bytes.Equal(first.body, again.body) {
			t.Errorf("replay differs:\n%s\n%s", first.body, again.body)
		}
		if first.header.Get("Idempotent-Replayed") != "" || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("Idempotent-Replayed: %q, %q", first.header.Get("Idempotent-Replayed"), again.header.Get("Idempotent-Replayed"))
		}
		if loc := first.header.Get("Location"); !strings.HasPrefix(loc, "/api/v1/requests/") {
			t.Errorf("Location = %q", loc)
		}
		if n := e.countRequests(); n != 1 {
			t.Errorf("%d requests stored, want 1", n)
		}
		other := bytes.Replace(body, []byte("Rapat Evaluasi"), []byte("Rapat Lain"), 1)
		res := e.do("POST", "/api/v1/requests", other, "Idempotency-Key", "form-7f3a")
		if code, _ := res.errorOf(t); res.status != 422 || code != "idempotency_mismatch" {
			t.Errorf("reused key: %d %s", res.status, res.body)
		}
		res = e.do("POST", "/api/v1/requests", body, "Idempotency-Key", strings.Repeat("k", 201))
		if _, field := res.errorOf(t); res.status != 422 || field != "Idempotency-Key" {
			t.Errorf("long key: %d %s", res.status, res.body)
		}
	})
}

// TestBodyTooLarge: 2 MiB is refused 413, with or without Content-Length.
func TestBodyTooLarge(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		big := `{"title":"` + strings.Repeat("a", 2<<20) + `"}`
		for name, body := range map[string]any{
			"sized":   big,
			"chunked": io.MultiReader(strings.NewReader(big)), // unknown length: chunked
		} {
			res := e.do("POST", "/api/v1/requests", body)
			if code, _ := res.errorOf(t); res.status != http.StatusRequestEntityTooLarge || code != "too_large" {
				t.Errorf("%s: %d %s", name, res.status, res.body)
			}
		}
		if n := e.countRequests(); n != 0 {
			t.Errorf("%d requests stored", n)
		}
	})
}

// TestBadInput: every bad body is a 400 or 422 with its code and field, and
// nothing is written.
func TestBadInput(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		valid := string(must(json.Marshal(application("Rapat", day(12, 11, 9, 0), 2))))
		with := func(field string, v any) string {
			m := application("Rapat", day(12, 11, 9, 0), 2)
			m[field] = v
			return string(must(json.Marshal(m)))
		}
		cases := []struct {
			name, body  string
			status      int
			code, field string
		}{
			{"malformed JSON", `{"title":`, 400, "malformed", ""},
			{"not an object", `[1,2]`, 400, "malformed", ""},
			{"null", `null`, 400, "malformed", ""},
			{"trailing data", valid + `{}`, 400, "malformed", ""},
			{"unknown field", with("colour", "red"), 400, "malformed", "colour"},
			{"title a number", with("title", 5), 400, "malformed", "title"},
			{"participants a string", with("participants", "ten"), 400, "malformed", "participants"},
			{"participants a fraction", with("participants", 2.5), 400, "malformed", "participants"},
			{"equipment a number", with("equipment", []any{7}), 400, "malformed", "equipment"},
			{"time without offset", with("start", "2026-12-11T09:00:00"), 422, "invalid", "start"},
			{"end before start", with("end", "2026-12-11T08:00:00+07:00"), 422, "invalid", "end"},
			{"unknown room", with("room", "ballroom"), 422, "invalid", "room"},
			{"unknown equipment", with("equipment", []any{"projector"}), 422, "equipment", "equipment"},
			{"too much equipment", with("equipment", []any{map[string]any{"name": "computer", "count": 11}}), 422, "equipment", "equipment"},
			{"huge participants", strings.Replace(valid, `"participants":20`, `"participants":99999999999999999999999`, 1), 422, "invalid", "participants"},
			{"over capacity", with("participants", 51), 422, "capacity", "participants"},
			{"control character", with("title", "Rapat\u0007"), 422, "invalid", "title"},
			{"bidi override", with("organization", "Dinas\u202e"), 422, "invalid", "organization"},
			{"bad email", with("contact_email", "siti at example"), 422, "invalid", "contact_email"},
			{"bad visibility", with("visibility", "secret"), 422, "invalid", "visibility"},
			{"lead time", with("start", "2026-11-21T09:00:00+07:00"), 422, "lead_time", "start"},
			{"yearly recurrence", with("recurrence", "RRULE:FREQ=YEARLY;COUNT=2"), 422, "invalid", "recurrence"},
		}
		for _, c := range cases {
			res := e.do("POST", "/api/v1/requests", c.body)
			code, field := res.errorOf(t)
			if res.status != c.status || code != c.code || field != c.field {
				t.Errorf("%s: %d %s, want %d %s field %q", c.name, res.status, res.body, c.status, c.code, c.field)
			}
		}
		if n := e.countRequests(); n != 0 {
			t.Errorf("%d requests stored after bad input, want 0", n)
		}
	})
}

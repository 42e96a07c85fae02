package web

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

const sampleBody = `{"room":"command-center","title":"Rapat","organization":"Diskominfo",
"contact_name":"Siti","contact_email":"siti@example.org","start":"2026-12-01T09:00:00+07:00",
"end":"2026-12-01T11:00:00+07:00","participants":20,
"equipment":["computer",{"name":"computer","count":2},{"name":"sound-system"}],
"visibility":"public","recurrence":"RRULE:FREQ=WEEKLY;COUNT=4","language":"en"}`

// TestDecodeRequest reads every field of a good body.
func TestDecodeRequest(t *testing.T) {
	r, err := decodeRequest(strings.NewReader(sampleBody))
	if err != nil {
		t.Fatal(err)
	}
	wantStart := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	want := []booking.Need{{Name: "computer", Count: 3}, {Name: "sound-system", Count: 1}}
	switch {
	case !r.Start.Equal(wantStart) || r.End.Sub(r.Start) != 2*time.Hour:
		t.Errorf("times %v %v", r.Start, r.End)
	case !slices.Equal(r.Equipment, want):
		t.Errorf("equipment %v, want %v", r.Equipment, want)
	case r.Recurrence != "FREQ=WEEKLY;COUNT=4" || r.Participants != 20 || r.Visibility != "public" || r.Language != "en":
		t.Errorf("decoded %+v", r)
	}
}

// TestDecodeRequestErrors: status class, code and field of each refusal.
func TestDecodeRequestErrors(t *testing.T) {
	swap := func(old, new string) string { return strings.Replace(sampleBody, old, new, 1) }
	cases := []struct {
		name, body, code, field string
		status                  int
	}{
		{"empty", ``, "malformed", "", 400},
		{"string", `"x"`, "malformed", "", 400},
		{"two objects", sampleBody + sampleBody, "malformed", "", 400},
		{"unknown field", swap(`"title"`, `"titel"`), "malformed", "titel", 400},
		{"unknown equipment field", swap(`{"name":"sound-system"}`, `{"name":"x","n":1}`), "malformed", "equipment", 400},
		{"participants as text", swap(`:20`, `:"20"`), "malformed", "participants", 400},
		{"participants exponent", swap(`:20`, `:2e1`), "malformed", "participants", 400},
		{"participants zero", swap(`:20`, `:0`), "invalid", "participants", 422},
		{"participants huge", swap(`:20`, `:100001`), "invalid", "participants", 422},
		{"participants missing", swap(`"participants":20,`, ``), "invalid", "participants", 422},
		{"count zero", swap(`"count":2`, `"count":0`), "invalid", "equipment", 422},
		{"count text", swap(`"count":2`, `"count":"2"`), "malformed", "equipment", 400},
		{"no offset", swap(`09:00:00+07:00`, `09:00:00`), "invalid", "start", 422},
		{"date only", swap(`2026-12-01T11:00:00+07:00`, `2026-12-01`), "invalid", "end", 422},
		{"start missing", swap(`"start":"2026-12-01T09:00:00+07:00",`, ``), "invalid", "start", 422},
		{"empty span", swap(`T11:00`, `T09:00`), "invalid", "end", 422},
		{"start a number", swap(`"2026-12-01T09:00:00+07:00"`, `1`), "malformed", "start", 400},
	}
	for _, c := range cases {
		_, err := decodeRequest(strings.NewReader(c.body))
		status, d := classify(err, "en")
		if status != c.status || d.Code != c.code || d.Field != c.field {
			t.Errorf("%s: %d %+v (%v), want %d %s %q", c.name, status, d, err, c.status, c.code, c.field)
		}
	}
}

// FuzzDecodeRequest: the decoder never panics, refuses only with a 400 or a
// 422, and whatever it accepts has an ordered span and sane numbers.
func FuzzDecodeRequest(f *testing.F) {
	f.Add(sampleBody)
	f.Add(`{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T09:00:01Z","participants":1}`)
	f.Add(`{"participants":1e400,"equipment":[{"count":-1}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, err := decodeRequest(strings.NewReader(body))
		if err != nil {
			if status, _ := classify(err, "id"); status != 400 && status != 422 {
				t.Fatalf("status %d for %q: %v", status, body, err)
			}
			var fe *office.FieldError
			if !errors.As(err, &fe) && !errors.As(err, new(*apiError)) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if r.Start.IsZero() || !r.End.After(r.Start) {
			t.Fatalf("accepted span %v..%v from %q", r.Start, r.End, body)
		}
		if r.Participants < 1 || r.Participants > maxParticipants {
			t.Fatalf("accepted %d participants", r.Participants)
		}
		for _, n := range r.Equipment {
			if n.Count < 1 || n.Count > maxEquipment || strings.TrimSpace(n.Name) == "" {
				t.Fatalf("accepted equipment %+v", n)
			}
		}
	})
}

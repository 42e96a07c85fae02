package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
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
		{"zero start", swap(`2026-12-01T09:00:00+07:00`, `0001-01-01T00:00:00Z`), "invalid", "start", 422},
		{"zero start with offset", swap(`2026-12-01T09:00:00+07:00`, `0001-01-01T07:00:00+07:00`), "invalid", "start", 422},
		{"zero end", swap(`2026-12-01T11:00:00+07:00`, `0001-01-01T00:00:00Z`), "invalid", "end", 422},
		{"one-digit hour", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T9:00:00+07:00`), "invalid", "start", 422},
		{"one-digit day", swap(`2026-12-01T09:00:00+07:00`, `2026-12-1T09:00:00+07:00`), "invalid", "start", 422},
		{"space separator", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01 09:00:00+07:00`), "invalid", "start", 422},
		{"comma fraction", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T09:00:00,5+07:00`), "invalid", "start", 422},
		{"empty fraction", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T09:00:00.+07:00`), "invalid", "start", 422},
		{"offset without colon", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T09:00:00+0700`), "invalid", "start", 422},
		{"offset hour 24", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T09:00:00+24:00`), "invalid", "start", 422},
		{"offset minute 60", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T09:00:00+07:60`), "invalid", "start", 422},
		{"hour 24", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T24:00:00+07:00`), "invalid", "start", 422},
		{"30 February", swap(`2026-12-01T09:00:00+07:00`, `2026-02-30T09:00:00+07:00`), "invalid", "start", 422},
		{"trailing text", swap(`2026-12-01T09:00:00+07:00`, `2026-12-01T09:00:00+07:00x`), "invalid", "start", 422},
		{"key case", swap(`"start"`, `"stArt"`), "malformed", "stArt", 400},
		{"key upper case", swap(`"title"`, `"Title"`), "malformed", "Title", 400},
		{"key folded (long s)", swap(`"start"`, `"\u017ftart"`), "malformed", "\u017ftart", 400},
		{"key twice", swap(`"title":"Rapat"`, `"title":"Rapat","title":"Lain"`), "malformed", "title", 400},
		{"equipment key case", swap(`{"name":"sound-system"}`, `{"Name":"sound-system"}`), "malformed", "equipment", 400},
		{"equipment key twice", swap(`{"name":"sound-system"}`, `{"name":"x","name":"sound-system"}`), "malformed", "equipment", 400},
		{"fuzz: case and one-digit hours", `{"stArt":"0001-01-01T0:00:00Z","end":"0001-01-01T1:00:00Z","pArtiCipAnts":1}`, "malformed", "stArt", 400},
	}
	for _, c := range cases {
		_, err := decodeRequest(strings.NewReader(c.body))
		status, d := classify(err, "en")
		if status != c.status || d.Code != c.code || d.Field != c.field {
			t.Errorf("%s: %d %+v (%v), want %d %s %q", c.name, status, d, err, c.status, c.code, c.field)
		}
	}
}

// TestDecodeRequestMessages: the zero instant is told as not a time (not as
// missing) and a key that differs by case names the field it resembles, in
// the body's language, Indonesian by default.
func TestDecodeRequestMessages(t *testing.T) {
	zero := strings.Replace(sampleBody, `2026-12-01T09:00:00+07:00`, `0001-01-01T00:00:00Z`, 1)
	cased := strings.Replace(sampleBody, `"start"`, `"Start"`, 1)
	cases := []struct{ body, lang, want string }{
		{zero, "en", locale.For("en").Get("input.time_zero", "start", "0001-01-01T00:00:00Z")},
		{strings.Replace(zero, `"language":"en"`, `"language":"id"`, 1), "id", locale.For("id").Get("input.time_zero", "start", "0001-01-01T00:00:00Z")},
		{strings.Replace(zero, `,"language":"en"`, ``, 1), "id", locale.For("id").Get("input.time_zero", "start", "0001-01-01T00:00:00Z")},
		{cased, "en", locale.For("en").Get("input.field_case", "Start", "start")},
	}
	for _, c := range cases {
		_, err := decodeRequest(strings.NewReader(c.body))
		_, d := classify(err, c.lang)
		if d.Message != c.want || strings.Contains(d.Message, "!input") {
			t.Errorf("message %q, want %q", d.Message, c.want)
		}
	}
	if msg := locale.For("en").Get("input.time_zero", "start", "0001-01-01T00:00:00Z"); !strings.Contains(msg, "not a valid time") {
		t.Errorf("the zero instant is told as %q", msg)
	}
}

// FuzzDecodeRequest: the decoder never panics and refuses only with a 400 or
// a 422 it names. Whatever it accepts holds only the wire's keys, each
// exactly and once; strict RFC 3339 times, ordered, not the zero instant;
// numbers in range; and, encoded again, decodes to the same request.
func FuzzDecodeRequest(f *testing.F) {
	f.Add(sampleBody)
	f.Add(`{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T09:00:01Z","participants":1}`)
	f.Add(`{"participants":1e400,"equipment":[{"count":-1}]}`)
	f.Add(`{"start":"2026-12-01t09:00:00.5z","end":"2026-12-01T09:00:01-00:00","participants":1}`)
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
		checkAccepted(t, body, r)
		again, err := decodeRequest(bytes.NewReader(encodeWire(t, r)))
		if err != nil {
			t.Fatalf("%q accepted, but not once encoded again: %v", body, err)
		}
		if !sameRequest(r, again) {
			t.Fatalf("%q decodes to %+v, encoded again to %+v", body, r, again)
		}
	})
}

// wireKeys are the keys of a request body, as the API documents them.
var wireKeys = []string{"room", "title", "organization", "contact_name", "contact_email", "contact_phone",
	"start", "end", "participants", "equipment", "visibility", "letter_number", "notes", "recurrence", "language"}

// strictRFC3339 is RFC 3339's date-time (section 5.6), T and Z in either case.
var strictRFC3339 = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)

// checkAccepted fails t unless the accepted body and its request r are sound.
func checkAccepted(t *testing.T, body string, r booking.Request) {
	t.Helper()
	fields := objectFields(t, body)
	for key := range fields {
		if !slices.Contains(wireKeys, key) {
			t.Fatalf("accepted the key %q in %q", key, body)
		}
	}
	var items []json.RawMessage
	_ = json.Unmarshal(fields["equipment"], &items)
	for _, item := range items {
		if item = bytes.TrimSpace(item); len(item) > 0 && item[0] == '{' {
			for key := range objectFields(t, string(item)) {
				if key != "name" && key != "count" {
					t.Fatalf("accepted the equipment key %q in %q", key, body)
				}
			}
		}
	}
	for _, key := range []string{"start", "end"} {
		var v string
		if err := json.Unmarshal(fields[key], &v); err != nil || !strictRFC3339.MatchString(strings.TrimSpace(v)) {
			t.Fatalf("accepted %s %s (not RFC 3339) in %q", key, fields[key], body)
		}
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
}

// objectFields reads the keys and values of the JSON object body, failing t
// when a key comes twice.
func objectFields(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	if _, err := dec.Token(); err != nil {
		t.Fatalf("accepted %q: %v", body, err)
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, _ := dec.Token()
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			t.Fatalf("accepted %q: %v", body, err)
		}
		if _, twice := fields[key]; twice {
			t.Fatalf("accepted %q, which gives %q twice", body, key)
		}
		fields[key] = value
	}
	return fields
}

// encodeWire writes r as a request body, every field in its documented form.
func encodeWire(t *testing.T, r booking.Request) []byte {
	t.Helper()
	equipment := make([]map[string]any, len(r.Equipment))
	for i, n := range r.Equipment {
		equipment[i] = map[string]any{"name": n.Name, "count": n.Count}
	}
	b, err := json.Marshal(map[string]any{
		"room": r.Room, "title": r.Title, "organization": r.Organization, "contact_name": r.ContactName,
		"contact_email": r.ContactEmail, "contact_phone": r.ContactPhone,
		"start": r.Start.Format(time.RFC3339Nano), "end": r.End.Format(time.RFC3339Nano),
		"participants": r.Participants, "equipment": equipment, "visibility": r.Visibility,
		"letter_number": r.LetterNumber, "notes": r.Notes, "recurrence": "RRULE:" + r.Recurrence,
		"language": r.Language,
	})
	if err != nil {
		t.Fatalf("encode %+v: %v", r, err)
	}
	return b
}

// sameRequest compares two decoded requests: the same texts, numbers and
// equipment, the same instants with the same offsets.
func sameRequest(a, b booking.Request) bool {
	sameTime := func(x, y time.Time) bool {
		_, ox := x.Zone()
		_, oy := y.Zone()
		return x.Equal(y) && ox == oy
	}
	if !sameTime(a.Start, b.Start) || !sameTime(a.End, b.End) || !slices.Equal(a.Equipment, b.Equipment) {
		return false
	}
	a.Start, a.End, a.Equipment = b.Start, b.End, b.Equipment
	return reflect.DeepEqual(a, b)
}

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Limits of a request body's numbers.
const (
	maxParticipants = 100000
	maxEquipment    = 100000
)

// requestWire is the JSON body of POST /api/v1/requests. Times, numbers and
// equipment are read raw so each gets a precise error naming its field.
type requestWire struct {
	Room         string            `json:"room"`
	Title        string            `json:"title"`
	Organization string            `json:"organization"`
	ContactName  string            `json:"contact_name"`
	ContactEmail string            `json:"contact_email"`
	ContactPhone string            `json:"contact_phone"`
	Start        string            `json:"start"`
	End          string            `json:"end"`
	Participants json.RawMessage   `json:"participants"`
	Equipment    []json.RawMessage `json:"equipment"`
	Visibility   string            `json:"visibility"`
	LetterNumber string            `json:"letter_number"`
	Notes        string            `json:"notes"`
	Recurrence   string            `json:"recurrence"`
	Language     string            `json:"language"`
}

// decodeRequest reads a new request from a JSON body: one object, known
// fields only. A body it cannot read is a 400 "malformed" naming the field;
// readable but unacceptable values (a time without offset, an end before the
// start, a participant count out of range) are 422 "invalid". The rules and
// the remaining validation are the office's.
func decodeRequest(body io.Reader) (booking.Request, error) {
	var w requestWire
	if err := decodeStrict(body, &w); err != nil {
		return booking.Request{}, err
	}
	r := booking.Request{
		Room: w.Room, Title: w.Title, Organization: w.Organization,
		ContactName: w.ContactName, ContactEmail: w.ContactEmail, ContactPhone: w.ContactPhone,
		Visibility: booking.Visibility(w.Visibility), LetterNumber: w.LetterNumber,
		Notes: w.Notes, Recurrence: trimRRulePrefix(w.Recurrence), Language: w.Language,
	}
	var err error
	if r.Start, r.End, err = parseSpan(w.Start, w.End); err != nil {
		return booking.Request{}, err
	}
	if r.Participants, err = parseParticipants(w.Participants); err != nil {
		return booking.Request{}, err
	}
	if r.Equipment, err = parseEquipment(w.Equipment); err != nil {
		return booking.Request{}, err
	}
	return r, nil
}

// decodeStrict decodes exactly one JSON object into v, refusing unknown
// fields and trailing data.
func decodeStrict(body io.Reader, v any) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return err // *http.MaxBytesError: 413
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return malformed("", "the body must be one JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformed("", "the body must hold one JSON object and nothing after it")
	}
	return nil
}

// jsonError explains a decoding failure, naming the field where known.
func jsonError(err error) error {
	var (
		typ *json.UnmarshalTypeError
		syn *json.SyntaxError
	)
	switch {
	case errors.As(err, &typ):
		return malformed(typ.Field, "%s must be a JSON %s, not %s", fieldName(typ.Field), wantType(typ.Type.Kind().String()), typ.Value)
	case errors.As(err, &syn):
		return malformed("", "malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("", "the JSON body ends too soon")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if f, uerr := strconv.Unquote(name); uerr == nil {
			return malformed(f, "unknown field %q", f)
		}
	}
	return malformed("", "malformed JSON: %s", err.Error())
}

func fieldName(f string) string {
	if f == "" {
		return "the body"
	}
	return f
}

// wantType names a Go kind the way a JSON author reads it.
func wantType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	case "bool":
		return "boolean"
	}
	return "number"
}

// trimRRulePrefix accepts a recurrence with or without its "RRULE:" name.
func trimRRulePrefix(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 6 && strings.EqualFold(s[:6], "RRULE:") {
		return s[6:]
	}
	return s
}

// parseSpan reads start and end: both required, RFC 3339 with an offset,
// the end after the start.
func parseSpan(start, end string) (time.Time, time.Time, error) {
	s, err := parseInstant("start", start)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	e, err := parseInstant("end", end)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if !e.After(s) {
		return time.Time{}, time.Time{}, invalid("end", "end must be after start")
	}
	return s, e, nil
}

// parseInstant reads an RFC 3339 time that carries an offset or Z: a time
// without one would be read in some zone the sender did not choose.
func parseInstant(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, invalid(field, "%s is required", field)
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil || t.Year() < 1 {
		return time.Time{}, invalid(field,
			"%s must be an RFC 3339 time with an offset, like 2026-12-01T09:00:00+07:00", field)
	}
	return t, nil
}

// parseParticipants reads a whole number from 1 to maxParticipants.
func parseParticipants(raw json.RawMessage) (int, error) {
	if s := bytes.TrimSpace(raw); len(s) == 0 || string(s) == "null" {
		return 0, invalid("participants", "participants is required")
	}
	n, fits, err := jsonWhole("participants", raw)
	if err != nil {
		return 0, err
	}
	if !fits || n < 1 || n > maxParticipants {
		return 0, invalid("participants", "participants must be from 1 to %d", maxParticipants)
	}
	return int(n), nil
}

// jsonWhole reads raw as a whole JSON number. Another JSON type or a
// fraction is malformed (400); fits=false says the number is too large for
// an int64, which the caller refuses as out of range (422).
func jsonWhole(field string, raw []byte) (n int64, fits bool, err error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, false, malformed(field, "%s must be a JSON number", field)
	}
	if strings.ContainsAny(s, ".eE") {
		return 0, false, malformed(field, "%s must be a whole number", field)
	}
	n, perr := strconv.ParseInt(s, 10, 64)
	return n, perr == nil, nil
}

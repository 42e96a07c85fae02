package web

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
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
// fields only, each key exactly as documented and once. A body it cannot
// read is a 400 "malformed" naming the field; readable but unacceptable
// values (a time that is not strict RFC 3339 with an offset, the zero
// instant, an end before the start, a participant count out of range) are
// 422 "invalid". The messages of the keys and times are in the body's
// language (Indonesian by default). The rules and the remaining validation
// are the office's.
func decodeRequest(body io.Reader) (booking.Request, error) {
	raw, err := readObject(body)
	if err != nil {
		return booking.Request{}, err
	}
	var w requestWire
	if err := decodeObject(raw, &w); err != nil {
		return booking.Request{}, err
	}
	p := locale.For(w.Language)
	if err := checkRequestKeys(p, raw, w.Equipment); err != nil {
		return booking.Request{}, err
	}
	r := booking.Request{
		Room: w.Room, Title: w.Title, Organization: w.Organization,
		ContactName: w.ContactName, ContactEmail: w.ContactEmail, ContactPhone: w.ContactPhone,
		Visibility: booking.Visibility(w.Visibility), LetterNumber: w.LetterNumber,
		Notes: w.Notes, Recurrence: trimRRulePrefix(w.Recurrence), Language: w.Language,
	}
	if r.Start, r.End, err = spanIn(p, w.Start, w.End); err != nil {
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

// decodeStrict decodes exactly one JSON object into v (a pointer to a
// struct), refusing unknown fields, keys that match a field only when case
// is ignored, keys given twice and trailing data.
func decodeStrict(body io.Reader, v any) error {
	raw, err := readObject(body)
	if err != nil {
		return err
	}
	if err := decodeObject(raw, v); err != nil {
		return err
	}
	return checkKeys(locale.For(locale.Indonesian), raw, reflect.TypeOf(v).Elem(), "")
}

// readObject reads a body that must be one JSON object.
func readObject(body io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err // *http.MaxBytesError: 413
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, malformed("", "the body must be one JSON object")
	}
	return raw, nil
}

// decodeObject decodes raw into v, refusing unknown fields and trailing
// data. encoding/json matches keys regardless of case: checkKeys is the
// exact check.
func decodeObject(raw []byte, v any) error {
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

// checkRequestKeys checks the keys of a request body and of the objects of
// its equipment list exactly.
func checkRequestKeys(p *locale.Printer, raw []byte, equipment []json.RawMessage) error {
	if err := checkKeys(p, raw, reflect.TypeFor[requestWire](), ""); err != nil {
		return err
	}
	for _, item := range equipment {
		if item = bytes.TrimSpace(item); len(item) > 0 && item[0] == '{' {
			if err := checkKeys(p, item, reflect.TypeFor[needWire](), "equipment"); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkKeys refuses a key of the object raw that is not exactly the JSON
// name of a field of struct t, or that comes twice. encoding/json would take
// {"stArt": ...} for start and keep the last of two values. The error names
// field, or the key when field is "". raw has decoded into t already, so its
// syntax is sound and each key names a field in some case.
func checkKeys(p *locale.Printer, raw []byte, t reflect.Type, field string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return jsonError(err)
	}
	var seen []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonError(err)
		}
		key, _ := tok.(string)
		if err := checkKey(p, t, key, seen, cmp.Or(field, key)); err != nil {
			return err
		}
		seen = append(seen, key)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return jsonError(err)
		}
	}
	return nil
}

// checkKey refuses key when it is not one of t's names exactly, or when it
// is among those seen already.
func checkKey(p *locale.Printer, t reflect.Type, key string, seen []string, field string) error {
	name, exact := jsonName(t, key)
	switch {
	case !exact && name != "":
		return malformed(field, "%s", p.Get("input.field_case", key, name))
	case !exact:
		return malformed(field, "unknown field %q", key)
	case slices.Contains(seen, key):
		return malformed(field, "%s", p.Get("input.field_twice", key))
	}
	return nil
}

// jsonName finds the field of struct t that key names: exact reports that
// key is its JSON name; otherwise name is the field's name when key matches
// it regardless of case, as encoding/json would match it.
func jsonName(t reflect.Type, key string) (name string, exact bool) {
	for i := range t.NumField() {
		n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if n == key {
			return n, true
		}
		if strings.EqualFold(n, key) {
			name = n
		}
	}
	return name, false
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

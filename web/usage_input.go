package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// The records of SOP steps 8 and 9 as they arrive: in the JSON body of
// POST /api/v1/requests/{id}/transitions ("readiness", "usage"), or in the
// forms of the staff page and the signed link's page. Each reader checks
// the shape (types, keys, required parts it alone can see missing); the
// state machine (booking/usage.go) checks the rest for every way in.

// readyItemWire is an item of the JSON checklist.
type readyItemWire struct {
	Name  string `json:"name"`
	Ready *bool  `json:"ready"`
	Note  string `json:"note"`
}

// usageWire is the JSON usage report.
type usageWire struct {
	ActualStart string            `json:"actual_start"`
	ActualEnd   string            `json:"actual_end"`
	Attendance  json.RawMessage   `json:"attendance"`
	Equipment   []json.RawMessage `json:"equipment"`
	Problems    string            `json:"problems"`
}

// usedItemWire is an item of the JSON usage report's equipment.
type usedItemWire struct {
	Name      string `json:"name"`
	Condition string `json:"condition"`
	Note      string `json:"note"`
}

// absent reports whether a JSON value was left out or is null.
func absent(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) == 0 || string(s) == "null"
}

// decodeNested decodes the JSON object raw into v strictly (known keys,
// exactly spelt, once), naming field in its errors.
func decodeNested(raw []byte, v any, field string) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return malformed(field, "%s must be a JSON object", field)
	}
	if err := decodeObject(raw, v); err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			ae.Field = strings.TrimSuffix(field+"."+ae.Field, ".")
		}
		return err
	}
	return checkKeys(locale.For(locale.Indonesian), raw, reflect.TypeOf(v).Elem(), field)
}

// decodeReadiness reads the JSON checklist: nil when absent.
func decodeReadiness(raw json.RawMessage) ([]booking.ReadyItem, error) {
	if absent(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, malformed("readiness", "readiness must be a JSON array of objects")
	}
	out := make([]booking.ReadyItem, 0, len(items))
	for i, item := range items {
		field := fmt.Sprintf("readiness[%d]", i)
		var w readyItemWire
		if err := decodeNested(item, &w, field); err != nil {
			return nil, err
		}
		if w.Ready == nil {
			return nil, invalid(field+".ready", "ready (true or false) is required")
		}
		out = append(out, booking.ReadyItem{Name: w.Name, Ready: *w.Ready, Note: w.Note})
	}
	return out, nil
}

// decodeUsage reads the JSON usage report: nil when absent (the state
// machine refuses a report without one).
func decodeUsage(raw json.RawMessage) (*booking.Usage, error) {
	if absent(raw) {
		return nil, nil
	}
	var w usageWire
	if err := decodeNested(raw, &w, "usage"); err != nil {
		return nil, err
	}
	u := &booking.Usage{Problems: w.Problems}
	var err error
	if u.Start, err = parseInstant("usage.actual_start", w.ActualStart); err != nil {
		return nil, err
	}
	if u.End, err = parseInstant("usage.actual_end", w.ActualEnd); err != nil {
		return nil, err
	}
	if absent(w.Attendance) {
		return nil, invalid("usage.attendance", "attendance is required")
	}
	n, fits, err := jsonWhole("usage.attendance", w.Attendance)
	if err != nil {
		return nil, err
	}
	if !fits || n < 0 || n > booking.MaxAttendance {
		return nil, invalid("usage.attendance", "attendance must be from 0 to %d", booking.MaxAttendance)
	}
	u.Attendance = int(n)
	for i, item := range w.Equipment {
		field := fmt.Sprintf("usage.equipment[%d]", i)
		var iw usedItemWire
		if err := decodeNested(item, &iw, field); err != nil {
			return nil, err
		}
		u.Equipment = append(u.Equipment, booking.UsedItem{Name: iw.Name, Condition: booking.Condition(strings.TrimSpace(iw.Condition)), Note: iw.Note})
	}
	return u, nil
}

// confirmLastReadiness gives a prepare that carries no checklist the latest
// one the vidcon team recorded, which the Kabid's step then confirms.
func (h *handler) confirmLastReadiness(ctx context.Context, id int64, act *booking.Act) error {
	if act.Action != booking.ActionPrepare || act.Readiness != nil {
		return nil
	}
	history, err := h.store.History(ctx, id)
	if err != nil {
		return err
	}
	if t, ok := lastReady(history); ok {
		act.Readiness = slices.Clone(t.Readiness)
	}
	return nil
}

// lastReady is the vidcon team's latest checklist in history.
func lastReady(history []booking.Transition) (booking.Transition, bool) {
	for _, t := range slices.Backward(history) {
		if t.Action == booking.ActionReady {
			return t, true
		}
	}
	return booking.Transition{}, false
}

// Form fields of the records: one per requested item, numbered by the
// item's place in the request's equipment.
const (
	formReady      = "ready_"      // "yes" or "no"
	formReadyNote  = "ready_note_" // the item's note
	formCondition  = "cond_"       // baik, rusak, hilang
	formCondNote   = "cond_note_"  // the item's note
	formActualDate = "actual_date"
	formActualFrom = "actual_start"
	formActualTo   = "actual_end"
	formAttendance = "attendance"
	formProblems   = "problems"
)

// formRecords reads the records of action from a posted form (the staff
// page's or the signed link's), words its refusals with p.
func formRecords(p *locale.Printer, f url.Values, req booking.Request, action booking.Action, loc *time.Location) ([]booking.ReadyItem, *booking.Usage, error) {
	switch action {
	case booking.ActionReady, booking.ActionPrepare:
		items := make([]booking.ReadyItem, 0, len(req.Equipment))
		for i, n := range req.Equipment {
			it := booking.ReadyItem{Name: n.Name, Note: f.Get(formReadyNote + strconv.Itoa(i))}
			switch f.Get(formReady + strconv.Itoa(i)) {
			case "yes":
				it.Ready = true
			case "no":
			default:
				return nil, nil, pageInvalid(fmt.Sprintf("readiness[%d].ready", i), p.Get("readiness.error.choose", n.Name))
			}
			items = append(items, it)
		}
		return items, nil, nil
	case booking.ActionReport:
		u := &booking.Usage{Problems: f.Get(formProblems)}
		d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(f.Get(formActualDate)), loc)
		if err != nil {
			return nil, nil, pageInvalid("usage.actual_date", p.Get("usereport.error.date"))
		}
		at := func(field, v string) (time.Time, error) {
			c, err := time.Parse("15:04", strings.TrimSpace(v))
			if err != nil {
				return time.Time{}, pageInvalid(field, p.Get("usereport.error.time"))
			}
			return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, loc), nil
		}
		if u.Start, err = at("usage.actual_start", f.Get(formActualFrom)); err != nil {
			return nil, nil, err
		}
		if u.End, err = at("usage.actual_end", f.Get(formActualTo)); err != nil {
			return nil, nil, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(formAttendance)))
		if err != nil {
			return nil, nil, pageInvalid("usage.attendance", p.Get("sop.attendance_range", booking.MaxAttendance))
		}
		u.Attendance = n
		for i, item := range req.Equipment {
			u.Equipment = append(u.Equipment, booking.UsedItem{Name: item.Name,
				Condition: booking.Condition(f.Get(formCondition + strconv.Itoa(i))), Note: f.Get(formCondNote + strconv.Itoa(i))})
		}
		return nil, u, nil
	}
	return nil, nil, nil
}

// pageInvalid is a 422 of a form's field, its message already in the
// page's language.
func pageInvalid(field, message string) error {
	return &office.FieldError{Code: booking.CodeInvalid, Field: field, Message: message}
}

// usageIn is u with its times in loc, as the API writes every time.
func usageIn(u *booking.Usage, loc *time.Location) *booking.Usage {
	if u == nil {
		return nil
	}
	c := *u
	c.Start, c.End = c.Start.In(loc), c.End.In(loc)
	return &c
}

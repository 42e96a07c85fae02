package web

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// checklistForm is the readiness checklist of a ready or prepare form: one
// item per requested piece of equipment, ready or not, with a note.
type checklistForm struct {
	Hint  string // who filled the list shown, or that nobody has
	Error string // a refusal of the list as a whole
	Items []checkItem
}

// checkItem is one item of the checklist form.
type checkItem struct {
	Index        int
	Label, Ready string // Ready: "yes", "no" or "" (not chosen)
	Note, Error  string
	ErrorOnNote  bool // the error is the note's, not the choice's
}

// usageForm is the usage report's form: the actual date and hours, the
// attendance, each item's condition, the problems.
type usageForm struct {
	Date, Start, End, Attendance, Problems string
	Error                                  string // a refusal of the report as a whole
	Errors                                 map[string]string
	Items                                  []condItem
	Conditions                             []option
}

// condItem is one item of the usage report's equipment.
type condItem struct {
	Index                  int
	Label, Condition, Note string
	Error                  string
	ErrorOnNote            bool
}

// needLabel names a requested item with its count: "computer (2)".
func needLabel(n booking.Need) string {
	if n.Count > 1 {
		return fmt.Sprintf("%s (%d)", n.Name, n.Count)
	}
	return n.Name
}

// newChecklistForm is the checklist of req, filled from the vidcon team's
// latest list when there is one.
func newChecklistForm(p *locale.Printer, req booking.Request, history []booking.Transition, loc *time.Location) *checklistForm {
	c := &checklistForm{Hint: p.Get("readiness.hint.none")}
	last, filled := lastReady(history)
	if filled {
		c.Hint = p.Get("readiness.hint.filled", last.Actor, booking.FormatMoment(last.At, loc, p.Lang()))
	}
	if len(req.Equipment) == 0 {
		c.Hint = p.Get("readiness.no_equipment")
	}
	for i, n := range req.Equipment {
		it := checkItem{Index: i, Label: needLabel(n)}
		for _, r := range last.Readiness {
			if r.Name == n.Name {
				it.Ready, it.Note = "no", r.Note
				if r.Ready {
					it.Ready = "yes"
				}
			}
		}
		c.Items = append(c.Items, it)
	}
	return c
}

// newUsageForm is the usage report's form, its times those the request
// planned.
func newUsageForm(p *locale.Printer, req booking.Request, loc *time.Location) *usageForm {
	u := &usageForm{Date: req.Start.In(loc).Format(time.DateOnly), Start: req.Start.In(loc).Format("15:04"),
		End: req.End.In(loc).Format("15:04"), Errors: map[string]string{}}
	for _, c := range booking.Conditions {
		u.Conditions = append(u.Conditions, option{Value: string(c), Label: c.Word(p)})
	}
	for i, n := range req.Equipment {
		u.Items = append(u.Items, condItem{Index: i, Label: needLabel(n)})
	}
	return u
}

// itemField reads a field of the records that names an item:
// "readiness[1].note", "usage.equipment[0].condition".
var itemField = regexp.MustCompile(`^(readiness|usage\.equipment)\[(\d+)\]\.(\w+)$`)

// refill puts the posted form f back in the records' forms of sf, with the
// refusal message on the field it names.
func (sf *stepForm) refill(f url.Values, field, message string) {
	index, part := -1, ""
	if m := itemField.FindStringSubmatch(field); m != nil {
		index, _ = strconv.Atoi(m[2])
		part = m[3]
	}
	if c := sf.Checklist; c != nil {
		for i := range c.Items {
			it := &c.Items[i]
			it.Ready, it.Note = f.Get(formReady+strconv.Itoa(it.Index)), f.Get(formReadyNote+strconv.Itoa(it.Index))
			if it.Index == index {
				it.Error, it.ErrorOnNote = message, part == "note"
			}
		}
		if index < 0 && (field == "readiness" || field == "usage") {
			c.Error = message
		}
	}
	if u := sf.Usage; u != nil {
		u.Date, u.Start, u.End = f.Get(formActualDate), f.Get(formActualFrom), f.Get(formActualTo)
		u.Attendance, u.Problems = f.Get(formAttendance), f.Get(formProblems)
		for i := range u.Items {
			it := &u.Items[i]
			it.Condition, it.Note = f.Get(formCondition+strconv.Itoa(it.Index)), f.Get(formCondNote+strconv.Itoa(it.Index))
			if it.Index == index {
				it.Error, it.ErrorOnNote = message, part == "note"
			}
		}
		switch field {
		case "usage.actual_date", "usage.actual_start", "usage.actual_end", "usage.attendance", "usage.problems":
			u.Errors[field[len("usage."):]] = message
		case "usage", "usage.equipment", "readiness":
			u.Error = message
		}
	}
}

// ownWords is the refusal's own words, for beside its field: the
// state machine's or a form check's message, else whole.
func ownWords(err error, whole string) string {
	var ae *booking.ActError
	var fe *office.FieldError
	switch {
	case errors.As(err, &ae):
		return ae.Message
	case errors.As(err, &fe):
		return fe.Message
	}
	return whole
}

// recordCells are a transition's records as the logbook's last columns:
// the checklist; the actual start and end, the attendance, each item's
// condition and the problems of a usage report. All empty for a row with
// none.
func recordCells(p *locale.Printer, t booking.Transition, loc *time.Location) []string {
	cells := make([]string, 6)
	var items []string
	for _, it := range t.Readiness {
		items = append(items, withNote(it.Name+": "+booking.ReadyWord(p, it.Ready), it.Note))
	}
	cells[0] = strings.Join(items, "; ")
	if u := t.Usage; u != nil {
		cells[1], cells[2] = u.Start.In(loc).Format(time.DateTime), u.End.In(loc).Format(time.DateTime)
		cells[3] = strconv.Itoa(u.Attendance)
		items = items[:0]
		for _, it := range u.Equipment {
			items = append(items, withNote(it.Name+": "+it.Condition.Word(p), it.Note))
		}
		cells[4], cells[5] = strings.Join(items, "; "), u.Problems
	}
	return cells
}

// withNote is s followed by the note in brackets, when there is one.
func withNote(s, note string) string {
	if note == "" {
		return s
	}
	return s + " (" + note + ")"
}

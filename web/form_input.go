package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// formInput is the request form as typed: every value kept as text, so
// that a refusal shows the form exactly as it came.
type formInput struct {
	Room                       string
	Title, Organization        string
	ContactName, ContactEmail  string
	ContactPhone, LetterNumber string
	Notes                      string
	Date, Start, End           string // YYYY-MM-DD, HH:MM, HH:MM in the office zone
	Participants               string
	Visibility                 string // "public", "private"
	Repeat, Until              string // "weekly" and its last date; "" for once
	Checked                    []string
	Counts                     map[string]string // equipment name -> count as typed
	Lang                       string            // the language the visitor chose, "" for none
	// LetterSent: a letter came with the form, which a browser cannot put
	// back into a form shown again; the field says to choose it again.
	LetterSent bool
}

// countPrefix names the count input of an equipment item: count-computer.
const countPrefix = "count-"

// readFormInput reads the form's fields from v: the posted form, or the
// query of GET /requests/new. There start and end may be whole times
// (RFC 3339, as the calendar's free slots link them, or 2026-12-01T09:00 in
// the office zone), which give the date too.
func readFormInput(v url.Values, loc *time.Location) formInput {
	in := formInput{
		Room: strings.TrimSpace(v.Get("room")), Title: v.Get("title"), Organization: v.Get("organization"),
		ContactName: v.Get("contact_name"), ContactEmail: v.Get("contact_email"),
		ContactPhone: v.Get("contact_phone"), LetterNumber: v.Get("letter_number"), Notes: v.Get("notes"),
		Date: strings.TrimSpace(v.Get("date")), Participants: strings.TrimSpace(v.Get("participants")),
		Visibility: v.Get("visibility"), Repeat: v.Get("repeat"), Until: strings.TrimSpace(v.Get("until")),
		Checked: v["equipment"], Counts: map[string]string{},
	}
	in.Start = in.clockOf(queryPlus(v.Get("start")), loc)
	in.End = in.clockOf(queryPlus(v.Get("end")), loc)
	for k, vs := range v {
		if name, ok := strings.CutPrefix(k, countPrefix); ok && len(vs) > 0 {
			in.Counts[name] = strings.TrimSpace(vs[0])
		}
	}
	return in
}

// clockOf reads a start or end: a whole time sets the date (when none is
// set yet) and gives its wall-clock time; anything else is kept as typed.
func (in *formInput) clockOf(s string, loc *time.Location) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "Tt") {
		return s
	}
	t, err := parseInstant("start", s)
	if err != nil {
		if t, err = time.ParseInLocation("2006-01-02T15:04", s, loc); err != nil {
			return ""
		}
	}
	t = t.In(loc)
	if in.Date == "" {
		in.Date = t.Format(time.DateOnly)
	}
	return t.Format("15:04")
}

// useSlot puts a suggested slot ("START/END", RFC 3339) into the form.
func (in *formInput) useSlot(slot string, loc *time.Location) {
	s, e, ok := strings.Cut(slot, "/")
	if !ok {
		return
	}
	start, err1 := parseInstant("start", s)
	end, err2 := parseInstant("end", e)
	if err1 != nil || err2 != nil {
		return
	}
	start, end = start.In(loc), end.In(loc)
	in.Date, in.Start, in.End = start.Format(time.DateOnly), start.Format("15:04"), end.Format("15:04")
}

// checked reports whether the equipment item name is ticked.
func (in formInput) checked(name string) bool { return slices.Contains(in.Checked, name) }

// fieldMessage is one message of the form, at its field ("" for the form).
type fieldMessage struct{ field, message string }

// formErrors are the messages of a form that cannot be sent as it is.
type formErrors []fieldMessage

func (e *formErrors) add(field, message string) {
	*e = append(*e, fieldMessage{field, message})
}

// has reports whether field already has a message.
func (e formErrors) has(field string) bool {
	return slices.ContainsFunc(e, func(m fieldMessage) bool { return m.field == field })
}

// addOffice adds the office's refusal of a field, worded for the form,
// unless the form's own reading already explains that field.
func (e *formErrors) addOffice(p *locale.Printer, err error) {
	fe, ok := err.(*office.FieldError)
	if !ok {
		return
	}
	field := formField(fe.Field)
	if e.has(field) || field == "when" && (e.has("date") || e.has("start") || e.has("end")) {
		return
	}
	e.add(field, wordFieldError(p, fe))
}

// formField is the form's name of an API field: a rule about the start is
// about the whole time (date, start and end).
func formField(apiField string) string {
	switch apiField {
	case "start":
		return "when"
	case "language", "Idempotency-Key":
		return ""
	}
	return apiField
}

// wordFieldError words the office's refusal of a field in the form's
// language. The office's validation writes English for the API; the form
// says, per field, what the field needs. A recurrence the office cannot
// expand is already worded in the request's language.
func wordFieldError(p *locale.Printer, fe *office.FieldError) string {
	if fe.Field == "recurrence" {
		return fe.Message
	}
	if key := "form.error." + formField(fe.Field); p.Has(key) {
		return p.Get(key)
	}
	return fe.Message
}

// request reads the typed form into a request, with the messages of the
// values it cannot read (a date, a time, a number). The rest of the
// validation is the office's.
func (in formInput) request(p *locale.Printer, loc *time.Location) (booking.Request, formErrors) {
	var errs formErrors
	req := booking.Request{
		Room: in.Room, Title: in.Title, Organization: in.Organization,
		ContactName: in.ContactName, ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone,
		Visibility: booking.Visibility(in.Visibility), LetterNumber: in.LetterNumber, Notes: in.Notes,
	}
	date, dateErr := time.ParseInLocation(time.DateOnly, in.Date, loc)
	if dateErr != nil {
		errs.add("date", p.Get("form.error.date"))
	}
	start, startErr := time.Parse("15:04", in.Start)
	if startErr != nil {
		errs.add("start", p.Get("form.error.start"))
	}
	end, endErr := time.Parse("15:04", in.End)
	if endErr != nil {
		errs.add("end", p.Get("form.error.end"))
	}
	if dateErr == nil && startErr == nil && endErr == nil {
		y, m, d := date.Date()
		req.Start = time.Date(y, m, d, start.Hour(), start.Minute(), 0, 0, loc)
		req.End = time.Date(y, m, d, end.Hour(), end.Minute(), 0, 0, loc)
		if !req.End.After(req.Start) {
			errs.add("end", p.Get("form.error.end_after"))
		}
	}
	n, err := strconv.Atoi(in.Participants)
	if err != nil || n < 1 || n > maxParticipants {
		errs.add("participants", p.Get("form.error.participants"))
	}
	req.Participants = n
	var needs needList
	for _, name := range in.Checked {
		count, err := 1, error(nil)
		if c := in.Counts[name]; c != "" {
			count, err = strconv.Atoi(c)
		}
		if err == nil {
			err = needs.add(name, count)
		}
		if err != nil && !errs.has("equipment") {
			errs.add("equipment", p.Get("form.error.equipment"))
		}
	}
	req.Equipment = needs.needs
	if in.Repeat == "weekly" {
		until, err := time.ParseInLocation(time.DateOnly, in.Until, loc)
		if err != nil {
			errs.add("recurrence", p.Get("form.error.until"))
		}
		req.Recurrence = "FREQ=WEEKLY;UNTIL=" + until.Format("20060102")
	}
	return req, errs
}

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// formPage is the request form (templates/form.html).
type formPage struct {
	pageHead
	Action string // POST /requests
	Token  string // the form token, also the submission's Idempotency-Key
	Room   formRoom
	// Rooms is the room chooser, shown when the office lends several.
	Rooms  []formRoom
	LangQ  string   // the language chosen with ?lang=, carried by both forms
	Facts  []string // opening hours, closed days, lead time: next to the date
	F      map[string]*formInputView
	Equip  []formEquip
	Vis    string // "public" or "private"
	Repeat string // "weekly" or "none"
	// Err holds the message of each field at fault; Summary lists them all
	// at the top, in the form's order, each linking to its field.
	Err     map[string]string
	Summary []formProblem
	// The refusal's conflict report, as the public reads it.
	Conflicts, Warnings []string
	Suggestions         []formSlot
	Offset              string // the office zone's offset on the chosen date, for the script: "+07:00"
	Weekdays            string // the weekdays' names from Sunday, for the script
	in                  formInput
}

// formRoom is a room as the form shows it.
type formRoom struct {
	ID, Name string
	Capacity int
	Selected bool
}

// formInputView is one input of the form: its label, hint, value, and its
// error, tied to it by aria-describedby.
type formInputView struct {
	Name, Type, Label, Hint, Value, Auto, Mode, Min, Max string
	Accept                                               string // a file input's types
	MaxLen                                               int
	Required, Invalid                                    bool
	Described                                            string // the ids that describe it
	Error                                                string
}

// formEquip is one equipment item of the room: a checkbox and its count.
type formEquip struct {
	ID, Name, Count string
	Stock           int
	Checked         bool
	Invalid         bool
	Described       string
}

// formProblem is one line of the summary at the top of a refused form.
type formProblem struct{ Href, Text string }

// formSlot is a suggested free slot: the button's value and its words.
type formSlot struct{ Value, Label string }

// fieldOrder is the order of the form's fields, which the summary follows,
// and the anchor each message of the summary links to.
var fieldOrder = []struct{ field, anchor string }{
	{"", ""}, {"room", "#f-room"}, {"date", "#f-date"}, {"start", "#f-start"}, {"end", "#f-end"},
	{"when", "#f-date"}, {"recurrence", "#f-repeat-none"}, {"title", "#f-title"},
	{"participants", "#f-participants"}, {"equipment", "#equipment"}, {"organization", "#f-organization"},
	{"contact_name", "#f-contact_name"}, {"contact_email", "#f-contact_email"},
	{"contact_phone", "#f-contact_phone"}, {"letter_number", "#f-letter_number"}, {"letter", "#f-letter"},
	{"visibility", "#f-vis-private"}, {"notes", "#f-notes"},
}

func fieldIndex(field string) int {
	i := slices.IndexFunc(fieldOrder, func(f struct{ field, anchor string }) bool { return f.field == field })
	if i < 0 {
		return 0 // a field the form does not show: with the form's own messages
	}
	return i
}

// newFormPage is the form, as in says, with a fresh form token.
func (h *handler) newFormPage(r *http.Request, p *locale.Printer, in formInput) *formPage {
	now, loc := h.office.Now(), h.loc()
	rooms := h.office.Rooms()
	room := rooms[0]
	if rm, ok := h.office.Room(in.Room); ok {
		room = rm
	}
	in.Room = room.ID
	if in.Visibility != string(booking.VisibilityPublic) {
		in.Visibility = string(booking.VisibilityPrivate)
	}
	page := &formPage{
		pageHead: pageHead{Lang: p.Lang(), Title: p.Get("form.page_title"), Section: "form", Private: true,
			Scripts: []string{"app.js"}, Other: formURL(otherLang(p.Lang()), in, loc)},
		Action: "/requests",
		Token:  h.office.SignForm("request", now.Add(formTokenLife)),
		Room:   formRoom{ID: room.ID, Name: room.DisplayName(), Capacity: room.Capacity},
		LangQ:  in.Lang,
		Vis:    in.Visibility,
		Repeat: "none",
		Err:    map[string]string{},
		Offset: offsetOf(now, in.Date, loc),
		in:     in,
	}
	if in.Repeat == "weekly" {
		page.Repeat = "weekly"
	}
	if len(rooms) > 1 {
		for _, rm := range rooms {
			page.Rooms = append(page.Rooms, formRoom{ID: rm.ID, Name: rm.DisplayName(), Capacity: rm.Capacity,
				Selected: rm.ID == room.ID})
		}
	}
	page.Facts = h.formFacts(p, now)
	days := make([]string, 7)
	for d := range days {
		days[d] = booking.WeekdayName(time.Weekday(d), p.Lang())
	}
	page.Weekdays = strings.Join(days, ",")
	return page
}

// formFacts are the rules a date and time must keep, said next to them:
// the opening hours, the days the room is closed, how far ahead to ask.
func (h *handler) formFacts(p *locale.Printer, now time.Time) []string {
	rules, loc := h.office.Rules(), h.loc()
	var facts []string
	if rules.Close > 0 {
		facts = append(facts, p.Get("form.hours", clockOf(rules.Open), clockOf(rules.Close), now.In(loc).Format("MST")))
	}
	if len(rules.ClosedWeekdays) > 0 {
		days := make([]string, len(rules.ClosedWeekdays))
		for i, d := range rules.ClosedWeekdays {
			days[i] = booking.WeekdayName(d, p.Lang())
		}
		facts = append(facts, p.Get("form.closed", strings.Join(days, ", ")))
	}
	switch {
	case rules.LeadDays > 0 && rules.WorkingDays:
		facts = append(facts, p.Get("form.lead_working", rules.LeadDays))
	case rules.LeadDays > 0:
		facts = append(facts, p.Get("form.lead", rules.LeadDays,
			booking.FormatDate(now.In(loc).AddDate(0, 0, rules.LeadDays), loc, p.Lang())))
	}
	if rules.MaxDuration > 0 && rules.MaxDuration%time.Hour == 0 {
		facts = append(facts, p.Get("form.max_hours", int(rules.MaxDuration/time.Hour)))
	}
	return facts
}

// clockOf writes an offset from midnight as a wall-clock time: "07:00",
// and a day's end as "24:00".
func clockOf(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// offsetOf is the office zone's offset on date (or today): "+07:00".
func offsetOf(now time.Time, date string, loc *time.Location) string {
	t := now.In(loc)
	if d, err := time.ParseInLocation(time.DateOnly, date, loc); err == nil {
		t = d.Add(12 * time.Hour)
	}
	return t.Format("-07:00")
}

// formURL is the empty form in lang, keeping the room and time chosen.
func formURL(lang string, in formInput, loc *time.Location) string {
	q := url.Values{"lang": {lang}}
	if in.Room != "" {
		q.Set("room", in.Room)
	}
	if in.Date != "" {
		q.Set("date", in.Date)
	}
	if in.Start != "" {
		q.Set("start", in.Start)
	}
	if in.End != "" {
		q.Set("end", in.End)
	}
	return "/requests/new?" + q.Encode()
}

// problem adds a message at field ("" for the form as a whole).
func (pg *formPage) problem(field, message string) {
	if message == "" {
		return
	}
	if old := pg.Err[field]; old != "" {
		if strings.Contains(old, message) {
			return
		}
		message = old + " " + message
	}
	pg.Err[field] = message
}

// refusal shows the broken rules of a refused submission: each message at
// its field, the conflict report as the public reads it (no other
// applicant's title), and the free slots as buttons.
func (pg *formPage) refusal(h *handler, r *http.Request, p *locale.Printer, re *office.RuleError) {
	aud, loc := h.audienceOf(r), h.loc()
	rep := re.Report
	redact := aud.redactor(rep)
	for _, v := range violationsFor(rep.Violations, redact, loc) {
		pg.problem(formField(v.Field), v.Message)
	}
	if len(rep.Conflicts) > 0 {
		pg.problem("when", overlapMessage(rep.Conflicts[0], aud.lang, loc))
	}
	for _, c := range conflictsFor(rep.Conflicts, aud, loc) {
		pg.Conflicts = append(pg.Conflicts, c.Title+": "+booking.FormatSpan(c.Start, c.End, loc, p.Lang()))
	}
	if n := rep.MoreConflicts(); n > 0 {
		pg.Conflicts = append(pg.Conflicts, p.Get("list.more_conflicts", n))
	}
	for _, w := range violationsFor(rep.Warnings, redact, loc) {
		pg.Warnings = append(pg.Warnings, w.Message)
	}
	if n := rep.MoreWarnings(); n > 0 {
		pg.Warnings = append(pg.Warnings, p.Get("list.more_warnings", n))
	}
	for _, s := range slotsIn(rep.Suggestions, loc) {
		pg.Suggestions = append(pg.Suggestions, formSlot{
			Value: s.Start.Format(time.RFC3339) + "/" + s.End.Format(time.RFC3339),
			Label: booking.FormatSpan(s.Start, s.End, loc, p.Lang()),
		})
	}
}

// finish lays the inputs out with their values, hints and errors, and the
// summary of the errors, once every message is known.
func (pg *formPage) finish(p *locale.Printer, h *handler) {
	in, loc := pg.in, h.loc()
	rules, today := h.office.Rules(), h.office.Now().In(loc)
	minDate := today.AddDate(0, 0, rules.LeadDays).Format(time.DateOnly)
	maxDate := ""
	if rules.HorizonDays > 0 {
		maxDate = today.AddDate(0, 0, rules.HorizonDays).Format(time.DateOnly)
	}
	pg.F = map[string]*formInputView{}
	add := func(v formInputView) {
		if v.Label = p.Get("form." + v.Name); v.Name == letterField {
			v.Label = p.Get("attach.label")
		}
		pg.F[v.Name] = &v
	}
	add(formInputView{Name: "date", Type: "date", Value: in.Date, Required: true, Min: minDate, Max: maxDate})
	add(formInputView{Name: "start", Type: "time", Value: in.Start, Required: true})
	add(formInputView{Name: "end", Type: "time", Value: in.End, Required: true})
	add(formInputView{Name: "until", Type: "date", Value: in.Until, Min: minDate, Max: maxDate})
	add(formInputView{Name: "title", Type: "text", Value: in.Title, Required: true, MaxLen: 200,
		Hint: p.Get("form.title_hint"), Auto: "off"})
	add(formInputView{Name: "participants", Type: "number", Value: in.Participants, Required: true,
		Min: "1", Mode: "numeric", Hint: p.Get("form.capacity", pg.Room.Capacity)})
	add(formInputView{Name: "organization", Type: "text", Value: in.Organization, Required: true,
		MaxLen: 200, Auto: "organization"})
	add(formInputView{Name: "contact_name", Type: "text", Value: in.ContactName, Required: true,
		MaxLen: 100, Auto: "name"})
	add(formInputView{Name: "contact_email", Type: "email", Value: in.ContactEmail, Required: true,
		MaxLen: 254, Auto: "email", Hint: p.Get("form.contact_email_hint")})
	add(formInputView{Name: "contact_phone", Type: "tel", Value: in.ContactPhone, MaxLen: 32, Auto: "tel"})
	add(formInputView{Name: "letter_number", Type: "text", Value: in.LetterNumber, MaxLen: 100,
		Hint: p.Get("form.letter_number_hint")})
	letterHint := p.Get("attach.hint")
	if in.LetterSent {
		letterHint = p.Get("attach.again")
	}
	add(formInputView{Name: letterField, Type: "file", Accept: "application/pdf,.pdf", Hint: letterHint})
	add(formInputView{Name: "notes", Type: "textarea", Value: in.Notes, MaxLen: 2000})
	for name, v := range pg.F {
		var ids []string
		if v.Hint != "" {
			ids = append(ids, "hint-"+name)
		}
		if name == "date" {
			ids = append(ids, "facts")
		}
		if v.Error = pg.Err[name]; v.Error != "" {
			ids = append(ids, "err-"+name)
			v.Invalid = true
		}
		if (name == "date" || name == "start" || name == "end") && pg.Err["when"] != "" {
			ids = append(ids, "err-when")
			v.Invalid = true
		}
		if name == "until" && pg.Err["recurrence"] != "" {
			ids = append(ids, "err-recurrence")
			v.Invalid = true
		}
		v.Described = strings.Join(ids, " ")
	}
	pg.finishEquipment(h)
	pg.Summary = nil
	for _, f := range fieldOrder {
		if msg := pg.Err[f.field]; msg != "" {
			pg.Summary = append(pg.Summary, formProblem{Href: f.anchor, Text: msg})
		}
	}
	for field, msg := range pg.Err {
		if fieldIndex(field) == 0 && field != "" {
			pg.Summary = append(pg.Summary, formProblem{Text: msg})
		}
	}
}

// finishEquipment lists the room's equipment, by name, as ticked and counted.
func (pg *formPage) finishEquipment(h *handler) {
	room, _ := h.office.Room(pg.Room.ID)
	names := make([]string, 0, len(room.Equipment))
	for n := range room.Equipment {
		names = append(names, n)
	}
	slices.Sort(names)
	bad := pg.Err["equipment"] != ""
	for i, n := range names {
		e := formEquip{ID: "eq-" + strconv.Itoa(i), Name: n, Stock: room.Equipment[n], Count: pg.in.Counts[n],
			Checked: pg.in.checked(n)}
		if e.Count == "" {
			e.Count = "1"
		}
		if bad && e.Checked {
			e.Invalid, e.Described = true, "err-equipment"
		}
		pg.Equip = append(pg.Equip, e)
	}
}

// render writes the page with status.
func (pg *formPage) render(w http.ResponseWriter, status int, p *locale.Printer, h *handler) error {
	pg.finish(p, h)
	return renderPage(w, status, "form", pg)
}

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// staffRequestPage is everything about one request for a member of staff
// (templates/staff_request.html): its particulars and the applicant's
// contact, its occurrences, the live conflict report, the history timed
// against the SOP, and one form per step the reader may take now.
type staffRequestPage struct {
	pageHead
	Message     string // an outcome or a refusal, above the rest
	Error       bool
	Status      string
	Waiting     string // the step now due, by whom and for how long
	Late        bool
	Details     []detail
	Contact     contactView
	Occurrences []string
	// OccPager pages the occurrences (and the change form's choices) of a
	// long series, occPageSize at a time; nil when they fit one page.
	OccPager *occPager
	// Conflicts are the request's standing conflicts, open and resolved,
	// with the forms the reader may fill (staff_conflict.go).
	Conflicts   []standingView
	Report      []itemList // the live conflict report
	Suggestions []linkItem
	History     []historyRow
	Path        string // where the forms post
	FormToken   string
	Forms       []stepForm
	Change      *occurrenceForm
	Letter      *letterLink   // the applicant's letter, nil when none came
	Documents   *documentList // the printed documents its steps have made
}

// contactView is the applicant's contact, with the links that call and
// write to them.
type contactView struct {
	Name, Email, Phone string
	Mail               string       // mailto: link
	Tel                template.URL // tel: link, digits only
}

// linkItem is a list item that links somewhere.
type linkItem struct{ Text, Link string }

// historyRow is one step of the history as staff read it.
type historyRow struct {
	When, What, Who, Note, Took string
	Late                        bool
	Record                      []string // the checklist or the usage report (steps 8 and 9)
}

// stepForm is the form of one step the reader may take.
type stepForm struct {
	Action, Button string
	Decision       bool // the Kabid's available / unavailable choice
	Danger         bool // cancelling
	Note           string
	NoteLabel      string
	NoteError      string // a refusal of the note or the decision
	// The records of steps 8 and 9 (usage_view.go): the readiness checklist
	// of ready and prepare, the usage report of report.
	Checklist *checklistForm
	Usage     *usageForm
}

// occurrenceForm is the secretary's change of one occurrence of a
// recurring request: remove it, or move it to another date and hours.
type occurrenceForm struct {
	Options          []option // value: the occurrence's rule-given start (RFC 3339)
	Date, Start, End string
	Error            string // a refusal of the last change
}

// showStaffRequest is GET /staff/requests/{id}.
func (h *handler) showStaffRequest(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	page, err := h.staffRequestPage(r, u, id)
	if err != nil {
		return err
	}
	page.Message = doneMessage(locale.For(page.Lang), r.URL.Query().Get("done"), page.Status)
	return renderPage(w, http.StatusOK, "staff_request", page)
}

// doneMessage announces the step just taken (?done=forward).
func doneMessage(p *locale.Printer, done, status string) string {
	switch done {
	case "":
		return ""
	case actionMoveOccurrence, actionRemoveOccurrence:
		return p.Get("staff.done." + done)
	case doneDecided:
		return p.Get("conflictweb.done.decide_conflict")
	case doneCarried:
		return p.Get("conflictweb.done.carry_out_conflict")
	}
	if _, ok := booking.StepOrRecord(booking.Action(done)); !ok {
		return ""
	}
	return p.Get("staff.done", booking.Action(done).Step(p), status)
}

// staffRequestPage builds the page of request id for u.
func (h *handler) staffRequestPage(r *http.Request, u booking.User, id int64) (*staffRequestPage, error) {
	v, err := h.office.View(r.Context(), id)
	if err != nil {
		return nil, err
	}
	head := h.staffHead(r, u, "nav.inbox", "inbox")
	p, loc, now := locale.For(head.Lang), h.loc(), h.office.Now()
	req := v.Request
	head.Title = p.Get("staff.request.title", booking.Number(req.ID))
	head.Other = staffRequestPath(id) + "?lang=" + otherLang(head.Lang) // also after a POST
	page := &staffRequestPage{pageHead: head, Status: req.Status.Detail(p), Path: staffRequestPath(id),
		FormToken: h.formToken(r), Contact: contactOf(req)}
	page.Details = requestDetails(p, req, h.office.RoomName(req.Room), loc)
	from, to := 0, len(v.Occurrences)
	if len(v.Occurrences) > occPageSize {
		page.OccPager = newOccPager(p, staffRequestPath(id), head.Lang, r.URL.Query().Get("occ"), len(v.Occurrences))
		from, to = page.OccPager.from, page.OccPager.to
	}
	if len(v.Occurrences) > 1 {
		for _, s := range v.Occurrences[from:to] {
			page.Occurrences = append(page.Occurrences, booking.FormatSpan(s.Start, s.End, loc, p.Lang()))
		}
	}
	if req.Status.Pending() || req.Status == booking.StatusApproved {
		rep := v.Report
		rep.Suggestions = nil
		page.Report = conflictLists(p, rep, loc)
		page.Suggestions = suggestionLinks(p, req.Room, v.Report.Suggestions, loc)
	}
	page.History = historyRows(p, v.History, loc)
	page.Waiting, page.Late = waitingFor(p, req, v.History, h.office.Standards(), now)
	actor := h.office.ActorFor(u)
	page.Forms = stepForms(p, req, v.History, actor, now, loc)
	if page.Conflicts, err = h.staffConflicts(r.Context(), p, id, actor, page.FormToken); err != nil {
		return nil, err
	}
	if page.Change, err = h.occurrenceForm(r, p, req, actor); err != nil {
		return nil, err
	}
	if page.Letter, err = h.staffLetterLink(r.Context(), id, p); err != nil {
		return nil, err
	}
	page.Documents = documentLinks(p, id, v.History)
	if f := page.Change; f != nil && page.OccPager != nil { // the choices of the occurrences shown
		f.Options = f.Options[min(from, len(f.Options)):min(to, len(f.Options))]
	}
	return page, nil
}

// occPageSize is how many occurrences of a series a request page lists.
const occPageSize = 20

// occPager is the paging of a long series' occurrences.
type occPager struct {
	from, to   int
	Shown      string // "21–40 dari 365"
	Prev, Next string // links to the pages around, "" at an end
}

// newOccPager pages n occurrences at the page asked for (?occ=, from 1).
func newOccPager(p *locale.Printer, path, lang, asked string, n int) *occPager {
	pages := (n + occPageSize - 1) / occPageSize
	k, err := strconv.Atoi(asked)
	if err != nil || k < 1 {
		k = 1
	}
	k = min(k, pages)
	pg := &occPager{from: (k - 1) * occPageSize, to: min(k*occPageSize, n)}
	pg.Shown = p.Get("staff.occurrences.shown", pg.from+1, pg.to, n)
	link := func(k int) string {
		return path + "?" + url.Values{"occ": {strconv.Itoa(k)}, "lang": {lang}}.Encode() + "#occurrences"
	}
	if k > 1 {
		pg.Prev = link(k - 1)
	}
	if k < pages {
		pg.Next = link(k + 1)
	}
	return pg
}

// requestDetails are the request's particulars as staff read them.
func requestDetails(p *locale.Printer, req booking.Request, room string, loc *time.Location) []detail {
	d := []detail{
		{p.Get("field.number"), booking.Number(req.ID)}, {p.Get("field.event"), req.Title},
		{p.Get("field.organization"), req.Organization},
		{p.Get("field.when"), booking.FormatSpan(req.Start, req.End, loc, p.Lang())},
		{p.Get("field.room"), room}, {p.Get("field.participants"), strconv.Itoa(req.Participants)},
		{p.Get("field.equipment"), needs(p, req.Equipment)},
		{p.Get("field.visibility"), p.Get("staff.visibility." + string(req.Visibility))},
		{p.Get("field.letter_number"), orNone(req.LetterNumber, p.Get("word.none"))},
		{p.Get("field.notes"), orNone(req.Notes, p.Get("word.none"))},
	}
	if req.Recurrence != "" {
		d = append(d, detail{p.Get("field.recurrence"), req.Recurrence})
	}
	if req.Decision != "" {
		d = append(d, detail{p.Get("field.decision"), req.Decision.Word(p)})
	}
	return d
}

// orNone is s, or none when s is blank.
func orNone(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return none
	}
	return s
}

// contactOf is the applicant's contact with its links.
func contactOf(req booking.Request) contactView {
	c := contactView{Name: req.ContactName, Email: req.ContactEmail, Phone: req.ContactPhone}
	if c.Email != "" {
		c.Mail = "mailto:" + c.Email
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, c.Phone)
	if digits != "" {
		c.Tel = template.URL("tel:" + digits) // digits and + only
	}
	return c
}

// suggestionLinks are the report's free slots, each opening the staff's
// calendar on its day.
func suggestionLinks(p *locale.Printer, room string, slots []booking.Slot, loc *time.Location) []linkItem {
	out := make([]linkItem, len(slots))
	for i, s := range slots {
		out[i] = linkItem{Text: booking.FormatSpan(s.Start, s.End, loc, p.Lang()),
			Link: "/staff/calendar?room=" + room + "&view=day&date=" + s.Start.In(loc).Format(time.DateOnly)}
	}
	return out
}

// historyRows are the request's steps: when, what, who in which role, the
// note, and how long each took against its standard.
func historyRows(p *locale.Printer, ts []booking.Transition, loc *time.Location) []historyRow {
	out := make([]historyRow, len(ts))
	for i, t := range ts {
		what := t.Action.Word(p)
		if t.Decision != "" {
			what += ": " + t.Decision.Word(p)
		}
		row := historyRow{When: booking.FormatMoment(t.At, loc, p.Lang()), What: what,
			Who: t.Actor + " (" + t.Role.Word(p) + ")", Note: t.Note, Late: t.Late(), Record: booking.RecordLines(p, t, loc)}
		if t.Took > 0 && t.Standard > 0 {
			row.Took = p.Get("staff.took", duration(p, t.Took), duration(p, t.Standard))
		}
		out[i] = row
	}
	return out
}

// waitingFor says which step is due now, by which role, since when against
// its standard; "" once the chain has ended.
func waitingFor(p *locale.Printer, req booking.Request, ts []booking.Transition, std booking.Standards, now time.Time) (string, bool) {
	step, ok := nextStep(req.Status)
	if !ok {
		return "", false
	}
	since := req.CreatedAt
	for _, t := range slices.Backward(ts) {
		if t.Action.InChain() {
			since = t.At
			break
		}
	}
	age, late := stepAge(p, since, now, std[step.Action])
	return p.Get("staff.waiting", step.Action.Step(p), rolesOf(p, step.Roles), age), late
}

// rolesOf names roles: "Sekretariat", "Kabid".
func rolesOf(p *locale.Printer, roles []booking.Role) string {
	words := make([]string, len(roles))
	for i, r := range roles {
		words[i] = r.Word(p)
	}
	return strings.Join(words, ", ")
}

// stepForms are the forms of the steps actor may take now on req: the
// chain's next step, the vidcon team's readiness checklist before the
// Kabid's prepare and, for the secretary, cancelling.
func stepForms(p *locale.Printer, req booking.Request, history []booking.Transition, actor booking.Actor, now time.Time, loc *time.Location) []stepForm {
	var out []stepForm
	ready := booking.ReadyStep
	if slices.Contains(ready.From, req.Status) && slices.ContainsFunc(ready.Roles, actor.Holds) && now.Before(req.End) {
		out = append(out, stepForm{Action: string(ready.Action), Button: ready.Action.Step(p),
			NoteLabel: p.Get("link.note"), Checklist: newChecklistForm(p, req, history, loc)})
	}
	for _, s := range booking.Steps {
		if s.Action == booking.ActionSubmit || s.Action == booking.ActionExpire ||
			!slices.Contains(s.From, req.Status) || !mayTake(s, actor, req.End, now) {
			continue
		}
		if s.Action == booking.ActionCancel && !actor.Holds(booking.RoleSecretary) {
			continue
		}
		f := stepForm{Action: string(s.Action), Button: s.Action.Step(p), NoteLabel: p.Get("link.note")}
		switch s.Action {
		case booking.ActionCheck:
			f.Decision, f.NoteLabel = true, p.Get("link.decision_note")
		case booking.ActionCancel:
			f.Danger, f.NoteLabel = true, p.Get("staff.cancel_note")
		case booking.ActionPrepare:
			f.Checklist, f.NoteLabel = newChecklistForm(p, req, history, loc), p.Get("readiness.prepare_note")
		case booking.ActionReport:
			f.Usage = newUsageForm(p, req, loc)
		}
		out = append(out, f)
	}
	return out
}

// occurrenceForm is the secretary's change of one occurrence, for a
// recurring request whose occurrences may still change; nil otherwise.
func (h *handler) occurrenceForm(r *http.Request, p *locale.Printer, req booking.Request, actor booking.Actor) (*occurrenceForm, error) {
	if req.Recurrence == "" || !actor.Holds(booking.RoleSecretary) ||
		!req.Status.Pending() && !req.Status.Booked() || req.Status == booking.StatusClosed {
		return nil, nil
	}
	occ, err := h.store.PlacedOccurrences(r.Context(), req.ID)
	if err != nil {
		return nil, err
	}
	loc := h.loc()
	f := &occurrenceForm{}
	for _, o := range occ {
		f.Options = append(f.Options, option{Value: o.Original.In(loc).Format(time.RFC3339),
			Label: booking.FormatSpan(o.Start, o.End, loc, p.Lang())})
	}
	if len(f.Options) == 0 {
		return nil, nil
	}
	return f, nil
}

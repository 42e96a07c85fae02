package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// audience says who reads a response. Staff see everything; the public and
// applicants see other people's busy time without its title, and no staff
// names or user ids.
type audience struct {
	staff bool
	lang  string // "id" or "en": the word that replaces a hidden title
}

// audienceOf is the audience of r: staff when a bearer user holds a role
// today; the language from ?lang=, else the request's own, else
// Accept-Language, else Indonesian.
func (h *handler) audienceOf(r *http.Request) audience {
	a := audience{lang: "id"}
	if u, ok := userFrom(r); ok {
		a.staff = h.office.IsStaff(u)
	}
	info := infoFrom(r.Context())
	switch q := r.URL.Query().Get("lang"); {
	case q == "en" || q == "id":
		a.lang = q
	case info != nil && info.lang != "":
		a.lang = info.lang
	case strings.HasPrefix(r.Header.Get("Accept-Language"), "en"):
		a.lang = "en"
	}
	return a
}

// setLang records the language of the caller's request (a body's
// "language"), which error messages and hidden titles then use.
func setLang(r *http.Request, lang string) {
	if info := infoFrom(r.Context()); info != nil && (lang == "id" || lang == "en") {
		info.lang = lang
	}
}

// hiddenTitle replaces the title of someone else's booking for the public.
func (a audience) hiddenTitle() string {
	if a.lang == "en" {
		return "Reserved"
	}
	return "Terpakai"
}

// requestView is a request as GET /api/v1/requests/{id} shows it: its
// fields, its occurrences, its live conflict report and its history.
type requestView struct {
	booking.Request
	TrackingToken string         `json:"tracking_token,omitempty"`
	Occurrences   []booking.Slot `json:"occurrences"`
	reportView
	History    []transitionView `json:"history"`
	Deliveries []deliveryView   `json:"deliveries,omitempty"`
}

// deliveryView is an outbound job of the request (an email, a Google push),
// shown to staff so that a delivery that failed for good is seen.
type deliveryView struct {
	Kind      string    `json:"kind"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	Created   time.Time `json:"created_at"`
}

func deliveriesFor(jobs []store.Job, aud audience, loc *time.Location) []deliveryView {
	if !aud.staff {
		return nil
	}
	out := make([]deliveryView, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, deliveryView{Kind: j.Kind, State: j.State, Attempts: j.Attempts,
			LastError: j.LastError, Created: j.CreatedAt.In(loc)})
	}
	return out
}

// reportView is a conflict report as the audience may read it.
type reportView struct {
	Conflicts   []conflictView      `json:"conflicts"`
	Warnings    []booking.Violation `json:"warnings"`
	Suggestions []booking.Slot      `json:"suggestions"`
	// The lists hold the first booking.ListLimit; the totals count them all.
	ConflictsTotal int `json:"conflicts_total"`
	WarningsTotal  int `json:"warnings_total"`
}

// conflictView is a busy span in the way, as the audience may see it.
type conflictView struct {
	ID         int64            `json:"id,omitempty"`
	ExternalID string           `json:"external_id,omitempty"`
	Title      string           `json:"title"`
	Kind       booking.BusyKind `json:"kind"`
	Start      time.Time        `json:"start"`
	End        time.Time        `json:"end"`
	Occurrence time.Time        `json:"occurrence"`
	Message    string           `json:"message,omitempty"`
}

// transitionView is one step of a request's history.
type transitionView struct {
	Action          booking.Action   `json:"action"`
	Step            string           `json:"step"`
	From            booking.Status   `json:"from"`
	To              booking.Status   `json:"to"`
	UserID          int64            `json:"user_id,omitempty"`
	Actor           string           `json:"actor"`
	Role            booking.Role     `json:"role"`
	Decision        booking.Decision `json:"decision"`
	Note            string           `json:"note"`
	At              time.Time        `json:"at"`
	TookSeconds     float64          `json:"took_seconds"`
	StandardSeconds float64          `json:"standard_seconds"`
	Late            bool             `json:"late"`
	// The records of steps 8 and 9, for staff (usage_input.go).
	Readiness []booking.ReadyItem `json:"readiness,omitempty"`
	Usage     *booking.Usage      `json:"usage,omitempty"`
}

// newRequestView renders v for aud, every time in loc.
func newRequestView(v office.View, aud audience, loc *time.Location) requestView {
	return requestView{
		Request:     requestIn(v.Request, loc),
		Occurrences: slotsIn(v.Occurrences, loc),
		reportView:  newReportView(v.Report, aud, loc),
		History:     historyFor(v.History, aud, loc),
		Deliveries:  deliveriesFor(v.Deliveries, aud, loc),
	}
}

// newReportView renders rep for aud: for anyone but staff, other requests'
// titles are hidden, in the conflicts and in the warnings' messages.
func newReportView(rep booking.Report, aud audience, loc *time.Location) reportView {
	return reportView{
		Conflicts:      conflictsFor(rep.Conflicts, aud, loc),
		Warnings:       violationsFor(rep.Warnings, aud.redactor(rep), loc),
		Suggestions:    slotsIn(rep.Suggestions, loc),
		ConflictsTotal: rep.ConflictsTotal, WarningsTotal: rep.WarningsTotal,
	}
}

// redactor removes from messages the titles a report names, unless the
// audience is staff. booking quotes a title as ` ("Title")` or ` "Title"`;
// any other mention of it is replaced by the hidden title, so a change of
// wording there can never leak a title here.
func (a audience) redactor(rep booking.Report) *strings.Replacer {
	var pairs []string
	if !a.staff {
		for _, c := range slices.Concat(rep.Conflicts, rep.Pending) {
			if c.Title != "" {
				pairs = append(pairs, ` ("`+c.Title+`")`, "", ` "`+c.Title+`"`, "", c.Title, a.hiddenTitle())
			}
		}
	}
	return strings.NewReplacer(pairs...)
}

// requestIn returns r with its times in loc and no null equipment list.
func requestIn(r booking.Request, loc *time.Location) booking.Request {
	r.Start, r.End = r.Start.In(loc), r.End.In(loc)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.In(loc), r.UpdatedAt.In(loc)
	if r.Equipment == nil {
		r.Equipment = []booking.Need{}
	}
	return r
}

func slotsIn(slots []booking.Slot, loc *time.Location) []booking.Slot {
	out := make([]booking.Slot, len(slots))
	for i, s := range slots {
		out[i] = booking.Slot{Start: s.Start.In(loc), End: s.End.In(loc)}
	}
	return out
}

// conflictsFor renders conflicts; only staff read titles and external ids.
func conflictsFor(cs []booking.Conflict, aud audience, loc *time.Location) []conflictView {
	out := make([]conflictView, len(cs))
	for i, c := range cs {
		out[i] = conflictView{
			ID: c.RequestID, ExternalID: c.ExternalID, Title: c.Title, Kind: c.Kind,
			Start: c.Start.In(loc), End: c.End.In(loc), Occurrence: c.Occurrence.In(loc),
			Message: c.Message,
		}
		if !aud.staff {
			out[i].Title, out[i].ExternalID, out[i].Message = aud.hiddenTitle(), "", ""
		}
	}
	return out
}

// violationsFor renders rule failures, messages passed through redact and
// occurrences in loc.
func violationsFor(vs []booking.Violation, redact *strings.Replacer, loc *time.Location) []booking.Violation {
	out := make([]booking.Violation, len(vs))
	for i, v := range vs {
		v.Message = redact.Replace(v.Message)
		if !v.Occurrence.IsZero() {
			v.Occurrence = v.Occurrence.In(loc)
		}
		out[i] = v
	}
	return out
}

// historyFor renders transitions. Staff read who took each step and their
// user id; anyone else reads the role, as the applicant's page shows it.
func historyFor(ts []booking.Transition, aud audience, loc *time.Location) []transitionView {
	out := make([]transitionView, 0, len(ts))
	for _, t := range ts {
		if !aud.staff && staffOnly(t.Action) {
			continue
		}
		step, _ := booking.StepFor(t.Action)
		v := transitionView{
			Action: t.Action, Step: step.Number, From: t.From, To: t.To, Actor: aud.roleName(t.Role),
			Role: t.Role, Decision: t.Decision, Note: t.Note, At: t.At.In(loc),
			TookSeconds: t.Took.Seconds(), StandardSeconds: t.Standard.Seconds(), Late: t.Late(),
		}
		if aud.staff {
			v.UserID, v.Actor = t.UserID, t.Actor
			v.Readiness, v.Usage = t.Readiness, usageIn(t.Usage, loc)
		}
		out = append(out, v)
	}
	return out
}

// staffOnly says whether a step of the history is the staff's own
// business: a standing conflict found or gone (its cause names other
// people's events) and the Kabid's decision on it. The applicant reads
// what came of it: the move or the cancel.
func staffOnly(a booking.Action) bool {
	return a == booking.ActionConflict || a == booking.ActionConflictClosed || a == booking.ActionDecideConflict
}

// roleName is a role in the audience's language, as the applicant's page
// names it.
func (a audience) roleName(r booking.Role) string { return r.Word(locale.For(a.lang)) }

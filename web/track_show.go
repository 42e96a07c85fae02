package web

import (
	"errors"
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
	"github.com/pelalawan/ccroom/store"
)

// trackPage is the applicant's page of their request, which the receipt
// email links to: the request, its status in words, its history and, while
// the applicant may still cancel it, the cancel form (templates/track.html).
type trackPage struct {
	pageHead
	Message string // an outcome or a refusal, in a box above the rest
	Error   bool
	Status  string // the status in words
	Details []detail
	Lists   []itemList
	History []trackStep
	Form    *trackForm
	Letter  *letterLink // the applicant's letter, when one is attached
}

// trackStep is one step of the history as the applicant reads it: when,
// what and by which role, and the note (the Kabid's reason, ...).
type trackStep struct {
	When, What, Note string
}

// trackForm posts the cancel back with the tracking token and the form
// token derived from it.
type trackForm struct {
	Action, Token, CSRF string
}

// render writes the page with status.
func (p *trackPage) render(w http.ResponseWriter, status int) error {
	return renderPage(w, status, "track", p)
}

// showTrack answers GET /requests/{id}?token=TRACKING, the applicant's page
// of their request. A missing or wrong token, and an unknown id, answer the
// same 404 page, so nobody learns whether a request exists. A GET changes
// nothing.
func (h *handler) showTrack(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	token := trackingToken(r)
	if err != nil || token == "" {
		return h.trackNotFound(w, r)
	}
	v, err := h.office.Lookup(r.Context(), id, token)
	if err != nil {
		return h.trackFailed(w, r, err)
	}
	aud := h.applicantAudience(r, v.Request.Language)
	page := h.trackPageOf(r, v, aud, token)
	href := letterAPIPath(id) + "?" + url.Values{"token": {token}}.Encode()
	if page.Letter, err = h.letterLinkOf(r.Context(), id, href, locale.For(aud.lang)); err != nil {
		return h.trackFailed(w, r, err)
	}
	if r.URL.Query().Get("done") == "cancelled" && v.Request.Status == booking.StatusCancelled {
		page.Message = locale.For(aud.lang).Get("track.cancelled")
	}
	return page.render(w, http.StatusOK)
}

// trackPageOf is request v as its applicant reads it, in aud's language.
func (h *handler) trackPageOf(r *http.Request, v office.View, aud audience, token string) *trackPage {
	p, loc := locale.For(aud.lang), h.loc()
	req := v.Request
	number := booking.Number(req.ID)
	page := &trackPage{
		pageHead: pageHead{Lang: p.Lang(), Title: p.Get("track.title", number), Private: true,
			Other: trackURL(req.ID, token, otherLang(p.Lang()), "")},
		Status: p.Get("track.status", req.Status.Detail(p)),
	}
	page.Details = []detail{
		{p.Get("field.number"), number}, {p.Get("field.event"), req.Title},
		{p.Get("field.organization"), req.Organization}, {p.Get("field.room"), h.office.RoomName(req.Room)},
		{p.Get("field.when"), booking.FormatSpan(req.Start, req.End, loc, p.Lang())},
		{p.Get("field.participants"), strconv.Itoa(req.Participants)},
		{p.Get("field.equipment"), needs(p, req.Equipment)},
	}
	if len(v.Occurrences) > 1 {
		occ := itemList{Title: p.Get("list.occurrences")}
		for _, s := range v.Occurrences {
			occ.Items = append(occ.Items, booking.FormatSpan(s.Start, s.End, loc, p.Lang()))
		}
		page.Lists = append(page.Lists, occ)
	}
	page.Lists = append(page.Lists, applicantReport(p, v.Report, aud, loc)...)
	page.History = history(p, v.History, loc)
	if h.applicantMayCancel(req) {
		action := fmt.Sprintf("/requests/%d/cancel", req.ID)
		if l := r.URL.Query().Get("lang"); l == "en" || l == "id" {
			action += "?" + url.Values{"lang": {l}}.Encode()
		}
		page.Form = &trackForm{Action: action, Token: token, CSRF: h.office.TrackFormToken(token)}
	}
	return page
}

// needs lists the equipment asked for: "sound-system (1), computer (2)".
func needs(p *locale.Printer, list []booking.Need) string {
	if len(list) == 0 {
		return p.Get("word.none")
	}
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = fmt.Sprintf("%s (%d)", n.Name, n.Count)
	}
	return strings.Join(out, ", ")
}

// history is the request's steps as the applicant reads them: what was
// done, by which role (never by whom), the decision and the note.
func history(p *locale.Printer, ts []booking.Transition, loc *time.Location) []trackStep {
	var out []trackStep
	for _, t := range ts {
		if staffOnly(t.Action) {
			continue
		}
		what := t.Action.Word(p) + " (" + t.Role.Word(p) + ")"
		if t.Decision != "" {
			what += ": " + t.Decision.Word(p)
		}
		out = append(out, trackStep{When: booking.FormatMoment(t.At, loc, p.Lang()), What: what, Note: t.Note})
	}
	return out
}

// applicantMayCancel says whether the cancel form is shown: the SOP lets the
// applicant cancel from these states, and only before the event ends.
func (h *handler) applicantMayCancel(req booking.Request) bool {
	step, _ := booking.StepFor(booking.ActionCancel)
	return slices.Contains(step.From, req.Status) && slices.Contains(step.Roles, booking.RoleApplicant) &&
		h.office.Now().Before(req.End)
}

// applicantReport is the live conflict report as the applicant may read it:
// other requests' titles hidden (in the conflicts and in the messages).
func applicantReport(p *locale.Printer, rep booking.Report, aud audience, loc *time.Location) []itemList {
	var lists []itemList
	redact := aud.redactor(rep)
	if len(rep.Violations) > 0 {
		l := itemList{Title: p.Get("list.violations")}
		for _, v := range rep.Violations {
			l.Items = append(l.Items, redact.Replace(v.Message))
		}
		lists = append(lists, l)
	}
	if cs := conflictsFor(rep.Conflicts, aud, loc); len(cs) > 0 {
		l := itemList{Title: p.Get("list.conflicts")}
		for _, c := range cs {
			l.Items = append(l.Items, c.Title+": "+booking.FormatSpan(c.Start, c.End, loc, p.Lang()))
		}
		if n := rep.MoreConflicts(); n > 0 {
			l.Items = append(l.Items, p.Get("list.more_conflicts", n))
		}
		lists = append(lists, l)
	}
	if ws := violationsFor(rep.Warnings, redact, loc); len(ws) > 0 {
		l := itemList{Title: p.Get("list.warnings")}
		for _, w := range ws {
			l.Items = append(l.Items, w.Message)
		}
		if n := rep.MoreWarnings(); n > 0 {
			l.Items = append(l.Items, p.Get("list.more_warnings", n))
		}
		lists = append(lists, l)
	}
	if len(rep.Suggestions) > 0 && (len(rep.Conflicts) > 0 || len(rep.Violations) > 0) {
		lists = append(lists, suggestions(p, rep.Suggestions, loc))
	}
	return lists
}

// suggestions lists the free slots of a report.
func suggestions(p *locale.Printer, slots []booking.Slot, loc *time.Location) itemList {
	l := itemList{Title: p.Get("list.suggestions")}
	for _, s := range slots {
		l.Items = append(l.Items, booking.FormatSpan(s.Start, s.End, loc, p.Lang()))
	}
	return l
}

// trackURL is the path of the applicant's page, with the tracking token and,
// when set, the language and the outcome to announce.
func trackURL(id int64, token, lang, done string) string {
	p := fmt.Sprintf("/requests/%d?token=%s", id, url.QueryEscape(token))
	if lang != "" {
		p += "&lang=" + url.QueryEscape(lang)
	}
	if done != "" {
		p += "&done=" + url.QueryEscape(done)
	}
	return p
}

// trackNotFound is the 404 page: the same for an unknown id, a missing token
// and a wrong one.
func (h *handler) trackNotFound(w http.ResponseWriter, r *http.Request) error {
	p := locale.For(h.audienceOf(r).lang)
	page := &trackPage{pageHead: pageHead{Lang: p.Lang(), Title: p.Get("track.not_found"), Private: true},
		Message: p.Get("track.not_found_message"), Error: true}
	return page.render(w, http.StatusNotFound)
}

// trackFailed answers a lookup that failed: not found as the 404 page,
// anything else logged and a 500 page that says nothing changed.
func (h *handler) trackFailed(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return h.trackNotFound(w, r)
	}
	h.log.ErrorContext(r.Context(), "applicant page", "path", r.URL.Path, "err", err)
	p := locale.For(h.audienceOf(r).lang)
	page := &trackPage{pageHead: pageHead{Lang: p.Lang(), Title: p.Get("track.not_found"), Private: true},
		Message: p.Get("track.failed"), Error: true}
	return page.render(w, http.StatusInternalServerError)
}

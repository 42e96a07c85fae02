package web

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// showAction answers GET /act/{token}, the page a signed link in an email
// opens: the request and the form of the step, or why the link does nothing.
// A GET never acts, so a mail system's link scanner changes nothing.
func (h *handler) showAction(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if h.conflictLinkOf(token) {
		return h.showConflictLink(w, r, token)
	}
	link, u, err := h.office.CheckAction(r.Context(), token)
	p := locale.For(u.Language)
	if err != nil {
		return h.linkRefused(w, p, err)
	}
	v, err := h.office.View(r.Context(), link.RequestID)
	if err != nil {
		return h.linkRefused(w, p, err)
	}
	page := h.actionPage(p, v)
	step, _ := booking.StepOrRecord(link.Action)
	if !slices.Contains(step.From, v.Request.Status) {
		page.Message, page.Error = p.Get("link.moved"), true
		return page.render(w, http.StatusConflict)
	}
	h.linkForm(p, page, token, link, v)
	return page.render(w, http.StatusOK)
}

// linkForm gives the page of link the form of its step: the decision and
// the conflict report of the re-check, the checklist of steps 8, the usage
// report of step 9.
func (h *handler) linkForm(p *locale.Printer, page *actionPage, token string, link office.ActionLink, v office.View) {
	page.Form = &actionForm{Action: "/act/" + token, CSRF: h.office.ActionFormToken(token), Step: string(link.Action),
		Button: link.Action.Step(p), Decision: link.Action == booking.ActionCheck}
	switch link.Action {
	case booking.ActionCheck:
		page.Lists = conflictLists(p, v.Report, h.loc())
	case booking.ActionReady, booking.ActionPrepare:
		page.Form.Checklist = newChecklistForm(p, v.Request, v.History, h.loc())
	case booking.ActionReport:
		page.Form.Usage = newUsageForm(p, v.Request, h.loc())
	}
}

// render writes the page with status.
func (page *actionPage) render(w http.ResponseWriter, status int) error {
	return renderPage(w, status, "action", page)
}

// actionPage is the request's summary in p's language.
func (h *handler) actionPage(p *locale.Printer, v office.View) *actionPage {
	page := newActionPage(p)
	page.Details = summary(p, v.Request, h.office.RoomName(v.Request.Room), h.loc())
	return page
}

// conflictLists is the Kabid's conflict report: what is in the way, the
// warnings, and the free alternatives.
func conflictLists(p *locale.Printer, rep booking.Report, loc *time.Location) []itemList {
	conflicts := itemList{Title: p.Get("list.conflicts")}
	for _, c := range rep.Conflicts {
		item := c.Message
		if item == "" {
			item = c.Title
		}
		conflicts.Items = append(conflicts.Items, item)
	}
	for _, v := range rep.Violations {
		conflicts.Items = append(conflicts.Items, v.Message)
	}
	if n := rep.MoreConflicts(); n > 0 {
		conflicts.Items = append(conflicts.Items, p.Get("list.more_conflicts", n))
	}
	if len(conflicts.Items) == 0 {
		conflicts.Items = []string{p.Get("word.none")}
	}
	lists := []itemList{conflicts}
	if len(rep.Warnings) > 0 {
		warn := itemList{Title: p.Get("list.warnings")}
		for _, v := range rep.Warnings {
			warn.Items = append(warn.Items, v.Message)
		}
		if n := rep.MoreWarnings(); n > 0 {
			warn.Items = append(warn.Items, p.Get("list.more_warnings", n))
		}
		lists = append(lists, warn)
	}
	if len(rep.Suggestions) > 0 {
		lists = append(lists, suggestions(p, rep.Suggestions, loc))
	}
	return lists
}

// linkRefused answers a link that does nothing: forged 403, expired or used
// 410, anything else the usual way.
func (h *handler) linkRefused(w http.ResponseWriter, p *locale.Printer, err error) error {
	switch {
	case errors.Is(err, office.ErrLinkForged):
		return refused(p, p.Get("link.forged")).render(w, http.StatusForbidden)
	case errors.Is(err, office.ErrLinkExpired):
		return refused(p, p.Get("link.expired")).render(w, http.StatusGone)
	case errors.Is(err, office.ErrLinkUsed):
		return refused(p, p.Get("link.used")).render(w, http.StatusGone)
	}
	return err
}

package web

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

// showAction answers GET /act/{token}, the page a signed link in an email
// opens: the request and the form of the step, or why the link does nothing.
// A GET never acts, so a mail system's link scanner changes nothing.
func (h *handler) showAction(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	link, u, err := h.office.CheckAction(r.Context(), token)
	aw := actionWordsFor(u.Language)
	if err != nil {
		return h.linkRefused(w, aw, err)
	}
	v, err := h.office.View(r.Context(), link.RequestID)
	if err != nil {
		return h.linkRefused(w, aw, err)
	}
	page := h.actionPage(aw, v)
	step, _ := booking.StepFor(link.Action)
	if !slices.Contains(step.From, v.Request.Status) {
		page.Message, page.Error = aw.moved, true
		return page.render(w, http.StatusConflict)
	}
	page.Form = &actionForm{Action: "/act/" + token, CSRF: h.office.ActionFormToken(token),
		Button: aw.buttons[link.Action], NoteLabel: aw.note}
	if link.Action == booking.ActionCheck {
		page.Form.Decision, page.Form.NoteLabel = true, aw.decisionNote
		page.Form.Available, page.Form.Unavailable = aw.available, aw.unavailable
		page.Lists = conflictLists(aw, v.Report, h.loc())
	}
	return page.render(w, http.StatusOK)
}

// actionPage is the request's summary in aw's language.
func (h *handler) actionPage(aw *actionWords, v office.View) *actionPage {
	room := h.office.RoomName(v.Request.Room)
	return &actionPage{Lang: aw.lang, Title: aw.title, Details: aw.summary(v.Request, room, h.loc())}
}

// conflictLists is the Kabid's conflict report: what is in the way, the
// warnings, and the free alternatives.
func conflictLists(aw *actionWords, rep booking.Report, loc *time.Location) []actionList {
	conflicts := actionList{Title: aw.conflicts}
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
	if len(conflicts.Items) == 0 {
		conflicts.Items = []string{aw.none}
	}
	lists := []actionList{conflicts}
	if len(rep.Warnings) > 0 {
		warn := actionList{Title: aw.warnings}
		for _, v := range rep.Warnings {
			warn.Items = append(warn.Items, v.Message)
		}
		lists = append(lists, warn)
	}
	if len(rep.Suggestions) > 0 {
		free := actionList{Title: aw.suggestions}
		for _, s := range rep.Suggestions {
			free.Items = append(free.Items, aw.span(s.Start, s.End, loc))
		}
		lists = append(lists, free)
	}
	return lists
}

// linkRefused answers a link that does nothing: forged 403, expired or used
// 410, anything else the usual way.
func (h *handler) linkRefused(w http.ResponseWriter, aw *actionWords, err error) error {
	page := &actionPage{Lang: aw.lang, Title: aw.title, Error: true}
	switch {
	case errors.Is(err, office.ErrLinkForged):
		page.Message = aw.forged
		return page.render(w, http.StatusForbidden)
	case errors.Is(err, office.ErrLinkExpired):
		page.Message = aw.expired
		return page.render(w, http.StatusGone)
	case errors.Is(err, office.ErrLinkUsed):
		page.Message = aw.used
		return page.render(w, http.StatusGone)
	}
	return err
}

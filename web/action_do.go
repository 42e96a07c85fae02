package web

import (
	"crypto/hmac"
	"errors"
	"net/http"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// doAction answers POST /act/{token}: the form of the link's page takes the
// step. The link's signature, expiry and single use, the form token, and the
// user's role today are all checked before office.Act; the link is spent
// only when the step is recorded, so a refused step (the note the
// "unavailable" decision needs, an overlap) can be tried again.
func (h *handler) doAction(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if h.conflictLinkOf(token) {
		return h.doConflictLink(w, r, token)
	}
	link, u, err := h.office.CheckAction(r.Context(), token)
	p := locale.For(u.Language)
	if err != nil {
		return h.linkRefused(w, p, err)
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	act := booking.Act{Decision: booking.Decision(r.PostFormValue("decision")), Note: r.PostFormValue("note")}
	if !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(h.office.ActionFormToken(token))) {
		return h.linkRefused(w, p, office.ErrLinkForged) // before reading the records, as the office checks it
	}
	switch link.Action {
	case booking.ActionReady, booking.ActionPrepare, booking.ActionReport:
		v, err := h.office.View(r.Context(), link.RequestID)
		if err != nil {
			return h.linkRefused(w, p, err)
		}
		if act.Readiness, act.Usage, err = formRecords(p, r.PostForm, v.Request, link.Action, h.loc()); err != nil {
			return h.recordsAgain(w, r, p, token, link, v, err)
		}
	}
	req, err := h.office.ActByCheckedLinkWith(r.Context(), link, u, token, r.PostFormValue("csrf"), act)
	if err != nil {
		if link.Action == booking.ActionReady || link.Action == booking.ActionPrepare || link.Action == booking.ActionReport {
			if v, verr := h.office.View(r.Context(), link.RequestID); verr == nil {
				return h.recordsAgain(w, r, p, token, link, v, err)
			}
		}
		return h.actRefused(w, p, err)
	}
	h.log.InfoContext(r.Context(), "step taken by signed link", "request", req.ID,
		"action", string(link.Action), "user", u.ID)
	v, err := h.office.View(r.Context(), req.ID)
	if err != nil {
		return err
	}
	page := h.actionPage(p, v)
	page.Message = p.Get("link.done", req.Status.Word(p))
	return page.render(w, http.StatusOK)
}

// recordsAgain answers a refused checklist or usage report (422) with its
// form again, as posted, the refusal beside its field; other refusals as
// actRefused does.
func (h *handler) recordsAgain(w http.ResponseWriter, r *http.Request, p *locale.Printer, token string,
	link office.ActionLink, v office.View, err error) error {
	var ae *booking.ActError
	var fe *office.FieldError
	if !errors.As(err, &fe) && !(errors.As(err, &ae) && errors.Is(err, booking.ErrInvalidAct)) {
		return h.actRefused(w, p, err)
	}
	field, message := "", ownWords(err, "")
	if ae != nil {
		field = ae.Field
	} else {
		field = fe.Field
	}
	page := h.actionPage(p, v)
	page.Message, page.Error = p.Get("link.failed", message), true
	h.linkForm(p, page, token, link, v)
	page.Form.Note = r.PostFormValue("note")
	if field == "note" {
		page.Form.NoteError = message
	}
	sf := stepForm{Checklist: page.Form.Checklist, Usage: page.Form.Usage}
	sf.refill(r.PostForm, field, message)
	return page.render(w, http.StatusUnprocessableEntity)
}

// actRefused says why the step was not taken; nothing changed.
func (h *handler) actRefused(w http.ResponseWriter, p *locale.Printer, err error) error {
	var ae *booking.ActError
	var re *office.RuleError
	var fe *office.FieldError
	switch {
	case errors.Is(err, office.ErrLinkForged), errors.Is(err, office.ErrLinkExpired), errors.Is(err, office.ErrLinkUsed):
		return h.linkRefused(w, p, err)
	case errors.Is(err, booking.ErrForbidden):
		return refused(p, p.Get("link.forbidden")).render(w, http.StatusForbidden)
	case errors.Is(err, booking.ErrInvalidTransition):
		return refused(p, p.Get("link.moved")).render(w, http.StatusConflict)
	case errors.As(err, &ae):
		return refused(p, p.Get("link.failed", ae.Message)).render(w, http.StatusUnprocessableEntity)
	case errors.As(err, &re):
		page := refused(p, p.Get("link.failed", re.Message))
		page.Lists = conflictLists(p, re.Report, h.loc())
		return page.render(w, http.StatusConflict)
	case errors.As(err, &fe):
		return refused(p, p.Get("link.failed", fe.Message)).render(w, http.StatusUnprocessableEntity)
	}
	return err
}

package web

import (
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
	link, u, err := h.office.CheckAction(r.Context(), token)
	p := locale.For(u.Language)
	if err != nil {
		return h.linkRefused(w, p, err)
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	decision := booking.Decision(r.PostFormValue("decision"))
	req, err := h.office.ActByCheckedLink(r.Context(), link, u, token, r.PostFormValue("csrf"), decision,
		r.PostFormValue("note"))
	if err != nil {
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

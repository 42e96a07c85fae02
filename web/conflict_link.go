package web

import (
	"context"
	"crypto/hmac"
	"errors"
	"net/http"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// The signed links of a standing conflict open the same /act/{token} page
// as the chain's: the Kabid's (booking.ActionDecideConflict) shows the
// conflict report and the decision form, the secretary's
// (booking.ActionCarryOutConflict) the Kabid's decision and one button
// that carries it out. A conflict no longer waiting for the link's step
// shows what became of it, with no form.

// conflictLinkOf says whether token is a well-signed conflict link; the
// checks that need the database come after (CheckConflictLink).
func (h *handler) conflictLinkOf(token string) bool {
	l, err := h.office.OpenAction(token)
	return err == nil && (l.Action == booking.ActionDecideConflict || l.Action == booking.ActionCarryOutConflict)
}

// showConflictLink is GET /act/{token} for a conflict link. A GET never
// acts.
func (h *handler) showConflictLink(w http.ResponseWriter, r *http.Request, token string) error {
	link, u, c, err := h.office.CheckConflictLink(r.Context(), token)
	p := locale.For(u.Language)
	if err != nil {
		return h.conflictLinkRefused(w, r, p, link, err)
	}
	page, err := h.conflictLinkPage(r.Context(), p, token, link, c)
	if err != nil {
		return err
	}
	if !page.Conflict.hasForm() {
		page.Message, page.Error = p.Get("conflictweb.link.settled"), true
		return page.render(w, http.StatusConflict)
	}
	return page.render(w, http.StatusOK)
}

// doConflictLink is POST /act/{token} for a conflict link: the Kabid's
// decision, or the secretary's carry-out. A refusal shows the form again
// as posted, the refusal at its field; the link stays usable.
func (h *handler) doConflictLink(w http.ResponseWriter, r *http.Request, token string) error {
	link, u, c, err := h.office.CheckConflictLink(r.Context(), token)
	p := locale.For(u.Language)
	if err != nil {
		return h.conflictLinkRefused(w, r, p, link, err)
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	if !hmac.Equal([]byte(r.PostForm.Get("csrf")), []byte(h.office.ActionFormToken(token))) {
		return h.linkRefused(w, p, office.ErrLinkForged) // before reading the decision, as the office checks it
	}
	var d office.ConflictDecision
	if link.Action == booking.ActionDecideConflict {
		_, d, err = decisionOf(r.PostForm.Get, h.loc())
	}
	if err == nil {
		c, err = h.office.ConflictByLink(r.Context(), link, u, token, r.PostForm.Get("csrf"), d)
	}
	if err != nil {
		return h.conflictLinkAgain(w, r, p, token, link, err)
	}
	h.log.InfoContext(r.Context(), "conflict step taken by signed link", "conflict", c.ID,
		"request", c.RequestID, "action", string(link.Action), "user", u.ID)
	page, err := h.conflictLinkPage(r.Context(), p, token, link, c)
	if err != nil {
		return err
	}
	page.Conflict.Decide, page.Conflict.CarryOut = nil, nil
	page.Message = p.Get("conflictweb.done." + string(link.Action))
	return page.render(w, http.StatusOK)
}

// conflictLinkAgain answers a refused step: the link refusals as the
// chain's links answer them, the others with the page again.
func (h *handler) conflictLinkAgain(w http.ResponseWriter, r *http.Request, p *locale.Printer, token string,
	link office.ActionLink, err error) error {
	if errors.Is(err, office.ErrLinkForged) || errors.Is(err, office.ErrLinkExpired) || errors.Is(err, office.ErrLinkUsed) {
		return h.linkRefused(w, p, err)
	}
	e, ok := conflictRefusal(p, err, r.PostForm.Get("note"))
	if !ok {
		return err
	}
	c, cerr := h.office.Conflict(r.Context(), link.TransitionID)
	if cerr != nil {
		return cerr
	}
	page, perr := h.conflictLinkPage(r.Context(), p, token, link, c)
	if perr != nil {
		return perr
	}
	page.Message, page.Error = e.message, true
	if f := page.Conflict.Decide; f != nil {
		f.refill(r.PostForm.Get, e.field, e.message)
	}
	return page.render(w, e.status)
}

// conflictLinkRefused answers a link that does nothing. A used link (its
// step taken) still shows what became of the conflict it names.
func (h *handler) conflictLinkRefused(w http.ResponseWriter, r *http.Request, p *locale.Printer, link office.ActionLink, err error) error {
	if !errors.Is(err, office.ErrLinkUsed) {
		return h.linkRefused(w, p, err)
	}
	c, cerr := h.office.Conflict(r.Context(), link.TransitionID)
	if cerr != nil || c.RequestID != link.RequestID {
		return h.linkRefused(w, p, err)
	}
	page := refused(p, p.Get("link.used"))
	page.Title = p.Get("conflictweb.link.title")
	v := newStandingView(p, c, h.loc(), h.office.Now(), h.office.ConflictStandard())
	page.Conflict = &v
	return page.render(w, http.StatusGone)
}

// conflictLinkPage is the page of a conflict link: the request, the
// conflict, and the link's form while the conflict waits for its step.
func (h *handler) conflictLinkPage(ctx context.Context, p *locale.Printer, token string, link office.ActionLink,
	c store.Conflict) (*actionPage, error) {
	v, err := h.office.View(ctx, c.RequestID)
	if err != nil {
		return nil, err
	}
	page := h.actionPage(p, v)
	page.Title = p.Get("conflictweb.link.title")
	loc := h.loc()
	sv := newStandingView(p, c, loc, h.office.Now(), h.office.ConflictStandard())
	csrf := h.office.ActionFormToken(token)
	switch {
	case link.Action == booking.ActionDecideConflict && c.AwaitsKabid():
		sv.Decide, sv.Alternatives = newDecideForm(p, c, loc, "/act/"+token, "csrf", csrf), nil
	case link.Action == booking.ActionCarryOutConflict && c.AwaitsSecretary():
		sv.CarryOut = newCarryForm(p, c, "/act/"+token, "csrf", csrf)
	}
	page.Conflict = &sv
	return page, nil
}

// hasForm says whether the reader may act on the conflict here.
func (v *standingView) hasForm() bool { return v.Decide != nil || v.CarryOut != nil }

package web

import (
	"errors"
	"net/http"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// cancelTrack answers POST /requests/{id}/cancel, the cancel form of the
// applicant's page: the tracking token proves the request is theirs (a wrong
// one is the 404 page), the form token that the page derived from it proves
// the post comes from that page (else 403, nothing changed). The request is
// cancelled through office.Act as the applicant, and the answer is a 303 back
// to the page, which then says so.
func (h *handler) cancelTrack(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return h.trackNotFound(w, r)
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	token := r.PostFormValue("token")
	if token == "" {
		return h.trackNotFound(w, r)
	}
	actor, req, err := h.applicantOf(r, id, token)
	if err != nil {
		return h.trackFailed(w, r, err)
	}
	aud := h.applicantAudience(r, req.Language)
	p := locale.For(aud.lang)
	if !h.office.VerifyTrackForm(token, r.PostFormValue("csrf")) {
		return h.trackRefused(w, r, id, token, aud, p.Get("track.forged"), http.StatusForbidden)
	}
	act := booking.Act{Action: booking.ActionCancel, Actor: actor, Language: aud.lang}
	if _, err := h.office.Act(r.Context(), id, act); err != nil {
		switch {
		case errors.Is(err, booking.ErrInvalidTransition), errors.Is(err, booking.ErrForbidden):
			return h.trackRefused(w, r, id, token, aud, p.Get("track.too_late"), http.StatusConflict)
		}
		return h.trackFailed(w, r, err)
	}
	h.log.InfoContext(r.Context(), "request cancelled by its applicant", "request", id)
	lang := r.URL.Query().Get("lang")
	if lang != "en" && lang != "id" {
		lang = ""
	}
	http.Redirect(w, r, trackURL(id, token, lang, "cancelled"), http.StatusSeeOther)
	return nil
}

// trackRefused shows the applicant's page again with why nothing changed.
func (h *handler) trackRefused(w http.ResponseWriter, r *http.Request, id int64, token string, aud audience, msg string, status int) error {
	v, err := h.office.View(r.Context(), id)
	if err != nil {
		return h.trackFailed(w, r, err)
	}
	page := h.trackPageOf(r, v, aud, token)
	page.Message, page.Error = msg, true
	return page.render(w, status)
}

package web

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// The request form: GET /requests/new shows it (prefilled from ?room=,
// ?start=, ?end=), POST /requests submits it through the same path into the
// office as the JSON API (office.Submit), so every rule and every
// validation is the office's. The form carries a stateless form token
// (office.SignForm "request"), which is also the submission's
// Idempotency-Key: a double tap submits one request and both taps land on
// its tracking page. A refusal shows the form again, as typed, with each
// message next to its field, the conflict report as the public reads it and
// the free slots as buttons that put their time into the form.

// formTokenLife is how long a request form may stay open before it is sent.
const formTokenLife = 24 * time.Hour

// formRoutes registers the request form's pages.
func (s *Server) formRoutes() {
	h := s.h
	s.page("GET /requests/new", h.showForm)
	s.page("POST /requests", h.submitForm)
}

// showForm is GET /requests/new?room=&start=&end=: the empty form, or
// prefilled from the query (a free slot of the calendar links here).
func (h *handler) showForm(w http.ResponseWriter, r *http.Request) error {
	p := locale.For(h.pageLang(r))
	in := readFormInput(r.URL.Query(), h.loc())
	in.Lang = langParam(r)
	return h.newFormPage(r, p, in).render(w, http.StatusOK, p, h)
}

// submitForm is POST /requests, form-encoded or, with the applicant's
// letter, multipart (readRequestForm). A good submission is a 303 to the
// applicant's tracking page; a refusal is the form again (422; 413 or 415
// for a letter too large or not a PDF, and then nothing is stored). A form
// whose token is missing, forged or expired submits nothing: it comes back
// (403) as typed, with a fresh token and a word on what happened.
func (h *handler) submitForm(w http.ResponseWriter, r *http.Request) error {
	extendDeadlines(w, true) // a letter may come with it
	letter, err := readRequestForm(r)
	if err != nil {
		return formError(err)
	}
	chosen := r.PostForm.Get("lang") // the language picked on the form's page
	if chosen != locale.English && chosen != locale.Indonesian {
		chosen = langParam(r)
	}
	lang := cmp.Or(chosen, h.pageLang(r))
	setLang(r, lang)
	p := locale.For(lang)
	in := readFormInput(r.PostForm, h.loc())
	in.Lang = chosen
	in.LetterSent = letter != nil
	token := r.PostForm.Get("form_token")
	if !h.office.CheckForm("request", token, h.office.Now()) {
		page := h.newFormPage(r, p, in)
		page.problem("", p.Get("form.expired"))
		return page.render(w, http.StatusForbidden, p, h)
	}
	if slot := r.PostForm.Get("slot"); slot != "" {
		// A suggested time tapped: the same form, that time in it.
		in.useSlot(slot, h.loc())
		return h.newFormPage(r, p, in).render(w, http.StatusOK, p, h)
	}
	req, errs := in.request(p, h.loc())
	req.Language = lang
	status, why := letter.refusal(p)
	if why != "" {
		errs.add(letterField, why)
	}
	if len(errs) > 0 {
		// The form's own reading failed; the office's validation still
		// words the first text it refuses, so both show at once.
		check := req
		if err := h.office.Validate(&check); err != nil {
			errs.addOffice(p, err)
		}
		return h.refuseFormWith(w, r, p, in, errs, nil, cmp.Or(status, http.StatusUnprocessableEntity))
	}
	sum := letter.bodyHash(req)
	sub, err := h.office.Submit(r.Context(), req, token, sum[:])
	var (
		rule  *office.RuleError
		field *office.FieldError
	)
	switch {
	case err == nil:
		if err := letter.keep(r.Context(), h, sub); err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, trackURL(sub.Request.ID, sub.TrackingToken, chosen, ""), http.StatusSeeOther)
		return nil
	case errors.As(err, &rule):
		return h.refuseForm(w, r, p, in, nil, rule)
	case errors.As(err, &field):
		errs.addOffice(p, field)
		return h.refuseForm(w, r, p, in, errs, nil)
	case errors.Is(err, store.ErrIdempotencyMismatch):
		// This form was sent before, then changed and sent again (the
		// back button): a fresh token makes the next send a new request.
		errs.add("", p.Get("form.sent_before"))
		return h.refuseForm(w, r, p, in, errs, nil)
	}
	return err
}

// refuseForm shows the form again (422), as typed, with the field errors
// errs or the broken rules of rule, and a fresh form token.
func (h *handler) refuseForm(w http.ResponseWriter, r *http.Request, p *locale.Printer, in formInput,
	errs formErrors, rule *office.RuleError) error {
	return h.refuseFormWith(w, r, p, in, errs, rule, http.StatusUnprocessableEntity)
}

// refuseFormWith is refuseForm with another status (a letter refused).
func (h *handler) refuseFormWith(w http.ResponseWriter, r *http.Request, p *locale.Printer, in formInput,
	errs formErrors, rule *office.RuleError, status int) error {
	page := h.newFormPage(r, p, in)
	for _, e := range errs {
		page.problem(e.field, e.message)
	}
	if rule != nil {
		page.refusal(h, r, p, rule)
	}
	return page.render(w, status, p, h)
}

// formHash is the body hash of a form's submission: the request as read,
// so that the same form sent twice is the same submission.
func formHash(req any) [32]byte {
	b, _ := json.Marshal(req) // a booking.Request always encodes
	return sha256.Sum256(b)
}

// langParam is the language the visitor chose with ?lang=, for the links
// that carry it on.
func langParam(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == locale.English || l == locale.Indonesian {
		return l
	}
	return ""
}

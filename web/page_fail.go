package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// errorPage is the page of a failure of the web app.
type errorPage struct {
	pageHead
	Message   string
	Back      string // where the button leads
	BackLabel string
}

// failPage writes err as a page of the web app, in the visitor's language:
// a page that needs a signed-in member of staff sends the browser to /login
// (303), a failure is an HTML page with its status, and anything
// unexpected is logged and answered 500 with a generic page.
func (h *handler) failPage(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		w.WriteHeader(499)
		return
	}
	if errors.Is(err, errSignIn) {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, signInURL(r), http.StatusSeeOther)
		return
	}
	lang := h.pageLang(r)
	status, detail := classify(err, lang)
	if status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "internal error", slog.String("method", r.Method),
			slog.String("route", infoFrom(r.Context()).routeLabel()), slog.Any("err", err))
	}
	p := locale.For(lang)
	page := &errorPage{
		pageHead: pageHead{Lang: p.Lang(), Title: p.Get("error.title"), Private: true},
		Message:  errorMessage(p, status, detail),
		Back:     "/", BackLabel: p.Get("notfound.home"),
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(int(signinWindow.Seconds())))
	}
	if err := renderPage(w, status, "error", page); err != nil {
		h.fail(w, r, err)
	}
}

// errorMessage words a failure for a person: the catalogue's text of its
// code when there is one (error.form_token), else of its status.
func errorMessage(p *locale.Printer, status int, d errorDetail) string {
	if key := "error." + d.Code; d.Code != "" && p.Has(key) {
		return p.Get(key)
	}
	switch {
	case status == http.StatusNotFound:
		return p.Get("notfound.message")
	case status == http.StatusForbidden:
		return p.Get("error.forbidden")
	case status == http.StatusConflict:
		return p.Get("error.invalid_transition")
	case status >= 500:
		return p.Get("error.internal")
	case d.Message != "":
		return d.Message
	}
	return p.Get("error.internal")
}

// pageLang is the language of a page: ?lang=, else the signed-in member of
// staff's own language, else the browser's.
func (h *handler) pageLang(r *http.Request) string {
	if q := r.URL.Query().Get("lang"); q == locale.English || q == locale.Indonesian {
		return q
	}
	if o := ownerOf(r.Context()); o != nil && o.loaded {
		if l := h.sessions.GetString(r.Context(), sessionLang); l != "" {
			return l
		}
	}
	return h.audienceOf(r).lang
}

// staffHead is the head of a staff page for user u: its language, title
// (a catalogue key), navigation section and sign-out form token.
func (h *handler) staffHead(r *http.Request, u booking.User, titleKey, section string) pageHead {
	p := locale.For(h.pageLang(r))
	return pageHead{
		Lang: p.Lang(), Title: p.Get(titleKey), Private: true, Section: section,
		Staff: &staffBar{Name: u.Name, FormToken: h.formToken(r),
			Admin: u.HasRole(booking.RoleAdmin, h.office.Now(), h.loc())},
	}
}

package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/mail"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// A member of staff who has no password (or forgot it) asks /login for a
// sign-in link: POST /login/link emails a one-time link, valid 15 minutes
// (office.SigninLink), to the staff user with that email, through the mail
// outbox (mail.SigninLinkJob: enqueued here, sent by the mail worker). An
// unknown email gets the very same answer and no email. Each request for a
// link counts as an attempt of the sign-in abuse limits (signin.go) until a
// link is used, so nobody can have a mailbox flooded with links.
//
// The link opens GET /login/link/{token}: a page with one button, because
// mail scanners open links and a GET must not sign anyone in. The button
// POSTs to the same path, which uses the link up (once) and signs in. A link
// expired or used is 410, a forged one 400: a page that says so and offers
// to send a new one.

// linkRoutes registers the emailed sign-in link's routes.
func (s *Server) linkRoutes() {
	h := s.h
	s.page("POST /login/link", h.askSigninLink)
	s.page("GET /login/link/{token}", h.showSigninLink)
	s.page("POST /login/link/{token}", h.useSigninLink)
}

// The purposes of the stateless form tokens of the link's forms: asking for
// a link (the /login page's LinkToken) and using one (the button's page).
const (
	formAskLink = "login-link"
	formUseLink = "login-link-use"
)

// loginLinkPage is the page a sign-in link opens (templates/login_link.html):
// the button, or why the link no longer works and a form to ask for a new one.
type loginLinkPage struct {
	pageHead
	Message   string
	Error     bool
	Name      string // the user the link signs in
	Token     string // the link's token, for the button's form action
	FormToken string // the button's form token
	Gone      bool   // the link does not work: show the form for a new one
	LinkToken string // that form's token
}

// askSigninLink is POST /login/link: the form's token, the abuse limits,
// then a link emailed to a member of staff with that email, if there is
// one. Every answer is the same 303 to /login?msg=sent.
func (h *handler) askSigninLink(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	ctx, addr, now := r.Context(), h.clientAddress(r), h.office.Now()
	if !h.office.CheckForm(formAskLink, r.PostForm.Get("form_token"), now) {
		return errFormToken
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	byEmail, byAddr, err := h.store.LinkRequests(ctx, email, addr, now.Add(-signinWindow))
	if err != nil {
		return err
	}
	if byAddr >= signinMaxPerAddress {
		return errTooManySignins
	}
	u, err := h.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// A member of staff gets a link, up to signinMaxPerAccount in the
	// window; past that, or for anyone else, the answer is the same and no
	// email goes (the answer tells nobody whether the email is staff's).
	sent := err == nil && h.office.IsStaff(u) && byEmail < signinMaxPerAccount
	if sent {
		if err := h.store.Enqueue(ctx, mail.SigninLinkJob(h.office.NewSigninLink(u.ID), now)); err != nil {
			return err
		}
	}
	// A request, not an attempt: it counts against the requests' limits,
	// not as a failure to sign in.
	rec := store.Signin{At: now, Email: email, Address: addr, Method: store.SigninLinkRequest, OK: sent, UserID: u.ID}
	if err := h.store.RecordSignin(ctx, rec); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/login?msg=sent", http.StatusSeeOther)
	return nil
}

// showSigninLink is GET /login/link/{token}: the button that signs in, for
// a link that works. It changes nothing.
func (h *handler) showSigninLink(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	u, err := h.office.CheckSignin(r.Context(), token)
	if err != nil {
		return h.linkGone(w, r, err)
	}
	lang := h.pageLang(r)
	if r.URL.Query().Get("lang") == "" && u.Language != "" {
		lang = u.Language // the language its email was written in
	}
	p := locale.For(lang)
	page := h.newLinkPage(p)
	page.Name, page.Token = u.Name, token
	// The form outlives the link, so a button pressed too late says that
	// the link expired, not that the form did.
	page.FormToken = h.office.SignForm(formUseLink, h.office.Now().Add(2*time.Hour))
	return renderPage(w, http.StatusOK, "login_link", page)
}

// useSigninLink is POST /login/link/{token}: the button's form token, the
// abuse limits, then the link used up and a new session; 303 to /staff.
func (h *handler) useSigninLink(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	ctx, addr, now := r.Context(), h.clientAddress(r), h.office.Now()
	if !h.office.CheckForm(formUseLink, r.PostForm.Get("form_token"), now) {
		return errFormToken
	}
	token := r.PathValue("token")
	var owner booking.User // the link's user, when the token names one
	l, err := h.office.OpenSignin(token)
	if l.UserID != 0 {
		if owner, err = h.store.User(ctx, l.UserID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	email := strings.ToLower(owner.Email)
	// A link the office signed proves the email's owner holds it: failed
	// passwords for the account do not block it. A token that is not a
	// link counts against its address like a wrong password.
	if errors.Is(err, office.ErrLinkForged) {
		if err := h.checkSigninLimits(r, "", addr, now); err != nil {
			return err
		}
	}
	u, err := h.office.UseSignin(ctx, token)
	if err != nil && !isLinkError(err) {
		return err
	}
	rec := store.Signin{At: now, Email: email, Address: addr, Method: store.SigninLink, OK: err == nil, UserID: owner.ID}
	if err := h.store.RecordSignin(ctx, rec); err != nil {
		return err
	}
	if err != nil {
		return h.linkGone(w, r, err)
	}
	if err := h.signIn(r, u); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/staff", http.StatusSeeOther)
	return nil
}

// isLinkError tells the failures of a link itself from the store's.
func isLinkError(err error) bool {
	return errors.Is(err, office.ErrLinkForged) || errors.Is(err, office.ErrLinkExpired) ||
		errors.Is(err, office.ErrLinkUsed)
}

// linkGone answers a link that does not work: 410 when it expired or was
// used, 400 when it is not a link, with the form that asks for a new one.
func (h *handler) linkGone(w http.ResponseWriter, r *http.Request, err error) error {
	p := locale.For(h.pageLang(r))
	page := h.newLinkPage(p)
	page.Gone, page.Error = true, true
	page.LinkToken = h.office.SignForm(formAskLink, h.office.Now().Add(2*time.Hour))
	status := http.StatusGone
	switch {
	case errors.Is(err, office.ErrLinkExpired):
		page.Message = p.Get("signin_link.expired")
	case errors.Is(err, office.ErrLinkUsed):
		page.Message = p.Get("signin_link.used")
	case errors.Is(err, office.ErrLinkForged):
		page.Message, status = p.Get("signin_link.forged"), http.StatusBadRequest
	default:
		return err
	}
	return renderPage(w, status, "login_link", page)
}

// newLinkPage is the head of the link's page: private (its URL is a secret).
func (h *handler) newLinkPage(p *locale.Printer) *loginLinkPage {
	return &loginLinkPage{pageHead: pageHead{Lang: p.Lang(), Title: p.Get("signin_link.title"),
		Private: true, Section: "login", Other: "?lang=" + otherLang(p.Lang())}}
}

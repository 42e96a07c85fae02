package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// Staff sign in with their email and password (the bcrypt hash `ccroom user
// add --password-stdin` stores), or with a one-time link emailed to them
// (signin_link.go). Every attempt is recorded (store.Signin); after
// signinMaxPerAccount failures for one email, or signinMaxPerAddress from
// one address, within signinWindow, the next attempt is refused with 429
// before any password is looked at.

// The sign-in abuse limits.
const (
	signinWindow        = 15 * time.Minute
	signinMaxPerAccount = 5
	signinMaxPerAddress = 20
)

// signinRoutes registers the sign-in pages.
func (s *Server) signinRoutes() {
	h := s.h
	s.page("GET /login", h.showLogin)
	s.page("POST /login", h.doLogin)
	s.page("POST /logout", h.doLogout)
	s.linkRoutes() // signin_link.go
}

// loginPage is the sign-in page.
type loginPage struct {
	pageHead
	Message   string
	Error     bool
	Email     string
	Next      string
	FormToken string
	// LinkToken is the form token of the "email me a link" form.
	LinkToken string
}

// errSignInFailed: a wrong password, an unknown email, or an account that
// cannot sign in; all three read the same.
var errSignInFailed = errors.New("wrong email or password")

// errTooManySignins is the 429 of the abuse limits.
var errTooManySignins = &apiError{Status: http.StatusTooManyRequests, Code: "too_many_signins",
	Message: "too many failed sign-ins; wait 15 minutes"}

// showLogin is GET /login: the sign-in form. A member of staff already
// signed in goes on to the inbox.
func (h *handler) showLogin(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.sessionUser(r); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	} else if !errors.Is(err, errSignIn) && !isForbidden(err) {
		return err
	}
	p := locale.For(h.pageLang(r))
	page := h.newLoginPage(r, p)
	page.Next = safeNext(r.URL.Query().Get("next"))
	switch r.URL.Query().Get("msg") {
	case "out":
		page.Message = p.Get("signin.signed_out")
	case "sent":
		page.Message = p.Get("signin.link_sent")
	}
	return renderPage(w, http.StatusOK, "login", page)
}

// newLoginPage is the sign-in page with fresh form tokens.
func (h *handler) newLoginPage(r *http.Request, p *locale.Printer) *loginPage {
	exp := h.office.Now().Add(2 * time.Hour)
	return &loginPage{
		pageHead:  pageHead{Lang: p.Lang(), Title: p.Get("signin.title"), Section: "login", Other: "/login?lang=" + otherLang(p.Lang())},
		FormToken: h.office.SignForm("login", exp),
		LinkToken: h.office.SignForm("login-link", exp),
	}
}

// doLogin is POST /login: email and password. On success a new session
// and 303 to the page asked for (or /staff); on a failure the form again
// (401) with one message for every cause.
func (h *handler) doLogin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	if !h.office.CheckForm("login", r.PostForm.Get("form_token"), h.office.Now()) {
		return errFormToken
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	u, err := h.checkPassword(r, email, r.PostForm.Get("password"))
	if errors.Is(err, errSignInFailed) {
		p := locale.For(h.pageLang(r))
		page := h.newLoginPage(r, p)
		page.Email, page.Next = email, safeNext(r.PostForm.Get("next"))
		page.Message, page.Error = p.Get("signin.failed"), true
		return renderPage(w, http.StatusUnauthorized, "login", page)
	}
	if err != nil {
		return err
	}
	if err := h.signIn(r, u); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// checkPassword checks a sign-in by password against the abuse limits and
// the stored hash, and records it.
func (h *handler) checkPassword(r *http.Request, email, password string) (booking.User, error) {
	ctx, addr, now := r.Context(), h.clientAddress(r), h.office.Now()
	if err := h.checkSigninLimits(r, email, addr, now); err != nil {
		return booking.User{}, err
	}
	u, err := h.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return booking.User{}, err
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash // an unknown email, or no password: as slow as a wrong one
	}
	ok := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil &&
		u.PasswordHash != "" && h.office.IsStaff(u)
	rec := store.Signin{At: now, Email: email, Address: addr, Method: store.SigninPassword, OK: ok, UserID: u.ID}
	if err := h.store.RecordSignin(ctx, rec); err != nil {
		return booking.User{}, err
	}
	if !ok {
		return booking.User{}, errSignInFailed
	}
	return u, nil
}

// checkSigninLimits refuses an attempt once too many have failed.
func (h *handler) checkSigninLimits(r *http.Request, email, addr string, now time.Time) error {
	byEmail, byAddr, err := h.store.FailedSignins(r.Context(), email, addr, now.Add(-signinWindow))
	if err != nil {
		return err
	}
	if byEmail >= signinMaxPerAccount || byAddr >= signinMaxPerAddress {
		return errTooManySignins
	}
	return nil
}

// dummyHash is compared when there is no hash to compare, so that an
// unknown email costs what a wrong password costs.
var dummyHash = func() string {
	h, err := bcrypt.GenerateFromPassword([]byte("no account has this password"), bcrypt.DefaultCost)
	if err != nil {
		panic(err)
	}
	return string(h)
}()

// doLogout is POST /logout: ends the session, then 303 to /login.
func (h *handler) doLogout(w http.ResponseWriter, r *http.Request) error {
	if err := h.checkForm(r); err != nil {
		return err
	}
	if err := h.signOut(r); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/login?msg=out", http.StatusSeeOther)
	return nil
}

// isForbidden reports whether err is a 403: a user who holds no role today
// may sign in as someone else.
func isForbidden(err error) bool {
	var api *apiError
	return errors.As(err, &api) && api.Status == http.StatusForbidden
}

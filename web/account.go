package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/crypto/bcrypt"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// A member of staff's own account, GET /staff/account: change the password,
// the language, make a new personal staff feed link (shown once, with its
// QR code), sign out everywhere else. Each form POSTs to its own path with
// the session's form token and comes back with 303 and a message; a
// password refused comes back as the page (422) with the error by its field.
//
// The staff feed's token is stored as its hash only, so the link cannot be
// shown again: POST /staff/account/feed makes a new one (the old stops
// working) and answers with the page that shows it and its QR code, once.
// The QR code of that secret is a data: URL inside that page, never an image
// another request could fetch.

// accountRoutes registers the account page and its forms.
func (s *Server) accountRoutes() {
	h := s.h
	s.page("GET /staff/account", h.showAccount)
	s.page("POST /staff/account/password", h.changePassword)
	s.page("POST /staff/account/language", h.changeLanguage)
	s.page("POST /staff/account/feed", h.rotateFeed)
	s.page("POST /staff/account/signout-everywhere", h.signOutEverywhere)
}

// accountPage is the data of templates/account.html.
type accountPage struct {
	pageHead
	Message   string
	Error     bool
	FormToken string
	Email     string
	// HasPassword asks for the current password before a new one; a
	// member of staff who signs in by emailed link may have none.
	HasPassword bool
	// PasswordErrors are the password form's errors by field: "current",
	// "new", "repeat".
	PasswordErrors map[string]string
	Language       string // "id" or "en"
	Languages      []accountLanguage
	// Feed is the staff feed link made just now; nil on every other view.
	Feed *accountFeed
}

// accountLanguage is one choice of the language form.
type accountLanguage struct {
	Code, Name string
	Checked    bool
}

// accountFeed is a new staff feed link, shown once.
type accountFeed struct {
	URL    string
	Webcal string
	QR     template.URL // data:image/png;base64,...
}

// The messages a form's 303 brings back (?msg=).
var accountMessages = map[string]string{
	"password": "account.password.changed",
	"language": "account.language.changed",
	"signout":  "account.sessions.ended",
}

// showAccount is GET /staff/account.
func (h *handler) showAccount(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	page := h.newAccountPage(r, u)
	if key, ok := accountMessages[r.URL.Query().Get("msg")]; ok {
		page.Message = locale.For(page.Lang).Get(key)
	}
	return renderPage(w, http.StatusOK, "account", page)
}

// newAccountPage is the account page of u as it is now.
func (h *handler) newAccountPage(r *http.Request, u booking.User) *accountPage {
	head := h.staffHead(r, u, "account.title", "account")
	head.Other = "/staff/account?lang=" + otherLang(head.Lang)
	p := locale.For(head.Lang)
	lang := locale.Normalize(u.Language)
	page := &accountPage{pageHead: head, FormToken: head.Staff.FormToken, Email: u.Email,
		HasPassword: u.PasswordHash != "", Language: lang}
	for _, code := range []string{locale.Indonesian, locale.English} {
		page.Languages = append(page.Languages, accountLanguage{Code: code,
			Name: p.Get("account.language." + code), Checked: code == lang})
	}
	return page
}

// accountBack is the 303 of a form that succeeded.
func accountBack(w http.ResponseWriter, r *http.Request, msg string) error {
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/staff/account?msg="+url.QueryEscape(msg), http.StatusSeeOther)
	return nil
}

// changePassword is POST /staff/account/password: the current password
// (when there is one), the new one twice. A new password ends every other
// session of the user. A wrong current password counts as a failed sign-in
// (the abuse limits of signin.go), so a session left open somewhere cannot
// be used to guess it.
func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	if err := h.checkForm(r); err != nil {
		return err
	}
	page := h.newAccountPage(r, u)
	p := locale.For(page.Lang)
	errs := map[string]string{}
	if u.PasswordHash != "" {
		ctx, addr, now := r.Context(), h.clientAddress(r), h.office.Now()
		email := strings.ToLower(u.Email) // as the sign-in form counts it
		if err := h.checkSigninLimits(r, email, addr, now); err != nil {
			return err
		}
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(r.PostForm.Get("current"))) != nil {
			errs["current"] = p.Get("account.password.wrong")
			rec := store.Signin{At: now, Email: email, Address: addr, Method: store.SigninPassword, UserID: u.ID}
			if err := h.store.RecordSignin(ctx, rec); err != nil {
				return err
			}
		}
	}
	pw := r.PostForm.Get("new")
	switch {
	case len(pw) < 8 || len(pw) > 72:
		errs["new"] = p.Get("account.password.length")
	case r.PostForm.Get("repeat") != pw:
		errs["repeat"] = p.Get("account.password.mismatch")
	}
	if len(errs) > 0 {
		page.PasswordErrors, page.Message, page.Error = errs, p.Get("account.password.refused"), true
		return renderPage(w, http.StatusUnprocessableEntity, "account", page)
	}
	hash, err := office.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := h.store.SetPassword(r.Context(), u.ID, hash); err != nil {
		return err
	}
	if _, err := h.signOutElsewhere(r, u); err != nil {
		return err
	}
	return accountBack(w, r, "password")
}

// changeLanguage is POST /staff/account/language: the language of the
// user's pages, from the next one on, and of their email.
func (h *handler) changeLanguage(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	if err := h.checkForm(r); err != nil {
		return err
	}
	lang := r.PostForm.Get("language")
	if lang != locale.Indonesian && lang != locale.English {
		return invalid("language", "the language is id or en")
	}
	if err := h.store.SetLanguage(r.Context(), u.ID, lang); err != nil {
		return err
	}
	h.sessions.Put(r.Context(), sessionLang, lang)
	return accountBack(w, r, "language")
}

// rotateFeed is POST /staff/account/feed: a new staff feed link, shown
// with its QR code on the page it answers with (200, never cached); the old
// link stops working.
func (h *handler) rotateFeed(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	if err := h.checkForm(r); err != nil {
		return err
	}
	token, err := h.office.RotateFeedToken(r.Context(), u.Email)
	if err != nil {
		return err
	}
	link := h.publicBase(r) + "/feeds/staff/" + token + ".ics"
	feed := &accountFeed{URL: link, Webcal: webcal(link)}
	png, err := qrcode.Encode(feed.Webcal, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	feed.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	page := h.newAccountPage(r, u)
	page.Feed = feed
	page.Message = locale.For(page.Lang).Get("account.feed.made")
	return renderPage(w, http.StatusOK, "account", page)
}

// signOutEverywhere is POST /staff/account/signout-everywhere: every other
// session of the user ends, and this one goes on under a new token (so a
// copy of its cookie is worth nothing either).
func (h *handler) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	if err := h.checkForm(r); err != nil {
		return err
	}
	if _, err := h.signOutElsewhere(r, u); err != nil {
		return err
	}
	if err := h.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	return accountBack(w, r, "signout")
}

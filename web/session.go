package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// Staff sign in to the web pages with a session: server-side, in the
// project's database (store.SessionStore) so that replicas share it, kept by
// scs. The cookie holds only the session's token, HttpOnly and SameSite=Lax;
// when the site is served over https it is Secure and named with the
// __Host- prefix, so no other host or path can set it. The database holds
// the token's SHA-256, not the token. A session ends after the idle timeout
// without a request, after its lifetime whatever happens, at sign-out, and
// when its user signs out everywhere.

// SessionOptions bound a staff session (config keys sessions.*).
type SessionOptions struct {
	IdleTimeout time.Duration // default 2h
	Lifetime    time.Duration // default 12h
}

// The session's keys.
const (
	sessionUser = "user" // int64: the signed-in user's id
	sessionForm = "form" // string: the token every form of the session carries
	sessionLang = "lang" // string: the user's language ("id", "en"), set at sign-in
	// sessionSince (int64, Unix milliseconds) is when the user signed in: the
	// session's lifetime counts from it, whatever renews the token since.
	sessionSince = "since"
)

// cookieName is the session cookie's name on http and on https.
const (
	cookieName       = "ccroom_session"
	cookieNameSecure = "__Host-ccroom_session"
)

// newSessions builds the session manager over st.
func newSessions(st store.SessionStore, opt SessionOptions, secure bool,
	fail func(http.ResponseWriter, *http.Request, error)) *scs.SessionManager {
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 2 * time.Hour
	}
	if opt.Lifetime <= 0 {
		opt.Lifetime = 12 * time.Hour
	}
	sm := scs.New()
	sm.Store = &sessionStore{st: st}
	sm.IdleTimeout, sm.Lifetime = opt.IdleTimeout, opt.Lifetime
	sm.HashTokenInStore = true
	sm.Cookie.Name = cookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = false // a browser session's cookie: closing the browser forgets it
	if secure {
		sm.Cookie.Name, sm.Cookie.Secure = cookieNameSecure, true
	}
	sm.ErrorFunc = fail // a session that cannot be read or written: a page, not scs's plain-text 500
	return sm
}

// sessionStore is scs's store over the project's database. The user a
// session belongs to is written beside it, from the sessionOwner that the
// page's middleware puts in the request's context.
type sessionStore struct{ st store.SessionStore }

// sessionOwner carries, from the handler to the store's commit, the user a
// session belongs to; scs commits with the context the request came in with.
// loaded tells that the session is in the context (a failure while scs
// loads it reaches failPage without one).
type sessionOwner struct {
	id     int64
	loaded bool
}

type ownerKey struct{}

func ownerOf(ctx context.Context) *sessionOwner {
	o, _ := ctx.Value(ownerKey{}).(*sessionOwner)
	return o
}

func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.st.FindSession(ctx, token, time.Now()) // scs sets expiries by the wall clock
}

func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var user int64
	if o := ownerOf(ctx); o != nil {
		user = o.id
	}
	return s.st.CommitSession(ctx, token, b, expiry, user)
}

func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.st.DeleteSession(ctx, token)
}

// The context-free methods scs's Store interface also requires; scs calls
// the Ctx ones.
func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}
func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}
func (s *sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// storedToken is the form of a session token the database holds
// (scs's HashTokenInStore).
func storedToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// withSession loads the request's session around next, as the pages that
// know a signed-in user need it.
func (s *Server) withSession(next http.Handler) http.Handler {
	loaded := s.h.sessions.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ownerOf(r.Context()).loaded = true
		next.ServeHTTP(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), ownerKey{}, &sessionOwner{})
		loaded.ServeHTTP(w, r.WithContext(ctx))
	})
}

// errSignIn: the page needs a signed-in member of staff and there is none
// (never signed in, signed out, or the session ended); fail sends the
// browser to /login, which brings it back here after signing in.
var errSignIn = errors.New("sign in first")

// sessionUser returns the signed-in member of staff of a page's request:
// errSignIn when the session holds no user, or one whose account is gone;
// 403 for a user who holds no role today.
func (h *handler) sessionUser(r *http.Request) (booking.User, error) {
	ctx := r.Context()
	id := h.sessions.GetInt64(ctx, sessionUser)
	if id == 0 {
		return booking.User{}, errSignIn
	}
	since := time.UnixMilli(h.sessions.GetInt64(ctx, sessionSince))
	if time.Since(since) >= h.sessions.Lifetime { // scs's own deadline restarts with a new token
		if err := h.sessions.Destroy(ctx); err != nil {
			return booking.User{}, err
		}
		return booking.User{}, errSignIn
	}
	u, err := h.store.User(ctx, id)
	if errors.Is(err, store.ErrNotFound) { // the account is gone: so is the session
		if err := h.sessions.Destroy(ctx); err != nil {
			return booking.User{}, err
		}
		return booking.User{}, errSignIn
	}
	if err != nil {
		return booking.User{}, err
	}
	if o := ownerOf(ctx); o != nil {
		o.id = u.ID
	}
	if !h.office.IsStaff(u) {
		return booking.User{}, &apiError{Status: http.StatusForbidden, Code: "forbidden",
			Message: "this needs a staff role held today"}
	}
	return u, nil
}

// signIn starts u's session: a new token (a token planted before sign-in
// is worth nothing after it), the user, and a new form token.
func (h *handler) signIn(r *http.Request, u booking.User) error {
	ctx := r.Context()
	if err := h.sessions.RenewToken(ctx); err != nil {
		return err
	}
	if o := ownerOf(ctx); o != nil {
		o.id = u.ID
	}
	h.sessions.Put(ctx, sessionUser, u.ID)
	h.sessions.Put(ctx, sessionSince, time.Now().UnixMilli())
	h.sessions.Put(ctx, sessionForm, newFormToken())
	h.sessions.Put(ctx, sessionLang, locale.Normalize(u.Language)) // no language set: Indonesian
	return nil
}

// signOut ends the request's session.
func (h *handler) signOut(r *http.Request) error {
	return h.sessions.Destroy(r.Context())
}

// signOutElsewhere ends every other session of user u.
func (h *handler) signOutElsewhere(r *http.Request, u booking.User) (int, error) {
	keep := ""
	if t := h.sessions.Token(r.Context()); t != "" {
		keep = storedToken(t)
	}
	return h.store.DeleteUserSessions(r.Context(), u.ID, keep)
}

// newFormToken is 32 random bytes, URL-safe.
func newFormToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// formToken returns the session's form token, for the hidden field
// "form_token" of every form a signed-in page shows.
func (h *handler) formToken(r *http.Request) string {
	ctx := r.Context()
	t := h.sessions.GetString(ctx, sessionForm)
	if t == "" {
		t = newFormToken()
		h.sessions.Put(ctx, sessionForm, t)
	}
	return t
}

// errFormToken: a form came back without its session's form token (a
// forged form, or a page kept open past its session): 403.
var errFormToken = &apiError{Status: http.StatusForbidden, Code: "form_token",
	Message: "the form's token does not match this session; reload the page and try again"}

// checkForm parses a POSTed form and checks its form token against the
// session's.
func (h *handler) checkForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &apiError{Status: http.StatusBadRequest, Code: "malformed", Message: "the form does not parse"}
	}
	want := h.sessions.GetString(r.Context(), sessionForm)
	got := r.PostForm.Get("form_token")
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return errFormToken
	}
	return nil
}

// signInURL is /login, bringing the browser back to r's page after: the
// page itself for a GET, the page a form belongs to for a POST (its path's
// parent: /staff/requests/5 for /staff/requests/5/transitions), which a GET
// can open.
func signInURL(r *http.Request) string {
	next := r.URL.Path
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		next = path.Dir(next)
	case r.URL.RawQuery != "":
		next += "?" + r.URL.RawQuery
	}
	return "/login?next=" + url.QueryEscape(next)
}

// safeNext is where a sign-in goes on to: a path of this site under
// /staff, else /staff.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(u.Path, "/staff") || strings.Contains(next, "\\") || strings.HasPrefix(next, "//") {
		return "/staff"
	}
	return u.RequestURI()
}

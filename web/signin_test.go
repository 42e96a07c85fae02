package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSignInByPassword: the right password signs in with a new session id
// (one planted before is worth nothing), a staff page then opens, and
// sign-out ends the session in the database too.
func TestSignInByPassword(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		v := e.visitor()
		if res := v.get("/staff"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?next=%2Fstaff" {
			t.Fatalf("GET /staff signed out: %d %q", res.status, res.header.Get("Location"))
		}
		page := v.get("/login")
		if page.status != http.StatusOK || !strings.Contains(string(page.body), `lang="id"`) {
			t.Fatalf("GET /login: %d", page.status)
		}
		e.setPassword("secretary")
		// A session id from before sign-in: the logout form's session.
		before := "planted-session-id"
		u, _ := url.Parse(e.server.URL)
		v.client.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: before, Path: "/"}})
		res := v.post("/login", url.Values{"form_token": {hiddenField(t, page.body, "form_token")},
			"email": {"Secretary@diskominfo.example.go.id"}, "password": {password}, "next": {"/staff?q=CC-1"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff?q=CC-1" {
			t.Fatalf("POST /login: %d %q\n%s", res.status, res.header.Get("Location"), res.body)
		}
		after := v.cookie()
		if after == "" || after == before {
			t.Fatalf("session id after sign-in %q, before %q", after, before)
		}
		set := res.header.Get("Set-Cookie")
		for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(set, want) {
				t.Errorf("Set-Cookie %q lacks %s", set, want)
			}
		}
		if strings.Contains(set, "Secure") {
			t.Errorf("Set-Cookie %q is Secure on plain http", set)
		}
		if _, found, _ := e.store.FindSession(t.Context(), after, e.clock.Now()); found {
			t.Error("the database holds the session token itself, not its hash")
		}
		if _, found, _ := e.store.FindSession(t.Context(), storedToken(after), farFuture()); found {
			t.Error("FindSession returns an expired session")
		}
		if _, found, _ := e.store.FindSession(t.Context(), storedToken(after), nowish()); !found {
			t.Fatal("the session is not in the database")
		}
		// Sign out.
		logout := v.get("/login") // a signed-in visitor is sent on to /staff
		if logout.status != http.StatusSeeOther {
			t.Fatalf("GET /login signed in: %d", logout.status)
		}
		res = v.post("/logout", url.Values{"form_token": {"wrong"}})
		if res.status != http.StatusForbidden {
			t.Fatalf("POST /logout with a wrong form token: %d", res.status)
		}
		if _, found, _ := e.store.FindSession(t.Context(), storedToken(after), nowish()); !found {
			t.Fatal("a refused sign-out ended the session")
		}
		tok := e.formTokenOf(v)
		res = v.post("/logout", url.Values{"form_token": {tok}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?msg=out" {
			t.Fatalf("POST /logout: %d %q", res.status, res.header.Get("Location"))
		}
		if _, found, _ := e.store.FindSession(t.Context(), storedToken(after), nowish()); found {
			t.Error("the session outlives the sign-out")
		}
		// The old cookie, replayed, signs in no one.
		v2 := e.visitor()
		v2.client.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: after, Path: "/"}})
		if res := v2.get("/staff"); res.status != http.StatusSeeOther {
			t.Errorf("the signed-out session still opens /staff: %d", res.status)
		}
	})
}

// formTokenOf reads the session's form token from a staff page the
// visitor opens (the sign-out button carries it).
func (e *env) formTokenOf(v *visitor) string {
	e.t.Helper()
	res := v.get("/staff/account")
	if res.status != http.StatusOK {
		res = v.get("/staff")
	}
	return hiddenField(e.t, res.body, "form_token")
}

// TestSignInFailures: a wrong password and an unknown email read the same
// (401, one message); the sixth failure for one account is 429 with
// Retry-After, even with the right password; every attempt is recorded.
func TestSignInFailures(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	e.setPassword("head")
	v := e.visitor()
	wrong := v.login("head", "not-the-password")
	unknown := v.login("nobody", "not-the-password")
	if wrong.status != http.StatusUnauthorized || unknown.status != http.StatusUnauthorized {
		t.Fatalf("wrong password %d, unknown email %d; want 401 both", wrong.status, unknown.status)
	}
	msg := func(b []byte) string {
		s := string(b)
		i := strings.Index(s, `id="message"`)
		return s[i : i+strings.Index(s[i:], "</p>")]
	}
	if msg(wrong.body) != msg(unknown.body) {
		t.Errorf("the messages differ: %q and %q", msg(wrong.body), msg(unknown.body))
	}
	for range 4 {
		v.login("head", "not-the-password")
	}
	res := v.login("head", password)
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Fatalf("sixth attempt: %d Retry-After %q", res.status, res.header.Get("Retry-After"))
	}
	if !strings.Contains(string(res.body), "15 menit") {
		t.Errorf("the 429 page does not say how long to wait:\n%s", res.body)
	}
	e.clock.advance(signinWindow + 1)
	if res := v.login("head", password); res.status != http.StatusSeeOther {
		t.Errorf("after the window: %d", res.status)
	}
	all, err := e.store.Signins(t.Context(), day(1, 1, 0, 0), day(12, 31, 0, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, s := range all {
		if s.OK {
			ok++
		} else {
			failed++
		}
	}
	if ok != 1 || failed != 6 {
		t.Errorf("recorded %d sign-ins and %d failures, want 1 and 6", ok, failed)
	}
}

// TestLoginFormToken: a sign-in without the form's token is refused before
// any password is checked, and so is one from another site.
func TestLoginFormToken(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	e.setPassword("head")
	v := e.visitor()
	res := v.post("/login", url.Values{"email": {"head@diskominfo.example.go.id"}, "password": {password}})
	if res.status != http.StatusForbidden {
		t.Errorf("no form token: %d", res.status)
	}
	page := v.get("/login")
	req, _ := http.NewRequest("POST", e.server.URL+"/login", strings.NewReader(url.Values{
		"form_token": {hiddenField(t, page.body, "form_token")}, "email": {"head@diskominfo.example.go.id"},
		"password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res2, err := v.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusForbidden || v.cookie() != "" {
		t.Errorf("cross-site sign-in: %d, cookie %q", res2.StatusCode, v.cookie())
	}
}

// TestSessionTimeouts: a session idle past its timeout sends the browser
// back to /login, and so does one past its lifetime however busy.
func TestSessionTimeouts(t *testing.T) {
	const idle, lifetime = 700 * time.Millisecond, 1500 * time.Millisecond
	e := newEnvWith(t, sqliteDSN, func(o *Options) {
		o.Sessions = SessionOptions{IdleTimeout: idle, Lifetime: lifetime}
	})
	v := e.visitor()
	v.signIn("secretary")
	time.Sleep(idle + 300*time.Millisecond)
	if res := v.get("/staff"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login") {
		t.Fatalf("idle past the timeout: %d %q", res.status, res.header.Get("Location"))
	}
	v = e.visitor()
	signedIn := time.Now() // before: the server counts the lifetime from its sign-in, inside this call
	v.signIn("secretary")
	last := time.Now()
	for time.Since(signedIn) < 3*lifetime {
		time.Sleep(100 * time.Millisecond)
		res := v.get("/staff")
		if res.status == http.StatusOK {
			last = time.Now()
			continue
		}
		if gap := time.Since(last); gap >= idle {
			t.Skipf("the machine paused %v between requests: the idle timeout, not the lifetime, ended it", gap)
		}
		if age := time.Since(signedIn); age < lifetime {
			t.Fatalf("the busy session ended after %v, before its lifetime %v", age, lifetime)
		}
		return
	}
	t.Fatal("a busy session outlived its lifetime")
}

// TestSecureCookie: served under an https base URL, the session cookie is
// Secure and carries the __Host- prefix.
func TestSecureCookie(t *testing.T) {
	e := newEnvWith(t, sqliteDSN, func(o *Options) { o.BaseURL = "https://ruang.example.go.id" })
	e.setPassword("head")
	v := e.visitor()
	res := v.login("head", password)
	set := res.header.Get("Set-Cookie")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(set, cookieNameSecure+"=") ||
		!strings.Contains(set, "; Secure") || !strings.Contains(set, "Path=/") || strings.Contains(set, "Domain=") {
		t.Fatalf("sign-in under https: %d Set-Cookie %q", res.status, set)
	}
}

// TestLifetimeSurvivesRenewal: a new token (signing out everywhere else)
// does not restart the session's lifetime, which counts from sign-in.
func TestLifetimeSurvivesRenewal(t *testing.T) {
	const lifetime = 1500 * time.Millisecond
	e := newEnvWith(t, sqliteDSN, func(o *Options) {
		o.Sessions = SessionOptions{IdleTimeout: lifetime, Lifetime: lifetime}
	})
	v := e.visitor()
	signedIn := time.Now() // before: the server counts the lifetime from its sign-in, inside this call
	v.signIn("secretary")
	for time.Since(signedIn) < 3*lifetime {
		res := v.get("/staff/account")
		if res.status == http.StatusSeeOther {
			if age := time.Since(signedIn); age < lifetime {
				t.Fatalf("the session ended after %v, before its lifetime", age)
			}
			return
		}
		tok := hiddenField(t, res.body, "form_token")
		if res := v.post("/staff/account/signout-everywhere", url.Values{"form_token": {tok}}); res.status != http.StatusSeeOther {
			t.Fatalf("sign out everywhere: %d", res.status)
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatal("renewing the token kept the session past its lifetime")
}

// TestSignInAfterPost: a form posted after the session ended sends the
// browser to sign in, then back to the form's page, which a GET opens.
func TestSignInAfterPost(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, _ := e.submit(application("Rapat", day(12, 7, 9, 0), 2))
	v := e.visitor()
	for path, want := range map[string]string{
		fmt.Sprintf("/staff/requests/%d/transitions", id): fmt.Sprintf("/staff/requests/%d", id),
		"/staff/account/password":                         "/staff/account",
	} {
		res := v.post(path, url.Values{"action": {"forward"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?next="+url.QueryEscape(want) {
			t.Errorf("POST %s signed out: %d %q", path, res.status, res.header.Get("Location"))
		}
	}
	v.signIn("secretary")
	page := v.get(fmt.Sprintf("/staff/requests/%d", id))
	if page.status != http.StatusOK {
		t.Errorf("the form's page: %d", page.status)
	}
}

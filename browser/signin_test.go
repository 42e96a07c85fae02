package browser

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// flowTimeout bounds one flow's browser, its start included.
const flowTimeout = 90 * time.Second

// TestSignIn is proof 4 of issue 10, on a phone: six wrong passwords give
// 429; a session id from before sign-in is not the one after; a
// cross-origin POST is refused (and leaves the session alone); sign-out
// ends the session (its cookie, replayed, no longer signs in); an expired
// session is sent back to /login.
//
// Expiry is simulated: the session rows' expiry is moved into the past in
// the database (the idle timeout cannot be shorter than a minute, and the
// store compares the row's expiry with the clock, as it would then).
func TestSignIn(t *testing.T) {
	needAxe(t)
	s := startSite(t)
	c := startChrome(t, flowTimeout)

	// Six wrong passwords for one account: five 401s, then 429 with Retry-After.
	guesser := c.person(s, "penebak")
	guesser.open("/login", http.StatusOK)
	for i := 1; i <= 6; i++ {
		want := http.StatusUnauthorized
		if i == 6 {
			want = http.StatusTooManyRequests
		}
		guesser.fill("/login", map[string]string{"email": "kabid@diskominfo.example.go.id", "password": fmt.Sprintf("salah-%d", i)})
		res := guesser.tapResponse(buttonIn("/login"), want)
		if i == 6 {
			if ra, _ := res.Headers["Retry-After"].(string); ra == "" {
				t.Errorf("the 429 has no Retry-After header: %v", res.Headers)
			}
		} else if got := guesser.mainText(); !strings.Contains(got, "salah") {
			t.Errorf("attempt %d: the page does not say the sign-in failed:\n%s", i, got)
		}
	}

	// A session id planted before sign-in is not the one after.
	sec := c.person(s, "sekretariat")
	sec.open("/login", http.StatusOK)
	before := sec.sessionCookie()
	if before == "" {
		before = "ditanam-oleh-penyerang-0123456789abcdef"
		sec.setSessionCookie(before)
	}
	sec.signIn("secretary")
	after := sec.sessionCookie()
	if after == "" || after == before {
		t.Fatalf("session cookie before sign-in %q, after %q: want a new one", before, after)
	}

	// A cross-origin POST (a form on another origin posting to /logout) is refused, and the
	// session lives on.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="id"><title>Hadiah</title><meta name="viewport" content="width=device-width">
<form method="post" action="%s/logout"><input type="hidden" name="form_token" value="tebakan">
<button type="submit">Klaim hadiah</button></form>`, html.EscapeString(s.base))
	}))
	defer evil.Close()
	sec.navigate(evil.URL)
	sec.tap(buttonIn("/logout"), http.StatusForbidden)
	sec.open("/staff", http.StatusOK)
	if p := sec.path(); p != "/staff" {
		t.Errorf("after the refused cross-origin POST /staff led to %s: the session ended", p)
	}

	// Sign-out ends the session: the inbox then asks for a sign-in, and the old cookie,
	// replayed, does not sign in either.
	if u := sec.button("/logout", "Keluar", http.StatusOK); !strings.Contains(u, "/login") {
		t.Errorf("sign-out led to %s, want /login", u)
	}
	sec.open("/staff", http.StatusOK)
	if p := sec.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("/staff after sign-out shows %s, want /login", p)
	}
	sec.setSessionCookie(after)
	sec.open("/staff", http.StatusOK)
	if p := sec.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("/staff with the signed-out session's cookie shows %s, want /login", p)
	}

	// An expired session is sent back to /login, with the page asked for kept.
	sec.signIn("secretary")
	res, err := s.db().ExecContext(t.Context(), `UPDATE sessions SET expiry_ns = $1`, time.Now().Add(-time.Minute).UnixNano())
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatal("no session row to expire")
	}
	sec.open("/staff", http.StatusOK)
	if p := sec.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("/staff with an expired session shows %s, want /login", p)
	} else if next := mustQuery(t, p).Get("next"); next != "/staff" {
		t.Errorf("/login after expiry has next=%q, want /staff", next)
	}
}

// buttonIn is the CSS selector of the submit button of the form whose
// action ends with action.
func buttonIn(action string) string {
	return fmt.Sprintf(`form[action$=%q] button[type=submit]`, action)
}

// mustQuery is the query of the path p.
func mustQuery(t *testing.T, p string) url.Values {
	t.Helper()
	u, err := url.Parse(p)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

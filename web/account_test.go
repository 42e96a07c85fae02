package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestAccountPage: the page shows its four forms in Indonesian, each with
// the session's form token; a POST without it is refused.
func TestAccountPage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	if res := v.get("/staff/account"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?next=%2Fstaff%2Faccount" {
		t.Fatalf("signed out: %d %q", res.status, res.header.Get("Location"))
	}
	v.signIn("secretary")
	res := v.get("/staff/account")
	body := string(res.body)
	if res.status != http.StatusOK || !strings.Contains(body, `lang="id"`) || res.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /staff/account: %d %q", res.status, res.header.Get("Cache-Control"))
	}
	for _, want := range []string{"Akun saya", "secretary@diskominfo.example.go.id", `action="/staff/account/password"`,
		`action="/staff/account/language"`, `action="/staff/account/feed"`, `action="/staff/account/signout-everywhere"`,
		`id="pw-current"`, `aria-current="page">Akun`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	for _, path := range []string{"/staff/account/password", "/staff/account/language", "/staff/account/feed",
		"/staff/account/signout-everywhere"} {
		if res := v.post(path, url.Values{"form_token": {"forged"}, "language": {"en"}}); res.status != http.StatusForbidden {
			t.Errorf("POST %s with a wrong form token: %d", path, res.status)
		}
	}
	if len(body) > 50<<10 {
		t.Errorf("the page is %d bytes", len(body))
	}
}

// TestAccountPassword: a wrong current password, a short new one and two
// that differ are each refused by their field (422); the right change
// signs in with the new password only and ends the other sessions.
func TestAccountPassword(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		v, elsewhere := e.visitor(), e.visitor()
		v.signIn("head")
		elsewhere.signIn("head")
		tok := e.formTokenOf(v)
		post := func(cur, nw, rep string) response {
			return v.post("/staff/account/password", url.Values{"form_token": {tok}, "current": {cur}, "new": {nw}, "repeat": {rep}})
		}
		for _, c := range []struct {
			name, cur, nw, rep, field string
		}{
			{"wrong current", "not-the-password", "sandi-baru-panjang", "sandi-baru-panjang", "pw-current"},
			{"too short", password, "pendek", "pendek", "pw-new"},
			{"too long", password, strings.Repeat("x", 73), strings.Repeat("x", 73), "pw-new"},
			{"differ", password, "sandi-baru-panjang", "sandi-baru-lain", "pw-repeat"},
		} {
			res := post(c.cur, c.nw, c.rep)
			body := string(res.body)
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", c.name, res.status)
				continue
			}
			field := regexp.MustCompile(`<input[^>]*id="` + c.field + `"[^>]*>`).FindString(body)
			if !strings.Contains(field, `aria-invalid="true"`) || !strings.Contains(field, c.field+"-error") ||
				!strings.Contains(body, `id="`+c.field+`-error"`) {
				t.Errorf("%s: the error is not tied to %s: %s", c.name, c.field, field)
			}
		}
		if res := e.visitor().login("head", password); res.status != http.StatusSeeOther {
			t.Fatalf("a refused change changed the password: %d", res.status)
		}
		res := post(password, "sandi-baru-panjang", "sandi-baru-panjang")
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/account?msg=password" {
			t.Fatalf("change: %d %q\n%s", res.status, res.header.Get("Location"), res.body)
		}
		if page := v.get("/staff/account?msg=password"); !strings.Contains(string(page.body), "Kata sandi telah diganti") {
			t.Errorf("no message after the change")
		}
		if res := elsewhere.get("/staff/account"); res.status != http.StatusSeeOther {
			t.Errorf("another session outlives the new password: %d", res.status)
		}
		if res := e.visitor().login("head", password); res.status != http.StatusUnauthorized {
			t.Errorf("the old password: %d", res.status)
		}
		if res := e.visitor().login("head", "sandi-baru-panjang"); res.status != http.StatusSeeOther {
			t.Errorf("the new password: %d", res.status)
		}
	})
}

// TestAccountPasswordWithoutOne: a member of staff who signed in by link
// and has no password sets one without a current one.
func TestAccountPasswordWithoutOne(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	u, err := e.store.UserByEmail(t.Context(), "vidcon@diskominfo.example.go.id")
	if err != nil {
		t.Fatal(err)
	}
	path := "/login/link/" + e.office.SignSignin(e.office.NewSigninLink(u.ID))
	page := v.get(path)
	if res := v.post(path, url.Values{"form_token": {hiddenField(t, page.body, "form_token")}}); res.status != http.StatusSeeOther {
		t.Fatalf("sign in by link: %d", res.status)
	}
	acc := v.get("/staff/account")
	if strings.Contains(string(acc.body), `id="pw-current"`) || !strings.Contains(string(acc.body), "belum punya kata sandi") {
		t.Errorf("the page asks for a current password the user has not")
	}
	res := v.post("/staff/account/password", url.Values{"form_token": {hiddenField(t, acc.body, "form_token")},
		"new": {"sandi-pertama-saya"}, "repeat": {"sandi-pertama-saya"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("set a first password: %d", res.status)
	}
	if res := e.visitor().login("vidcon", "sandi-pertama-saya"); res.status != http.StatusSeeOther {
		t.Errorf("sign in with the first password: %d", res.status)
	}
}

// TestAccountLanguage: English is stored on the user, the next page is in
// English at once, and so is the next sign-in's.
func TestAccountLanguage(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		v := e.visitor()
		v.signIn("kabid")
		tok := e.formTokenOf(v)
		if res := v.post("/staff/account/language", url.Values{"form_token": {tok}, "language": {"fr"}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("language fr: %d", res.status)
		}
		res := v.post("/staff/account/language", url.Values{"form_token": {tok}, "language": {"en"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/account?msg=language" {
			t.Fatalf("POST language: %d %q", res.status, res.header.Get("Location"))
		}
		page := string(v.get("/staff/account?msg=language").body)
		if !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "My account") || !strings.Contains(page, "Your language was saved") {
			t.Errorf("the page after the change is not in English:\n%.600s", page)
		}
		if !regexp.MustCompile(`value="en" checked`).MatchString(page) {
			t.Error("English is not the checked choice")
		}
		u, err := e.store.UserByEmail(t.Context(), "kabid@diskominfo.example.go.id")
		if err != nil || u.Language != "en" {
			t.Fatalf("stored language %q, %v", u.Language, err)
		}
		fresh := e.visitor()
		fresh.signIn("kabid")
		if page := string(fresh.get("/staff/account").body); !strings.Contains(page, `lang="en"`) {
			t.Error("a new session is not in English")
		}
		if err := e.store.SetLanguage(t.Context(), 999999, "en"); err == nil {
			t.Error("SetLanguage of an unknown user succeeds")
		}
	})
}

var staffFeedLink = regexp.MustCompile(`http://[^"<\s]+/feeds/staff/(ccf_[A-Za-z0-9_-]+)\.ics`)

// TestAccountFeed: a new feed link is shown once with its QR code as a
// data: URL; it serves the staff feed, the next one replaces it, and the
// account page never shows it again.
func TestAccountFeed(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	v.signIn("vidcon")
	tok := e.formTokenOf(v)
	res := v.post("/staff/account/feed", url.Values{"form_token": {tok}})
	body := string(res.body)
	if res.status != http.StatusOK || res.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("POST feed: %d %q", res.status, res.header.Get("Cache-Control"))
	}
	m := staffFeedLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no feed link on the page:\n%s", body)
	}
	if !strings.Contains(body, `src="data:image/png;base64,`) || !strings.Contains(body, `href="webcal://`) {
		t.Error("no QR code as a data: URL, or no webcal link")
	}
	if feed := e.visitor().get("/feeds/staff/" + m[1] + ".ics"); feed.status != http.StatusOK || !strings.Contains(string(feed.body), "BEGIN:VCALENDAR") {
		t.Fatalf("the new link: %d", feed.status)
	}
	if page := string(v.get("/staff/account").body); strings.Contains(page, m[1]) || strings.Contains(page, "data:image/png") {
		t.Error("the account page shows the feed link again")
	}
	next := staffFeedLink.FindStringSubmatch(string(v.post("/staff/account/feed", url.Values{"form_token": {tok}}).body))
	if next == nil || next[1] == m[1] {
		t.Fatalf("rotation gave %v", next)
	}
	if old := e.visitor().get("/feeds/staff/" + m[1] + ".ics"); old.status != http.StatusNotFound {
		t.Errorf("the old link after rotation: %d", old.status)
	}
	if len(body) > 60<<10 {
		t.Errorf("the page with its QR code is %d bytes", len(body))
	}
}

// TestAccountSignOutEverywhere: every other session of the user ends; this
// one goes on under a new token; another user's session is untouched.
func TestAccountSignOutEverywhere(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		here, phone, colleague := e.visitor(), e.visitor(), e.visitor()
		here.signIn("secretary")
		phone.signIn("secretary")
		colleague.signIn("head")
		before := here.cookie()
		res := here.post("/staff/account/signout-everywhere", url.Values{"form_token": {e.formTokenOf(here)}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/account?msg=signout" {
			t.Fatalf("POST signout-everywhere: %d %q", res.status, res.header.Get("Location"))
		}
		if res := phone.get("/staff/account"); res.status != http.StatusSeeOther {
			t.Errorf("the other session: %d", res.status)
		}
		page := here.get("/staff/account?msg=signout")
		if page.status != http.StatusOK || !strings.Contains(string(page.body), "perangkat lain telah diakhiri") {
			t.Errorf("this session after: %d", page.status)
		}
		if after := here.cookie(); after == before || after == "" {
			t.Errorf("this session kept its token %q", after)
		}
		if res := colleague.get("/staff/account"); res.status != http.StatusOK {
			t.Errorf("another user's session: %d", res.status)
		}
	})
}

package web

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/office"
)

// visitor is a browser on the web pages: it keeps cookies and does not
// follow redirects, so a test sees each 303.
type visitor struct {
	e      *env
	client *http.Client
}

// visitor returns a new browser with no cookie.
func (e *env) visitor() *visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &visitor{e: e, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches path.
func (v *visitor) get(path string) response {
	v.e.t.Helper()
	return v.send("GET", path, nil)
}

// post sends form to path, form-encoded.
func (v *visitor) post(path string, form url.Values) response {
	v.e.t.Helper()
	return v.send("POST", path, form)
}

func (v *visitor) send(method, path string, form url.Values) response {
	v.e.t.Helper()
	var body *strings.Reader
	if form == nil {
		body = strings.NewReader("")
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(v.e.t.Context(), method, v.e.server.URL+path, body)
	if err != nil {
		v.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := v.client.Do(req)
	if err != nil {
		v.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		v.e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// cookie returns the value of the session cookie the visitor holds.
func (v *visitor) cookie() string {
	u, _ := url.Parse(v.e.server.URL)
	for _, c := range v.client.Jar.Cookies(u) {
		if c.Name == cookieName {
			return c.Value
		}
	}
	return ""
}

// hiddenField finds the value of the hidden input name in a page.
func hiddenField(t *testing.T, page []byte, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no field %s:\n%s", name, page)
	}
	return html.UnescapeString(string(m[1]))
}

// password is every test user's password once setPassword gave it.
const password = "kata-sandi-rahasia"

// setPassword gives user name (of addStaff) the test password.
func (e *env) setPassword(name string) {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.t.Context(), name+"@diskominfo.example.go.id")
	if err != nil {
		e.t.Fatal(err)
	}
	hash, err := office.HashPassword(password)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.SetPassword(e.t.Context(), u.ID, hash); err != nil {
		e.t.Fatal(err)
	}
}

// login posts the sign-in form as user name with pw and returns the answer.
func (v *visitor) login(name, pw string) response {
	v.e.t.Helper()
	page := v.get("/login")
	return v.post("/login", url.Values{"form_token": {hiddenField(v.e.t, page.body, "form_token")},
		"email": {name + "@diskominfo.example.go.id"}, "password": {pw}})
}

// signIn gives user name a password and signs the visitor in as them.
func (v *visitor) signIn(name string) {
	v.e.t.Helper()
	v.e.setPassword(name)
	if res := v.login(name, password); res.status != http.StatusSeeOther {
		v.e.t.Fatalf("sign in as %s: %d\n%s", name, res.status, res.body)
	}
}

// nowish and farFuture are wall-clock instants around the sessions' own
// expiry (scs sets it by the wall clock).
func nowish() time.Time    { return time.Now() }
func farFuture() time.Time { return time.Now().Add(365 * 24 * time.Hour) }

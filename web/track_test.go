package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// trackPath is the applicant's page of request id.
func trackPath(id int64, token string, extra ...string) string {
	p := "/requests/" + strconv.FormatInt(id, 10) + "?token=" + url.QueryEscape(token)
	for _, x := range extra {
		p += "&" + x
	}
	return p
}

// cancelForm posts the applicant's cancel form without following the redirect.
func (e *env) cancelForm(id int64, form url.Values) response {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), "POST",
		e.server.URL+"/requests/"+strconv.FormatInt(id, 10)+"/cancel", strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestTrackPage: the applicant's page shows the request, its status in
// words and its history with roles in words, in Indonesian or English; it
// is marked secret (no referrer, no index), names no staff member, and a GET
// changes nothing.
func TestTrackPage(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Rapat Koordinasi Stunting", day(12, 1, 9, 0), 2))
		e.act(id, "secretary", "forward", "", "Mohon disposisi", http.StatusOK)

		res := e.do("GET", trackPath(id, token), nil)
		wantPage(t, "page", res, http.StatusOK, "Diteruskan ke Kepala Dinas, menunggu disposisi")
		body := string(res.body)
		for _, s := range []string{
			`<html lang="id">`, "CC-000001", "Rapat Koordinasi Stunting", "Command Center",
			"Selasa, 01-12-2026 09:00-11:00 WIB", "sound-system (1)", "20",
			"Mengajukan permohonan (Pemohon)", "Meneruskan ke Kepala Dinas (Sekretariat)", "Mohon disposisi",
			"20-11-2026 09:00 WIB", "Batalkan permohonan", `<meta name="robots" content="noindex">`,
			`action="/requests/1/cancel"`, e.office.TrackFormToken(token),
		} {
			if !strings.Contains(body, s) {
				t.Errorf("the page lacks %q:\n%s", s, body)
			}
		}
		for _, s := range []string{"Bapak secretary", "diskominfo.example.go.id", "user_id", "005/DINKES"} {
			if strings.Contains(body, s) {
				t.Errorf("the page shows %q, which is not the applicant's to read", s)
			}
		}
		if got := res.header.Get("Referrer-Policy"); got != "same-origin" {
			t.Errorf("Referrer-Policy = %q", got)
		}
		if got := res.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control = %q", got)
		}
		if e.status(id) != "forwarded" {
			t.Fatalf("GET changed the request: %s", e.status(id))
		}

		en := string(e.do("GET", trackPath(id, token, "lang=en"), nil).body)
		for _, s := range []string{`<html lang="en">`, "Forwarded to the head of office, waiting for the disposition",
			"Forwarded to the head of office (Secretariat)", "Cancel the request", "Tuesday, 1 Dec 2026 09:00-11:00 WIB",
			`action="/requests/1/cancel?lang=en"`} {
			if !strings.Contains(en, s) {
				t.Errorf("the English page lacks %q", s)
			}
		}

		body2 := application("Bimtek", day(12, 2, 9, 0), 2)
		body2["language"] = "en"
		id2, token2 := e.submit(body2)
		if page := string(e.do("GET", trackPath(id2, token2), nil).body); !strings.Contains(page, "Submitted, waiting for the secretariat to forward it") {
			t.Errorf("a request in English does not get an English page:\n%s", page)
		}
	})
}

// TestTrackNotFound: another request's token, no token, a bad token and an
// unknown id all answer the same 404 page, which says nothing of the request.
func TestTrackNotFound(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Rapat Rahasia", day(12, 1, 9, 0), 2))
		_, other := e.submit(application("Rapat Lain", day(12, 2, 9, 0), 2))
		var first string
		for name, path := range map[string]string{
			"other token": trackPath(id, other),
			"no token":    "/requests/1",
			"bad token":   trackPath(id, token+"x"),
			"unknown id":  trackPath(99, token),
			"bad id":      "/requests/abc?token=" + token,
		} {
			res := e.do("GET", path, nil)
			wantPage(t, name, res, http.StatusNotFound, "Permohonan tidak ditemukan")
			if strings.Contains(string(res.body), "Rapat") {
				t.Errorf("%s: the 404 page names a request", name)
			}
			if first == "" {
				first = string(res.body)
			} else if string(res.body) != first {
				t.Errorf("%s: the 404 page differs, which tells whether the request exists", name)
			}
		}
		res := e.cancelForm(id, url.Values{"token": {other}, "csrf": {e.office.TrackFormToken(other)}})
		wantPage(t, "cancel with another token", res, http.StatusNotFound, "Permohonan tidak ditemukan")
		if e.status(id) != "submitted" {
			t.Fatalf("another request's token cancelled it: %s", e.status(id))
		}
	})
}

// TestTrackCancel: the cancel form needs the form token the page derived
// from the tracking token; with it the request is cancelled as the
// applicant, the answer is a 303 back to the page, which says so and shows
// no form any more; a second post changes nothing.
func TestTrackCancel(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
		page := e.do("GET", trackPath(id, token), nil)
		m := csrfField.FindStringSubmatch(string(page.body))
		if m == nil {
			t.Fatalf("no form token on the page:\n%s", page.body)
		}
		for name, form := range map[string]url.Values{
			"no csrf":    {"token": {token}},
			"bad csrf":   {"token": {token}, "csrf": {"x" + m[1]}},
			"other csrf": {"token": {token}, "csrf": {e.office.ActionFormToken(token)}},
		} {
			wantPage(t, name, e.cancelForm(id, form), http.StatusForbidden, "Formulir tidak sah")
		}
		if e.status(id) != "submitted" {
			t.Fatalf("a post without the form token cancelled: %s", e.status(id))
		}

		res := e.cancelForm(id, url.Values{"token": {token}, "csrf": {m[1]}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d %s", res.status, res.body)
		}
		loc := res.header.Get("Location")
		if want := trackPath(id, token, "done=cancelled"); loc != want {
			t.Errorf("Location = %q, want %q", loc, want)
		}
		if e.status(id) != "cancelled" {
			t.Fatalf("status after cancel: %s", e.status(id))
		}
		after := e.do("GET", loc, nil)
		wantPage(t, "after", after, http.StatusOK, "Permohonan telah dibatalkan.")
		body := string(after.body)
		for _, s := range []string{"Status: Dibatalkan", "Membatalkan (Pemohon)"} {
			if !strings.Contains(body, s) {
				t.Errorf("the page after cancel lacks %q:\n%s", s, body)
			}
		}
		if strings.Contains(body, "Batalkan permohonan") || strings.Contains(body, `name="csrf"`) {
			t.Errorf("the cancel form is still shown:\n%s", body)
		}
		again := e.cancelForm(id, url.Values{"token": {token}, "csrf": {m[1]}})
		wantPage(t, "again", again, http.StatusConflict, "tidak dapat dibatalkan lagi")

		h, err := e.store.History(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(h); n != 2 || h[1].Role != "applicant" || h[1].Action != "cancel" {
			t.Errorf("history after cancel: %+v", h)
		}
	})
}

// TestTrackEscapesAndHidesTitles: the applicant's own title is escaped;
// another request's title never shows, neither in the warning of a pending
// request for the same time nor in the conflict once that one is approved.
func TestTrackEscapesAndHidesTitles(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		secret := "Rapat Tertutup Bupati"
		other, _ := e.submit(application(secret, day(12, 1, 9, 0), 2))
		id, token := e.submit(application(`<script>alert("x")</script><b>Rapat</b>`, day(12, 1, 10, 0), 2))

		body := string(e.do("GET", trackPath(id, token), nil).body)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>Rapat") {
			t.Errorf("the title is not escaped:\n%s", body)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("the escaped title is missing:\n%s", body)
		}
		if strings.Contains(body, secret) || !strings.Contains(body, "<h2>Perhatian</h2>") {
			t.Errorf("the pending request for the same time is not warned of, or its title shows:\n%s", body)
		}

		for _, step := range [][3]string{{"secretary", "forward"}, {"head", "dispose"}, {"kabid", "check"},
			{"head", "relay"}, {"secretary", "inform"}} {
			decision := ""
			if step[1] == "check" {
				decision = "available"
			}
			e.act(other, step[0], step[1], decision, "", http.StatusOK)
		}
		body = string(e.do("GET", trackPath(id, token), nil).body)
		if !strings.Contains(body, "Bentrok dengan jadwal") || !strings.Contains(body, "Terpakai: Selasa, 01-12-2026 09:00-11:00 WIB") {
			t.Errorf("the conflict is not shown with a hidden title:\n%s", body)
		}
		if strings.Contains(body, secret) {
			t.Errorf("an approved booking's title shows:\n%s", body)
		}
	})
}

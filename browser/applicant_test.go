package browser

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// wib is the office's time zone (the default configuration's Asia/Jakarta).
var wib = time.FixedZone("WIB", 7*3600)

// trackPath is the tracking page's path, with the request's id.
var trackPath = regexp.MustCompile(`/requests/(\d+)\?token=[A-Za-z0-9_-]+`)

// TestApplicant is proof 1 of issue 10, on a phone, with the page's script
// and without it: the applicant opens /, taps "Ajukan peminjaman", fills the
// form for a time that collides with an approved booking, sees the refusal
// and the suggestions, taps a suggestion (the script puts it into the form
// at once; without it the server shows the form again with that time),
// sends, and lands on the tracking page. The form sent twice (two requests
// with its one-time key, then a double tap on its button) makes one
// request.
func TestApplicant(t *testing.T) {
	needAxe(t)
	t.Parallel()
	s := startSite(t)
	c := startChrome(t, flowTimeout)

	// The approved booking the applicant's first choice collides with: in two
	// days, 09:00-11:00 WIB.
	day := time.Now().In(wib).AddDate(0, 0, 2)
	at := func(h, m int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, wib) }
	busy, _ := s.submitAt("Rapat Koordinasi Penanganan Banjir", at(9, 0), at(11, 0), "public")
	s.approve(busy)

	for _, script := range []bool{true, false} {
		who, title := "pemohon", "Pelatihan Operator Aplikasi SRIKANDI Kecamatan"
		if !script {
			who, title = "pemohon tanpa JavaScript", "Sosialisasi Satu Data Indonesia Tingkat Kabupaten"
		}
		app := c.person(s, who)
		if !script {
			app.noScript()
		}
		applyFlow(t, s, app, script, title, day)
	}
}

// applyFlow is TestApplicant's flow for one applicant.
func applyFlow(t *testing.T, s *site, app *person, script bool, title string, day time.Time) {
	app.open("/", http.StatusOK)
	if u := app.link("Ajukan peminjaman", http.StatusOK); !strings.Contains(u, "/requests/new") {
		t.Fatalf("Ajukan peminjaman led to %s", u)
	}
	app.fill("/requests", map[string]string{
		"date": day.Format(time.DateOnly), "start": "10:00", "end": "12:00",
		"title": title, "participants": "25", "organization": "Bagian Organisasi Setda Kabupaten Pelalawan",
		"contact_name": "Rahmat Hidayat", "contact_email": "rahmat.hidayat@setda.example.go.id",
		"contact_phone": "0813-6543-2100", "letter_number": "800/ORG/XI/2026/117",
		"equipment=computer": "true", "count-computer": "2", "visibility=public": "true",
	})
	app.tap(`#send`, http.StatusUnprocessableEntity)
	page := app.mainText()
	for _, want := range []string{"Permohonan belum dapat dikirim", "Bentrok dengan jadwal", "Alternatif waktu yang masih kosong"} {
		if !strings.Contains(page, want) {
			t.Errorf("%s: the refusal does not say %q:\n%s", app.name, want, page)
		}
	}
	if v := eval[string](app, `document.querySelector("[name=title]").value`); v != title {
		t.Errorf("%s: the refused form lost the title: %q", app.name, v)
	}

	// The first suggestion, tapped, puts its time in the form and keeps the rest.
	slot := eval[string](app, `(document.querySelector("button[name=slot]") || {value: ""}).value`)
	if slot == "" {
		t.Fatalf("%s: no suggestion to tap:\n%s", app.name, page)
	}
	start, _, _ := strings.Cut(slot, "/")
	st, err := time.Parse(time.RFC3339, start)
	if err != nil {
		t.Fatalf("suggestion %q: %v", slot, err)
	}
	if script {
		if err := app.click(`button[name=slot]`); err != nil {
			t.Fatalf("%s taps the suggestion: %v", app.name, err)
		}
	} else {
		app.tap(`button[name=slot]`, http.StatusOK)
	}
	if got := eval[string](app, `document.querySelector("[name=start]").value`); got != st.In(wib).Format("15:04") {
		t.Errorf("%s: after the suggestion the start reads %q, want %s", app.name, got, st.In(wib).Format("15:04"))
	}
	if v := eval[string](app, `document.querySelector("[name=contact_email]").value`); v != "rahmat.hidayat@setda.example.go.id" {
		t.Errorf("%s: after the suggestion the email reads %q", app.name, v)
	}

	// The same form sent twice at once (as two taps that both reach the
	// server; Runtime.evaluate runs even with the page's script off), then a
	// double tap on the button: one request.
	twice, err := chromedp.Run(app.ctx, chromedp.Evaluate[[]string](`(() => {
		const f = document.querySelector("form#request");
		const send = () => fetch(f.action, {method: "POST", body: new URLSearchParams(new FormData(f))}).then(r => r.url);
		return Promise.all([send(), send()]);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(twice) != 2 || !trackPath.MatchString(twice[0]) || twice[0] != twice[1] {
		t.Errorf("%s: the form sent twice led to %v, want the same tracking page twice", app.name, twice)
	}
	ctx, cancel := context.WithTimeout(app.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.DoubleClick(chromedp.CSS("#send"), chromedp.NodeVisible)); err != nil {
		t.Fatalf("%s: double tap: %v", app.name, err)
	}
	landed := app.waitFor("the tracking page", `/^\/requests\/\d+$/.test(location.pathname) && document.readyState === "complete" && document.querySelector("#status") ? location.href : ""`)
	app.audit()
	if len(twice) > 0 && landed != twice[0] {
		t.Errorf("%s: the double tap landed on %s, the form sent twice on %s", app.name, landed, twice[0])
	}
	if got := eval[string](app, `document.querySelector("#status").innerText`); !strings.Contains(got, "Diajukan") {
		t.Errorf("%s: the tracking page's status %q, want Diajukan", app.name, got)
	}
	if n := s.count(`SELECT COUNT(*) FROM requests WHERE title = $1`, title); n != 1 {
		t.Errorf("%s: %d requests titled %q, want 1", app.name, n, title)
	}
	m := trackPath.FindStringSubmatch(landed)
	if m == nil {
		t.Fatalf("%s: landed on %s, not a tracking page", app.name, landed)
	}
	if n := s.count(`SELECT COUNT(*) FROM requests WHERE id = $1 AND start_ns = $2`, m[1], st.UnixNano()); n != 1 {
		t.Errorf("%s: request %s does not start at the suggested %s", app.name, m[1], st)
	}
}

// approve moves request id through the chain to approved with the staff's
// bearer tokens (the JSON API).
func (s *site) approve(id int64) {
	s.t.Helper()
	for _, step := range []struct{ role, action, decision string }{
		{"secretary", "forward", ""}, {"head", "dispose", ""}, {"kabid", "check", "available"},
		{"head", "relay", ""}, {"secretary", "inform", ""},
	} {
		s.api("POST", fmt.Sprintf("/api/v1/requests/%d/transitions", id),
			map[string]any{"action": step.action, "decision": step.decision}, http.StatusOK,
			"Authorization", "Bearer "+s.tokens[step.role])
	}
}

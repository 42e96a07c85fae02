package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// formValues is a full, good request form for the Command Center at start
// for hours, as an applicant fills it in, with the form token of page.
func formValues(t *testing.T, page []byte, title string, start time.Time, hours int) url.Values {
	t.Helper()
	start = start.In(wib)
	return url.Values{
		"form_token": {hiddenField(t, page, "form_token")}, "room": {"command-center"},
		"title": {title}, "organization": {"Dinas Kesehatan"}, "contact_name": {"Siti Aminah"},
		"contact_email": {"siti@example.org"}, "contact_phone": {"0812-7777-1234"},
		"date": {start.Format(time.DateOnly)}, "start": {start.Format("15:04")},
		"end":          {start.Add(time.Duration(hours) * time.Hour).Format("15:04")},
		"participants": {"20"}, "equipment": {"computer", "sound-system"},
		"count-computer": {"2"}, "count-sound-system": {"1"}, "count-internet": {"1"},
		"visibility": {"public"}, "letter_number": {"005/DINKES/XI/2026"},
		"notes": {"Rapat koordinasi lintas sektor"}, "repeat": {"none"},
	}
}

// formPageOf fetches the empty form and returns its body.
func (v *visitor) formPage() []byte {
	v.e.t.Helper()
	res := v.get("/requests/new")
	if res.status != http.StatusOK {
		v.e.t.Fatalf("GET /requests/new: %d\n%s", res.status, res.body)
	}
	return res.body
}

// TestFormPrefill: the form is prefilled from the query a free slot of the
// calendar links with, in the office zone, and shows every field of the
// API, the room's equipment, the opening hours and the lead time.
func TestFormPrefill(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	res := v.get("/requests/new?room=command-center&start=" + url.QueryEscape("2026-12-01T02:00:00Z") +
		"&end=2026-12-01T11:30:00%2B07:00")
	wantPage(t, "form", res, http.StatusOK, `<html lang="id">`)
	body := string(res.body)
	for _, s := range []string{
		`name="date" value="2026-12-01"`, `name="start" value="09:00"`, `name="end" value="11:30"`,
		`name="room" value="command-center"`, `type="date"`, `type="time"`,
		`name="title"`, `name="organization"`, `name="contact_name"`, `type="email" id="f-contact_email" name="contact_email"`,
		`type="tel" id="f-contact_phone" name="contact_phone"`, `name="participants"`, `name="letter_number"`,
		`<textarea id="f-notes" name="notes"`, `name="visibility" value="private" checked`,
		`name="visibility" value="public"`, `name="repeat" value="none" checked`, `name="repeat" value="weekly"`,
		`name="until"`, `name="equipment" value="computer"`, `name="count-computer" value="1"`,
		`name="equipment" value="sound-system"`, `name="equipment" value="internet"`, `max="10"`,
		"Jam layanan 07:00–17:00 WIB.", "Ajukan paling lambat 3 hari sebelum pemakaian (tanggal paling awal: 23-11-2026).",
		`min="2026-11-23"`, "Kapasitas ruang: 50 orang.", `aria-live="polite"`, `action="/requests"`,
		`<label for="f-title">Nama acara</label>`, "Ruang Pelalawan Command Center",
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the form lacks %s", s)
		}
	}
	if tok := hiddenField(t, res.body, "form_token"); !e.office.CheckForm("request", tok, e.clock.Now()) {
		t.Errorf("the form token %q is not a request form token", tok)
	}
	if len(res.body) > 50<<10 {
		t.Errorf("the form is %d bytes", len(res.body))
	}
	// English, and a local time without offset (datetime-local's shape).
	res = v.get("/requests/new?lang=en&start=2026-12-02T13:00&end=2026-12-02T15:00")
	wantPage(t, "English form", res, http.StatusOK, `<html lang="en">`)
	for _, s := range []string{`name="date" value="2026-12-02"`, `name="start" value="13:00"`, "Send request"} {
		if !strings.Contains(string(res.body), s) {
			t.Errorf("the English form lacks %s", s)
		}
	}
}

// TestFormScript: the form lists app.js, deferred, and the script is
// served from this site under its hashed name.
func TestFormScript(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	body := v.formPage()
	m := regexp.MustCompile(`<script src="(/static/app\.[0-9a-f]{8}\.js)" defer></script>`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("the form does not load app.js:\n%s", body)
	}
	res := v.get(string(m[1]))
	if res.status != http.StatusOK || !strings.Contains(string(res.body), "/api/v1/availability") {
		t.Errorf("app.js: %d %.80s", res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("app.js Content-Type %q", ct)
	}
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{8}\.css)"`).FindSubmatch(body)
	if css == nil {
		t.Fatal("the form has no style sheet")
	}
	sheet := v.get(string(css[1]))
	if total := len(body) + len(res.body) + len(sheet.body); total > 50<<10 {
		t.Errorf("form, script and style: %d bytes, more than 50 KB", total)
	}
}

// TestFormSubmit: a good form creates the request with every field typed
// and sends the browser to its tracking page.
func TestFormSubmit(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		v := e.visitor()
		form := formValues(t, v.formPage(), "Rapat Koordinasi Stunting", day(12, 1, 9, 0), 2)
		res := v.post("/requests", form)
		if res.status != http.StatusSeeOther {
			t.Fatalf("submit: %d\n%s", res.status, res.body)
		}
		loc := res.header.Get("Location")
		if !regexp.MustCompile(`^/requests/1\?token=[A-Za-z0-9_-]+$`).MatchString(loc) {
			t.Fatalf("Location %q", loc)
		}
		r, err := e.store.Request(t.Context(), 1)
		if err != nil {
			t.Fatal(err)
		}
		want := booking.Request{Room: "command-center", Title: "Rapat Koordinasi Stunting",
			Organization: "Dinas Kesehatan", ContactName: "Siti Aminah", ContactEmail: "siti@example.org",
			ContactPhone: "0812-7777-1234", Participants: 20, Visibility: booking.VisibilityPublic,
			LetterNumber: "005/DINKES/XI/2026", Notes: "Rapat koordinasi lintas sektor", Language: "id"}
		if r.Room != want.Room || r.Title != want.Title || r.Organization != want.Organization ||
			r.ContactName != want.ContactName || r.ContactEmail != want.ContactEmail ||
			r.ContactPhone != want.ContactPhone || r.Participants != want.Participants ||
			r.Visibility != want.Visibility || r.LetterNumber != want.LetterNumber || r.Notes != want.Notes ||
			r.Language != want.Language || r.Recurrence != "" || r.Status != booking.StatusSubmitted {
			t.Errorf("stored %+v", r)
		}
		if !r.Start.Equal(day(12, 1, 9, 0)) || !r.End.Equal(day(12, 1, 11, 0)) {
			t.Errorf("stored time %v - %v", r.Start, r.End)
		}
		if len(r.Equipment) != 2 || r.Equipment[0] != (booking.Need{Name: "computer", Count: 2}) ||
			r.Equipment[1] != (booking.Need{Name: "sound-system", Count: 1}) {
			t.Errorf("stored equipment %+v", r.Equipment)
		}
		page := v.get(loc)
		wantPage(t, "tracking page", page, http.StatusOK, "Rapat Koordinasi Stunting")
	})
}

// TestFormWeekly: "every week until" becomes a bounded weekly recurrence.
func TestFormWeekly(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	form := formValues(t, v.formPage(), "Rapat Mingguan", day(12, 1, 9, 0), 2)
	form.Set("repeat", "weekly")
	form.Set("until", "2026-12-22")
	if res := v.post("/requests", form); res.status != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", res.status, res.body)
	}
	occ, err := e.store.Occurrences(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(occ) != 4 {
		t.Errorf("%d occurrences, want 4 (1, 8, 15 and 22 December)", len(occ))
	}
	// Weekly without its last date: a message at the field, nothing stored.
	form = formValues(t, v.formPage(), "Rapat Mingguan", day(12, 2, 9, 0), 2)
	form.Set("repeat", "weekly")
	res := v.post("/requests", form)
	wantPage(t, "weekly without until", res, http.StatusUnprocessableEntity,
		`<p class="field-error" id="err-recurrence">Isi tanggal terakhir pengulangan mingguan.</p>`)
	if n := e.countRequests(); n != 1 {
		t.Errorf("%d requests", n)
	}
}

// TestFormCollision: a time that collides with an approved booking is
// refused (422) with the form as typed, the refusal at the time fields, a
// summary on top, the conflict without the other booking's title, and the
// free slots as buttons that put their time in the form, keeping the rest.
func TestFormCollision(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("Rapat Rahasia Bupati", day(12, 1, 9, 0), 2))
		e.approve(id)
		v := e.visitor()
		form := formValues(t, v.formPage(), "Pelatihan <Operator>", day(12, 1, 10, 0), 2)
		res := v.post("/requests", form)
		wantPage(t, "collision", res, http.StatusUnprocessableEntity, `role="alert"`)
		body := string(res.body)
		for _, s := range []string{
			"Permohonan belum dapat dikirim:", `<a href="#f-date">Ruangan sudah terpakai pada 01-12-2026 09:00 s.d. 11:00.</a>`,
			`<p class="field-error" id="err-when">Ruangan sudah terpakai pada 01-12-2026 09:00 s.d. 11:00.</p>`,
			`aria-describedby="facts err-when" aria-invalid="true"`,
			"Bentrok dengan jadwal", "Terpakai: Selasa, 01-12-2026 09:00-11:00 WIB",
			"Alternatif waktu yang masih kosong", `name="slot" value="`,
			`value="Pelatihan &lt;Operator&gt;"`, `value="siti@example.org"`, `value="0812-7777-1234"`,
			`value="005/DINKES/XI/2026"`, ">Rapat koordinasi lintas sektor</textarea>",
			`name="visibility" value="public" checked`, `name="equipment" value="computer" checked`,
			`name="count-computer" value="2"`, `name="date" value="2026-12-01"`, `name="start" value="10:00"`,
		} {
			if !strings.Contains(body, s) {
				t.Errorf("the refusal lacks %s", s)
			}
		}
		if len(res.body) > 50<<10 {
			t.Errorf("the refusal is %d bytes", len(res.body))
		}
		if strings.Contains(body, "Rahasia") {
			t.Error("the refusal shows the other booking's private title")
		}
		if n := e.countRequests(); n != 1 {
			t.Errorf("%d requests after a refusal", n)
		}
		// The first suggestion put in the form: every field kept, its time set.
		m := regexp.MustCompile(`name="slot" value="([^"]+)"`).FindStringSubmatch(body)
		slot := html.UnescapeString(m[1])
		start, _, _ := strings.Cut(slot, "/")
		at, err := time.Parse(time.RFC3339, start)
		if err != nil {
			t.Fatalf("slot %q: %v", slot, err)
		}
		pick := formValues(t, res.body, "Pelatihan <Operator>", day(12, 1, 10, 0), 2)
		pick.Set("slot", slot)
		res = v.post("/requests", pick)
		wantPage(t, "suggestion taken", res, http.StatusOK, `name="date" value="`+at.In(wib).Format(time.DateOnly)+`"`)
		for _, s := range []string{`name="start" value="` + at.In(wib).Format("15:04") + `"`,
			`value="Pelatihan &lt;Operator&gt;"`, `value="siti@example.org"`, `name="count-computer" value="2"`} {
			if !strings.Contains(string(res.body), s) {
				t.Errorf("after the suggestion the form lacks %s", s)
			}
		}
		if n := e.countRequests(); n != 1 {
			t.Errorf("%d requests after taking a suggestion", n)
		}
		// Sent with that time, it is accepted.
		send := url.Values{}
		for _, name := range []string{"form_token", "room", "title", "organization", "contact_name", "contact_email",
			"contact_phone", "date", "start", "end", "participants", "letter_number", "notes", "repeat"} {
			send.Set(name, formInputValue(t, res.body, name))
		}
		send["equipment"] = []string{"computer"}
		send.Set("visibility", "public")
		if res := v.post("/requests", send); res.status != http.StatusSeeOther {
			t.Fatalf("submit the suggested time: %d\n%s", res.status, res.body)
		}
		if n := e.countRequests(); n != 2 {
			t.Errorf("%d requests after sending the suggested time", n)
		}
	})
}

// formInputValue is the value of the form's input or textarea name.
func formInputValue(t *testing.T, page []byte, name string) string {
	t.Helper()
	if m := regexp.MustCompile(`<textarea id="[^"]*" name="` + name + `"[^>]*>([^<]*)</textarea>`).FindSubmatch(page); m != nil {
		return html.UnescapeString(string(m[1]))
	}
	if m := regexp.MustCompile(`name="` + name + `" value="([^"]*)"[^>]*checked`).FindSubmatch(page); m != nil && name == "repeat" {
		return html.UnescapeString(string(m[1]))
	}
	return hiddenField(t, page, name)
}

// TestFormFieldErrors: a form the office refuses field by field comes back
// (422) as typed, the message in the form's language next to the field,
// tied to it, and nothing is stored.
func TestFormFieldErrors(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	form := formValues(t, v.formPage(), "", day(12, 1, 9, 0), 2)
	form.Set("contact_email", "siti-at-example")
	res := v.post("/requests", form)
	wantPage(t, "no title", res, http.StatusUnprocessableEntity,
		`<p class="field-error" id="err-title">Isi nama acara, paling banyak 200 karakter.</p>`)
	body := string(res.body)
	for _, s := range []string{
		`id="f-title" name="title" value="" required maxlength="200" autocomplete="off" aria-describedby="hint-title err-title" aria-invalid="true"`,
		`<a href="#f-title">Isi nama acara, paling banyak 200 karakter.</a>`, `value="siti-at-example"`,
		`value="Dinas Kesehatan"`, `role="alert"`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the refused form lacks %s", s)
		}
	}
	// With a title, the email's turn; in English with ?lang=en.
	form = formValues(t, res.body, "Rapat", day(12, 1, 9, 0), 2)
	form.Set("contact_email", "siti-at-example")
	res = v.post("/requests?lang=en", form)
	wantPage(t, "bad email", res, http.StatusUnprocessableEntity,
		`<p class="field-error" id="err-contact_email">Enter a valid email address, for example name@agency.go.id.</p>`)
	if !strings.Contains(string(res.body), `aria-describedby="hint-contact_email err-contact_email" aria-invalid="true"`) {
		t.Error("the email's error is not tied to its field")
	}
	// A start in the past, and a form whose times cannot be read.
	form = formValues(t, res.body, "Rapat", day(11, 19, 9, 0), 2)
	res = v.post("/requests", form)
	wantPage(t, "past", res, http.StatusUnprocessableEntity, `<p class="field-error" id="err-when">`)
	if !strings.Contains(string(res.body), "paling lambat 3 hari") {
		t.Errorf("the lead time is not said:\n%s", res.body)
	}
	form = formValues(t, res.body, "", day(12, 1, 9, 0), 2)
	form.Set("end", "08:00")
	form.Set("participants", "dua puluh")
	res = v.post("/requests", form)
	wantPage(t, "unreadable", res, http.StatusUnprocessableEntity,
		`<p class="field-error" id="err-end">Jam selesai harus setelah jam mulai.</p>`)
	for _, s := range []string{
		`<p class="field-error" id="err-participants">Isi jumlah peserta dengan angka, paling sedikit 1 orang.</p>`,
		`<p class="field-error" id="err-title">`, `value="dua puluh"`,
	} {
		if !strings.Contains(string(res.body), s) {
			t.Errorf("the unreadable form lacks %s", s)
		}
	}
	if n := e.countRequests(); n != 0 {
		t.Errorf("%d requests stored", n)
	}
}

// TestFormDoubleSubmit: the same form sent twice (a double tap) makes one
// request, and both answers lead to it.
func TestFormDoubleSubmit(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		v := e.visitor()
		form := formValues(t, v.formPage(), "Rapat Koordinasi", day(12, 1, 9, 0), 2)
		first := v.post("/requests", form)
		second := v.post("/requests", form)
		if first.status != http.StatusSeeOther || second.status != http.StatusSeeOther {
			t.Fatalf("double submit: %d, %d\n%s", first.status, second.status, second.body)
		}
		if a, b := first.header.Get("Location"), second.header.Get("Location"); a != b {
			t.Errorf("the two taps lead to %q and %q", a, b)
		}
		if n := e.countRequests(); n != 1 {
			t.Errorf("%d requests after a double submit", n)
		}
		// The same form changed and sent again (the back button): refused,
		// with a fresh token that then makes a new request.
		form.Set("title", "Rapat Koordinasi Kedua")
		res := v.post("/requests", form)
		wantPage(t, "resent changed", res, http.StatusUnprocessableEntity, "Formulir ini sudah pernah dikirim")
		form.Set("form_token", hiddenField(t, res.body, "form_token"))
		form.Set("start", "13:00")
		form.Set("end", "15:00")
		if res := v.post("/requests", form); res.status != http.StatusSeeOther {
			t.Fatalf("the fresh form: %d\n%s", res.status, res.body)
		}
		if n := e.countRequests(); n != 2 {
			t.Errorf("%d requests", n)
		}
	})
}

// TestFormToken: a form without its token, with a forged, another form's or
// an expired one stores nothing (403) and comes back as typed; a
// cross-origin POST is refused.
func TestFormToken(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	v := e.visitor()
	page := v.formPage()
	good := formValues(t, page, "Rapat Koordinasi", day(12, 1, 9, 0), 2)
	for name, tok := range map[string]string{
		"missing": "", "forged": "abc.123.def",
		"login form's": e.office.SignForm("login", e.clock.Now().Add(time.Hour)),
		"expired":      e.office.SignForm("request", e.clock.Now().Add(-time.Minute)),
	} {
		form := formValues(t, page, "Rapat Koordinasi", day(12, 1, 9, 0), 2)
		form.Set("form_token", tok)
		res := v.post("/requests", form)
		wantPage(t, name, res, http.StatusForbidden, "Formulir ini sudah kedaluwarsa atau tidak sah")
		if !strings.Contains(string(res.body), `value="Rapat Koordinasi"`) {
			t.Errorf("%s: the form did not come back as typed", name)
		}
	}
	req, _ := http.NewRequest("POST", e.server.URL+"/requests", strings.NewReader(good.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := v.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", res.StatusCode)
	}
	if n := e.countRequests(); n != 0 {
		t.Errorf("%d requests stored", n)
	}
	// The token expires after a day.
	e.clock.advance(formTokenLife + time.Minute)
	if res := v.post("/requests", good); res.status != http.StatusForbidden {
		t.Errorf("a day-old form: %d", res.status)
	}
	rs, err := e.store.Requests(t.Context(), store.Filter{})
	if err != nil || len(rs) != 0 {
		t.Errorf("requests %v %v", rs, err)
	}
}

// TestFormRooms: with several rooms the form offers a choice of room; the
// room chosen brings its own equipment, and the request is for it.
func TestFormRooms(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	studio := booking.Room{ID: "studio", Name: "Studio Podcast", Capacity: 8, Equipment: map[string]int{"microphone": 4}}
	e.office = office.New(office.Options{
		Store: e.store, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom(), studio},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: e.clock.Now,
	})
	e.server = serveReal(t, New(Options{Office: e.office, Store: e.store}))
	v := e.visitor()
	res := v.get("/requests/new")
	for _, s := range []string{`<select id="f-room" name="room">`, `<option value="command-center" selected>`,
		`<option value="studio">Studio Podcast</option>`, `name="room" value="command-center"`, `value="computer"`} {
		if !strings.Contains(string(res.body), s) {
			t.Errorf("the form lacks %s", s)
		}
	}
	res = v.get("/requests/new?room=studio")
	body := string(res.body)
	for _, s := range []string{`<option value="studio" selected>`, `name="room" value="studio"`,
		`name="equipment" value="microphone"`, "Kapasitas ruang: 8 orang.", "Studio Podcast"} {
		if !strings.Contains(body, s) {
			t.Errorf("the studio's form lacks %s", s)
		}
	}
	if strings.Contains(body, `value="computer"`) {
		t.Error("the studio's form offers the Command Center's computers")
	}
	form := formValues(t, res.body, "Rekaman Podcast", day(12, 1, 9, 0), 2)
	form.Set("room", "studio")
	form.Set("participants", "4")
	form["equipment"] = []string{"microphone"}
	form.Set("count-microphone", "2")
	if res := v.post("/requests", form); res.status != http.StatusSeeOther {
		t.Fatalf("submit for the studio: %d\n%s", res.status, res.body)
	}
	r, err := e.store.Request(t.Context(), 1)
	if err != nil || r.Room != "studio" || len(r.Equipment) != 1 || r.Equipment[0].Count != 2 {
		t.Errorf("stored %+v %v", r, err)
	}
}

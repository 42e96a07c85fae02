package browser

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
)

// chainTimeout bounds the whole chain's browser: the chain waits for the
// booking's end (a minute after its start) before the usage report.
const chainTimeout = 4 * time.Minute

// TestWholeChain is proof 2 of issue 10: the whole SOP chain by tapping,
// each role on their own phone. The secretary signs in with a password and
// forwards from "Menunggu Anda"; the head signs in with the link emailed to
// them (read from the .eml the daemon wrote) and disposes; the Kabid sees
// the conflict report on the request page (an overlapping pending request)
// and decides; then relay, inform, prepare, report and close, each by its
// role's own session; the logbook shows each act with its actor, and the
// applicant's tracking page the request closed.
//
// The daemon runs on the wall clock and the usage report may only follow
// the booking's end, so the booking is a minute long (rules.min_duration
// 1m) and starts a few seconds after it is submitted; the test waits for
// its end before the report. The expiry worker runs at the daemon's start
// and a minute later, by when the chain has long been informed.
func TestWholeChain(t *testing.T) {
	needAxe(t)
	t.Parallel()
	s := startSite(t, func(c *config.Config) { c.Rules.MinDuration = time.Minute })
	c := startChrome(t, chainTimeout)

	start := time.Now().Add(8 * time.Second).Truncate(time.Second)
	end := start.Add(time.Minute)
	id, token := s.submitAt("Rapat Koordinasi Percepatan Penurunan Stunting", start, end, "public")
	other, _ := s.submitAt("Bimbingan Teknis Aplikasi SRIKANDI", start, end, "public")
	req := fmt.Sprintf("/staff/requests/%d", id)

	// The secretary: password, "Menunggu Anda", forward.
	sec := c.person(s, "sekretariat")
	sec.signIn("secretary")
	sec.fromWaiting(id)
	sec.act(id, "forward", "", booking.StatusForwarded)

	// The head: the emailed sign-in link, then dispose.
	head := c.person(s, "kepala dinas")
	head.open("/login", http.StatusOK)
	head.fill("/login/link", map[string]string{"email": staffEmail(booking.RoleHead)})
	if u := head.tap(buttonIn("/login/link"), http.StatusOK); !strings.Contains(u, "/login") {
		t.Fatalf("asking for a sign-in link led to %s", u)
	}
	link := mailLink(t, s, staffEmail(booking.RoleHead), `/login/link/[A-Za-z0-9_.-]+`)
	head.open(link, http.StatusOK)
	if u := head.tap(`form[action^="/login/link/"] button[type=submit]`, http.StatusOK); !strings.HasSuffix(u, "/staff") {
		t.Fatalf("the sign-in link's button led to %s, want /staff", u)
	}
	head.fromWaiting(id)
	head.act(id, "dispose", "", booking.StatusDisposed)

	// The Kabid: the conflict report names the overlapping request; the room is available.
	kabid := c.person(s, "kabid")
	kabid.signIn("kabid")
	kabid.fromWaiting(id)
	if rep := eval[string](kabid, `(document.querySelector("#report") || {innerText: ""}).innerText`); !strings.Contains(rep, "Bimbingan Teknis Aplikasi SRIKANDI") &&
		!strings.Contains(rep, fmt.Sprintf("CC-%06d", other)) {
		t.Errorf("the Kabid's conflict report does not name the overlapping request CC-%06d:\n%s", other, rep)
	}
	kabid.act(id, "check", "available", booking.StatusChecked)

	head.open("/staff", http.StatusOK)
	head.fromWaiting(id)
	head.act(id, "relay", "", booking.StatusRelayed)

	sec.open("/staff", http.StatusOK)
	sec.fromWaiting(id)
	sec.act(id, "inform", "", booking.StatusApproved)

	// The vidcon team fills the readiness checklist (step 8), each item
	// ready; the Kabid's prepare confirms it, the list filled in for him.
	vid := c.person(s, "tim vidcon")
	vid.signIn("vidcon")
	vid.open(req, http.StatusOK)
	vid.tapLabel(`#form-ready input[name=ready_0][value=yes]`)
	vid.tapLabel(`#form-ready input[name=ready_1][value=yes]`)
	vid.act(id, "ready", "", booking.StatusApproved)

	kabid.open("/staff", http.StatusOK)
	kabid.fromWaiting(id)
	if !eval[bool](kabid, `document.querySelector("#form-prepare input[name=ready_1][value=yes]").checked`) {
		t.Errorf("the Kabid's prepare form does not show the vidcon team's checklist")
	}
	kabid.act(id, "prepare", "", booking.StatusPrepared)

	// The usage report (step 9) follows the end of the booking: the
	// planned hours are filled in; the attendance typed, each item's
	// condition tapped.
	if d := time.Until(end); d > 0 {
		t.Logf("waiting %s for the booking's end", d.Round(time.Second))
		time.Sleep(d + 500*time.Millisecond)
	}
	vid.open(req, http.StatusOK)
	vid.fill("/transitions", map[string]string{"attendance": "27", "problems": "Tidak ada kendala"})
	vid.tapLabel(`#form-report input[name=cond_0][value=baik]`)
	vid.tapLabel(`#form-report input[name=cond_1][value=baik]`)
	vid.act(id, "report", "", booking.StatusReported)
	if n := s.count(`SELECT COUNT(*) FROM transitions WHERE request_id = $1 AND action = 'report' AND usage_json LIKE '%"attendance":27%'`, id); n != 1 {
		t.Errorf("the usage report with its attendance is stored %d times, want 1", n)
	}

	kabid.open("/staff", http.StatusOK)
	kabid.fromWaiting(id)
	kabid.act(id, "close", "", booking.StatusClosed)

	// The logbook: each act of the chain with its actor.
	kabid.open("/staff/logbook", http.StatusOK)
	type entry struct{ What, Who string }
	rows := eval[[]entry](kabid, `[...document.querySelectorAll("li")].filter(li =>
		li.querySelector("a[href='/staff/requests/`+strconv.FormatInt(id, 10)+`']")).map(li => ({
			what: (li.querySelector(".what") || {innerText: ""}).innerText.trim(),
			who: (li.querySelector(".who") || {innerText: ""}).innerText.trim()}))`)
	want := []struct {
		action booking.Action
		role   booking.Role
	}{
		{booking.ActionForward, booking.RoleSecretary}, {booking.ActionDispose, booking.RoleHead},
		{booking.ActionCheck, booking.RoleKabid}, {booking.ActionRelay, booking.RoleHead},
		{booking.ActionInform, booking.RoleSecretary}, {booking.ActionPrepare, booking.RoleKabid},
		{booking.ActionReport, booking.RoleVidcon}, {booking.ActionClose, booking.RoleKabid},
	}
	for _, w := range want {
		word := actionWord[w.action]
		found := false
		for _, r := range rows {
			if strings.Contains(r.What, word) && strings.Contains(r.Who, staffName(w.role)) {
				found = true
			}
		}
		if !found {
			t.Errorf("the logbook has no %q by %s for CC-%06d; its rows: %+v", word, staffName(w.role), id, rows)
		}
	}

	// The applicant's phone: the tracking page says it is closed.
	app := c.person(s, "pemohon")
	app.open(fmt.Sprintf("/requests/%d?token=%s", id, token), http.StatusOK)
	if got := eval[string](app, `document.querySelector("#status").innerText`); !strings.Contains(got, "Selesai") {
		t.Errorf("the tracking page's status %q, want Selesai", got)
	}
}

// actionWord is each action's word in the logbook (the catalogue's
// action.* keys in Indonesian).
var actionWord = map[booking.Action]string{
	booking.ActionForward: "Meneruskan ke Kepala Dinas",
	booking.ActionDispose: "Mendisposisikan ke Kabid",
	booking.ActionCheck:   "Memeriksa jadwal",
	booking.ActionRelay:   "Meneruskan ketersediaan ke Sekretariat",
	booking.ActionInform:  "Memberitahukan pemohon",
	booking.ActionPrepare: "Memastikan kesiapan",
	booking.ActionReport:  "Melaporkan penggunaan",
	booking.ActionClose:   "Meneruskan laporan ke Kepala Dinas",
}

// statusWord is part of each status's words on the request page (the
// catalogue's status.*.detail keys in Indonesian).
var statusWord = map[booking.Status]string{
	booking.StatusForwarded: "Diteruskan ke Kepala Dinas",
	booking.StatusDisposed:  "Didisposisikan ke Kabid",
	booking.StatusChecked:   "Jadwal telah diperiksa Kabid",
	booking.StatusRelayed:   "Hasil pengecekan diteruskan ke Sekretariat",
	booking.StatusApproved:  "Disetujui",
	booking.StatusPrepared:  "ruang dan peralatan telah disiapkan",
	booking.StatusReported:  "laporan penggunaan telah dibuat",
	booking.StatusClosed:    "Selesai",
}

// fromWaiting taps, on the inbox, request id's link in "Menunggu Anda".
func (p *person) fromWaiting(id int64) {
	p.t.Helper()
	if p.path() != "/staff" {
		p.open("/staff", http.StatusOK)
	}
	href := fmt.Sprintf("/staff/requests/%d", id)
	u := p.tapWhere("CC-"+fmt.Sprintf("%06d", id)+" under Menunggu Anda", `(() => {
		const sec = [...document.querySelectorAll("section")].find(s => {
			const h = s.querySelector("h2");
			return h && h.innerText.trim().startsWith("Menunggu Anda");
		});
		return sec && sec.querySelector("a[href='`+href+`']");
	})()`, http.StatusOK)
	if !strings.HasSuffix(u, href) {
		p.t.Fatalf("%s tapped the request and landed on %s", p.name, u)
	}
}

// act takes action on the request page shown: the decision's radio (when
// given), then the action's button; the page it leads back to must show
// the request in status want.
func (p *person) act(id int64, action, decision string, want booking.Status) {
	p.t.Helper()
	form := fmt.Sprintf(`form[action$="/transitions"]:has(input[name=action][value=%q])`, action)
	if decision != "" {
		// A tap on the radio's label, as a finger does.
		p.tapLabel(fmt.Sprintf(`%s input[name=decision][value=%q]`, form, decision))
	}
	u := p.tap(form+` button[type=submit]`, http.StatusOK)
	if !strings.Contains(u, fmt.Sprintf("/staff/requests/%d", id)) {
		p.t.Fatalf("%s: %s led to %s", p.name, action, u)
	}
	if got := eval[string](p, `(document.querySelector("#status") || {innerText: ""}).innerText`); !strings.Contains(got, statusWord[want]) {
		p.t.Fatalf("%s: after %s the status reads %q, want %q\n%s", p.name, action, got, statusWord[want], p.mainText())
	}
	if got := p.s.status(id); got != want {
		p.t.Fatalf("%s: after %s the database holds status %s, want %s", p.name, action, got, want)
	}
}

// status is request id's status in the database.
func (s *site) status(id int64) booking.Status {
	s.t.Helper()
	var st string
	if err := s.db().QueryRowContext(s.t.Context(), `SELECT status FROM requests WHERE id = $1`, id).Scan(&st); err != nil {
		s.t.Fatalf("status of %d: %v", id, err)
	}
	return booking.Status(st)
}

// tapLabel taps the label of the radio or checkbox sel finds, and checks
// that it is then checked.
func (p *person) tapLabel(sel string) {
	p.t.Helper()
	ok := eval[bool](p, `(() => {
		const el = document.querySelector(`+strconv.Quote(sel)+`);
		if (!el || !el.labels || !el.labels.length) return false;
		document.querySelectorAll("[data-tap]").forEach(e => e.removeAttribute("data-tap"));
		el.labels[0].setAttribute("data-tap", "");
		return true;
	})()`)
	if !ok {
		p.t.Fatalf("%s finds no labelled %s", p.name, sel)
	}
	if err := p.click("[data-tap]"); err != nil {
		p.t.Fatalf("%s taps the label of %s: %v", p.name, sel, err)
	}
	if !eval[bool](p, `document.querySelector(`+strconv.Quote(sel)+`).checked`) {
		p.t.Fatalf("%s tapped the label of %s, which is not checked", p.name, sel)
	}
}

// submitAt posts a request for [start, end) through the JSON API, as an
// applicant's system would, and returns its id and tracking token.
func (s *site) submitAt(title string, start, end time.Time, visibility string) (int64, string) {
	s.t.Helper()
	m := s.api("POST", "/api/v1/requests", map[string]any{
		"room": "command-center", "title": title, "organization": "Dinas Kesehatan Kabupaten Pelalawan",
		"contact_name": "Siti Aminah", "contact_email": "siti.aminah@dinkes.example.go.id", "contact_phone": "0812-7777-1234",
		"start": start.Format(time.RFC3339), "end": end.Format(time.RFC3339),
		"participants": 30, "equipment": []any{"computer", map[string]any{"name": "sound-system", "count": 1}},
		"visibility": visibility, "letter_number": "005/DINKES/XI/2026",
	}, http.StatusCreated)
	id, _ := m["id"].(float64)
	token, _ := m["tracking_token"].(string)
	if id == 0 || token == "" {
		s.t.Fatalf("submit: no id or tracking token in %v", m)
	}
	return int64(id), token
}

package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pelalawan/ccroom/booking"
)

// wib is the office time zone, Asia/Jakarta (UTC+7, no DST).
var wib = time.FixedZone("WIB", 7*60*60)

// fixture is one booking the test makes through the API, and what the feeds
// must show of it.
type fixture struct {
	key   string
	room  string
	title string
	org   string
	// public: the applicant chose visibility public, so anyone sees the title.
	public     bool
	start      time.Time
	length     time.Duration
	recurrence string
	// walk is how far it goes: "approved", "pending" (in the chain) or
	// "cancelled".
	walk string
	// personal are the contact name, email, phone, letter number and notes:
	// none may reach a public or room feed.
	name, email, phone, letter, notes string

	req     apiRequest // as the API returns it at the end
	removed []string   // EXDATE instants, UTC
}

// status is the STATUS the feeds must give it.
func (f *fixture) status() string {
	switch f.walk {
	case "approved":
		return "CONFIRMED"
	case "pending":
		return "TENTATIVE"
	}
	return "CANCELLED"
}

// publicSummary is the SUMMARY of the public and room feeds.
func (f *fixture) publicSummary() string {
	if f.public {
		return f.title
	}
	return "Terpakai – " + f.org
}

// secrets are the strings a public feed must never carry: the personal
// fields, and the title of a private booking.
func (f *fixture) secrets() []string {
	s := []string{f.name, f.email, f.phone, f.letter, f.notes, digits(f.phone)}
	if !f.public {
		s = append(s, f.title)
	}
	return s
}

func (f *fixture) application() map[string]any {
	vis := "private"
	if f.public {
		vis = "public"
	}
	app := map[string]any{
		"room": f.room, "title": f.title, "organization": f.org,
		"contact_name": f.name, "contact_email": f.email, "contact_phone": f.phone,
		"start": f.start.Format(time.RFC3339), "end": f.start.Add(f.length).Format(time.RFC3339),
		"participants": 20, "equipment": []string{"sound-system"}, "visibility": vis,
		"letter_number": f.letter, "notes": f.notes,
	}
	if f.recurrence != "" {
		app["recurrence"] = f.recurrence
	}
	return app
}

// fixtures are a public and a private approved booking, one still in the
// chain, one cancelled, a weekly series of four and a booking of another room.
// The long public title has multibyte characters, so the feed must fold it
// without splitting one.
func fixtures() []*fixture {
	now := time.Now().In(wib)
	day := func(n, hour int) time.Time {
		return time.Date(now.Year(), now.Month(), now.Day()+n, hour, 0, 0, 0, wib)
	}
	list := []*fixture{
		{key: "public", room: "command-center", public: true, walk: "approved", start: day(7, 9), length: 2 * time.Hour,
			title: "Rapat Koordinasi Percepatan Penurunan Stunting Kabupaten Pelalawan — Triwulan IV «Tahun Anggaran 2026», Sesi Pleno",
			org:   "Dinas Kesehatan"},
		{key: "private", room: "command-center", walk: "approved", start: day(7, 13), length: 90 * time.Minute,
			title: "Pembahasan Tertutup Rancangan Anggaran Rahasia", org: "Badan Keuangan Daerah"},
		{key: "pending", room: "command-center", walk: "pending", start: day(8, 9), length: time.Hour,
			title: "Bimtek Aplikasi Srikandi Tertutup", org: "Bagian Umum"},
		{key: "cancelled", room: "command-center", public: true, walk: "cancelled", start: day(8, 13), length: time.Hour,
			title: "Sosialisasi SPBE yang Dibatalkan", org: "Diskominfo"},
		{key: "weekly", room: "command-center", public: true, walk: "approved", start: day(9, 8), length: time.Hour,
			recurrence: "FREQ=WEEKLY;COUNT=4", title: "Apel Pagi Mingguan", org: "Sekretariat Daerah"},
		{key: "aula", room: "aula", public: true, walk: "approved", start: day(7, 9), length: 3 * time.Hour,
			title: "Musrenbang Kecamatan", org: "Bappeda"},
	}
	for i, f := range list {
		n := i + 1
		f.name = fmt.Sprintf("Siti Rahmawati Kontakrahasia%d", n)
		f.email = fmt.Sprintf("siti.rahasia%d@pribadi.example.id", n)
		f.phone = fmt.Sprintf("+62 812-7654-09%02d", n)
		f.letter = fmt.Sprintf("005/SURAT-RHS/%03d/2026", n)
		f.notes = fmt.Sprintf("Catatanrahasia%d: kunci ruang dititip di pos satpam", n)
	}
	return list
}

// TestFeedsReadByThirdPartyParsers runs the daemon, books through the API,
// walks the chain with the officials, fetches the public, room and staff
// feeds, and has python3-icalendar and ical.js read them: each must find the
// events expected, with the API's instants, statuses, recurrence and
// exceptions, and no personal data in a public feed.
func TestFeedsReadByThirdPartyParsers(t *testing.T) {
	parsers := findParsers(t)
	d := startDaemon(t)
	list := fixtures()
	for _, f := range list {
		f.req = d.submit(f.application())
	}
	for _, f := range list {
		d.walk(f)
	}
	d.removeOccurrence(list[4])
	for _, f := range list {
		f.req = d.get(f.req.ID)
	}

	dir := t.TempDir()
	if out := os.Getenv("CCROOM_E2E_OUT"); out != "" {
		dir = out // keep the feeds for a look (CI artifacts)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	feeds := []struct {
		name, path string
		staff      bool
		events     []*fixture
	}{
		{"public", "/feeds/public.ics", false, list},
		{"room-command-center", "/feeds/rooms/command-center.ics", false, list[:5]},
		{"room-aula", "/feeds/rooms/aula.ics", false, list[5:]},
		{"staff", d.feedURL, true, list},
	}
	var files []string
	raw := map[string][]byte{}
	for _, fd := range feeds {
		b := d.fetchFeed(fd.path)
		file := filepath.Join(dir, fd.name+".ics")
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
		raw[file] = b
		checkWire(t, fd.name, b)
		if !fd.staff {
			checkRawPrivacy(t, fd.name, b, list)
		}
	}

	for _, p := range parsers {
		t.Run(p.name, func(t *testing.T) {
			got := p.run(t, files)
			t.Logf("%s read %d feeds", got.Parser, len(got.Files))
			for i, fd := range feeds {
				pf, ok := got.Files[files[i]]
				if !ok {
					t.Fatalf("%s: no result for %s", got.Parser, files[i])
				}
				checkFeed(t, fd.name, pf, fd.events, fd.staff)
				if !fd.staff {
					checkParsedPrivacy(t, fd.name, pf, list)
				}
			}
		})
	}

	d.checkStaffTokens()
}

// walk takes f's request as far as f.walk says, each step by its role.
func (d *running) walk(f *fixture) {
	id := f.req.ID
	sec, head, kabid := booking.RoleSecretary, booking.RoleHead, booking.RoleKabid
	switch f.walk {
	case "approved":
		d.act(id, sec, "forward", "", "", "forwarded")
		d.act(id, head, "dispose", "", "Mohon dicek", "disposed")
		d.act(id, kabid, "check", "available", "Ruang tersedia", "checked")
		d.act(id, head, "relay", "", "", "relayed")
		d.act(id, sec, "inform", "", "", "approved")
	case "pending":
		d.act(id, sec, "forward", "", "", "forwarded")
		d.act(id, head, "dispose", "", "", "disposed")
	case "cancelled":
		d.act(id, sec, "forward", "", "", "forwarded")
		d.act(id, sec, "cancel", "", "Dibatalkan pemohon", "cancelled")
	default:
		d.t.Fatalf("unknown walk %q", f.walk)
	}
}

// removeOccurrence removes the second occurrence of the series through
// POST /api/v1/requests/{id}/occurrences and records it as the EXDATE the
// feeds must carry.
func (d *running) removeOccurrence(f *fixture) {
	d.t.Helper()
	if len(f.req.Occurrences) != 4 {
		d.t.Fatalf("the weekly series has %d occurrences, want 4: %+v", len(f.req.Occurrences), f.req.Occurrences)
	}
	second := f.req.Occurrences[1].Start
	body := map[string]string{"original": second.Format(time.RFC3339), "action": "remove"}
	res := d.do("POST", requestPath(f.req.ID)+"/occurrences", body, d.as(booking.RoleSecretary)...)
	if res.status != http.StatusOK {
		d.t.Fatalf("remove occurrence %s: %d %s", second.Format(time.RFC3339), res.status, res.body)
	}
	f.removed = []string{utc(second)}
}

// fetchFeed GETs a feed and checks its HTTP side: 200, the content type, a
// strong ETag that answers 304, the same bytes gzipped when asked.
func (d *running) fetchFeed(path string) []byte {
	t := d.t
	t.Helper()
	res := d.do("GET", path, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", redact(path), res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", redact(path), ct)
	}
	etag := res.header.Get("ETag")
	if etag == "" || strings.HasPrefix(etag, "W/") {
		t.Errorf("GET %s: ETag %q, want a strong one", redact(path), etag)
	} else if nm := d.do("GET", path, nil, "If-None-Match", etag); nm.status != http.StatusNotModified || len(nm.body) != 0 {
		t.Errorf("GET %s If-None-Match %s: %d with %d bytes, want 304 and none", redact(path), etag, nm.status, len(nm.body))
	}
	if gz := d.do("GET", path, nil, "Accept-Encoding", "gzip"); gz.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("GET %s Accept-Encoding gzip: Content-Encoding %q", redact(path), gz.header.Get("Content-Encoding"))
	} else if plain, err := gunzip(gz.body); err != nil || !bytes.Equal(plain, res.body) {
		t.Errorf("GET %s gzipped: %v, or not the same bytes", redact(path), err)
	}
	return res.body
}

// redact hides a staff feed token in a message.
func redact(path string) string {
	if strings.HasPrefix(path, "/feeds/staff/") {
		return "/feeds/staff/TOKEN.ics"
	}
	return path
}

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// checkStaffTokens: the token before the rotation and a made-up one answer
// 404, and no token reached the log.
func (d *running) checkStaffTokens() {
	t := d.t
	for name, path := range map[string]string{
		"old token":     d.oldFeedURL,
		"made-up token": "/feeds/staff/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
	} {
		if res := d.do("GET", path, nil); res.status != http.StatusNotFound {
			t.Errorf("staff feed with the %s: %d, want 404", name, res.status)
		}
	}
	logs := d.logs.String()
	for _, path := range []string{d.feedURL, d.oldFeedURL} {
		token := strings.TrimSuffix(strings.TrimPrefix(path, "/feeds/staff/"), ".ics")
		if strings.Contains(logs, token) {
			t.Error("a staff feed token appears in the daemon's log")
		}
	}
}

// checkWire checks what a parser might forgive: CRLF line ends, no line
// over 75 octets, no UTF-8 character split by a fold.
func checkWire(t *testing.T, name string, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("%s: does not end with END:VCALENDAR CRLF", name)
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\r\n")), []byte("\r\n"))
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("%s line %d: %d octets, over 75", name, i+1, len(l))
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("%s line %d: a bare CR or LF", name, i+1)
		}
	}
	if unfolded := unfold(b); !utf8.Valid(unfolded) {
		t.Errorf("%s: not UTF-8 once unfolded", name)
	}
	for i, l := range lines {
		if !utf8.Valid(bytes.TrimPrefix(l, []byte(" "))) {
			t.Errorf("%s line %d: a fold splits a UTF-8 character", name, i+1)
		}
	}
}

// checkRawPrivacy greps a public feed's bytes for every personal field of
// every booking: as sent, unfolded, and unfolded with TEXT escapes undone.
func checkRawPrivacy(t *testing.T, name string, b []byte, list []*fixture) {
	t.Helper()
	forms := map[string]string{
		"raw":       string(b),
		"unfolded":  string(unfold(b)),
		"unescaped": unescape(string(unfold(b))),
	}
	for _, f := range list {
		for _, s := range f.secrets() {
			for form, text := range forms {
				if containsFold(text, s) || containsFold(text, escape(s)) {
					t.Errorf("%s feed (%s bytes) carries %q of booking %q", name, form, s, f.key)
				}
			}
		}
	}
}

// checkParsedPrivacy looks for the same in every value a parser read.
func checkParsedPrivacy(t *testing.T, name string, pf parsedFile, list []*fixture) {
	t.Helper()
	for _, f := range list {
		for _, s := range f.secrets() {
			for _, v := range pf.Values {
				if containsFold(v, s) {
					t.Errorf("%s feed: parsed value %q carries %q of booking %q", name, v, s, f.key)
				}
			}
		}
	}
}

// checkFeed compares a parsed feed with the bookings it must list.
func checkFeed(t *testing.T, name string, pf parsedFile, want []*fixture, staff bool) {
	t.Helper()
	cal := pf.Calendar
	if cal["VERSION"] != "2.0" || cal["METHOD"] != "PUBLISH" || cal["PRODID"] == "" {
		t.Errorf("%s: calendar properties %v", name, cal)
	}
	if !slices.Contains(pf.Timezones, "Asia/Jakarta") {
		t.Errorf("%s: VTIMEZONEs %v, want Asia/Jakarta", name, pf.Timezones)
	}
	if len(pf.Events) != len(want) {
		var uids []string
		for _, e := range pf.Events {
			uids = append(uids, e.UID+" "+e.Status+" "+e.Summary)
		}
		t.Errorf("%s: %d events, want %d:\n%s", name, len(pf.Events), len(want), strings.Join(uids, "\n"))
	}
	for _, f := range want {
		var found []parsedEvent
		for _, e := range pf.Events {
			if strings.HasPrefix(e.UID, f.req.UID+"@") {
				found = append(found, e)
			}
		}
		if len(found) != 1 {
			t.Errorf("%s: %d events for booking %q (uid %s), want 1", name, len(found), f.key, f.req.UID)
			continue
		}
		checkEvent(t, name, found[0], f, staff)
	}
}

// checkEvent compares one VEVENT with the booking as the API has it.
func checkEvent(t *testing.T, feed string, e parsedEvent, f *fixture, staff bool) {
	t.Helper()
	where := fmt.Sprintf("%s, booking %q", feed, f.key)
	if e.Status != f.status() {
		t.Errorf("%s: STATUS %q, want %q (API status %s)", where, e.Status, f.status(), f.req.Status)
	}
	summary := f.publicSummary()
	if staff {
		summary = f.title
	}
	if e.Summary != summary {
		t.Errorf("%s: SUMMARY %q, want %q", where, e.Summary, summary)
	}
	if e.Start != utc(f.req.Start) || e.End != utc(f.req.End) {
		t.Errorf("%s: %s to %s, the API says %s to %s", where, e.Start, e.End, utc(f.req.Start), utc(f.req.End))
	}
	if e.Sequence != f.req.Sequence {
		t.Errorf("%s: SEQUENCE %d, the API says %d", where, e.Sequence, f.req.Sequence)
	}
	if e.RecurrenceID != "" {
		t.Errorf("%s: a RECURRENCE-ID %s on the only event", where, e.RecurrenceID)
	}
	room := map[string]string{"command-center": "Ruang Pelalawan Command Center", "aula": "Aula Kantor Bupati"}[f.room]
	if e.Location != room {
		t.Errorf("%s: LOCATION %q, want %q", where, e.Location, room)
	}
	if staff {
		for _, s := range []string{f.name, f.email, f.letter} {
			if !strings.Contains(e.Description, s) {
				t.Errorf("%s: the staff DESCRIPTION lacks %q: %q", where, s, e.Description)
			}
		}
	}
	checkRecurrence(t, where, e, f)
}

// checkRecurrence compares RRULE, EXDATE and, where the parser expands the
// rule (ical.js), the occurrences with the API's.
func checkRecurrence(t *testing.T, where string, e parsedEvent, f *fixture) {
	t.Helper()
	if !sameRule(e.RRule, f.recurrence) {
		t.Errorf("%s: RRULE %q, want %q", where, e.RRule, f.recurrence)
	}
	exdates := f.removed
	if exdates == nil {
		exdates = []string{}
	}
	if e.Exdates == nil {
		e.Exdates = []string{}
	}
	if !slices.Equal(e.Exdates, exdates) {
		t.Errorf("%s: EXDATE %v, want %v", where, e.Exdates, exdates)
	}
	if f.recurrence == "" || e.Occurrences == nil {
		return
	}
	var occ []string
	for _, s := range f.req.Occurrences {
		if !slices.Contains(f.removed, utc(s.Start)) {
			occ = append(occ, utc(s.Start))
		}
	}
	if !slices.Equal(e.Occurrences, occ) {
		t.Errorf("%s: the parser expands the series to %v, the API has %v", where, e.Occurrences, occ)
	}
}

// sameRule compares two RRULE values part by part, in any order.
func sameRule(a, b string) bool {
	parts := func(s string) []string {
		if s == "" {
			return nil
		}
		p := strings.Split(strings.ToUpper(s), ";")
		slices.Sort(p)
		return p
	}
	return slices.Equal(parts(a), parts(b))
}

// utc prints an instant as the parsers do.
func utc(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// unfold joins folded content lines (RFC 5545 3.1).
func unfold(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n "), nil)
	return bytes.ReplaceAll(b, []byte("\r\n\t"), nil)
}

// escape writes s as an iCalendar TEXT value.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// unescape undoes TEXT escapes.
func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n").Replace(s)
}

// digits keeps the digits of a phone number, the way it might be normalised.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

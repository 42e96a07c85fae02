package web

import (
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// auditorium is the second room of the tests that need two.
var auditorium = booking.Room{ID: "auditorium", Name: "Aula Serbaguna Lantai 2", Capacity: 120,
	Equipment: map[string]int{"projector": 1}}

// newRoomsEnv is newEnv with its own rooms and rules.
func newRoomsEnv(t *testing.T, rooms []booking.Room, rules booking.Rules) *env {
	t.Helper()
	driver, path := sqliteDSN(t)
	st, err := store.Open(t.Context(), driver, path)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, store: st, clock: &clock{now: day(11, 20, 9, 0)}, logs: &syncBuffer{}}
	reg := prometheus.NewRegistry()
	e.office = office.New(office.Options{Store: st, Rules: rules, Rooms: rooms,
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: e.clock.Now, Metrics: office.NewMetrics(reg)})
	srv := New(Options{Office: e.office, Store: st, Registry: reg, OfficeName: testOffice,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil))})
	e.server = serveReal(t, srv)
	e.addStaff()
	return e
}

// publicApplication is application with public visibility.
func publicApplication(title string, start time.Time, hours int) map[string]any {
	a := application(title, start, hours)
	a["visibility"] = "public"
	return a
}

// hrefs are the links of a page, unescaped.
func hrefs(body []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllSubmatch(body, -1) {
		out = append(out, html.UnescapeString(string(m[1])))
	}
	return out
}

// hasLink reports whether the page links to a URL with this path and query.
func hasLink(t *testing.T, body []byte, path string, query url.Values) bool {
	t.Helper()
	for _, h := range hrefs(body) {
		u, err := url.Parse(h)
		if err == nil && u.Path == path && u.Query().Encode() == query.Encode() {
			return true
		}
	}
	return false
}

func wantText(t *testing.T, what string, body []byte, texts ...string) {
	t.Helper()
	page := strings.Join(strings.Fields(textOf(string(body))), " ")
	for _, s := range texts {
		if !strings.Contains(page, s) {
			t.Errorf("%s: the page lacks %q:\n%s", what, s, page)
		}
	}
}

// wantLabels checks what a screen reader reads of the month's days (their
// hidden text; the visible digits and marks are hidden from it).
func wantLabels(t *testing.T, what string, body []byte, labels ...string) {
	t.Helper()
	for _, l := range labels {
		if !strings.Contains(html.UnescapeString(string(body)), `<span class="vh">`+l+`</span>`) {
			t.Errorf("%s: no day labelled %q", what, l)
		}
	}
}

func calendarQueryOf(room, view, date string) url.Values {
	return url.Values{"room": {room}, "view": {view}, "date": {date}}
}

// TestCalendarViews: the month, week and day of a room, in Indonesian
// dates and times, with links to the previous, next and current period and
// to the other views.
func TestCalendarViews(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(publicApplication("Rapat Koordinasi Penanganan Stunting Kabupaten Pelalawan", day(12, 7, 9, 0), 2))
		e.approve(id)
		e.submit(publicApplication("Sosialisasi Aplikasi Srikandi", day(12, 9, 13, 0), 1))
		cc := "command-center"

		month := e.do("GET", "/calendar?room=command-center&view=month&date=2026-12-15", nil)
		wantPage(t, "month", month, http.StatusOK, "Desember 2026")
		wantText(t, "month", month.body, "Jam buka 07.00–17.00 WIB", "Sen", "Min", "Bulan lalu", "Bulan depan", "Hari ini")
		wantLabels(t, "month", month.body, "Senin, 7 Desember 2026: 1 terpakai",
			"Rabu, 9 Desember 2026: 1 menunggu persetujuan", "Kamis, 10 Desember 2026: kosong")
		for _, q := range []url.Values{calendarQueryOf(cc, "month", "2026-11-01"), calendarQueryOf(cc, "month", "2027-01-01"),
			calendarQueryOf(cc, "month", "2026-11-20"), calendarQueryOf(cc, "day", "2026-12-07"),
			calendarQueryOf(cc, "week", "2026-12-15"), calendarQueryOf(cc, "day", "2026-12-15")} {
			if !hasLink(t, month.body, "/calendar", q) {
				t.Errorf("month: no link to %s", q.Encode())
			}
		}

		week := e.do("GET", "/calendar?room=command-center&view=week&date=2026-12-09", nil)
		wantPage(t, "week", week, http.StatusOK, "7–13 Desember 2026")
		wantText(t, "week", week.body, "Senin 7 Desember", "Minggu 13 Desember",
			"09.00–11.00 Rapat Koordinasi Penanganan Stunting Kabupaten Pelalawan",
			"13.00–14.00 Sosialisasi Aplikasi Srikandi menunggu persetujuan", "Minggu lalu", "Minggu depan")
		for _, q := range []url.Values{calendarQueryOf(cc, "week", "2026-11-30"), calendarQueryOf(cc, "week", "2026-12-14"),
			calendarQueryOf(cc, "day", "2026-12-07")} {
			if !hasLink(t, week.body, "/calendar", q) {
				t.Errorf("week: no link to %s", q.Encode())
			}
		}
		if !strings.Contains(string(week.body), `class="blk booking rs5 re9 l0 o1"`) {
			t.Errorf("week: the booking is not on rows 5 to 9 (09.00 to 11.00 from 07.00):\n%s", week.body)
		}

		across := e.do("GET", "/calendar?view=week&date=2026-12-31", nil)
		wantPage(t, "week across the year", across, http.StatusOK, "28 Desember 2026 – 3 Januari 2027")

		d := e.do("GET", "/calendar?room=command-center&view=day&date=2026-12-07", nil)
		wantPage(t, "day", d, http.StatusOK, "Senin, 7 Desember 2026")
		wantText(t, "day", d.body, "Kemarin", "Besok", "Pemakaian ruang", "Waktu kosong")
		if !hasLink(t, d.body, "/calendar", calendarQueryOf(cc, "day", "2026-12-06")) ||
			!hasLink(t, d.body, "/calendar", calendarQueryOf(cc, "day", "2026-12-08")) {
			t.Errorf("day: no link to the day before or after")
		}

		en := e.do("GET", "/calendar?view=day&date=2026-12-07&lang=en", nil)
		wantPage(t, "English day", en, http.StatusOK, "Monday, 7 December 2026")
		wantText(t, "English day", en.body, "09:00–11:00", "Open 07:00–17:00 WIB")
		if !hasLink(t, en.body, "/calendar", url.Values{"room": {cc}, "view": {"day"}, "date": {"2026-12-08"}, "lang": {"en"}}) {
			t.Errorf("English day: the links do not keep lang=en")
		}
	})
}

// TestCalendarDefaults: without parameters, /calendar is this week of the
// first room.
func TestCalendarDefaults(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	res := e.do("GET", "/calendar", nil)
	wantPage(t, "default", res, http.StatusOK, "16–22 November 2026")
	wantText(t, "default", res.body, "Ruang Pelalawan Command Center")
}

// TestCalendarFreeSlots: the day view lists the free spans within the
// opening hours, the rules' buffer kept around each booking, and links each
// to the form filled with its start and end.
func TestCalendarFreeSlots(t *testing.T) {
	rules := testRules()
	rules.Buffer = 30 * time.Minute
	e := newRoomsEnv(t, []booking.Room{booking.DefaultRoom()}, rules)
	id, _ := e.submit(application("Rapat", day(12, 7, 9, 0), 2))
	e.approve(id)
	e.submit(application("Pelatihan", day(12, 7, 14, 0), 1)) // pending, also kept free

	res := e.do("GET", "/calendar?view=day&date=2026-12-07", nil)
	wantPage(t, "day", res, http.StatusOK, "Waktu kosong")
	wantText(t, "day", res.body, "07.00–08.30 1 jam 30 menit", "11.30–13.30 2 jam", "15.30–17.00 1 jam 30 menit",
		"paling lambat 3 hari")
	for _, span := range [][2]time.Time{{day(12, 7, 7, 0), day(12, 7, 8, 30)}, {day(12, 7, 11, 30), day(12, 7, 13, 30)},
		{day(12, 7, 15, 30), day(12, 7, 17, 0)}} {
		q := url.Values{"room": {"command-center"}, "start": {span[0].Format(time.RFC3339)}, "end": {span[1].Format(time.RFC3339)}}
		if !hasLink(t, res.body, "/requests/new", q) {
			t.Errorf("no free-slot link %s in:\n%v", q.Encode(), hrefs(res.body))
		}
	}
	if !strings.Contains(string(res.body), "start=2026-12-07T07%3A00%3A00%2B07%3A00") {
		t.Errorf("the slot's time is not escaped for a query (+ must be %%2B)")
	}

	// Now is 2026-11-20 09:00 and requests come 3 days ahead: nothing is
	// offered before 2026-11-23, which is offered whole.
	for _, d := range []string{"2026-11-20", "2026-11-22"} {
		early := e.do("GET", "/calendar?view=day&date="+d, nil)
		if strings.Contains(string(early.body), "/requests/new?end=") {
			t.Errorf("%s, inside the lead time, offers free slots", d)
		}
		wantText(t, d, early.body, "Tanggal ini terlalu dekat untuk diajukan.", "paling lambat 3 hari")
	}
	first := e.do("GET", "/calendar?view=day&date=2026-11-23", nil)
	if !hasLink(t, first.body, "/requests/new", url.Values{"room": {"command-center"},
		"start": {day(11, 23, 7, 0).Format(time.RFC3339)}, "end": {day(11, 23, 17, 0).Format(time.RFC3339)}}) {
		t.Errorf("the first day past the lead time is not offered whole: %v", hrefs(first.body))
	}
	far := e.do("GET", "/calendar?view=day&date=2027-11-21", nil) // 365 days ahead at most
	wantText(t, "past the horizon", far.body, "Tanggal ini terlalu jauh ke depan untuk diajukan.")
	if last := e.do("GET", "/calendar?view=day&date=2027-11-20", nil); !strings.Contains(string(last.body), "/requests/new?end=") {
		t.Errorf("the horizon's last day offers no free slot")
	}
	past := e.do("GET", "/calendar?view=day&date=2026-11-19", nil)
	wantText(t, "past day", past.body, "Tanggal ini sudah lewat.")
	if strings.Contains(string(past.body), "/requests/new?end=") {
		t.Errorf("a past day offers free slots")
	}
}

// TestCalendarClosedDay: a closed weekday shows no free time, and the
// hours line names it.
func TestCalendarClosedDay(t *testing.T) {
	rules := testRules()
	rules.ClosedWeekdays = []time.Weekday{time.Saturday, time.Sunday}
	e := newRoomsEnv(t, []booking.Room{booking.DefaultRoom()}, rules)
	res := e.do("GET", "/calendar?view=day&date=2026-12-06", nil)
	wantPage(t, "Sunday", res, http.StatusOK, "Ruang tutup pada hari ini.")
	wantText(t, "Sunday", res.body, "tutup hari Sabtu, Minggu")
	month := e.do("GET", "/calendar?view=month&date=2026-12-06", nil)
	wantLabels(t, "month", month.body, "Minggu, 6 Desember 2026: tutup")
}

// TestCalendarPrivacy: the public pages show an approved booking's title
// only when the applicant made it public; a private one reads "Terpakai";
// an imported event reads "Terpakai"; no page holds a contact's name,
// email or phone, a letter number or notes.
func TestCalendarPrivacy(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		private, _ := e.submit(application(secretTitle, day(12, 7, 9, 0), 2))
		e.approve(private)
		public, _ := e.submit(publicApplication("Bimbingan Teknis Operator Desa", day(12, 8, 9, 0), 2))
		e.approve(public)
		e.submit(application("Rapat Tertutup Inspektorat", day(12, 9, 9, 0), 2)) // pending, private
		err := e.store.SyncExternal(t.Context(), store.ExternalSync{CalendarID: "cal", Full: true,
			Upsert: []store.ExternalEvent{{CalendarID: "cal", EventID: "ev1", Room: "command-center",
				Title: "Kunjungan Bupati (rahasia)", Start: day(12, 10, 10, 0), End: day(12, 10, 12, 0)}}, At: e.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{secretTitle, "Rapat Tertutup Inspektorat", "Kunjungan Bupati", "Siti Aminah",
			"siti@example.org", "0812-7777-1234", "005/DINKES/XI/2026", "Rapat koordinasi", "Dinas Kesehatan"}
		for _, path := range []string{"/?date=2026-12-07", "/calendar?view=week&date=2026-12-07",
			"/calendar?view=month&date=2026-12-07", "/calendar?view=day&date=2026-12-07",
			"/calendar?view=day&date=2026-12-09", "/calendar?view=day&date=2026-12-10",
			"/calendar?view=week&date=2026-12-07&lang=en"} {
			res := e.do("GET", path, nil)
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d", path, res.status)
			}
			for _, s := range secrets {
				if strings.Contains(string(res.body), s) {
					t.Errorf("%s shows %q", path, s)
				}
			}
		}
		week := e.do("GET", "/calendar?view=week&date=2026-12-07", nil)
		wantText(t, "week", week.body, "09.00–11.00 Terpakai", "09.00–11.00 Bimbingan Teknis Operator Desa",
			"09.00–11.00 Terpakai menunggu persetujuan", "10.00–12.00 Terpakai")
		if n := strings.Count(string(week.body), `class="blk external`); n != 1 {
			t.Errorf("week: %d imported events, want 1", n)
		}
		en := e.do("GET", "/calendar?view=day&date=2026-12-07&lang=en", nil)
		wantText(t, "English", en.body, "09:00–11:00 Reserved")
	})
}

// TestCalendarRooms: with several rooms, each page offers them all, shows
// the chosen one's bookings only, and an unknown room is a 404 page.
func TestCalendarRooms(t *testing.T) {
	e := newRoomsEnv(t, []booking.Room{booking.DefaultRoom(), auditorium}, testRules())
	a := publicApplication("Seminar Literasi Digital untuk Pelajar SMA", day(12, 8, 13, 0), 3)
	a["room"], a["equipment"] = auditorium.ID, []any{}
	id, _ := e.submit(a)
	e.approve(id)

	home := e.do("GET", "/?date=2026-12-08", nil)
	wantPage(t, "home", home, http.StatusOK, `<select id="cal-room" name="room">`)
	for _, s := range []string{`<option value="command-center" selected>Ruang Pelalawan Command Center</option>`,
		`<option value="auditorium">Aula Serbaguna Lantai 2</option>`, `action="/calendar"`} {
		if !strings.Contains(string(home.body), s) {
			t.Errorf("home lacks %s", s)
		}
	}
	if strings.Contains(string(home.body), "Seminar Literasi") {
		t.Errorf("the first room's week shows the other room's booking")
	}
	aula := e.do("GET", "/calendar?room=auditorium&date=2026-12-08", nil)
	wantText(t, "auditorium", aula.body, "Aula Serbaguna Lantai 2", "13.00–16.00 Seminar Literasi Digital untuk Pelajar SMA",
		"Kapasitas 120 orang")
	if !hasLink(t, aula.body, "/requests/new", url.Values{"room": {"auditorium"}}) {
		t.Errorf("the apply button does not name the room: %v", hrefs(aula.body))
	}
	if !hasLink(t, aula.body, "/calendar", calendarQueryOf("auditorium", "day", "2026-12-08")) {
		t.Errorf("the week's day links leave the room")
	}
	res := e.do("GET", "/calendar?room=gudang", nil)
	wantPage(t, "unknown room", res, http.StatusNotFound, "Ruang itu tidak ada")
}

// TestCalendarBadParameters: a view or date that cannot be read is a 400
// page in the visitor's language, never a 500.
func TestCalendarBadParameters(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	cases := []struct {
		path   string
		status int
		text   string
	}{
		{"/calendar?view=year", http.StatusBadRequest, "Tampilan kalender tidak dikenal"},
		{"/calendar?date=2026-13-01", http.StatusBadRequest, "Tanggal tidak dapat dibaca"},
		{"/calendar?date=07-12-2026", http.StatusBadRequest, "Tanggal tidak dapat dibaca"},
		{"/calendar?date=0001-01-01", http.StatusBadRequest, "Tanggal tidak dapat dibaca"},
		{"/calendar?date=9999-12-31&view=month", http.StatusBadRequest, "Tanggal tidak dapat dibaca"},
		{"/calendar?date=2026-02-30", http.StatusBadRequest, "Tanggal tidak dapat dibaca"},
		{"/calendar?room=%00", http.StatusNotFound, "Ruang itu tidak ada"},
		{"/?view=decade", http.StatusBadRequest, "Tampilan kalender tidak dikenal"},
		{"/calendar?view=year&lang=en", http.StatusBadRequest, "Unknown calendar view"},
		{"/staff/calendar?view=year", http.StatusSeeOther, ""},
	}
	for _, c := range cases {
		res := e.visitor().get(c.path)
		if res.status != c.status {
			t.Errorf("%s: %d, want %d", c.path, res.status, c.status)
			continue
		}
		if c.text != "" {
			wantPage(t, c.path, res, c.status, c.text)
		}
	}
}

// TestStaffCalendar: signed out, /staff/calendar sends to /login; signed
// in, each block names the applicant, the organization and the state, and
// links to the request; the month links to the staff's day view.
func TestStaffCalendar(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application(secretTitle, day(12, 7, 9, 0), 2))
		e.approve(id)
		pending, _ := e.submit(application("Rapat Evaluasi Triwulan", day(12, 8, 13, 0), 2))
		err := e.store.SyncExternal(t.Context(), store.ExternalSync{CalendarID: "cal", Full: true,
			Upsert: []store.ExternalEvent{{CalendarID: "cal", EventID: "ev1", Room: "",
				Title: "Upacara Hari Jadi", Start: day(12, 9, 7, 0), End: day(12, 9, 9, 0)}}, At: e.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		v := e.visitor()
		out := v.get("/staff/calendar?view=week&date=2026-12-07")
		if out.status != http.StatusSeeOther || out.header.Get("Location") !=
			"/login?next="+url.QueryEscape("/staff/calendar?view=week&date=2026-12-07") {
			t.Fatalf("signed out: %d %s", out.status, out.header.Get("Location"))
		}
		v.signIn("secretary")
		week := v.get("/staff/calendar?view=week&date=2026-12-07")
		wantPage(t, "staff week", week, http.StatusOK, "7–13 Desember 2026")
		wantText(t, "staff week", week.body, "09.00–11.00 "+secretTitle, "Siti Aminah", "Dinas Kesehatan", "Disetujui",
			booking.Number(id), "13.00–15.00 Rapat Evaluasi Triwulan menunggu persetujuan", "Diajukan",
			"07.00–09.00 Upacara Hari Jadi", "Acara kalender kantor")
		for _, want := range []string{staffRequestLink(id), staffRequestLink(pending)} {
			if !slicesContains(hrefs(week.body), want) {
				t.Errorf("staff week: no link to %s", want)
			}
		}
		if strings.Contains(string(week.body), `class="button cal-apply"`) || !strings.Contains(string(week.body), `action="/staff/calendar"`) {
			t.Errorf("staff week: wrong form or apply button")
		}
		month := v.get("/staff/calendar?view=month&date=2026-12-07")
		if !hasLink(t, month.body, "/staff/calendar", calendarQueryOf("command-center", "day", "2026-12-07")) {
			t.Errorf("staff month: no link to the staff's day view")
		}
		d := v.get("/staff/calendar?view=day&date=2026-12-07")
		wantText(t, "staff day", d.body, "Siti Aminah", "Disetujui")
		if week.header.Get("Cache-Control") != "no-store" {
			t.Errorf("staff page Cache-Control %q", week.header.Get("Cache-Control"))
		}
	})
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

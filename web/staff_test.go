package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// numbers lists the request numbers (CC-000012) in a page's section
// (waiting, in_process, upcoming, results), in order.
func numbers(t *testing.T, body []byte, section string) []string {
	t.Helper()
	page := string(body)
	i := strings.Index(page, `<section class="inbox" id="`+section+`"`)
	if i < 0 {
		t.Fatalf("no section %s in:\n%s", section, page)
	}
	page = page[i:]
	page = page[:strings.Index(page, "</section>")]
	return regexp.MustCompile(`class="num">(CC-\d{6})<`).FindAllString(page, -1)
}

// flat is a page's text with its white space collapsed.
func flat(page string) string { return strings.Join(strings.Fields(textOf(page)), " ") }

// num is how numbers finds request id.
func num(id int64) string { return `class="num">` + booking.Number(id) + `<` }

// staffGet fetches a staff page that must answer 200.
func (v *visitor) staffGet(path string) []byte {
	v.e.t.Helper()
	res := v.get(path)
	if res.status != http.StatusOK {
		v.e.t.Fatalf("GET %s: %d\n%s", path, res.status, res.body)
	}
	return res.body
}

// step posts the form of action on request id's page, with its form token.
func (v *visitor) step(id int64, action, decision, note string) response {
	v.e.t.Helper()
	page := v.staffGet(staffRequestPath(id))
	form := recordForm(action) // the checklist or the usage report of steps 8 and 9 (usage_test.go)
	if form == nil {
		form = url.Values{}
	}
	form.Set("form_token", hiddenField(v.e.t, page, "form_token"))
	form.Set("action", action)
	form.Set("decision", decision)
	form.Set("note", note)
	return v.post(staffRequestPath(id)+"/transitions", form)
}

// statusOf is request id's status as stored.
func (e *env) statusOf(id int64) booking.Status {
	e.t.Helper()
	r, err := e.store.Request(e.t.Context(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Status
}

func TestInboxSections(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		a, _ := e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
		b, _ := e.submit(application("Bimbingan Teknis Aplikasi SRIKANDI", day(12, 2, 9, 0), 2))
		e.act(b, "secretary", "forward", "", "", http.StatusOK)
		approved, _ := e.submit(application("Sosialisasi Satu Data", day(11, 25, 13, 0), 2))
		for _, s := range [][3]string{{"secretary", "forward", ""}, {"head", "dispose", ""}, {"kabid", "check", "available"},
			{"head", "relay", ""}, {"secretary", "inform", ""}} {
			e.act(approved, s[0], s[1], s[2], "", http.StatusOK)
		}
		e.addUser("acting", booking.Grant{Role: booking.RoleHead, From: day(11, 19, 0, 0), Until: day(11, 27, 0, 0)})
		e.addUser("later", booking.Grant{Role: booking.RoleHead, From: day(12, 1, 0, 0)})
		for _, tc := range []struct {
			who                string
			waiting, inProcess []int64
		}{
			{"secretary", []int64{a}, []int64{b, approved}},
			{"head", []int64{b}, []int64{a, approved}},
			{"acting", []int64{b}, []int64{a, approved}},
			{"kabid", []int64{approved}, []int64{a, b}},
			{"vidcon", nil, []int64{a, b, approved}},
		} {
			v := e.visitor()
			v.signIn(tc.who)
			body := v.staffGet("/staff")
			for section, want := range map[string][]int64{"waiting": tc.waiting, "in_process": tc.inProcess} {
				got := numbers(t, body, section)
				var wantNums []string
				for _, id := range want {
					wantNums = append(wantNums, num(id))
				}
				slices.Sort(got)
				slices.Sort(wantNums)
				if !slices.Equal(got, wantNums) {
					t.Errorf("%s's %s: %v, want %v", tc.who, section, got, wantNums)
				}
			}
			if up := numbers(t, body, "upcoming"); !slices.Equal(up, []string{num(approved)}) {
				t.Errorf("%s's upcoming: %v, want the approved booking only", tc.who, up)
			}
			if !strings.Contains(string(body), `href="/staff/requests/`+fmt.Sprint(a)+`"`) {
				t.Errorf("%s's inbox does not link request %d", tc.who, a)
			}
		}
		v := e.visitor()
		v.e.setPassword("later")
		if res := v.login("later", password); res.status == http.StatusSeeOther {
			if res := v.get("/staff"); res.status != http.StatusForbidden {
				t.Errorf("a head from next month: inbox %d, want 403", res.status)
			}
		}
	})
}

func TestInboxLateFirst(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	early, _ := e.submit(application("Rapat Evaluasi Kinerja Triwulan IV", day(12, 3, 9, 0), 2))
	e.clock.advance(3 * time.Minute)
	later, _ := e.submit(application("Rapat Persiapan Hari Jadi Kabupaten", day(12, 1, 9, 0), 2))
	v := e.visitor()
	v.signIn("secretary")
	body := string(v.staffGet("/staff"))
	if strings.Contains(body, `row late`) || strings.Contains(flat(body), "Terlambat") {
		t.Errorf("nothing is late yet:\n%s", flat(body))
	}
	e.clock.advance(4 * time.Minute) // early: 7 minutes of 5; later: 4 of 5
	b := v.staffGet("/staff")
	got := numbers(t, b, "waiting")
	if !slices.Equal(got, []string{num(early), num(later)}) {
		t.Fatalf("waiting %v, want the late one first", got)
	}
	text := flat(string(b))
	if !strings.Contains(text, "7 menit di tahap ini (standar 5 menit) Terlambat") {
		t.Errorf("the late request is not marked in words:\n%s", text)
	}
	if strings.Count(string(b), `class="row late"`) != 1 || strings.Count(text, "Terlambat") != 1 {
		t.Errorf("want exactly one late row:\n%s", text)
	}
	if !strings.Contains(text, "4 menit di tahap ini (standar 5 menit)") {
		t.Errorf("the other request's age is missing:\n%s", text)
	}
}

func TestInboxSearch(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		stunting, _ := e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
		body := application("Bimtek Aplikasi SRIKANDI", day(1, 12, 9, 0).AddDate(1, 0, 0), 2)
		body["organization"] = "Badan Kepegawaian dan Pengembangan SDM"
		bimtek, _ := e.submit(body)
		e.act(bimtek, "secretary", "forward", "", "", http.StatusOK)
		v := e.visitor()
		v.signIn("head")
		for _, tc := range []struct {
			query string
			want  []int64
		}{
			{"q=" + booking.Number(stunting), []int64{stunting}},
			{"q=cc" + fmt.Sprint(bimtek), []int64{bimtek}},
			{"q=" + fmt.Sprint(stunting), []int64{stunting}},
			{"q=CC-000000", nil},
			{"q=stunting", []int64{stunting}},
			{"q=KEPEGAWAIAN", []int64{bimtek}},
			{"q=rapat%25", nil},
			{"status=forwarded", []int64{bimtek}},
			{"status=submitted&q=rapat", []int64{stunting}},
			{"month=2026-12", []int64{stunting}},
			{"month=2027-01", []int64{bimtek}},
			{"month=2027-02", nil},
			{"q=a&month=2026-12", []int64{stunting}},
		} {
			b := v.staffGet("/staff?" + tc.query)
			got := numbers(t, b, "results")
			var want []string
			for _, id := range tc.want {
				want = append(want, num(id))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", tc.query, got, want)
			}
			if strings.Contains(string(b), `id="waiting"`) {
				t.Errorf("%s: the results page also shows the inbox", tc.query)
			}
		}
		b := string(v.staffGet("/staff?month=Desember"))
		if !strings.Contains(b, `aria-invalid="true" aria-describedby="month-error"`) ||
			!strings.Contains(flat(b), "Bulan harus ditulis TTTT-BB") {
			t.Errorf("a bad month is not explained at its field:\n%s", b)
		}
		if b := string(v.staffGet("/staff?q=stunting")); !strings.Contains(b, `value="stunting"`) {
			t.Error("the search form does not keep what was typed")
		}
	})
}

func TestStaffRequestPage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	first, _ := e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
	second, _ := e.submit(application("Bimbingan Teknis Aplikasi SRIKANDI", day(12, 1, 10, 0), 2))
	sec := e.visitor()
	sec.signIn("secretary")
	body := string(sec.staffGet(staffRequestPath(second)))
	text := flat(body)
	for _, want := range []string{"Siti Aminah", "siti@example.org", "0812-7777-1234", "005/DINKES/XI/2026",
		"Privat", "sound-system (1)", "Jumlah peserta 20", "Pengecekan jadwal saat ini",
		"Rapat Koordinasi Percepatan Penurunan Stunting", // the other request in the warnings, named for staff
		"Menunggu: Teruskan ke Kepala Dinas (Sekretariat)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{`href="mailto:siti@example.org"`, `href="tel:081277771234"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if got := formActions(body); !slices.Equal(got, []string{"forward", "cancel"}) {
		t.Errorf("the secretary's forms: %v, want forward and cancel", got)
	}
	head := e.visitor()
	head.signIn("head")
	if got := formActions(string(head.staffGet(staffRequestPath(second)))); len(got) != 0 {
		t.Errorf("the head's forms on a submitted request: %v, want none", got)
	}
	e.act(first, "secretary", "forward", "", "", http.StatusOK)
	e.act(first, "head", "dispose", "", "", http.StatusOK)
	kabid := e.visitor()
	kabid.signIn("kabid")
	kb := string(kabid.staffGet(staffRequestPath(first)))
	if got := formActions(kb); !slices.Equal(got, []string{"check"}) {
		t.Errorf("the Kabid's forms: %v, want check", got)
	}
	if !strings.Contains(kb, `name="decision" value="unavailable"`) || !strings.Contains(kb, `<legend>`) {
		t.Error("the check form has no decision")
	}
	if res := e.visitor().get(staffRequestPath(first)); res.status != http.StatusSeeOther ||
		!strings.HasPrefix(res.header.Get("Location"), "/login?next=") {
		t.Errorf("signed out: %d %s, want 303 to /login", res.status, res.header.Get("Location"))
	}
	if res := sec.get("/staff/requests/999"); res.status != http.StatusNotFound {
		t.Errorf("an unknown request: %d, want 404", res.status)
	}
}

// formActions lists the actions of a page's step forms, in order.
func formActions(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`name="action" value="([a-z_]+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestStaffTransition(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
		sec, head := e.visitor(), e.visitor()
		sec.signIn("secretary")
		head.signIn("head")

		res := head.step(id, "forward", "", "")
		if res.status != http.StatusForbidden || !strings.Contains(flat(string(res.body)), "hanya dapat dilakukan oleh Sekretariat") {
			t.Errorf("the head forwards: %d\n%s", res.status, flat(string(res.body)))
		}
		res = sec.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {"forged"}, "action": {"forward"}})
		if res.status != http.StatusForbidden || e.statusOf(id) != booking.StatusSubmitted {
			t.Errorf("a forged form token: %d, status %s", res.status, e.statusOf(id))
		}
		if res := e.visitor().post(staffRequestPath(id)+"/transitions", url.Values{"action": {"forward"}}); res.status != http.StatusSeeOther {
			t.Errorf("signed out: %d, want 303 to /login", res.status)
		}

		page := sec.staffGet(staffRequestPath(id))
		token := hiddenField(t, page, "form_token")
		res = sec.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {token}, "action": {"forward"}, "note": {"Mohon arahan"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != staffRequestPath(id)+"?done=forward" {
			t.Fatalf("forward: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
		}
		if got := e.statusOf(id); got != booking.StatusForwarded {
			t.Fatalf("status %s, want forwarded", got)
		}
		after := string(sec.staffGet(res.header.Get("Location")))
		if !strings.Contains(after, `role="status"`) || !strings.Contains(flat(after), "Tercatat: Teruskan ke Kepala Dinas") {
			t.Errorf("no success message:\n%s", flat(after))
		}
		if !strings.Contains(flat(after), "Bapak secretary (Sekretariat)") || !strings.Contains(flat(after), "Mohon arahan") {
			t.Errorf("the history does not name the actor and note:\n%s", flat(after))
		}
		history, _ := e.store.History(t.Context(), id)
		if last := history[len(history)-1]; last.Actor != "Bapak secretary" || last.Role != booking.RoleSecretary || last.UserID == 0 {
			t.Errorf("recorded %+v", last)
		}

		res = sec.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {token}, "action": {"forward"}})
		if res.status != http.StatusConflict || !strings.Contains(flat(string(res.body)), "tidak dapat dilakukan saat status") {
			t.Errorf("a second forward: %d\n%s", res.status, flat(string(res.body)))
		}
		if strings.Contains(string(res.body), "Internal") || e.statusOf(id) != booking.StatusForwarded {
			t.Error("the double act changed something")
		}

		res = head.step(id, "dispose", "", strings.Repeat("catatan ", 300))
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `aria-describedby="dispose-error"`) ||
			!strings.Contains(string(res.body), "Catatan paling banyak 2000 karakter") || e.statusOf(id) != booking.StatusForwarded {
			t.Errorf("a note of 2,400 characters: %d, status %s", res.status, e.statusOf(id))
		}
		e.act(id, "head", "dispose", "", "", http.StatusOK)
		kabid := e.visitor()
		kabid.signIn("kabid")
		res = kabid.step(id, "check", "unavailable", "")
		body := string(res.body)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true" aria-describedby="check-error"`) ||
			!strings.Contains(body, `id="check-error"`) {
			t.Errorf("unavailable without a reason: %d\n%s", res.status, body)
		}
		if e.statusOf(id) != booking.StatusDisposed {
			t.Error("a refused check moved the request")
		}
	})
}

func TestStaffLogbookPage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, _ := e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
	e.clock.advance(2 * time.Minute)
	e.act(id, "secretary", "forward", "", "", http.StatusOK)
	e.clock.advance(9 * time.Minute)
	e.act(id, "head", "dispose", "", "Mohon dicek", http.StatusOK)
	v := e.visitor()
	v.signIn("vidcon")
	body := string(v.staffGet("/staff/logbook"))
	text := flat(body)
	for _, want := range []string{"11-2026", "3 tindakan", "Mengajukan permohonan", "Siti Aminah (Pemohon)",
		"Meneruskan ke Kepala Dinas", "Bapak secretary (Sekretariat)", "Bapak head (Kepala Dinas)", "Mohon dicek",
		"9 menit (standar 5 menit) Terlambat", "20-11-2026 09:11 WIB"} {
		if !strings.Contains(text, want) {
			t.Errorf("the logbook lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(body, `href="/staff/requests/`+fmt.Sprint(id)+`"`) || !strings.Contains(body, `href="/staff/logbook.csv?month=2026-11"`) {
		t.Error("the logbook does not link the request or the CSV")
	}
	if b := flat(string(v.staffGet("/staff/logbook?month=2026-10"))); !strings.Contains(b, "Belum ada tindakan") {
		t.Errorf("an empty month:\n%s", b)
	}
	if res := v.get("/staff/logbook?month=oktober"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("a bad month: %d", res.status)
	}
	res := v.get("/staff/logbook.csv?month=2026-11")
	if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(string(res.body), "Bapak head") {
		t.Errorf("CSV: %d %s\n%s", res.status, res.header.Get("Content-Type"), res.body)
	}
	if res := e.visitor().get("/staff/logbook.csv?month=2026-11"); res.status != http.StatusSeeOther {
		t.Errorf("CSV signed out: %d, want 303", res.status)
	}
}

// TestStaffChainByPages: the whole SOP through the pages, each step by
// the role's own session, from "Menunggu Anda" to the close.
func TestStaffChainByPages(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
		sessions := map[string]*visitor{}
		for _, who := range []string{"secretary", "head", "kabid", "vidcon"} {
			sessions[who] = e.visitor()
			sessions[who].signIn(who)
		}
		for _, s := range []struct {
			who, action, decision, note string
			want                        booking.Status
		}{
			{"secretary", "forward", "", "", booking.StatusForwarded},
			{"head", "dispose", "", "Mohon dicek kesiapan ruang", booking.StatusDisposed},
			{"kabid", "check", "available", "Ruang dan peralatan siap", booking.StatusChecked},
			{"head", "relay", "", "", booking.StatusRelayed},
			{"secretary", "inform", "", "", booking.StatusApproved},
			{"kabid", "prepare", "", "Tim vidcon siap", booking.StatusPrepared},
			{"vidcon", "report", "", "Hadir 20 orang, peralatan baik", booking.StatusReported},
			{"kabid", "close", "", "", booking.StatusClosed},
		} {
			if s.action == "report" {
				e.clock.set(day(12, 1, 11, 30))
			}
			e.clock.advance(time.Minute)
			v := sessions[s.who]
			if got := numbers(t, v.staffGet("/staff"), "waiting"); !slices.Contains(got, num(id)) {
				t.Fatalf("before %s: %s's inbox waits for %v", s.action, s.who, got)
			}
			res := v.step(id, s.action, s.decision, s.note)
			if res.status != http.StatusSeeOther {
				t.Fatalf("%s by %s: %d\n%s", s.action, s.who, res.status, flat(string(res.body)))
			}
			if got := e.statusOf(id); got != s.want {
				t.Fatalf("after %s: %s, want %s", s.action, got, s.want)
			}
			for _, lang := range []string{"id", "en"} {
				for _, path := range []string{staffRequestPath(id), "/staff", "/staff/logbook"} {
					text := flat(string(v.staffGet(path + "?lang=" + lang)))
					if code := rawStatus(lang, text); code != "" {
						t.Errorf("%s %s after %s shows the code %q", lang, path, s.action, code)
					}
					if m := missingKey.FindString(text); m != "" {
						t.Errorf("%s %s shows the missing key %q", lang, path, m)
					}
				}
			}
		}
		log := flat(string(sessions["head"].staffGet("/staff/logbook?month=2026-11")))
		log += flat(string(sessions["head"].staffGet("/staff/logbook?month=2026-12")))
		for _, want := range []string{"Bapak secretary (Sekretariat)", "Bapak head (Kepala Dinas)", "Bapak kabid (Kabid)",
			"Bapak vidcon (Tim Vidcon)", "Memeriksa jadwal: Tersedia", "Hadir 20 orang, peralatan baik"} {
			if !strings.Contains(log, want) {
				t.Errorf("the logbook lacks %q", want)
			}
		}
	})
}

func TestStaffOccurrenceChange(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	body := application("Rapat Mingguan Tim Percepatan Transformasi Digital", day(12, 1, 9, 0), 2)
	body["recurrence"] = "FREQ=WEEKLY;COUNT=3"
	id, _ := e.submit(body)
	sec := e.visitor()
	sec.signIn("secretary")
	page := sec.staffGet(staffRequestPath(id))
	if got := formActions(string(page)); !slices.Equal(got, []string{"forward", "cancel", "move_occurrence", "remove_occurrence"}) {
		t.Fatalf("the secretary's forms: %v", got)
	}
	token := hiddenField(t, page, "form_token")
	second := day(12, 8, 9, 0).Format(time.RFC3339)
	res := sec.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {token}, "action": {"move_occurrence"},
		"original": {second}, "date": {"2026-12-09"}, "start": {"13:00"}, "end": {"15:00"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("move: %d\n%s", res.status, flat(string(res.body)))
	}
	after := flat(string(sec.staffGet(res.header.Get("Location"))))
	if !strings.Contains(after, "Pertemuan telah dipindahkan") || !strings.Contains(after, "Rabu, 09-12-2026 13:00-15:00 WIB") {
		t.Errorf("after the move:\n%s", after)
	}
	// the moved occurrence is still named by its rule-given start
	if b := string(sec.staffGet(staffRequestPath(id))); !strings.Contains(b, `value="2026-12-08T09:00:00`) {
		t.Error("the moved occurrence lost its original start")
	}
	res = sec.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {token}, "action": {"move_occurrence"},
		"original": {second}, "date": {"2026-12-09"}, "start": {"18:00"}, "end": {"20:00"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="occurrence-error"`) {
		t.Errorf("a move out of hours: %d\n%s", res.status, flat(string(res.body)))
	}
	res = sec.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {token}, "action": {"remove_occurrence"},
		"original": {day(12, 15, 9, 0).Format(time.RFC3339)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("remove: %d\n%s", res.status, flat(string(res.body)))
	}
	occ, _ := e.store.Occurrences(t.Context(), id)
	if len(occ) != 2 {
		t.Errorf("occurrences after the removal: %v", occ)
	}
	head := e.visitor()
	head.signIn("head")
	res = head.post(staffRequestPath(id)+"/transitions", url.Values{"form_token": {e.formTokenOf(head)}, "action": {"remove_occurrence"},
		"original": {day(12, 1, 9, 0).Format(time.RFC3339)}})
	if res.status != http.StatusForbidden {
		t.Errorf("the head removes an occurrence: %d", res.status)
	}
}

// TestStaffRequestLinks: the staff request page links the applicant's
// letter when one came, and each printed document once its step is done.
func TestStaffRequestLinks(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, token := e.submit(application("Rapat", day(12, 7, 9, 0), 2))
	v := e.visitor()
	v.signIn("secretary")
	page := string(v.get(fmt.Sprintf("/staff/requests/%d", id)).body)
	for _, link := range []string{"/letter.pdf", "/disposition.pdf", "/answer.pdf"} {
		if strings.Contains(page, link) {
			t.Errorf("before any letter or step, the page links %s", link)
		}
	}
	if res := e.putLetter(id, testPDF("surat"), "X-Tracking-Token", token); res.status != http.StatusCreated {
		t.Fatalf("PUT letter: %d %s", res.status, res.body)
	}
	e.approve(id)
	page = string(v.get(fmt.Sprintf("/staff/requests/%d", id)).body)
	for _, link := range []string{"/letter.pdf", "/disposition.pdf", "/answer.pdf"} {
		if !strings.Contains(page, fmt.Sprintf(`href="/staff/requests/%d%s"`, id, link)) {
			t.Errorf("the page does not link %s", link)
		}
	}
}

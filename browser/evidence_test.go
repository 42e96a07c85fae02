package browser

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestEveryPage is proof 5 of issue 10: every page, public and staff, with
// real-length data, in Indonesian, audited on a phone (axe-core, no
// sideways scroll, tap targets) and, when CCROOM_BROWSER_OUT=DIR is set,
// shot at 390x844 and 1280x800 as DIR/NN-NAME-390.png and -1280.png.
func TestEveryPage(t *testing.T) {
	needAxe(t)
	t.Parallel()
	s := startSite(t)
	c := startChrome(t, flowTimeout)

	// Tomorrow's bookings: an approved public meeting, an approved private
	// one, one in the chain waiting for the Kabid and a newer one
	// overlapping it. (On a Sunday, / shows the week without them; the
	// calendar pages show tomorrow's.)
	day := time.Now().In(wib).AddDate(0, 0, 1)
	at := func(h, m int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, wib) }
	pub, _ := s.submitAt("Rapat Koordinasi Percepatan Penurunan Stunting Tingkat Kabupaten Pelalawan", at(9, 0), at(11, 30), "public")
	s.approve(pub)
	priv, _ := s.submitAt("Pertemuan Tertutup Evaluasi Kinerja Camat Semester II", at(13, 0), at(15, 0), "private")
	s.approve(priv)
	waiting, token := s.submitAt("Bimbingan Teknis Aplikasi SRIKANDI bagi Operator Perangkat Daerah", at(15, 30), at(17, 0), "public")
	s.advance(waiting, "secretary", "forward")
	s.advance(waiting, "head", "dispose")
	s.submitAt("Sosialisasi Satu Data Indonesia Tingkat Kabupaten", at(16, 0), at(17, 30), "private")

	n := 0
	shot := func(p *person, name string) {
		t.Helper()
		n++
		p.shoot(fmt.Sprintf("%02d-%s", n, name))
	}
	date := day.Format(time.DateOnly)

	// Public pages.
	v := c.person(s, "pengunjung")
	v.open("/", http.StatusOK)
	shot(v, "home")
	for _, view := range []string{"month", "week", "day"} {
		v.open("/calendar?view="+view+"&date="+date, http.StatusOK)
		shot(v, "calendar-"+view)
	}
	v.open("/requests/new", http.StatusOK)
	shot(v, "form")
	v.fill("/requests", map[string]string{
		"date": date, "start": at(10, 0).Format("15:04"), "end": at(12, 0).Format("15:04"),
		"title": "Pelatihan Operator Aplikasi SRIKANDI Kecamatan", "participants": "25",
		"organization": "Bagian Organisasi Setda Kabupaten Pelalawan", "contact_name": "Rahmat Hidayat",
		"contact_email": "rahmat.hidayat@setda.example.go.id", "contact_phone": "0813-6543-2100",
		"equipment=computer": "true", "count-computer": "2", "visibility=public": "true",
	})
	v.tap("#send", http.StatusUnprocessableEntity)
	shot(v, "form-refused")
	v.open(fmt.Sprintf("/requests/%d?token=%s", waiting, token), http.StatusOK)
	shot(v, "track")
	v.open("/feeds", http.StatusOK)
	shot(v, "feeds")
	v.open("/login", http.StatusOK)
	shot(v, "login")
	v.fill("/login/link", map[string]string{"email": staffEmail(booking.RoleHead)})
	v.tap(buttonIn("/login/link"), http.StatusOK)
	v.open(mailLink(t, s, staffEmail(booking.RoleHead), `/login/link/[A-Za-z0-9_.-]+`), http.StatusOK)
	shot(v, "login-link")

	// Staff pages, as the Kabid (a request waits for their decision).
	k := c.person(s, "kabid")
	k.signIn("kabid")
	shot(k, "staff-inbox")
	k.open(fmt.Sprintf("/staff/requests/%d", waiting), http.StatusOK)
	shot(k, "staff-request")
	k.open("/staff/calendar?view=week&date="+date, http.StatusOK)
	shot(k, "staff-calendar")
	k.open("/staff/account", http.StatusOK)
	shot(k, "staff-account")
	k.open("/staff/logbook", http.StatusOK)
	shot(k, "staff-logbook")
	k.open("/staff/reports/compliance?month="+time.Now().In(wib).Format("2006-01"), http.StatusOK)
	shot(k, "staff-report")

	// A standing conflict: the regent's visit lands on the approved public
	// meeting. The Kabid's inbox lists it first, the request's page shows
	// it with the decision form, and so does the Kabid's signed link.
	_, decide := s.standingConflict(pub, "Kunjungan Kerja Bupati Pelalawan ke Command Center", at(10, 0), at(12, 0))
	k.open("/staff", http.StatusOK)
	shot(k, "staff-inbox-conflict")
	k.open(fmt.Sprintf("/staff/requests/%d", pub), http.StatusOK)
	shot(k, "staff-request-conflict")
	v.open("/act/"+decide, http.StatusOK)
	shot(v, "conflict-link")
}

// advance takes one step of request id as role, through the JSON API.
func (s *site) advance(id int64, role, action string) {
	s.t.Helper()
	s.api("POST", fmt.Sprintf("/api/v1/requests/%d/transitions", id), map[string]any{"action": action},
		http.StatusOK, "Authorization", "Bearer "+s.tokens[role])
}

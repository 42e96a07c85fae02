package browser

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPublicCalendarPrivacy is proof 3 of issue 10, on a phone: the public
// calendar (/, and the month, week and day views of the bookings' date)
// shows the approved public booking's title (in the week and day views; the
// month view counts the bookings of each day); its DOM holds no contact name,
// email, phone or letter number of either booking; the private booking
// reads as busy only ("Terpakai"), its title nowhere.
func TestPublicCalendarPrivacy(t *testing.T) {
	needAxe(t)
	t.Parallel()
	s := startSite(t)
	c := startChrome(t, flowTimeout)

	day := time.Now().In(wib).AddDate(0, 0, 1)
	at := func(h int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, wib) }
	const public, private = "Rapat Koordinasi Penanganan Banjir", "Pertemuan Tertutup Evaluasi Kinerja Camat"
	pub, _ := s.submitAt(public, at(9), at(11), "public")
	priv, _ := s.submitAt(private, at(13), at(15), "private")
	s.approve(pub)
	s.approve(priv)
	secret := []string{"Siti Aminah", "siti.aminah@dinkes.example.go.id", "0812-7777-1234", "081277771234",
		"005/DINKES/XI/2026", "005%2FDINKES"}

	v := c.person(s, "pengunjung")
	date := day.Format(time.DateOnly)
	for _, path := range []string{"/", "/calendar?view=month&date=" + date, "/calendar?view=week&date=" + date,
		"/calendar?view=day&date=" + date} {
		v.open(path, http.StatusOK)
		dom := v.html()
		for _, s := range append(secret, private) {
			if strings.Contains(dom, s) {
				t.Errorf("%s: the DOM holds %q", path, s)
			}
		}
		if path == "/" || strings.Contains(path, "month") {
			continue // this week need not hold tomorrow; the month counts, without titles
		}
		text := v.mainText()
		if !strings.Contains(dom, public) {
			t.Errorf("%s: the public booking's title %q is not shown:\n%s", path, public, text)
		}
		if !strings.Contains(text, "Terpakai") {
			t.Errorf("%s: the private booking does not read Terpakai:\n%s", path, text)
		}
	}
}

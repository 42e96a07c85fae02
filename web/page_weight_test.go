package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// maxPageBytes is the bound on a page: HTML, style sheet and
// script together (a QR image aside).
const maxPageBytes = 50_000

// TestPageWeight: with long titles, long notes, full days and a long
// series, every page still weighs at most 50 KB with its style sheet and
// script.
func TestPageWeight(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	long := func(s string, n int) string { return (strings.Repeat(s+" ", n))[:n] }
	note := long("Catatan panjang tentang kesiapan ruangan dan peralatan", 2000)
	for d := 7; d <= 13; d++ { // a week of full days, five bookings each
		for h := 7; h < 17; h += 2 {
			body := application(long(fmt.Sprintf("Rapat koordinasi %d-%d", d, h), 200), day(12, d, h, 0), 2)
			body["organization"] = long("Badan Perencanaan Pembangunan Daerah Kabupaten Pelalawan", 200)
			body["visibility"] = "public"
			id, _ := e.submit(body)
			e.act(id, "secretary", "forward", "", note, http.StatusOK)
			e.act(id, "head", "dispose", "", note, http.StatusOK)
			e.act(id, "kabid", "check", "available", note, http.StatusOK)
			e.act(id, "head", "relay", "", note, http.StatusOK)
			e.act(id, "secretary", "inform", "", note, http.StatusOK)
		}
	}
	series := application(long("Pelatihan harian aparatur sipil negara", 200), day(12, 14, 7, 0), 1)
	series["recurrence"] = "FREQ=DAILY;COUNT=300"
	seriesID, _ := e.submit(series)

	anyone, staff := e.visitor(), e.visitor()
	staff.signIn("secretary")
	for _, path := range []string{
		"/", "/calendar?view=month&date=2026-12-07", "/calendar?view=week&date=2026-12-07",
		"/calendar?view=day&date=2026-12-07", "/requests/new", "/login", "/feeds",
		"/staff", "/staff/calendar?view=week&date=2026-12-07", "/staff/calendar?view=month&date=2026-12-07",
		"/staff/calendar?view=day&date=2026-12-07", "/staff/logbook?month=2026-11",
		fmt.Sprintf("/staff/requests/%d", seriesID), fmt.Sprintf("/staff/requests/%d?occ=7", seriesID),
		"/staff/requests/1", "/staff/account",
	} {
		v := anyone
		if strings.HasPrefix(path, "/staff") {
			v = staff
		}
		res := v.get(path)
		if res.status != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.status)
			continue
		}
		total := len(res.body)
		for _, m := range linkedAssets.FindAllSubmatch(res.body, -1) {
			a, ok := assets.byServed[string(m[1])]
			if !ok {
				t.Fatalf("%s links an unknown asset %s", path, m[1])
			}
			total += len(a.body)
		}
		t.Logf("%s: %d bytes", path, total)
		if total > maxPageBytes {
			t.Errorf("GET %s: %d bytes with its assets (HTML %d), over %d", path, total, len(res.body), maxPageBytes)
		}
	}
}

// linkedAssets finds the static files a page loads.
var linkedAssets = regexp.MustCompile(`(?:href|src)="/static/([^"]+)"`)

package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestHomePage: / is this week of the first room, with its opening hours,
// the way to apply for it, to subscribe and to sign in; in Indonesian by
// default and in English on request, by ?lang= or by Accept-Language.
func TestHomePage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	e.clock.set(day(11, 10, 9, 0))
	id, _ := e.submit(publicApplication("Rapat Koordinasi Percepatan Penurunan Stunting", day(11, 19, 9, 0), 2))
	e.approve(id)
	e.clock.set(day(11, 20, 9, 0))
	cases := []struct {
		name, path string
		hdr        []string
		want       []string
	}{
		{"default", "/", nil, []string{`<html lang="id">`, "Peminjaman ruang", "Ruang Pelalawan Command Center",
			"Kapasitas 50 orang", "computer (10)", "16–22 November 2026", "Jam buka 07.00–17.00 WIB",
			"Ajukan peminjaman", `href="/requests/new?room=command-center"`, `href="/feeds"`, `href="/login"`,
			`href="/?lang=en"`, testOffice, "Kamis</span> <span class=\"dm\">19 November",
			"09.00–11.00</span> <span class=\"tt\">Rapat Koordinasi Percepatan Penurunan Stunting"}},
		{"?lang=en", "/?lang=en", nil, []string{`<html lang="en">`, "Room booking", "Capacity: 50 people",
			"Request the room", `href="/feeds?lang=en"`, `href="/?lang=id"`, "Open 07:00–17:00 WIB", "16–22 November 2026"}},
		{"Accept-Language", "/", []string{"Accept-Language", "en-US,en;q=0.9"}, []string{`<html lang="en">`, "Room booking"}},
	}
	for _, c := range cases {
		res := e.do("GET", c.path, nil, c.hdr...)
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", c.name, res.status, res.header.Get("Content-Type"))
		}
		for _, w := range c.want {
			if !strings.Contains(string(res.body), w) {
				t.Errorf("%s: the page lacks %s:\n%s", c.name, w, res.body)
			}
		}
	}
	if res := e.do("GET", "/?date=2026-12-40", nil); res.status != http.StatusBadRequest ||
		!strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
		t.Errorf("a bad date on /: %d %s", res.status, res.header.Get("Content-Type"))
	}
}

// TestNotFoundPages: an unknown page is an HTML 404 in the visitor's
// language; the API keeps its JSON 404; a path that exists for another
// method is a 405 with Allow.
func TestNotFoundPages(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	res := e.do("GET", "/no/such/page", nil)
	wantPage(t, "unknown page", res, http.StatusNotFound, "Halaman tidak ditemukan")
	res = e.do("GET", "/favicon.ico", nil, "Accept-Language", "en")
	wantPage(t, "unknown page in English", res, http.StatusNotFound, "Page not found")
	api := e.do("GET", "/api/v1/nothing", nil)
	if code, _ := api.errorOf(t); api.status != http.StatusNotFound || code != "not_found" {
		t.Errorf("API: %d %s", api.status, api.body)
	}
	for _, path := range []string{"/", "/feeds"} {
		res := e.do("POST", path, "")
		if res.status != http.StatusMethodNotAllowed || !strings.Contains(res.header.Get("Allow"), "GET") {
			t.Errorf("POST %s: %d, Allow %q", path, res.status, res.header.Get("Allow"))
		}
	}
}

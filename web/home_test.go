package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestHomePage: / names the room and offers the subscribe page, in
// Indonesian by default and in English on request, by ?lang= or by the
// browser's Accept-Language.
func TestHomePage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	cases := []struct {
		name, path string
		hdr        []string
		want       []string
	}{
		{"default", "/", nil, []string{`<html lang="id">`, "Peminjaman ruang", "Ruang Pelalawan Command Center",
			"Kapasitas 50 orang", "computer (10)", `href="/feeds"`, `href="/?lang=en"`, testOffice}},
		{"?lang=en", "/?lang=en", nil, []string{`<html lang="en">`, "Room booking", "Capacity: 50 people",
			`href="/feeds?lang=en"`, `href="/?lang=id"`}},
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

package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// feedEnv is an env with a second server configured for the feeds (tentative
// shown, a base URL for staff links), sharing the first one's office, so a
// transition through the API counts as a change for the feeds.
type feedEnv struct {
	*env
	feeds *Server
	url   string
	logs  *syncBuffer
	wall  *clock // the feed cache's wall clock
}

func newFeedEnv(t *testing.T) *feedEnv {
	t.Helper()
	e := newEnv(t, sqliteDSN)
	f := &feedEnv{env: e, logs: &syncBuffer{}, wall: &clock{now: time.Unix(1_790_000_000, 0)}}
	f.feeds = New(Options{Office: e.office, Store: e.store, BaseURL: "https://ccroom.example.go.id",
		Logger: slog.New(slog.NewTextHandler(f.logs, nil)),
		Feeds: FeedOptions{Tentative: true, KeepCancelled: 30 * 24 * time.Hour, UIDDomain: "ccroom.example.go.id",
			MaxAge: 5 * time.Minute}})
	f.feeds.h.feeds.wall = f.wall.Now
	srv := httptest.NewServer(f.feeds)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// get fetches a feed path with header pairs, never decompressing.
func (f *feedEnv) get(method, path string, hdr ...string) response {
	f.t.Helper()
	req, err := http.NewRequestWithContext(f.t.Context(), method, f.url+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return send(f.t, req)
}

// feed fetches path and wants 200 and an iCalendar body, returned unfolded.
func (f *feedEnv) feed(path string) string {
	f.t.Helper()
	res := f.get("GET", path)
	if res.status != http.StatusOK {
		f.t.Fatalf("GET %s: %d %s", path, res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		f.t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	body := string(res.body)
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		f.t.Fatalf("GET %s: not a calendar: %q", path, body)
	}
	return strings.ReplaceAll(body, "\r\n ", "")
}

// rotate gives the user named who a staff feed token.
func (f *feedEnv) rotate(who string) string {
	f.t.Helper()
	token, err := f.office.RotateFeedToken(f.t.Context(), who+"@diskominfo.example.go.id")
	if err != nil {
		f.t.Fatal(err)
	}
	return token
}

// approve walks request id through the chain to approved.
func (f *feedEnv) approve(id int64) {
	f.t.Helper()
	for _, s := range [][3]string{{"secretary", "forward", ""}, {"head", "dispose", ""},
		{"kabid", "check", "available"}, {"head", "relay", ""}, {"secretary", "inform", ""}} {
		f.act(id, s[0], s[1], s[2], "", http.StatusOK)
	}
}

func TestFeedPrivacy(t *testing.T) {
	f := newFeedEnv(t)
	people := []map[string]any{
		application("Rapat Rahasia Anggaran", day(12, 1, 9, 0), 2),
		application("Sosialisasi Publik Stunting", day(12, 2, 9, 0), 2),
		application("Pelatihan Tertutup", day(12, 3, 9, 0), 2),
	}
	people[1]["visibility"] = "public"
	personal := []string{"contact_name", "contact_email", "contact_phone", "letter_number", "notes"}
	for i, p := range people {
		for _, k := range personal {
			p[k] = strings.Replace(p[k].(string), "a", "a"+string(rune('x'+i)), 1)
		}
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i], _ = f.submit(p)
	}
	f.approve(ids[0])
	f.act(ids[2], "secretary", "cancel", "", "", http.StatusOK)

	public := map[string]string{"public": f.feed("/feeds/public.ics"), "room": f.feed("/feeds/rooms/command-center.ics")}
	staff := f.feed("/feeds/staff/" + f.rotate("secretary") + ".ics")
	for name, body := range public {
		if n := strings.Count(body, "BEGIN:VEVENT"); n != 3 {
			t.Errorf("%s feed: %d events, want 3", name, n)
		}
		for i, p := range people {
			for _, k := range personal {
				if strings.Contains(body, p[k].(string)) {
					t.Errorf("%s feed carries %s of booking %d: %q", name, k, i, p[k])
				}
				if !strings.Contains(staff, p[k].(string)) {
					t.Errorf("staff feed lacks %s of booking %d", k, i)
				}
			}
		}
		if strings.Contains(body, "Rapat Rahasia") || !strings.Contains(body, "Sosialisasi Publik Stunting") {
			t.Errorf("%s feed: private title shown or public title hidden", name)
		}
		for _, status := range []string{"STATUS:CONFIRMED", "STATUS:TENTATIVE", "STATUS:CANCELLED"} {
			if !strings.Contains(body, status) {
				t.Errorf("%s feed lacks %s", name, status)
			}
		}
	}
	if !strings.Contains(staff, "Rapat Rahasia Anggaran") || !strings.Contains(staff, "URL;VALUE=URI:https://ccroom.example.go.id/staff/requests/") {
		t.Error("staff feed lacks the private title or the request URL")
	}
}

func TestFeedHTTP(t *testing.T) {
	f := newFeedEnv(t)
	f.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
	res := f.get("GET", "/feeds/public.ics")
	etag, modified := res.header.Get("Etag"), res.header.Get("Last-Modified")
	if res.status != http.StatusOK || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") || modified == "" {
		t.Fatalf("GET: %d, ETag %q, Last-Modified %q", res.status, etag, modified)
	}
	if cc := res.header.Get("Cache-Control"); cc != "public, max-age=300" {
		t.Errorf("Cache-Control %q", cc)
	}
	head := f.get("HEAD", "/feeds/public.ics")
	if head.status != http.StatusOK || len(head.body) != 0 || head.header.Get("Etag") != etag ||
		head.header.Get("Content-Length") != res.header.Get("Content-Length") {
		t.Errorf("HEAD: %d, %d bytes, ETag %q, length %q", head.status, len(head.body), head.header.Get("Etag"), head.header.Get("Content-Length"))
	}
	for _, hdr := range [][]string{{"If-None-Match", etag}, {"If-None-Match", `"other", W/` + etag},
		{"If-None-Match", "*"}, {"If-Modified-Since", modified}} {
		if r := f.get("GET", "/feeds/public.ics", hdr...); r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("Etag") != etag {
			t.Errorf("%s %s: %d, ETag %q", hdr[0], hdr[1], r.status, r.header.Get("Etag"))
		}
	}
	if r := f.get("GET", "/feeds/public.ics", "If-None-Match", `"stale"`); r.status != http.StatusOK {
		t.Errorf("stale ETag: %d", r.status)
	}
	checkGzip(t, f, res)
}

// checkGzip wants the gzipped answer to hold the same bytes under its own ETag.
func checkGzip(t *testing.T, f *feedEnv, plain response) {
	t.Helper()
	for _, ae := range []string{"gzip", "br;q=1.0, gzip;q=0.8"} {
		res := f.get("GET", "/feeds/public.ics", "Accept-Encoding", ae)
		if res.header.Get("Content-Encoding") != "gzip" || res.header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("%s: Content-Encoding %q, Vary %q", ae, res.header.Get("Content-Encoding"), res.header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(body, plain.body) {
			t.Errorf("%s: gunzipped body differs (%v)", ae, err)
		}
		etag := res.header.Get("Etag")
		if etag == plain.header.Get("Etag") {
			t.Error("gzip and identity share an ETag")
		}
		if r := f.get("GET", "/feeds/public.ics", "Accept-Encoding", "gzip", "If-None-Match", etag); r.status != http.StatusNotModified {
			t.Errorf("gzip 304: %d", r.status)
		}
	}
	if r := f.get("GET", "/feeds/public.ics", "Accept-Encoding", "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
}

func TestFeedCache(t *testing.T) {
	f := newFeedEnv(t)
	id, _ := f.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
	builds := func() int64 { return f.feeds.h.feeds.builds.Load() }
	first := f.get("GET", "/feeds/public.ics").header.Get("Etag")
	for range 5 {
		f.get("GET", "/feeds/public.ics")
	}
	f.wall.advance(time.Minute) // past Recheck: the stamp is asked, nothing changed
	f.get("GET", "/feeds/public.ics")
	if n := builds(); n != 1 {
		t.Fatalf("%d builds for unchanged bookings, want 1", n)
	}
	f.act(id, "secretary", "forward", "", "", http.StatusOK)
	second := f.get("GET", "/feeds/public.ics").header.Get("Etag")
	if builds() != 2 || second == first {
		t.Fatalf("after a transition: %d builds, ETag %s -> %s", builds(), first, second)
	}
	// Another process writes: the office does not count it, the stamp does.
	other := newEnvOn(t, f.env)
	other.act(id, "head", "dispose", "", "", http.StatusOK)
	if f.get("GET", "/feeds/public.ics").header.Get("Etag") != second {
		t.Error("rebuilt before the recheck interval")
	}
	f.wall.advance(time.Minute)
	if third := f.get("GET", "/feeds/public.ics").header.Get("Etag"); third == second || builds() != 3 {
		t.Errorf("another process's change: %d builds, ETag unchanged %v", builds(), third == second)
	}
}

// newEnvOn is a second office and API server over e's store, standing for
// another process (the CLI, a replica): its writes do not reach e's office.
func newEnvOn(t *testing.T, e *env) *env {
	t.Helper()
	o := *e
	o.office = officeLike(e)
	srv := httptest.NewServer(New(Options{Office: o.office, Store: e.store, Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(srv.Close)
	o.server = srv
	return &o
}

func TestFeedConcurrentReaders(t *testing.T) {
	f := newFeedEnv(t)
	f.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", f.url+"/feeds/public.ics", nil)
			if res, err := roundTrip(req); err != nil || res.status != http.StatusOK {
				t.Errorf("concurrent GET: %v %d", err, res.status)
			}
		})
	}
	wg.Wait()
	if n := f.feeds.h.feeds.builds.Load(); n != 1 {
		t.Errorf("%d builds for 16 concurrent first readers, want 1", n)
	}
}

func TestFeedNotFound(t *testing.T) {
	f := newFeedEnv(t)
	token := f.rotate("kabid")
	if r := f.get("GET", "/feeds/staff/"+token+".ics"); r.status != http.StatusOK {
		t.Fatalf("staff feed: %d", r.status)
	}
	newToken := f.rotate("kabid")
	for _, path := range []string{
		"/feeds/staff/" + token + ".ics", // rotated away
		"/feeds/staff/" + newToken,       // no .ics
		"/feeds/staff/ccf_wrong.ics",
		"/feeds/staff/.ics",
		"/feeds/staff/" + f.rotate("former") + ".ics", // a user with no role today
		"/feeds/rooms/nowhere.ics",
		"/feeds/rooms/command-center",
		"/feeds/rooms/command-center.ics/x",
	} {
		if r := f.get("GET", path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
	if r := f.get("GET", "/feeds/staff/"+newToken+".ics"); r.status != http.StatusOK || r.header.Get("Cache-Control") != "private, max-age=300" {
		t.Errorf("new token: %d, Cache-Control %q", r.status, r.header.Get("Cache-Control"))
	}
	logs := f.logs.String()
	if strings.Contains(logs, token) || strings.Contains(logs, newToken) || !strings.Contains(logs, "/feeds/staff/{file}") {
		t.Errorf("a feed token is logged, or the staff route is not:\n%s", logs)
	}
}

func TestFeedEmpty(t *testing.T) {
	f := newFeedEnv(t)
	for _, path := range []string{"/feeds/public.ics", "/feeds/rooms/command-center.ics"} {
		body := f.feed(path)
		if strings.Contains(body, "BEGIN:VEVENT") || !strings.Contains(body, "METHOD:PUBLISH") ||
			!strings.Contains(body, "BEGIN:VTIMEZONE") {
			t.Errorf("%s: empty feed:\n%s", path, body)
		}
	}
}

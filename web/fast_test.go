package web

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// serveFast serves s.FastHandler on a loopback port, as the daemon does, and
// returns its base URL.
func serveFast(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := s.HTTPServer(s.h.log)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		if err := srv.Shutdown(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// rawClient sends requests as written: no gzip added, no redirect followed.
var rawClient = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func fetch(t *testing.T, method, url string, hdr []string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	res, err := rawClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// headerLines lists a response's header fields but Date, sorted.
func headerLines(h http.Header) string {
	var lines []string
	for k, vs := range h {
		if k == "Date" {
			continue
		}
		for _, v := range vs {
			lines = append(lines, k+": "+v)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestFastPathSameAnswers sends the same requests to the net/http handler
// and to the fasthttp one the daemon serves: status, headers and bytes must
// be the same, and the feeds served as asked must have taken the fast path
// while everything else went through net/http.
func TestFastPathSameAnswers(t *testing.T) {
	f := newFeedEnv(t)
	id, _ := f.submit(application("Rapat Koordinasi Lintas Sektor", day(12, 1, 9, 0), 2))
	f.approve(id)
	f.submit(application("Sosialisasi", day(12, 2, 9, 0), 2))
	token := f.rotate("secretary")
	fast := serveFast(t, f.feeds)

	plain := fetch(t, "GET", f.url+"/feeds/public.ics", nil)
	zipped := fetch(t, "GET", f.url+"/feeds/public.ics", []string{"Accept-Encoding", "gzip"})
	etag, gzETag, modified := plain.header.Get("Etag"), zipped.header.Get("Etag"), plain.header.Get("Last-Modified")
	older := time.Unix(1_000_000_000, 0).UTC().Format(http.TimeFormat)
	staff := "/feeds/staff/" + token + ".ics"

	cases := []struct {
		method, path string
		hdr          []string
		fast         bool
	}{
		{"GET", "/feeds/public.ics", nil, true},
		{"GET", "/feeds/public.ics?x=1", nil, true},
		{"HEAD", "/feeds/public.ics", nil, true},
		{"GET", "/feeds/public.ics", []string{"Accept-Encoding", "gzip"}, true},
		{"HEAD", "/feeds/public.ics", []string{"Accept-Encoding", "gzip"}, true},
		{"GET", "/feeds/public.ics", []string{"Accept-Encoding", "br;q=1.0, gzip;q=0.8"}, true},
		{"GET", "/feeds/public.ics", []string{"Accept-Encoding", "gzip;q=0"}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", etag}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", `"other", W/` + etag}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", `"other"`, "If-None-Match", etag}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", "*"}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", `"stale"`}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", gzETag, "Accept-Encoding", "gzip"}, true},
		{"GET", "/feeds/public.ics", []string{"If-None-Match", gzETag}, true},
		{"GET", "/feeds/public.ics", []string{"If-Modified-Since", modified}, true},
		{"GET", "/feeds/public.ics", []string{"If-Modified-Since", older}, true},
		{"GET", "/feeds/public.ics", []string{"If-Modified-Since", "yesterday"}, true},
		{"GET", "/feeds/rooms/command-center.ics", nil, true},
		{"GET", "/feeds/rooms/command-center.ics", []string{"If-None-Match", etag}, true},
		{"GET", staff, nil, true},
		{"HEAD", staff, []string{"Accept-Encoding", "gzip"}, true},
		// not answered as asked: net/http's routes and errors
		{"GET", "/feeds/rooms/nowhere.ics", nil, false},
		{"GET", "/feeds/rooms/.ics", nil, false},
		{"GET", "/feeds/rooms/command-center.txt", nil, false},
		{"GET", "/feeds/rooms/command%2Dcenter.ics", nil, false},
		{"GET", "/feeds/staff/" + strings.Repeat("A", 22) + ".ics", nil, false},
		{"GET", "/feeds/staff/" + token, nil, false},
		{"GET", "/feeds//public.ics", nil, false},
		{"GET", "/feeds/public.ics", []string{"Authorization", "Bearer wrong"}, false},
		{"POST", "/feeds/public.ics", nil, false},
		{"DELETE", "/feeds/rooms/command-center.ics", nil, false},
		{"GET", "/feeds", nil, false},
		{"GET", "/api/v1/rooms", nil, false},
		{"GET", "/api/v1/nothing", nil, false},
		{"GET", requestPath(id), f.as("secretary"), false},
		{"GET", "/healthz", nil, false},
	}
	public304 := 0 // answers of the public feed's 304, on both servers
	for _, c := range cases {
		name := c.method + " " + c.path + " " + strings.Join(c.hdr, " ")
		before := f.feeds.fastFeeds.Load()
		got := fetch(t, c.method, fast+c.path, c.hdr)
		tookFast := f.feeds.fastFeeds.Load() != before
		want := fetch(t, c.method, f.url+c.path, c.hdr)
		if tookFast != c.fast {
			t.Errorf("%s: fast path taken %v, want %v", name, tookFast, c.fast)
		}
		if got.status != want.status {
			t.Errorf("%s: status %d, net/http %d", name, got.status, want.status)
		}
		// net/http streams a body past its 2 KB buffer chunked; fasthttp
		// buffers it and says its length: the one framing difference.
		if want.header.Get("Content-Length") == "" && got.header.Get("Content-Length") == strconv.Itoa(len(got.body)) {
			got.header.Del("Content-Length")
		}
		if g, w := headerLines(got.header), headerLines(want.header); g != w {
			t.Errorf("%s: headers\n%s\nnet/http:\n%s", name, g, w)
		}
		if !bytes.Equal(got.body, want.body) {
			t.Errorf("%s: %d bytes, net/http %d", name, len(got.body), len(want.body))
		}
		if strings.HasPrefix(c.path, "/feeds/public.ics") && c.fast && got.status == http.StatusNotModified {
			public304 += 2
		}
	}
	metrics := string(fetch(t, "GET", fast+"/metrics", nil).body)
	want := fmt.Sprintf(`ccroom_http_requests_total{route="GET /feeds/public.ics",status="304"} %d`, public304)
	if public304 == 0 || !strings.Contains(metrics, want) {
		t.Errorf("metrics lack %s", want)
	}
	if plain.status != http.StatusOK || !strings.Contains(string(plain.body), "BEGIN:VEVENT") {
		t.Fatalf("the feed: %d %.100s", plain.status, plain.body)
	}
}

// TestFastPathWrites checks that a request that changes the bookings works
// through fasthttp and net/http together: submitted over the fast server, it
// shows in the feed the fast path serves next, under a new ETag.
func TestFastPathWrites(t *testing.T) {
	f := newFeedEnv(t)
	fast := serveFast(t, f.feeds)
	first := fetch(t, "GET", fast+"/feeds/public.ics", nil)
	app := application("Rapat Evaluasi Program", day(12, 10, 9, 0), 2)
	app["visibility"] = "public"
	body := bodyReader(t, app)
	req, err := http.NewRequestWithContext(t.Context(), "POST", fast+"/api/v1/requests", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := rawClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	created, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || res.Header.Get("Location") == "" {
		t.Fatalf("POST through fasthttp: %d %s", res.StatusCode, created)
	}
	next := fetch(t, "GET", fast+"/feeds/public.ics", []string{"If-None-Match", first.header.Get("Etag")})
	if next.status != http.StatusOK || next.header.Get("Etag") == first.header.Get("Etag") ||
		!strings.Contains(string(next.body), "Rapat Evaluasi Program") {
		t.Fatalf("after the POST: %d, ETag %q (was %q)", next.status, next.header.Get("Etag"), first.header.Get("Etag"))
	}
}

// TestFastErrors sends what the server refuses before any route: a body
// past what it reads at all and a head past its buffer, each answered with
// the API's JSON error and its status, and a body past the API's own limit.
func TestFastErrors(t *testing.T) {
	f := newFeedEnv(t)
	fast := serveFast(t, f.feeds)
	post := func(size int, hdr ...string) response {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), "POST", fast+"/api/v1/requests", bytes.NewReader(make([]byte, size)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := rawClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return response{status: res.StatusCode, header: res.Header, body: b}
	}
	for _, c := range []struct {
		name   string
		res    response
		status int
	}{
		{"body over the API's limit", post(maxBody + 1), http.StatusRequestEntityTooLarge},
		{"body over what the server reads", announce(t, fast, maxRead+1), http.StatusRequestEntityTooLarge},
		{"body over what the server reads, sent whole", post(maxRead + 16<<20), http.StatusRequestEntityTooLarge},
		{"head over the buffer", post(10, "X-Padding", strings.Repeat("x", maxHead)), http.StatusRequestHeaderFieldsTooLarge},
	} {
		if c.res.status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, c.res.status, c.res.body, c.status)
			continue
		}
		if code, _ := c.res.errorOf(t); code != "too_large" {
			t.Errorf("%s: error code %q in %s", c.name, code, c.res.body)
		}
	}
	if n := f.countRequests(); n != 0 {
		t.Errorf("%d requests stored after refused bodies", n)
	}
}

// announce sends only the head of a POST whose Content-Length is size, and
// reads the answer: a server that refuses the body need not read it.
func announce(t *testing.T, base string, size int) response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", size)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// TestFastSlowHead sends half a request head and waits: past the read
// timeout the server answers 408 in the API's shape and closes.
func TestFastSlowHead(t *testing.T) {
	f := newFeedEnv(t)
	srv := f.feeds.HTTPServer(f.feeds.h.log)
	srv.ReadTimeout = 300 * time.Millisecond // the daemon's is 30 s
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /feeds/public.ics HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a slow head: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	got := response{status: res.StatusCode, header: res.Header, body: b}
	if got.status != http.StatusRequestTimeout {
		t.Fatalf("slow head: %d %s", got.status, b)
	}
	if code, _ := got.errorOf(t); code != "timeout" {
		t.Errorf("slow head: error %s", b)
	}
}

func TestRedactingLogger(t *testing.T) {
	var buf bytes.Buffer
	l := redactingLogger{log.New(&buf, "", 0)}
	secrets := []string{"Zm9vYmFyYmF6cXV4cXV1eA", "ccr_3e8I1hWoLj8fQApwD9", "s3cr3t-act-token.sig"}
	l.Printf("cannot parse %q", "GET /feeds/staff/"+secrets[0]+".ics HTTP/1.1")
	l.Printf("error when serving connection: %v", "Authorization? no: /act/"+secrets[2])
	l.Printf("#1 - GET http://x/requests/7?token=%s&lang=en", secrets[1])
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log holds %q:\n%s", s, out)
		}
	}
	if strings.Count(out, "REDACTED") != 3 || !strings.Contains(out, "/feeds/staff/REDACTED") {
		t.Errorf("redacted lines:\n%s", out)
	}
}

// TestFastErrorLogsNoSecret sends heads fasthttp cannot parse, carrying a
// bearer token, a tracking token and a staff feed's token: its complaints
// reach the log, the tokens do not.
func TestFastErrorLogsNoSecret(t *testing.T) {
	f := newFeedEnv(t)
	logs := &syncBuffer{}
	srv := f.feeds.HTTPServer(slog.New(slog.NewTextHandler(logs, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	secrets := []string{"ccr_SECRETBEARER1", "SECRETTRACK1", "ccr_SECRETBEARER2", "SECRETQUERY", "ccr_SECRETBEARER3", "SECRETFEEDTOKEN"}
	for _, head := range []string{
		"GET /api/v1/logbook HTTP/1.1\r\nAuthorization: Bearer ccr_SECRETBEARER1\r\nX-Tracking-Token: SECRETTRACK1\r\n\r\n",
		"GET /api/v1/logbook HTTP/1.1\r\nHost: a\r\nHost: b\r\nAuthorization: Bearer ccr_SECRETBEARER2\r\n\r\n",
		"GET /requests/1?token=SECRETQUERY HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\nAuthorization: Bearer ccr_SECRETBEARER3\r\n\r\n",
		"GET /feeds/staff/SECRETFEEDTOKEN.ics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
	} {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(conn, head)
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil || res.StatusCode != http.StatusBadRequest {
			t.Errorf("%q: %v %v, want 400", head, res, err)
		}
		conn.Close()
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds %s:\n%s", s, logs.String())
		}
	}
}

// TestFastPathLeavesOddRequests: a target with a fragment and a feed asked
// with a body are not the fast path's; net/http answers them as before.
func TestFastPathLeavesOddRequests(t *testing.T) {
	f := newFeedEnv(t)
	fast := serveFast(t, f.feeds)
	raw := func(base, head string) int {
		t.Helper()
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, head); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	big := strings.Repeat("x", maxBody+1)
	for _, head := range []string{
		"GET /feeds/public.ics#x HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /feeds/public.ics HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
		"GET /feeds/public.ics HTTP/1.1\r\nHost: a\r\nContent-Length: " + strconv.Itoa(len(big)) + "\r\n\r\n" + big,
	} {
		before := f.feeds.fastFeeds.Load()
		got, want := raw(fast, head), raw(f.url, head)
		if got != want {
			t.Errorf("%.60q: %d, net/http %d", head, got, want)
		}
		if f.feeds.fastFeeds.Load() != before {
			t.Errorf("%.60q took the fast path", head)
		}
	}
}

package web

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// blockingStore holds GET /api/v1/requests (store.Requests) until the
// request's context ends, and reports how it ended.
type blockingStore struct {
	store.Store
	entered chan struct{}
	ended   chan error
}

func (b blockingStore) Requests(ctx context.Context, _ store.Filter) ([]booking.Request, error) {
	close(b.entered)
	select {
	case <-ctx.Done():
		b.ended <- ctx.Err()
	case <-time.After(10 * time.Second):
		b.ended <- nil
	}
	return nil, ctx.Err()
}

// TestClientGoneCancelsHandler: a client that disconnects while its request
// is being answered cancels the handler's context.
func TestClientGoneCancelsHandler(t *testing.T) {
	st, err := store.Open(t.Context(), store.DriverSQLite, filepath.Join(t.TempDir(), "ccroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	off := office.New(office.Options{Store: st, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef")})
	if _, err := off.AddUser(t.Context(), office.NewUser{Email: "s@example.go.id", Name: "S",
		Grants: []booking.Grant{{Role: booking.RoleSecretary}}}); err != nil {
		t.Fatal(err)
	}
	token := must(off.IssueToken(t.Context(), "s@example.go.id"))
	blocking := blockingStore{Store: st, entered: make(chan struct{}), ended: make(chan error, 1)}
	srv := serveReal(t, New(Options{Office: off, Store: blocking, Logger: slog.New(slog.DiscardHandler)}))

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET /api/v1/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", token)
	select {
	case <-blocking.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler never reached the store")
	}
	conn.Close()
	if err := <-blocking.ended; err != context.Canceled {
		t.Fatalf("the handler's context ended with %v, want context.Canceled", err)
	}
}

// rawRequest sends head (a request line and headers, without the blank
// line) on a new connection and returns the answer.
func rawRequest(t *testing.T, addr, head string) response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s\r\nHost: x\r\nConnection: close\r\n\r\n", head)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", head, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// TestUnreadablePath: a path with a bad % escape, which net/http refuses
// before any route, is a 400 with the JSON error body, logged and counted,
// and the server goes on.
func TestUnreadablePath(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	addr := e.server.Listener.Addr().String()
	for _, path := range []string{"/api/v1/requests/%ZZ", "/%ZZ", "/feeds/rooms/%zz.ics", "/act/secret-token-abc%ZZ"} {
		r := rawRequest(t, addr, "GET "+path+" HTTP/1.1")
		if r.status != http.StatusBadRequest || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s %s", path, r.status, r.header.Get("Content-Type"), r.body)
			continue
		}
		if code, _ := r.errorOf(t); code != "malformed" {
			t.Errorf("%s: code %q", path, code)
		}
	}
	logs := e.logs.String()
	if n := strings.Count(logs, `path=(unreadable) status=400`); n != 4 {
		t.Errorf("%d log lines of a refused request, want 4:\n%s", n, logs)
	}
	if strings.Contains(logs, "secret-token-abc") {
		t.Errorf("a token reached the log:\n%s", logs)
	}
	metrics := string(e.do("GET", "/metrics", nil).body)
	if !strings.Contains(metrics, `ccroom_http_requests_total{route="unmatched",status="400"} 4`) {
		t.Errorf("refused requests not counted:\n%s", grepLines(metrics, "unmatched"))
	}
	if r := e.do("GET", "/healthz", nil); r.status != http.StatusOK {
		t.Errorf("after the refusals: %d", r.status)
	}
}

// grepLines returns the lines of s that hold sub.
func grepLines(s, sub string) string {
	var out []string
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

// TestSecretPathsNotLogged: the token of a path under a secret prefix never
// reaches the log, whatever the route did with it: a method it has not, a
// trailing slash, a body over the limit, a path no route has.
func TestSecretPathsNotLogged(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	const secret = "s3cr3t-T0KEN-value"
	for _, c := range []struct{ method, path string }{
		{"PUT", "/act/" + secret}, {"DELETE", "/act/" + secret}, {"OPTIONS", "/act/" + secret},
		{"GET", "/act/" + secret + "/"}, {"GET", "/act/" + secret + "/more"},
		{"PUT", "/feeds/staff/" + secret + ".ics"}, {"GET", "/feeds/staff/" + secret + ".ics"},
		{"GET", "/login/link/" + secret},
		{"GET", "//act/" + secret}, {"GET", "/x/../act/" + secret}, {"GET", "/login//link/" + secret},
		{"GET", "/feeds/./staff/" + secret + ".ics"},
	} {
		e.do(c.method, c.path, nil)
	}
	addr := e.server.Listener.Addr().String()
	for _, p := range []string{"//act/" + secret, "/x/../act/" + secret} {
		if r := rawRequest(t, addr, "CONNECT "+p+" HTTP/1.1"); r.status != http.StatusMethodNotAllowed {
			t.Errorf("CONNECT %s: %d %s", p, r.status, r.body)
		}
	}
	big := strings.Repeat("x", maxBody+10)
	if r := e.do("POST", "/act/"+secret, big, "Content-Type", "application/x-www-form-urlencoded"); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("body over the limit: %d", r.status)
	}
	logs := e.logs.String()
	if strings.Contains(logs, secret) {
		t.Errorf("a token reached the log:\n%s", logs)
	}
	// 6 first, 2 unclean GETs and the GETs of their redirects, 2 CONNECTs
	if n := strings.Count(logs, "path=/act/REDACTED"); n != 12 {
		t.Errorf("%d redacted /act/ lines, want 12:\n%s", n, logs)
	}
}

// TestSecurityHeaders: every page and API answer carries the CSP, nosniff,
// same-origin referrer and no-framing headers.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, token := e.submit(application("Rapat", day(12, 17, 9, 0), 1))
	for _, path := range []string{"/feeds", requestPath(id) + "?token=" + token, "/requests/" + fmt.Sprint(id) + "?token=" + token,
		"/act/not-a-valid-link", "/nowhere", "/healthz"} {
		h := e.do("GET", path, nil).header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "style-src 'self'", "img-src 'self' data:",
			"form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline: %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

// TestCrossOriginPostRefused: a POST from another site's page is refused
// (403) and changes nothing, on top of the form token; the same POST from
// the site itself, or from a client that sends no browser headers, is not.
func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, token := e.submit(application("Rapat", day(12, 17, 9, 0), 1))
	form := "token=" + token
	for _, hdr := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "https://evil.example"},
	} {
		r := e.do("POST", fmt.Sprintf("/requests/%d/cancel", id), form,
			append([]string{"Content-Type", "application/x-www-form-urlencoded"}, hdr...)...)
		if r.status != http.StatusForbidden {
			t.Errorf("%v: %d %s", hdr, r.status, r.body)
		}
	}
	got, err := e.store.Request(t.Context(), id)
	if err != nil || got.Status != booking.StatusSubmitted {
		t.Fatalf("after refused POSTs: %v %v", got.Status, err)
	}
	r := e.do("POST", "/api/v1/requests", application("Rapat lain", day(12, 18, 9, 0), 1), "Sec-Fetch-Site", "same-origin")
	if r.status != http.StatusCreated {
		t.Errorf("same-origin POST: %d %s", r.status, r.body)
	}
}

// TestFeedPathsAgree: a feed served on the lean path and the same feed
// served through the full middleware (an Authorization header sends it
// there) give the same status, body and feed headers, and both are counted.
func TestFeedPathsAgree(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	e.submit(application("Rapat", day(12, 17, 9, 0), 1))
	first := e.do("GET", "/feeds/public.ics", nil)
	etag := first.header.Get("Etag")
	for _, c := range []struct{ path, header, value string }{
		{"/feeds/public.ics", "", ""},
		{"/feeds/public.ics", "Accept-Encoding", "gzip"},
		{"/feeds/public.ics", "If-None-Match", etag},
		{"/feeds/public.ics", "If-None-Match", `"other", W/` + etag},
		{"/feeds/rooms/command-center.ics", "", ""},
		{"/feeds/rooms/nowhere.ics", "", ""},
	} {
		var hdr []string
		if c.header != "" {
			hdr = []string{c.header, c.value}
		}
		lean := e.do("GET", c.path, nil, hdr...)
		full := e.do("GET", c.path, nil, append(hdr, e.as("head")...)...)
		if lean.status != full.status || string(lean.body) != string(full.body) {
			t.Errorf("%s %s: lean %d (%d bytes), full %d (%d bytes)", c.path, c.header, lean.status, len(lean.body), full.status, len(full.body))
		}
		for _, h := range []string{"Content-Type", "Content-Encoding", "Etag", "Last-Modified", "Cache-Control", "Vary"} {
			if lean.header.Get(h) != full.header.Get(h) {
				t.Errorf("%s %s: %s lean %q full %q", c.path, c.header, h, lean.header.Get(h), full.header.Get(h))
			}
		}
	}
	metrics := string(e.do("GET", "/metrics", nil).body)
	for _, want := range []string{
		`ccroom_http_requests_total{route="GET /feeds/public.ics",status="200"} 5`,
		`ccroom_http_requests_total{route="GET /feeds/public.ics",status="304"} 4`,
		`ccroom_http_requests_total{route="GET /feeds/rooms/{file}",status="404"} 2`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(metrics, "feeds"))
		}
	}
}

// TestHTTPServerLimits: the server the daemon runs has its timeouts and a
// bounded head.
func TestHTTPServerLimits(t *testing.T) {
	srv := New(Options{Registry: prometheus.NewRegistry()}).HTTPServer(slog.New(slog.DiscardHandler))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Errorf("unbounded: %+v", srv)
	}
	if srv.Protocols == nil || !srv.Protocols.HTTP2() || !srv.Protocols.HTTP1() {
		t.Errorf("protocols %v", srv.Protocols)
	}
}

// TestRefusalRecognised: only a write that is, whole, net/http's refusal of
// an unreadable request is taken for one; a page or a part of one that
// quotes such text is not.
func TestRefusalRecognised(t *testing.T) {
	const head = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
	for _, c := range []struct {
		write  string
		status int
	}{
		{"HTTP/1.1 400 Bad Request" + head + "400 Bad Request", 400},
		{"HTTP/1.1 431 Request Header Fields Too Large" + head + "431 Request Header Fields Too Large", 431},
		{"HTTP/1.1 400 Bad Request: missing required Host header" + head + "400 Bad Request: missing required Host header", 400},
		{"HTTP/1.1 501 Not Implemented" + head + "Unsupported transfer encoding", 501},
		{"HTTP/1.1 400 Bad Request" + head + "400 Bad Request</p>\n</main>\n</body>\n</html>\n", 0},
		{"HTTP/1.1 400 Bad Request" + head + "400 Bad Request" + strings.Repeat("x", 600), 0},
		{"HTTP/1.1 400 Bad Request" + head + "something else", 0},
		{"HTTP/1.1 200 OK" + head + "200 OK", 0},
		{"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nDate: x\r\n\r\n{}", 0},
		{"xyz HTTP/1.1 400 Bad Request" + head + "400 Bad Request", 0},
	} {
		status, ok := refusalStatus([]byte(c.write))
		if status != c.status || ok != (c.status != 0) {
			t.Errorf("%q: %d %v, want %d", c.write, status, ok, c.status)
		}
	}
}

// TestRefusalClosesCleanly: after refusing a head over the limit, the
// server half-closes the connection (through the listener's wrapper), so the
// client reads the JSON answer and then the end, not a reset.
func TestRefusalClosesCleanly(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	conn, err := net.Dial("tcp", e.server.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go func() {
		fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", maxHead+8192))
	}()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("read %d bytes, then %v", len(got), err)
	}
	if !strings.HasPrefix(string(got), "HTTP/1.1 431") || !strings.Contains(string(got), `"code":"too_large"`) {
		t.Errorf("answer: %.300s", got)
	}
}

// TestUnroutedAnswers: what the mux answers without a route (the redirect of
// an unclean path, a CONNECT) carries the security headers, and a style
// sheet asked for a range comes whole.
func TestUnroutedAnswers(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(e.server.URL + "/feeds//public.ics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 3 || resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("redirect: %d %v", resp.StatusCode, resp.Header)
	}
	r := rawRequest(t, e.server.Listener.Addr().String(), "CONNECT example.com:443 HTTP/1.1")
	if r.status != http.StatusMethodNotAllowed || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Errorf("CONNECT: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if !strings.Contains(e.logs.String(), "method=CONNECT route=unmatched") {
		t.Errorf("CONNECT not logged:\n%s", e.logs)
	}
	home := string(e.do("GET", "/", nil).body)
	i := strings.Index(home, "/static/app.")
	if i < 0 {
		t.Fatalf("no style sheet on /:\n%s", home)
	}
	css := home[i : i+strings.Index(home[i:], `"`)]
	if r := e.do("GET", css, nil, "Range", "bytes=999999-"); r.status != http.StatusOK || len(r.body) == 0 {
		t.Errorf("style sheet with a range: %d %d bytes", r.status, len(r.body))
	}
}

// TestChunkedFormTooLarge: a form posted chunked past the body limit is a
// 413 on the pages that take forms, as it is on the API.
func TestChunkedFormTooLarge(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, _ := e.submit(application("Rapat", day(12, 17, 9, 0), 1))
	link := e.link(id, "secretary", booking.ActionForward, time.Hour)
	for _, path := range []string{"/act/" + link, fmt.Sprintf("/requests/%d/cancel", id)} {
		body := io.MultiReader(strings.NewReader("token=x&note="), strings.NewReader(strings.Repeat("a", maxBody+10)))
		req, err := http.NewRequest("POST", e.server.URL+path, body) // no length: sent chunked
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := send(t, req)
		if r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
}

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// The daemon serves HTTP with fasthttp, not net/http: a phone polling a feed
// it already holds costs a 304, and the feed benchmark (bench/feeds.sh, issue
// 3) asks that 304 to be at least as fast as nginx's. A bare net/http handler
// reaches 0.74 to 0.89 of nginx on this path on a 2-core machine (net/http
// starts a background read per request and allocates a Request, its header
// map and a context per request); a bare fasthttp one 1.05 to 1.3 (README,
// Measured).
//
// Only the feeds are fasthttp handlers of their own, and only for what they
// answer as asked: GET or HEAD of an existing feed, 200 or 304. Every other
// request, and every feed request that is not that (a wrong token, an unknown
// room, an Authorization header to check, a body, a fragment in the target,
// a store that fails), goes through
// fasthttpadaptor to the net/http handler (ServeHTTP), with its routes,
// middleware and errors, exactly as before. TestFastPathSameAnswers holds
// the two paths to the same bytes and headers.

// Route patterns of the feeds, as the mux names them in logs and metrics.
const (
	routePublicFeed = "GET /feeds/public.ics"
	routeRoomFeed   = "GET /feeds/rooms/{file}"
	routeStaffFeed  = "GET /feeds/staff/{file}"
)

// Limits of the HTTP server (HTTPServer).
const (
	// maxHead is the largest request head (request line and headers) read;
	// a larger one is 431.
	maxHead = 32 << 10
	// maxRead is the largest request body read at all: the API refuses a
	// body over maxBody itself, with its JSON error; past maxRead the server
	// does, without reading it.
	maxRead = 4 << 20
)

// HTTPServer is the fasthttp server the daemon serves a Server with. Its
// Serve lingers on the connections it closes after an error answer.
type HTTPServer struct{ *fasthttp.Server }

// Serve serves the connections of ln, each wrapped as a lingerConn.
func (h HTTPServer) Serve(ln net.Listener) error { return h.Server.Serve(lingerListener{ln}) }

// HTTPServer returns the server the daemon serves s with: its timeouts and
// limits, and errors before routing (a head too large, a body too large, a
// request that does not parse) answered as the API's JSON errors. errLog
// receives fasthttp's own complaints.
func (s *Server) HTTPServer(errLog *slog.Logger) HTTPServer {
	return HTTPServer{&fasthttp.Server{
		Handler:                      s.FastHandler(),
		ErrorHandler:                 s.fastError,
		ReadTimeout:                  30 * time.Second, // the whole request, head and body
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  2 * time.Minute,
		ReadBufferSize:               maxHead,
		MaxRequestBodySize:           maxRead,
		DisablePreParseMultipartForm: true,
		NoDefaultServerHeader:        true,
		NoDefaultContentType:         true,
		CloseOnShutdown:              true,
		// fasthttp's complaint about a head it cannot parse would quote the
		// head, Authorization and tracking tokens included.
		SecureErrorLogMessage: true,
		Logger:                redactingLogger{slog.NewLogLogger(errLog.Handler(), slog.LevelWarn)},
	}}
}

// secretInPath matches what may follow a path that carries a secret (a
// staff feed's token, an action link's token) or a tracking token in a
// query; secretHeader a header that carries one, as a quoted head shows it.
var (
	secretInPath = regexp.MustCompile(`(/feeds/staff/|/act/|token=)[^\s"'&?/\\]+`)
	secretHeader = regexp.MustCompile(`(?i)((?:authorization|x-tracking-token|cookie):\s*)[^\r\n"\\]+`)
)

// redactingLogger is fasthttp's logger: its lines may quote a request's URI
// (a request it could not parse, a connection's error), and no token may
// reach a log.
type redactingLogger struct{ l *log.Logger }

func (r redactingLogger) Printf(format string, args ...any) {
	line := secretInPath.ReplaceAllString(fmt.Sprintf(format, args...), "${1}REDACTED")
	r.l.Print(secretHeader.ReplaceAllString(line, "${1}REDACTED"))
}

// fastError answers a request fasthttp could not read.
func (s *Server) fastError(ctx *fasthttp.RequestCtx, err error) {
	status, detail := http.StatusBadRequest, errorDetail{Code: "malformed", Message: "the request cannot be read"}
	var small *fasthttp.ErrSmallBuffer
	var netErr net.Error
	switch {
	case errors.Is(err, fasthttp.ErrBodyTooLarge): // as the API's own limit says it
		status, detail = classify(&http.MaxBytesError{Limit: maxBody}, "")
	case errors.As(err, &small):
		status, detail = http.StatusRequestHeaderFieldsTooLarge, errorDetail{Code: "too_large",
			Message: fmt.Sprintf("the request's head is larger than %d bytes", maxHead)}
	case errors.As(err, &netErr) && netErr.Timeout():
		status, detail = http.StatusRequestTimeout, errorDetail{Code: "timeout", Message: "the request took too long to arrive"}
	}
	if c, ok := ctx.Conn().(*lingerConn); ok {
		c.linger.Store(true) // the client may still be sending what was refused
	}
	body, _ := json.Marshal(errorBody{Error: detail})
	ctx.Response.Reset()
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json; charset=utf-8")
	ctx.Response.Header.Set("X-Content-Type-Options", "nosniff")
	ctx.SetBody(append(body, '\n'))
	s.metrics.observe("unmatched", status, 0)
}

// lingerTime is how long a connection closed on a refused request still
// reads (and drops) what the client sends, so it reads the answer before
// the close resets the connection (net/http waits as long).
const lingerTime = 500 * time.Millisecond

// lingerListener makes every connection a lingerConn: one closed after an
// error answer (fastError) closes its writing side first and drains what
// the client is still sending for lingerTime. Without it a client uploading
// a body past maxRead gets a reset, not the 413.
type lingerListener struct{ net.Listener }

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &lingerConn{Conn: c}, nil
}

// lingerConn is a connection that may linger on Close.
type lingerConn struct {
	net.Conn
	linger atomic.Bool
}

func (c *lingerConn) Close() error {
	if c.linger.Load() {
		if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok && cw.CloseWrite() == nil {
			_ = c.Conn.SetReadDeadline(time.Now().Add(lingerTime))
			_, _ = io.Copy(io.Discard, c.Conn)
		}
	}
	return c.Conn.Close()
}

// FastHandler returns the server as a fasthttp handler: the feeds' fast path,
// then the net/http handler for everything else.
func (s *Server) FastHandler() fasthttp.RequestHandler {
	// The net/http side gets a context of its own: fasthttp's RequestCtx is
	// recycled after the request and is cancelled when the server shuts
	// down, where net/http lets a request in flight finish.
	slow := fasthttpadaptor.NewFastHTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.ServeHTTP(w, r.WithContext(context.Background()))
	}))
	return func(ctx *fasthttp.RequestCtx) {
		if !s.serveFeedFast(ctx) {
			slow(ctx)
		}
	}
}

// serveFeedFast answers ctx when it asks for a feed that is there, as
// serveFeed would, and reports whether it did. When it did not, ctx's
// response is untouched and the caller hands the request to net/http.
func (s *Server) serveFeedFast(ctx *fasthttp.RequestCtx) (served bool) {
	if s.h.office == nil { // a server without an office has no feeds
		return false
	}
	if !ctx.IsGet() && !ctx.IsHead() {
		return false
	}
	// An Authorization header is checked by the net/http side (a bad one
	// is 401 on every route), a body is measured by it, and a fragment in
	// the request's target is a path no route has.
	// (ContentLength is -1 for a chunked body, -2 for none.)
	if cl := ctx.Request.Header.ContentLength(); cl > 0 || cl == -1 ||
		len(ctx.Request.Header.Peek("Authorization")) > 0 || bytes.IndexByte(ctx.Request.Header.RequestURI(), '#') >= 0 {
		return false
	}
	start := time.Now()
	// The request's bytes are viewed, not copied: they live until the
	// handler returns, and nothing kept outlives it (the token is copied).
	path := b2s(ctx.Request.URI().PathOriginal())
	key, route, token, ok := feedRoute(path)
	if !ok {
		return false
	}
	defer func() {
		// A panic here is logged; net/http then answers the request anew
		// (with its own recovery).
		if p := recover(); p != nil {
			s.h.log.Error("panic in feed fast path", slog.String("route", route), slog.Any("panic", p))
			ctx.Response.Reset()
			served = false
		}
	}()
	bg := context.Background()
	private := route == routeStaffFeed
	if private {
		if _, err := s.h.office.UserByFeedToken(bg, strings.Clone(token)); err != nil {
			return false
		}
	}
	f, ok, err := s.h.feeds.get(bg, key)
	if err != nil || !ok {
		return false
	}
	var inmBuf [2]string
	inm := inmBuf[:0]
	for _, v := range ctx.Request.Header.PeekAll("If-None-Match") {
		inm = append(inm, b2s(v))
	}
	var aeBuf [2]string
	ae := aeBuf[:0]
	for _, v := range ctx.Request.Header.PeekAll("Accept-Encoding") {
		ae = append(ae, b2s(v))
	}
	a := f.answer(acceptsGzip(ae), inm, b2s(ctx.Request.Header.Peek("If-Modified-Since")))

	resp := &ctx.Response
	resp.Header.SetCanonical(hEtag, s2b(a.etag[0]))
	resp.Header.SetCanonical(hLastModified, s2b(f.lastModified[0]))
	resp.Header.SetCanonical(hVary, s2b(feedVary[0]))
	resp.Header.SetCanonical(hNoSniff, s2b(feedNoSniff[0]))
	resp.Header.SetCanonical(hCacheControl, s2b(s.h.feedCacheControl(private)[0]))
	resp.SetStatusCode(a.status)
	sent := 0
	if a.status == http.StatusOK { // a 304 carries no Content-Type (as net/http sends it)
		resp.Header.SetContentType(feedContentType[0])
		if a.gzip {
			resp.Header.SetContentEncoding("gzip")
		}
		resp.SetBodyRaw(a.body) // fasthttp sends no body to HEAD, but its length
		if !ctx.IsHead() {
			sent = len(a.body)
		}
	}
	s.fastFeeds.Add(1)
	s.feedMetrics[route].observe(a.status, time.Since(start))
	if s.h.log.Enabled(bg, slog.LevelDebug) {
		if private {
			path = route // the path holds the token
		}
		s.h.log.LogAttrs(bg, slog.LevelDebug, "http request",
			slog.String("method", string(ctx.Method())),
			slog.String("route", route),
			slog.String("path", strings.Clone(path)),
			slog.Int("status", a.status),
			slog.Int("bytes", sent),
			slog.Duration("took", time.Since(start)))
	}
	return true
}

// feedRoute names the feed of a request's raw path (before any decoding),
// as the mux would route it: key in the feed cache, route pattern, and the
// token of a staff feed. Only plain paths match; anything the mux would
// clean, decode or redirect is left to it.
func feedRoute(path string) (key, route, token string, ok bool) {
	if path == "/feeds/public.ics" {
		return publicFeed, routePublicFeed, "", true
	}
	if strings.Contains(path, "%") {
		return "", "", "", false
	}
	if rest, found := strings.CutPrefix(path, "/feeds/rooms/"); found {
		id, isICS := strings.CutSuffix(rest, ".ics")
		if !isICS || !plainSegment(id) {
			return "", "", "", false
		}
		return roomFeed + id, routeRoomFeed, "", true
	}
	if rest, found := strings.CutPrefix(path, "/feeds/staff/"); found {
		tok, isICS := strings.CutSuffix(rest, ".ics")
		if !isICS || !plainSegment(tok) {
			return "", "", "", false
		}
		return staffFeed, routeStaffFeed, tok, true
	}
	return "", "", "", false
}

// plainSegment reports whether s is one non-empty path segment that no
// path cleaning would touch.
func plainSegment(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.Contains(s, "/")
}

// Canonical names of the feed headers, as fasthttp takes them unparsed.
var (
	hEtag         = []byte("Etag")
	hLastModified = []byte("Last-Modified")
	hVary         = []byte("Vary")
	hNoSniff      = []byte("X-Content-Type-Options")
	hCacheControl = []byte("Cache-Control")
)

// b2s views b as a string without copying; b must not change while the
// string is used.
func b2s(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// s2b views s as bytes without copying, for a callee that only reads them.
func s2b(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

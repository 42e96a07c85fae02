package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

// maxBody is the largest request body the API reads (1 MiB).
const maxBody = 1 << 20

// requestInfo travels in the request's context from the logging middleware
// to the handlers: the handlers fill it, the log line reads it.
type requestInfo struct {
	route string // the route's label (routeLabel)
	lang  string // the language of the caller's request, for error messages
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// routeLabel names a route in logs and metrics: its ServeMux pattern, or
// "unmatched" for the catch-all, so the label set stays bounded.
func routeLabel(pattern string) string {
	if pattern == "" || pattern == "/" {
		return "unmatched"
	}
	return pattern
}

// routeLabel is the route of the request, "unmatched" when unknown.
func (i *requestInfo) routeLabel() string {
	if i == nil {
		return "unmatched"
	}
	return i.route // set from routeLabel by logRequests
}

// recoverPanics turns a panic in a handler into a logged 500, so one bad
// request never takes the daemon down. http.ErrAbortHandler passes through.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := wrapWriter(w)
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.h.log.ErrorContext(r.Context(), "panic in handler", slog.String("method", r.Method),
				slog.String("route", infoFrom(r.Context()).routeLabel()),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			if !sw.wrote {
				s.h.fail(sw, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// The security headers of every response but a feed's, built once. The
// pages have no inline script or style: the CSP forbids both. Their one
// script file comes from the site itself and talks only to it.
var (
	headerCSP = []string{"default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; " +
		"img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}
	headerNoSniff     = []string{"nosniff"}
	headerNoReferrer  = []string{"same-origin"}
	headerFrameDenied = []string{"DENY"}
)

// secureHeaders sets the security headers: a strict Content-Security-Policy,
// no MIME sniffing, no framing, and no Referer to another site (action and
// tracking pages hold a secret in their URL). The policy is same-origin, not
// no-referrer: under no-referrer a browser sends "Origin: null" with the
// page's own form, and one that sends no Sec-Fetch-Site (Safari before 16.4)
// would then have it refused by checkOrigin.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = headerCSP
		h["X-Content-Type-Options"] = headerNoSniff
		h["Referrer-Policy"] = headerNoReferrer
		h["X-Frame-Options"] = headerFrameDenied
		next.ServeHTTP(w, r)
	})
}

// logRequests writes one line per request of the route labelled route. It
// logs the path but never the query (it may carry a tracking token) nor any
// header (Authorization, X-Tracking-Token); a path under a prefix that
// carries a secret is logged without it (loggedPath).
func (s *Server) logRequests(route string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			info := &requestInfo{route: route}
			sw, done := wrapWriter(w), false
			defer func() {
				s.logRequest(r, route, sw.statusCode(done), sw.bytes, start)
			}()
			next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)))
			done = true
		})
	}
}

// logRequest writes the line of one answered request.
func (s *Server) logRequest(r *http.Request, route string, status int, bytes int64, start time.Time) {
	level := logLevel(r, status)
	if !s.h.log.Enabled(r.Context(), level) {
		return
	}
	s.h.log.LogAttrs(r.Context(), level, "http request",
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.String("path", loggedPath(r.URL.Path)),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Duration("took", time.Since(start)))
}

// logLevel is info for a request, but debug for a feed served as asked (200,
// 304): a thousand phones polling a calendar would otherwise fill the log
// with a line each, and cost the feed a write per poll.
func logLevel(r *http.Request, status int) slog.Level {
	if status < 400 && strings.HasPrefix(r.URL.Path, "/feeds/") {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// secretPrefixes are the paths whose rest is a secret: a signed action link,
// a staff feed's token, a sign-in link.
var secretPrefixes = []string{"/act/", "/feeds/staff/", "/login/link/"}

// loggedPath is the path as the log may show it: under a secret prefix, the
// prefix and "REDACTED", whatever route matched or did not (a wrong method,
// a trailing slash, a body too large), and however the path is written
// ("//act/", "/x/../act/", which a CONNECT reaches the handlers with).
func loggedPath(p string) string {
	clean := path.Clean(p)
	for _, prefix := range secretPrefixes {
		if strings.HasPrefix(clean, prefix) {
			return prefix + "REDACTED"
		}
	}
	return p
}

// countRequests feeds the request counter and latency histogram of one
// route, resolved once (never labelled by the raw path, which would grow
// without bound).
func (s *Server) countRequests(m *routeMetrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw, done := wrapWriter(w), false
			defer func() { m.observe(sw.statusCode(done), time.Since(start)) }()
			next.ServeHTTP(sw, r)
			done = true
		})
	}
}

// checkOrigin refuses a cross-origin request with an unsafe method (a POST
// from another site's form or script), on top of the pages' form tokens.
// Requests with no Sec-Fetch-Site or Origin header (curl, API clients) pass.
func (s *Server) checkOrigin(next http.Handler) http.Handler {
	return s.origin.Handler(next)
}

// refuseCrossOrigin answers a request checkOrigin refused: 403.
func (s *Server) refuseCrossOrigin(w http.ResponseWriter, r *http.Request) {
	err := &apiError{Status: http.StatusForbidden, Code: "cross_origin", Message: "a request from another site is refused"}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.h.fail(w, r, err)
		return
	}
	s.h.failPage(w, r, err) // a page's form: a page, in the visitor's language
}

// bodyLimit is the largest body the route pattern reads: maxBody, or the
// larger limit of largerBodies (a letter's upload, letter.go).
func bodyLimit(pattern string) int64 {
	if n, ok := largerBodies[pattern]; ok {
		return n
	}
	return maxBody
}

// limitBody caps request bodies at limit; a larger one fails with 413
// (at once when Content-Length says so, else when the handler reads past it).
func (s *Server) limitBody(limit int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > limit {
				s.refuseBody(w, r, limit)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			next.ServeHTTP(w, r)
		})
	}
}

// refuseBody answers a body over limit: 413, as JSON to the API and as a
// page to a page's form (a letter too large for the request form).
func (s *Server) refuseBody(w http.ResponseWriter, r *http.Request, limit int64) {
	err := &http.MaxBytesError{Limit: limit}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.h.fail(w, r, err)
		return
	}
	s.h.failPage(w, r, err)
}

type userKey struct{}

// authenticate puts the staff user of an "Authorization: Bearer" header in
// the context. No header is an anonymous caller; a bad or unknown token is
// 401, never silently anonymous.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.bearerUser(r.Context(), header)
		if err != nil {
			s.h.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	})
}

// bearerUser resolves an Authorization header to its user.
func (s *Server) bearerUser(ctx context.Context, header string) (booking.User, error) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return booking.User{}, office.ErrUnauthenticated
	}
	u, err := s.h.office.Authenticate(ctx, strings.TrimSpace(token))
	if err != nil && !errors.Is(err, office.ErrUnauthenticated) {
		return booking.User{}, fmt.Errorf("authenticate: %w", err)
	}
	return u, err
}

// userFrom returns the authenticated staff user of the request, if any.
func userFrom(r *http.Request) (booking.User, bool) {
	u, ok := r.Context().Value(userKey{}).(booking.User)
	return u, ok
}

package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

// maxBody is the largest request body the API reads (1 MiB).
const maxBody = 1 << 20

// requestInfo travels in the request's context from the logging middleware
// to the handlers: the handlers fill it, the log line and the metrics read it.
type requestInfo struct {
	route string // the ServeMux pattern that matched, "" when none did
	lang  string // the language of the caller's request, for error messages
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// routeLabel is the matched pattern, or "unmatched" (a bounded label set).
func (i *requestInfo) routeLabel() string {
	if i == nil || i.route == "" {
		return "unmatched"
	}
	return i.route
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

// logRequests writes one line per request. It logs the route pattern and the
// path but never the query (it may carry a tracking token) nor any header
// (Authorization, X-Tracking-Token); a path holding a secret is logged as its
// pattern.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		sw, done := wrapWriter(w), false
		defer func() {
			status := sw.statusCode(done)
			level := logLevel(r, status)
			if !s.h.log.Enabled(r.Context(), level) {
				return
			}
			s.h.log.LogAttrs(r.Context(), level, "http request",
				slog.String("method", r.Method),
				slog.String("route", info.routeLabel()),
				slog.String("path", loggedPath(r, info)),
				slog.Int("status", status),
				slog.Int64("bytes", sw.bytes),
				slog.Duration("took", time.Since(start)))
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)))
		done = true
	})
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

// loggedPath is the path, or the route pattern when the path carries a
// secret (a {token} wildcard, a staff feed).
func loggedPath(r *http.Request, info *requestInfo) string {
	if strings.Contains(info.route, "{token") || strings.Contains(r.URL.Path, "/feeds/staff/") {
		return info.routeLabel()
	}
	return r.URL.Path
}

// countRequests feeds the request counter and latency histogram, labelled
// by route pattern (never the raw path, which would grow without bound).
func (s *Server) countRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, done := wrapWriter(w), false
		defer func() {
			s.metrics.observe(infoFrom(r.Context()).routeLabel(), sw.statusCode(done), time.Since(start))
		}()
		next.ServeHTTP(sw, r)
		done = true
	})
}

// limitBody caps request bodies at maxBody; a larger one fails with 413
// (at once when Content-Length says so, else when the handler reads past it).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			s.h.fail(w, r, &http.MaxBytesError{Limit: maxBody})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r)
	})
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

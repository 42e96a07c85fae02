package web

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/store"
)

// Header values every feed response shares.
var (
	feedContentType = []string{ical.ContentType}
	feedVary        = []string{"Accept-Encoding"}
	feedGzip        = []string{"gzip"}
)

// feedName names the feed a request asks for: its key in the feed cache, and
// whether it is a staff feed (private to its subscriber's client). An
// unknown feed or a wrong token is store.ErrNotFound.
type feedName func(r *http.Request) (key string, private bool, err error)

// publicFeed is GET /feeds/public.ics: every room, public view.
func (h *handler) publicFeed(*http.Request) (string, bool, error) {
	return publicFeed, false, nil
}

// roomFeed is GET /feeds/rooms/{file}: one room's public feed, where file is
// the room's id and ".ics". Anything else is 404.
func (h *handler) roomFeed(r *http.Request) (string, bool, error) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || id == "" {
		return "", false, store.ErrNotFound
	}
	return roomFeed + id, false, nil
}

// staffFeed is GET /feeds/staff/{file}: the staff view, for the holder of the
// feed token in file ("TOKEN.ics"). A wrong or rotated token is 404, like a
// feed that does not exist. The path is never logged (see loggedPath).
func (h *handler) staffFeed(r *http.Request) (string, bool, error) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return "", false, store.ErrNotFound
	}
	if _, err := h.office.UserByFeedToken(r.Context(), token); err != nil {
		return "", false, err
	}
	return staffFeed, true, nil
}

// handleFeed registers a feed route. A feed answered as asked (200 or 304)
// takes a lean path: no wrapped writer, no context value, no body limit, the
// route's metrics resolved once, pre-built header values, and a log line only
// at debug level. A request that is not a plain GET or HEAD of a feed that is
// there (an Authorization header to check, a body, an unknown room, a wrong
// token, a store failure) goes through the full middleware instead, which
// answers it as every other route would.
func (s *Server) handleFeed(pattern string, name feedName) {
	full := s.wrap(pattern, func(w http.ResponseWriter, r *http.Request) error {
		_, _, err := s.h.serveFeed(w, r, name)
		return err
	})
	m := s.metrics.forRoute(pattern)
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header["Authorization"] != nil || r.ContentLength != 0 {
			full.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		status, n, err := s.h.serveFeed(w, r, name)
		if err != nil { // nothing written yet
			full.ServeHTTP(w, r)
			return
		}
		m.observe(status, time.Since(start))
		if s.h.log.Enabled(r.Context(), slog.LevelDebug) {
			s.logRequest(r, pattern, status, int64(n), start)
		}
	}))
}

// serveFeed answers with the feed name gives: 304 when the client holds it
// (If-None-Match, else If-Modified-Since), decided before anything else is
// set; gzip when the client takes it; no body for HEAD. It returns the status
// and the bytes of body sent; on an error it has written nothing.
func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request, name feedName) (int, int, error) {
	key, private, err := name(r)
	if err != nil {
		return 0, 0, err
	}
	f, ok, err := h.feeds.get(r.Context(), key)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return 0, 0, store.ErrNotFound
	}
	a := f.answer(acceptsGzip(r.Header["Accept-Encoding"]), r.Header["If-None-Match"], r.Header.Get("If-Modified-Since"))
	hdr := w.Header()
	hdr["Etag"] = a.etag
	hdr["Last-Modified"] = f.lastModified
	hdr["Vary"] = feedVary
	hdr["Cache-Control"] = h.feedCacheControl(private)
	if a.status == http.StatusNotModified {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified, 0, nil
	}
	if a.gzip {
		hdr["Content-Encoding"] = feedGzip
	}
	hdr["Content-Type"] = feedContentType
	hdr["X-Content-Type-Options"] = headerNoSniff
	hdr["Content-Length"] = a.length
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return http.StatusOK, 0, nil
	}
	n, _ := w.Write(a.body)
	return http.StatusOK, n, nil
}

// feedAnswer is how a feed answers one request: 200 with the body, or 304.
type feedAnswer struct {
	status int
	body   []byte   // nil on 304
	length []string // the Content-Length of body, pre-built
	etag   []string // the ETag of the bytes the client holds or gets
	gzip   bool     // body is gzipped (Content-Encoding: gzip); never on 304
}

// answer decides the response to a request that takes gzip or not and
// carries the If-None-Match values inm and If-Modified-Since ims.
func (f *encodedFeed) answer(gzipOK bool, inm []string, ims string) feedAnswer {
	a := feedAnswer{status: http.StatusOK, body: f.body, length: f.length, etag: f.etag}
	if gzipOK {
		a.body, a.length, a.etag, a.gzip = f.gzipped, f.gzLength, f.gzETag, true
	}
	if notModified(inm, ims, a.etag[0], f.modified) {
		return feedAnswer{status: http.StatusNotModified, etag: a.etag}
	}
	return a
}

// feedCacheControl is the Cache-Control of a feed: shared caches may keep a
// public feed; a staff feed only the subscriber's own client.
func (h *handler) feedCacheControl(private bool) []string {
	if private {
		return h.feedPrivateCC
	}
	return h.feedPublicCC
}

// cacheControls returns the Cache-Control values of public and staff feeds.
func cacheControls(maxAge time.Duration) (public, private []string) {
	age := strconv.Itoa(int(maxAge / time.Second))
	return []string{"public, max-age=" + age}, []string{"private, max-age=" + age}
}

// notModified evaluates If-None-Match (the values inm; RFC 9110 13.1.2, weak
// comparison), or when it is absent If-Modified-Since (ims).
func notModified(inm []string, ims, etag string, modified time.Time) bool {
	if len(inm) > 0 {
		for _, list := range inm {
			if etagListMatches(list, etag) {
				return true
			}
		}
		return false
	}
	if ims == "" {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !modified.After(t)
}

// etagListMatches reports whether the If-None-Match value list names etag.
func etagListMatches(list, etag string) bool {
	for list != "" {
		var item string
		item, list, _ = strings.Cut(list, ",")
		item = strings.TrimPrefix(strings.TrimSpace(item), "W/")
		if item == "*" || item == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding takes gzip (with q > 0).
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for v != "" {
			var item string
			item, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(item, ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") {
				continue
			}
			return !zeroQ(params)
		}
	}
	return false
}

// zeroQ reports whether the parameters of an Accept-Encoding item say q=0.
func zeroQ(params string) bool {
	_, q, ok := strings.Cut(params, "q=")
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(q), 64)
	return err == nil && f == 0
}

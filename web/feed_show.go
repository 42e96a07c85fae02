package web

import (
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
	feedNoSniff     = []string{"nosniff"}
)

// showPublicFeed is GET /feeds/public.ics: every room, public view.
func (h *handler) showPublicFeed(w http.ResponseWriter, r *http.Request) error {
	return h.serveFeed(w, r, publicFeed, false)
}

// showRoomFeed is GET /feeds/rooms/{file}: one room's public feed, where
// file is the room's id and ".ics". Anything else is 404.
func (h *handler) showRoomFeed(w http.ResponseWriter, r *http.Request) error {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || id == "" {
		return store.ErrNotFound
	}
	return h.serveFeed(w, r, roomFeed+id, false)
}

// showStaffFeed is GET /feeds/staff/{file}: the staff view, for the holder of
// the feed token in file ("TOKEN.ics"). A wrong or rotated token is 404, like
// a feed that does not exist. The path is never logged (see loggedPath).
func (h *handler) showStaffFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return store.ErrNotFound
	}
	if _, err := h.office.UserByFeedToken(r.Context(), token); err != nil {
		return err
	}
	return h.serveFeed(w, r, staffFeed, true)
}

// serveFeed answers with the cached feed key: 304 when the client holds it
// (If-None-Match, else If-Modified-Since), gzip when the client takes it, no
// body for HEAD. The fast path (fast.go) answers the same requests the same
// way; both take their answer from feedAnswer.
func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request, key string, private bool) error {
	f, ok, err := h.feeds.get(r.Context(), key)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	a := f.answer(acceptsGzip(r.Header["Accept-Encoding"]), r.Header["If-None-Match"], r.Header.Get("If-Modified-Since"))
	hdr := w.Header()
	if a.gzip {
		hdr["Content-Encoding"] = feedGzip
	}
	hdr["Content-Type"] = feedContentType
	hdr["Etag"] = a.etag
	hdr["Last-Modified"] = f.lastModified
	hdr["Vary"] = feedVary
	hdr["X-Content-Type-Options"] = feedNoSniff
	hdr["Cache-Control"] = h.feedCacheControl(private)
	if a.status == http.StatusNotModified {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hdr["Content-Length"] = []string{strconv.Itoa(len(a.body))}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(a.body)
	}
	return nil
}

// feedAnswer is how a feed answers one request: 200 with the body, or 304.
type feedAnswer struct {
	status int
	body   []byte   // nil on 304
	etag   []string // the ETag of the bytes the client holds or gets
	gzip   bool     // body is gzipped (Content-Encoding: gzip); never on 304
}

// answer decides the response to a request that takes gzip or not and
// carries the If-None-Match values inm and If-Modified-Since ims.
func (f *encodedFeed) answer(gzipOK bool, inm []string, ims string) feedAnswer {
	a := feedAnswer{status: http.StatusOK, body: f.body, etag: f.etag}
	if gzipOK {
		a.body, a.etag, a.gzip = f.gzipped, f.gzETag, true
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

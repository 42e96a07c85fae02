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
// body for HEAD.
func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request, key string, private bool) error {
	f, ok, err := h.feeds.get(r.Context(), key)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	body, etag := f.body, f.etag
	hdr := w.Header()
	if acceptsGzip(r.Header["Accept-Encoding"]) {
		body, etag = f.gzipped, f.gzETag
		hdr["Content-Encoding"] = feedGzip
	}
	hdr["Content-Type"] = feedContentType
	hdr["Etag"] = etag
	hdr["Last-Modified"] = f.lastModified
	hdr["Vary"] = feedVary
	hdr["X-Content-Type-Options"] = feedNoSniff
	hdr["Cache-Control"] = h.feedCacheControl(private)
	if notModified(r, etag[0], f.modified) {
		delete(hdr, "Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hdr["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	return nil
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

// notModified evaluates If-None-Match (RFC 9110 13.1.2, weak comparison), or
// when it is absent If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		for _, list := range inm {
			if etagListMatches(list, etag) {
				return true
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
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

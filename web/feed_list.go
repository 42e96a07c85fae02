package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pelalawan/ccroom/locale"
)

// feedLink is how to subscribe to one feed: its https:// (or http://) URL
// and the same as webcal://, which phones open in their calendar app.
type feedLink struct {
	Room   string `json:"room,omitempty"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	Webcal string `json:"webcal"`
}

// feedLinks lists every public feed, with the subscribe page and the QR code
// of the public feed's webcal link.
type feedLinks struct {
	Public feedLink   `json:"public"`
	Rooms  []feedLink `json:"rooms"`
	Page   string     `json:"page"`
	QRCode string     `json:"qr_code"`
}

// listFeeds is GET /api/v1/feeds: the links of the public and room feeds.
// The staff feed's link is secret and only `ccroom user feed-token rotate`
// prints it.
func (h *handler) listFeeds(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, h.feedLinks(r, h.audienceOf(r).lang))
}

// feedLinks builds the links on the base URL (or the request's host).
func (h *handler) feedLinks(r *http.Request, lang string) feedLinks {
	base := h.publicBase(r)
	name := locale.For(lang).Get("calendar.all_rooms")
	out := feedLinks{Public: newFeedLink(base+"/feeds/public.ics", "", name),
		Page: base + "/feeds", QRCode: base + "/feeds/public.png", Rooms: []feedLink{}}
	for _, room := range h.office.Rooms() {
		u := base + "/feeds/rooms/" + url.PathEscape(room.ID) + ".ics"
		out.Rooms = append(out.Rooms, newFeedLink(u, room.ID, room.DisplayName()))
	}
	return out
}

func newFeedLink(u, room, name string) feedLink {
	return feedLink{Room: room, Name: name, URL: u, Webcal: webcal(u)}
}

// webcal turns an http(s) URL into its webcal:// twin.
func webcal(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		return "webcal://" + rest
	}
	return "webcal://" + strings.TrimPrefix(u, "http://")
}

// publicBase is the configured base URL, or the scheme and host the request
// came to when none is configured.
func (h *handler) publicBase(r *http.Request) string {
	if h.baseURL != "" {
		return h.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

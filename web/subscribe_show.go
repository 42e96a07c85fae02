package web

import (
	"net/http"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/pelalawan/ccroom/locale"
)

// subscribePage is the data of the subscribe page (templates/subscribe.html).
type subscribePage struct {
	pageHead
	Feeds feedLinks
}

// showSubscribe is GET /feeds: the page that gives the webcal:// and https://
// links of every public feed, a QR code of the public one and how to
// subscribe from Google Calendar, Apple Calendar and Thunderbird, in the
// visitor's language (Indonesian unless ?lang=en or the browser asks for
// English).
func (h *handler) showSubscribe(w http.ResponseWriter, r *http.Request) error {
	p := locale.For(h.audienceOf(r).lang)
	page := &subscribePage{
		pageHead: pageHead{Lang: p.Lang(), Title: p.Get("subscribe.title"), Other: "?lang=" + otherLang(p.Lang())},
		Feeds:    h.feedLinks(r, p.Lang()),
	}
	return renderPage(w, http.StatusOK, "subscribe", page)
}

// showPublicQR is GET /feeds/public.png: a QR code of the public feed's
// webcal:// link, for the subscribe page and for posters.
func (h *handler) showPublicQR(w http.ResponseWriter, r *http.Request) error {
	png, err := qrcode.Encode(h.feedLinks(r, "id").Public.Webcal, qrcode.Medium, 320)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(png)
	return nil
}

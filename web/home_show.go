package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/pelalawan/ccroom/locale"
)

// showHome is GET /: this week of the first room (a selector offers the
// others), with the way to apply, to subscribe and to sign in. Indonesian
// unless the visitor asks for English (?lang=en, or Accept-Language). Its
// failures are pages too.
func (h *handler) showHome(w http.ResponseWriter, r *http.Request) error {
	if err := h.home(w, r); err != nil {
		h.failPage(w, r, err)
	}
	return nil
}

func (h *handler) home(w http.ResponseWriter, r *http.Request) error {
	q, err := h.calendarQuery(r)
	if err != nil {
		return err
	}
	lang := h.pageLang(r)
	p := locale.For(lang)
	head := pageHead{Lang: p.Lang(), Title: p.Get("home.title"), Section: "calendar", Other: otherLangURL(r, lang)}
	page, err := h.calendar(r, q, head, calendarAudience{lang: lang, langParam: calLangParam(r)})
	if err != nil {
		return err
	}
	page.Home = true
	return renderPage(w, http.StatusOK, "calendar", page)
}

// langQuery keeps the language the visitor chose with ?lang= on a link to
// another page; without it, that page reads Accept-Language again.
func langQuery(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == locale.English || l == locale.Indonesian {
		return "?lang=" + l
	}
	return ""
}

// showNotFound is the HTML 404 page, in the visitor's language.
func (h *handler) showNotFound(w http.ResponseWriter, r *http.Request) error {
	p := locale.For(h.audienceOf(r).lang)
	page := &pageHead{Lang: p.Lang(), Title: p.Get("notfound.title")}
	return renderPage(w, http.StatusNotFound, "notfound", page)
}

// pageNotFound answers what no route matches. The API keeps its JSON
// answers (notFound), and so does a path that exists for another method
// (405); any other path gets the HTML 404 page.
func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) error {
	err := s.notFound(w, r)
	var api *apiError
	if strings.HasPrefix(r.URL.Path, "/api/") || !errors.As(err, &api) || api.Status != http.StatusNotFound {
		return err
	}
	return s.h.showNotFound(w, r)
}

package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pelalawan/ccroom/locale"
)

// homePage is the root page: the rooms that can be borrowed and the way to
// their calendar.
type homePage struct {
	pageHead
	Office string // who lends the rooms; "" leaves the line out
	Rooms  []homeRoom
	Feeds  string // the subscribe page, in the page's language
}

// homeRoom is a room as the root page lists it.
type homeRoom struct {
	Name      string
	Capacity  int
	Equipment string // "computer (10), internet (1)"
}

// showHome is GET /: the rooms, their capacity and equipment, and a link to
// the subscribe page. Indonesian unless the visitor asks for English
// (?lang=en, or the browser's Accept-Language).
func (h *handler) showHome(w http.ResponseWriter, r *http.Request) error {
	lang := h.audienceOf(r).lang
	p := locale.For(lang)
	page := &homePage{
		pageHead: pageHead{Lang: p.Lang(), Title: p.Get("home.title"), Other: "/?lang=" + otherLang(lang)},
		Feeds:    "/feeds" + langQuery(r),
		Office:   h.officeName,
	}
	for _, room := range h.office.Rooms() {
		page.Rooms = append(page.Rooms, homeRoom{Name: room.DisplayName(), Capacity: room.Capacity,
			Equipment: stock(room.Equipment)})
	}
	return renderPage(w, http.StatusOK, "home", page)
}

// stock lists a room's equipment by name: "computer (10), internet (1)".
func stock(eq map[string]int) string {
	var names []string
	for n := range eq {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s (%d)", n, eq[n])
	}
	return strings.Join(parts, ", ")
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

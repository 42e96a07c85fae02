package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// The calendar shows one room's month, week or day: the public version
// (GET /calendar, and this week of the first room at GET /) with the same
// privacy as the public feed, and the staff's (GET /staff/calendar) with who
// asked, for which organization, in which state, and a link to each request.

// The calendar's views.
const (
	viewMonth = "month"
	viewWeek  = "week"
	viewDay   = "day"
)

// dateLayout is how a date travels in the calendar's links: 2026-12-07.
const dateLayout = "2006-01-02"

// The calendar's answers to a bad query, each worded by its error.CODE key.
var (
	errCalendarRoom = &apiError{Status: http.StatusNotFound, Code: "calendar_room", Field: "room",
		Message: "no such room"}
	errCalendarView = &apiError{Status: http.StatusBadRequest, Code: "calendar_view", Field: "view",
		Message: "view must be month, week or day"}
	errCalendarDate = &apiError{Status: http.StatusBadRequest, Code: "calendar_date", Field: "date",
		Message: "date must be a date written YYYY-MM-DD"}
)

// calendarRoutes registers the calendar pages.
func (s *Server) calendarRoutes() {
	s.page("GET /calendar", s.h.showCalendar)
	s.page("GET /staff/calendar", s.h.showStaffCalendar)
}

// showCalendar is GET /calendar?room=&view=&date=: any room, view and date
// (the first room, this week, today by default), as the public sees them.
func (h *handler) showCalendar(w http.ResponseWriter, r *http.Request) error {
	q, err := h.calendarQuery(r)
	if err != nil {
		return err
	}
	lang := h.pageLang(r)
	p := locale.For(lang)
	head := pageHead{Lang: p.Lang(), Title: p.Get("calendar.title"), Section: "calendar",
		Other: otherLangURL(r, lang)}
	page, err := h.calendar(r, q, head, calendarAudience{lang: lang, langParam: calLangParam(r)})
	if err != nil {
		return err
	}
	return renderPage(w, http.StatusOK, "calendar", page)
}

// showStaffCalendar is GET /staff/calendar?room=&view=&date=: the calendar
// with each request's applicant, organization, state and page.
func (h *handler) showStaffCalendar(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	q, err := h.calendarQuery(r)
	if err != nil {
		return err
	}
	head := h.staffHead(r, u, "nav.calendar", "calendar")
	page, err := h.calendar(r, q, head, calendarAudience{lang: head.Lang, staff: true})
	if err != nil {
		return err
	}
	return renderPage(w, http.StatusOK, "calendar", page)
}

// calendarQuery is what a calendar page shows: a room, a view, a date.
type calendarQuery struct {
	room booking.Room
	view string
	date time.Time // midnight in the office zone
}

// calendarQuery reads ?room=&view=&date=; an unknown room is a 404, a view
// or date that cannot be read a 400.
func (h *handler) calendarQuery(r *http.Request) (calendarQuery, error) {
	v := r.URL.Query()
	c := calendarQuery{view: viewWeek, date: midnight(h.office.Now().In(h.loc()))}
	rooms := h.office.Rooms()
	id := strings.TrimSpace(v.Get("room"))
	switch room, ok := h.office.Room(id); {
	case id != "" && !ok, len(rooms) == 0:
		return c, errCalendarRoom
	case ok:
		c.room = room
	default:
		c.room = rooms[0]
	}
	switch view := strings.TrimSpace(v.Get("view")); view {
	case "":
	case viewMonth, viewWeek, viewDay:
		c.view = view
	default:
		return c, errCalendarView
	}
	if d := strings.TrimSpace(v.Get("date")); d != "" {
		t, err := time.ParseInLocation(dateLayout, d, h.loc())
		if err != nil || t.Year() < 2000 || t.Year() > 2200 {
			return c, errCalendarDate
		}
		c.date = t
	}
	return c, nil
}

// midnight is the start of t's day, in t's zone.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// calLangParam is the language the visitor chose by ?lang=, kept by every
// link of a public page; "" when they did not choose.
func calLangParam(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == locale.English || l == locale.Indonesian {
		return l
	}
	return ""
}

// otherLangURL is this page in the other language: its own query with lang
// switched.
func otherLangURL(r *http.Request, lang string) string {
	v := r.URL.Query()
	v.Set("lang", otherLang(lang))
	return r.URL.Path + "?" + v.Encode()
}

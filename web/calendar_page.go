package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// calendarPage is the data of templates/calendar.html.
type calendarPage struct {
	pageHead
	Home      bool   // the root page: the way in for applicants
	Action    string // the room and date form's target
	LangParam string // kept by the form when the visitor chose it
	Rooms     []roomChoice
	RoomID    string
	RoomName  string
	Capacity  int
	Equipment string // "computer (10), internet (1)"
	Office    string // who lends the rooms; "" leaves the line out
	View      string
	Date      string // the date shown, YYYY-MM-DD
	Heading   string // "Desember 2026", "7–13 Desember 2026", ...
	Hours     string // "Jam buka 07.00–17.00 WIB · tutup hari Minggu"
	Prev      string
	Next      string
	Today     string
	PrevLabel string
	NextLabel string
	Views     []viewLink
	Apply     string // the request form for this room
	Feeds     string
	Month     *monthGrid
	Week      *weekGrid
	Day       *dayView
}

// roomChoice is a room of the selector.
type roomChoice struct {
	ID, Name string
	Current  bool
}

// viewLink switches to another view of the same date.
type viewLink struct {
	Label, URL string
	Current    bool
}

// calendarAudience is who reads a calendar page: its language, the ?lang=
// the links keep, and whether it is the staff's version.
type calendarAudience struct {
	lang, langParam string
	staff           bool
}

// calendarLinks builds the links of a calendar page to its other views.
type calendarLinks struct {
	path, room, lang string
}

// to is the link to view at date d.
func (l calendarLinks) to(view string, d time.Time) string {
	v := url.Values{"room": {l.room}, "view": {view}, "date": {d.Format(dateLayout)}}
	if l.lang != "" {
		v.Set("lang", l.lang)
	}
	return l.path + "?" + v.Encode()
}

// calendar builds the page of query q for audience a under head.
func (h *handler) calendar(r *http.Request, q calendarQuery, head pageHead, a calendarAudience) (*calendarPage, error) {
	p := locale.For(a.lang)
	links := calendarLinks{path: "/calendar", room: q.room.ID, lang: a.langParam}
	if a.staff {
		links.path = "/staff/calendar"
	}
	page := &calendarPage{pageHead: head, Action: links.path, LangParam: a.langParam,
		RoomID: q.room.ID, RoomName: q.room.DisplayName(), Capacity: q.room.Capacity,
		Equipment: stock(q.room.Equipment), Office: h.officeName, View: q.view, Date: q.date.Format(dateLayout),
		Hours: openingHours(p, h.office.Rules(), q.date), Apply: applyLink(q.room.ID, a.langParam),
		Feeds: "/feeds" + langSuffix(a.langParam)}
	for _, room := range h.office.Rooms() {
		page.Rooms = append(page.Rooms, roomChoice{ID: room.ID, Name: room.DisplayName(), Current: room.ID == q.room.ID})
	}
	h.navigate(page, p, q, links)
	from, to := viewWindow(q)
	spans, err := h.store.Busy(r.Context(), q.room.ID, from, to)
	if err != nil {
		return nil, err
	}
	cal := calendarData{p: p, staff: a.staff, rules: h.office.Rules(), now: h.office.Now(), links: links,
		from: from, days: int(to.Sub(from).Hours()/24 + 0.5), spans: spans}
	if q.view == viewMonth {
		page.Month = cal.month(q.date)
		return page, nil
	}
	if cal.requests, err = h.requestsOf(r, q.room.ID, from, to, spans); err != nil {
		return nil, err
	}
	if q.view == viewWeek {
		page.Week, page.Wide = cal.week(), true
	} else {
		page.Day = cal.day(q.room.ID)
	}
	return page, nil
}

// navigate fills the page's heading and its links to the previous, next
// and current period and to the other views.
func (h *handler) navigate(page *calendarPage, p *locale.Printer, q calendarQuery, links calendarLinks) {
	var prev, next time.Time
	switch q.view {
	case viewMonth:
		first := q.date.AddDate(0, 0, 1-q.date.Day())
		prev, next = first.AddDate(0, -1, 0), first.AddDate(0, 1, 0)
		page.Heading = monthTitle(p, q.date)
	case viewWeek:
		monday := mondayOf(q.date)
		prev, next = monday.AddDate(0, 0, -7), monday.AddDate(0, 0, 7)
		page.Heading = weekTitle(p, monday, monday.AddDate(0, 0, 6))
	default:
		prev, next = q.date.AddDate(0, 0, -1), q.date.AddDate(0, 0, 1)
		page.Heading = longDate(p, q.date)
	}
	page.Prev, page.Next = links.to(q.view, prev), links.to(q.view, next)
	page.PrevLabel, page.NextLabel = p.Get("calendar.prev."+q.view), p.Get("calendar.next."+q.view)
	page.Today = links.to(q.view, midnight(h.office.Now().In(h.loc())))
	for _, v := range []string{viewMonth, viewWeek, viewDay} {
		page.Views = append(page.Views, viewLink{Label: p.Get("calendar.view." + v), URL: links.to(v, q.date),
			Current: v == q.view})
	}
}

// viewWindow is the span of time a view shows: the month's whole weeks,
// the week from Monday, or the day.
func viewWindow(q calendarQuery) (from, to time.Time) {
	switch q.view {
	case viewMonth:
		first := q.date.AddDate(0, 0, 1-q.date.Day())
		from = mondayOf(first)
		last := first.AddDate(0, 1, -1)
		return from, mondayOf(last).AddDate(0, 0, 7)
	case viewWeek:
		from = mondayOf(q.date)
		return from, from.AddDate(0, 0, 7)
	}
	return q.date, q.date.AddDate(0, 0, 1)
}

// mondayOf is the Monday of d's week (weeks start on Monday).
func mondayOf(d time.Time) time.Time {
	return d.AddDate(0, 0, -(int(d.Weekday())+6)%7)
}

// requestsOf reads, in one query, the requests behind spans, by id; none
// when no span is a request's.
func (h *handler) requestsOf(r *http.Request, room string, from, to time.Time, spans []booking.Busy) (map[int64]*booking.Request, error) {
	if !slices.ContainsFunc(spans, func(b booking.Busy) bool { return b.RequestID != 0 }) {
		return nil, nil
	}
	list, err := h.store.Requests(r.Context(), store.Filter{Room: room, From: from, To: to})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*booking.Request, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	return byID, nil
}

// openingHours words the room's hours on the page: "Jam buka 07.00–17.00
// WIB · tutup hari Minggu".
func openingHours(p *locale.Printer, rules booking.Rules, d time.Time) string {
	zone := d.Format("MST")
	s := p.Get("calendar.open_always", zone)
	if rules.Close > 0 {
		s = p.Get("calendar.open_hours", clockSpan(p, int(rules.Open/time.Minute), int(rules.Close/time.Minute)), zone)
	}
	var shut []string
	for _, w := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday,
		time.Saturday, time.Sunday} {
		if slices.Contains(rules.ClosedWeekdays, w) {
			shut = append(shut, booking.WeekdayName(w, p.Lang()))
		}
	}
	if len(shut) > 0 {
		s += " · " + p.Get("calendar.closed_on", strings.Join(shut, ", "))
	}
	return s
}

// applyLink is the request form for room.
func applyLink(room, lang string) string {
	v := url.Values{"room": {room}}
	if lang != "" {
		v.Set("lang", lang)
	}
	return "/requests/new?" + v.Encode()
}

// langSuffix is "?lang=L" for a chosen language, else "".
func langSuffix(lang string) string {
	if lang == "" {
		return ""
	}
	return "?lang=" + lang
}

// staffRequestLink is a request's page for staff.
func staffRequestLink(id int64) string { return "/staff/requests/" + strconv.FormatInt(id, 10) }

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

package web

import (
	"cmp"
	"context"
	"errors"
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

// logbookPageSize is how many acts a page of the logbook lists: with long
// titles and notes, a page stays under 50 KB.
const logbookPageSize = 25

// logbookNoteChars is how much of a note the logbook's page shows; the
// request's page and the downloads carry it whole.
const logbookNoteChars = 280

// staffLogbookPage is the logbook of a month (templates/staff_logbook.html):
// every act with its actor, role, time, request, note and timing, a page
// at a time, narrowed by room, status and official, and the links to the
// same acts as CSV and XLSX.
type staffLogbookPage struct {
	pageHead
	Month, MonthLabel string // 2026-12, "12-2026"
	MonthError        string
	Invalid           bool // the month or a filter cannot be read
	Filter            logbookFilterForm
	Prev, Next        *linkItem // the neighbouring months' pages
	CSV, XLSX         string
	Entries           []logbookLine
	Count             string // "12 tindakan"
	Clear             string // the month without its filters, when filtered
	Earlier, Later    string // the pages of the month's other acts
}

// logbookFilterForm is the filters' fields with their choices and errors.
type logbookFilterForm struct {
	Rooms, Statuses, Officials            []option
	RoomError, StatusError, OfficialError string
}

// logbookLine is one act as the page lists it.
type logbookLine struct {
	When, Number, Link, Title, What, Who, Note, Took string
	Late                                             bool
}

// logbookFilter narrows a month's logbook: to one room, to the acts that
// led to one status, to the acts of one official (a user id). Empty fields
// keep everything.
type logbookFilter struct {
	Room, Status, Official string
	official               int64
}

// readLogbookFilter reads the filters from the query string.
func readLogbookFilter(q url.Values) logbookFilter {
	return logbookFilter{Room: strings.TrimSpace(q.Get("room")), Status: strings.TrimSpace(q.Get("status")),
		Official: strings.TrimSpace(q.Get("official"))}
}

// active says whether any filter is set.
func (f logbookFilter) active() bool { return f.Room != "" || f.Status != "" || f.Official != "" }

// query is the month's page n (or download) with the filters kept.
func (f logbookFilter) query(month string, n int) string {
	v := url.Values{"month": {month}}
	for k, s := range map[string]string{"room": f.Room, "status": f.Status, "official": f.Official} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v.Encode()
}

// keep says whether the entry passes the filters.
func (f logbookFilter) keep(e store.LogEntry) bool {
	return (f.Room == "" || e.Room == f.Room) && (f.Status == "" || string(e.To) == f.Status) &&
		(f.official == 0 || e.UserID == f.official)
}

// apply is the entries that pass the filters.
func (f logbookFilter) apply(entries []store.LogEntry) []store.LogEntry {
	if !f.active() {
		return entries
	}
	var out []store.LogEntry
	for _, e := range entries {
		if f.keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// logbookChoices are what the filters offer for a month: the office's rooms
// and those the month's acts name, every status, and the staff who acted
// that month (with the one asked for, should they not have).
type logbookChoices struct {
	rooms     []option // Value: room id, Label: its name
	officials []option // Value: user id, Label: name
}

// choices collects the filters' choices from the month's entries.
func (h *handler) logbookChoices(entries []store.LogEntry) logbookChoices {
	var c logbookChoices
	seen := map[string]bool{}
	for _, r := range h.office.Rooms() {
		seen[r.ID] = true
		c.rooms = append(c.rooms, option{Value: r.ID, Label: r.Name})
	}
	people := map[int64]bool{}
	for _, e := range entries {
		if !seen[e.Room] {
			seen[e.Room] = true
			c.rooms = append(c.rooms, option{Value: e.Room, Label: cmp.Or(e.RoomName, e.Room)})
		}
		if e.UserID > 0 && !people[e.UserID] {
			people[e.UserID] = true
			c.officials = append(c.officials, option{Value: strconv.FormatInt(e.UserID, 10), Label: e.Actor})
		}
	}
	slices.SortStableFunc(c.officials, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	return c
}

// checkFilter validates f against the choices, reading the official's id;
// it returns the name of each field that holds no known choice. An official
// who did not act in the month is added to the choices when the user exists.
func (h *handler) checkFilter(ctx context.Context, f *logbookFilter, c *logbookChoices) ([]string, error) {
	var bad []string
	if f.Room != "" && !slices.ContainsFunc(c.rooms, func(o option) bool { return o.Value == f.Room }) {
		bad = append(bad, "room")
	}
	if f.Status != "" && !slices.Contains(booking.Statuses, booking.Status(f.Status)) {
		bad = append(bad, "status")
	}
	if f.Official != "" {
		id, err := strconv.ParseInt(f.Official, 10, 64)
		switch {
		case err != nil || id <= 0:
			bad = append(bad, "official")
		case slices.ContainsFunc(c.officials, func(o option) bool { return o.Value == f.Official }):
			f.official = id
		default:
			u, err := h.store.User(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				bad = append(bad, "official")
				break
			}
			if err != nil {
				return nil, err
			}
			f.official, f.Official = id, strconv.FormatInt(id, 10)
			c.officials = append(c.officials, option{Value: f.Official, Label: u.Name})
		}
	}
	return bad, nil
}

// showStaffLogbook is GET /staff/logbook?month=YYYY-MM (this month by
// default)&room=ID&status=S&official=USERID&page=N.
func (h *handler) showStaffLogbook(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	head := h.staffHead(r, u, "staff.logbook.title", "logbook")
	head.Other, head.Wide = sameWithLang(r, otherLang(head.Lang)), true
	p := locale.For(head.Lang)
	q := r.URL.Query()
	month, status := h.logbookMonth(q.Get("month")), http.StatusOK
	page := &staffLogbookPage{pageHead: head}
	f := readLogbookFilter(q)
	from, to, err := parseMonth(month, h.loc())
	if err != nil {
		page.MonthError, page.Month, page.Invalid = p.Get("staff.search.month_error"), q.Get("month"), true
		page.Filter = filterForm(p, f, h.logbookChoices(nil))
		return renderPage(w, http.StatusUnprocessableEntity, "staff_logbook", page)
	}
	entries, err := h.office.Logbook(r.Context(), from, to)
	if err != nil {
		return err
	}
	choices := h.logbookChoices(entries)
	bad, err := h.checkFilter(r.Context(), &f, &choices)
	if err != nil {
		return err
	}
	page.Filter = filterForm(p, f, choices)
	if len(bad) > 0 {
		for _, field := range bad {
			msg := p.Get("logbook.filter.unknown")
			switch field {
			case "room":
				page.Filter.RoomError = msg
			case "status":
				page.Filter.StatusError = msg
			case "official":
				page.Filter.OfficialError = msg
			}
		}
		status, page.Invalid = http.StatusUnprocessableEntity, true
	}
	h.fillLogbook(p, page, from, f, entries, pageNumber(r))
	return renderPage(w, status, "staff_logbook", page)
}

// filterForm is the filters' fields, f's choices selected.
func filterForm(p *locale.Printer, f logbookFilter, c logbookChoices) logbookFilterForm {
	pick := func(first string, opts []option, v string) []option {
		out := append(make([]option, 0, len(opts)+1), option{Label: first})
		for _, o := range opts {
			o.Selected = o.Value == v
			out = append(out, o)
		}
		return out
	}
	var statuses []option
	for _, st := range booking.Statuses {
		statuses = append(statuses, option{Value: string(st), Label: st.Word(p)})
	}
	return logbookFilterForm{
		Rooms:     pick(p.Get("logbook.filter.any_room"), c.rooms, f.Room),
		Statuses:  pick(p.Get("staff.search.any_status"), statuses, f.Status),
		Officials: pick(p.Get("logbook.filter.any_official"), c.officials, f.Official),
	}
}

// logbookMonth is the month asked for, this month when none is.
func (h *handler) logbookMonth(q string) string {
	if q == "" {
		return h.office.Now().In(h.loc()).Format("2006-01")
	}
	return q
}

// pageNumber is ?page=, from 1.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxPage) // (n-1) times a page's size stays far from overflowing
}

// maxPage bounds a ?page= parameter: no list of ccroom's has this many pages.
const maxPage = 1_000_000

// fillLogbook words the month's entries (oldest first) that pass f, page n
// of them, and links the other pages, months and downloads with f kept.
func (h *handler) fillLogbook(p *locale.Printer, page *staffLogbookPage, month time.Time, f logbookFilter, all []store.LogEntry, n int) {
	loc, m := h.loc(), month.Format("2006-01")
	page.Month, page.MonthLabel = m, month.Format("01-2006")
	if page.Invalid {
		f = logbookFilter{} // the other months without the filter that failed
	}
	link := func(month string, n int) string { return "/staff/logbook?" + f.query(month, n) }
	prev, next := month.AddDate(0, -1, 0), month.AddDate(0, 1, 0)
	page.Prev = &linkItem{Text: prev.Format("01-2006"), Link: link(prev.Format("2006-01"), 1)}
	page.Next = &linkItem{Text: next.Format("01-2006"), Link: link(next.Format("2006-01"), 1)}
	if page.Invalid {
		return
	}
	page.CSV, page.XLSX = "/staff/logbook.csv?"+f.query(m, 1), "/staff/logbook.xlsx?"+f.query(m, 1)
	entries := f.apply(all)
	page.Count = p.Get("staff.logbook.count", len(entries))
	if f.active() {
		page.Count = p.Get("logbook.filter.count", len(entries), len(all))
		page.Clear = "/staff/logbook?" + logbookFilter{}.query(m, 1)
	}
	first := min((n-1)*logbookPageSize, len(entries))
	last := min(first+logbookPageSize, len(entries))
	if n > 1 {
		page.Earlier = link(m, n-1)
	}
	if last < len(entries) {
		page.Later = link(m, n+1)
	}
	for _, e := range entries[first:last] {
		row := logbookLine{When: booking.FormatMoment(e.At, loc, p.Lang()), Number: booking.Number(e.RequestID),
			Link: staffRequestPath(e.RequestID), Title: e.Title, What: e.Action.Word(p),
			Who: e.Actor + " (" + e.Role.Word(p) + ")", Note: clip(e.Note, logbookNoteChars), Late: e.Late()}
		if e.Decision != "" {
			row.What += ": " + e.Decision.Word(p)
		}
		if e.Took > 0 && e.Standard > 0 {
			row.Took = p.Get("staff.took", duration(p, e.Took), duration(p, e.Standard))
		}
		page.Entries = append(page.Entries, row)
	}
}

// staffLogbookEntries reads the month and filters of a download and returns
// the month and the entries that pass; a month or filter it cannot read is
// a 422 naming the field.
func (h *handler) staffLogbookEntries(r *http.Request) (time.Time, []store.LogEntry, error) {
	if _, err := h.sessionUser(r); err != nil {
		return time.Time{}, nil, err
	}
	p := locale.For(h.pageLang(r))
	from, to, err := parseMonth(h.logbookMonth(r.URL.Query().Get("month")), h.loc())
	if err != nil {
		return time.Time{}, nil, invalid("month", "%s", p.Get("staff.search.month_error"))
	}
	entries, err := h.office.Logbook(r.Context(), from, to)
	if err != nil {
		return time.Time{}, nil, err
	}
	f, choices := readLogbookFilter(r.URL.Query()), h.logbookChoices(entries)
	bad, err := h.checkFilter(r.Context(), &f, &choices)
	if err != nil {
		return time.Time{}, nil, err
	}
	if len(bad) > 0 {
		return time.Time{}, nil, invalid(bad[0], "%s", p.Get("logbook.filter.unknown"))
	}
	return from, f.apply(entries), nil
}

// staffLogbookCSV is GET /staff/logbook.csv?month=YYYY-MM&room=&status=&official=:
// the month's logbook, filtered as the page is, as the API's CSV, for the
// signed-in member of staff.
func (h *handler) staffLogbookCSV(w http.ResponseWriter, r *http.Request) error {
	month, entries, err := h.staffLogbookEntries(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.writeLogbookCSV(w, month, entries)
}

// staffLogbookXLSX is GET /staff/logbook.xlsx?month=YYYY-MM&room=&status=&official=:
// the same acts as the CSV, as an Excel workbook.
func (h *handler) staffLogbookXLSX(w http.ResponseWriter, r *http.Request) error {
	month, entries, err := h.staffLogbookEntries(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.writeLogbookXLSX(w, month, entries)
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

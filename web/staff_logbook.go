package web

import (
	"net/http"
	"net/url"
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
// request's page and the CSV carry it whole.
const logbookNoteChars = 280

// staffLogbookPage is the logbook of a month (templates/staff_logbook.html):
// every act with its actor, role, time, request, note and timing, a page
// at a time, and the link to the month's CSV.
type staffLogbookPage struct {
	pageHead
	Month, MonthLabel string // 2026-12, "12-2026"
	MonthError        string
	Prev, Next        *linkItem // the neighbouring months' pages
	CSV               string
	Entries           []logbookLine
	Count             string // "12 tindakan"
	Earlier, Later    string // the pages of the month's other acts
}

// logbookLine is one act as the page lists it.
type logbookLine struct {
	When, Number, Link, Title, What, Who, Note, Took string
	Late                                             bool
}

// showStaffLogbook is GET /staff/logbook?month=YYYY-MM (this month by
// default)&page=N.
func (h *handler) showStaffLogbook(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	head := h.staffHead(r, u, "staff.logbook.title", "logbook")
	head.Other, head.Wide = sameWithLang(r, otherLang(head.Lang)), true
	p := locale.For(head.Lang)
	month, status := h.logbookMonth(r.URL.Query().Get("month")), http.StatusOK
	page := &staffLogbookPage{pageHead: head}
	from, to, err := parseMonth(month, h.loc())
	if err != nil {
		page.MonthError, status = p.Get("staff.search.month_error"), http.StatusUnprocessableEntity
		page.Month = r.URL.Query().Get("month")
		return renderPage(w, status, "staff_logbook", page)
	}
	entries, err := h.office.Logbook(r.Context(), from, to)
	if err != nil {
		return err
	}
	h.fillLogbook(p, page, from, entries, pageNumber(r))
	return renderPage(w, status, "staff_logbook", page)
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
	return n
}

// fillLogbook words the month's entries (oldest first), page n of them.
func (h *handler) fillLogbook(p *locale.Printer, page *staffLogbookPage, month time.Time, entries []store.LogEntry, n int) {
	loc, m := h.loc(), month.Format("2006-01")
	page.Month, page.MonthLabel = m, month.Format("01-2006")
	link := func(month string, n int) string {
		v := url.Values{"month": {month}}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return "/staff/logbook?" + v.Encode()
	}
	prev, next := month.AddDate(0, -1, 0), month.AddDate(0, 1, 0)
	page.Prev = &linkItem{Text: prev.Format("01-2006"), Link: link(prev.Format("2006-01"), 1)}
	page.Next = &linkItem{Text: next.Format("01-2006"), Link: link(next.Format("2006-01"), 1)}
	page.CSV = "/staff/logbook.csv?month=" + m
	page.Count = p.Get("staff.logbook.count", len(entries))
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

// staffLogbookCSV is GET /staff/logbook.csv?month=YYYY-MM: the month's
// logbook as the API's CSV, for the signed-in member of staff.
func (h *handler) staffLogbookCSV(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.sessionUser(r); err != nil {
		return err
	}
	from, to, err := parseMonth(h.logbookMonth(r.URL.Query().Get("month")), h.loc())
	if err != nil {
		return err
	}
	entries, err := h.office.Logbook(r.Context(), from, to)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.writeLogbookCSV(w, from, entries)
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

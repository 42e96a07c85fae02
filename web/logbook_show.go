package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// logEntryView is one line of the logbook as JSON.
type logEntryView struct {
	transitionView
	RequestID    int64     `json:"request_id"`
	Title        string    `json:"title"`
	Room         string    `json:"room"`
	Organization string    `json:"organization"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
}

// showLogbook is GET /api/v1/logbook?month=YYYY-MM: staff only, every
// transition of the month (in the office zone), oldest first. JSON by
// default; CSV for a spreadsheet with ?format=csv or Accept: text/csv; an
// Excel workbook with ?format=xlsx or Accept: the XLSX media type.
func (h *handler) showLogbook(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.requireStaff(r); err != nil {
		return err
	}
	from, to, err := parseMonth(r.URL.Query().Get("month"), h.loc())
	if err != nil {
		return err
	}
	format, err := logbookFormat(r)
	if err != nil {
		return err
	}
	entries, err := h.office.Logbook(r.Context(), from, to)
	if err != nil {
		return err
	}
	w.Header().Add("Vary", "Accept")
	switch format {
	case "csv":
		return h.writeLogbookCSV(w, from, entries)
	case "xlsx":
		return h.writeLogbookXLSX(w, from, entries)
	}
	return writeJSON(w, http.StatusOK, h.logbookView(entries))
}

// parseMonth reads YYYY-MM and returns the month's bounds in loc.
func parseMonth(v string, loc *time.Location) (time.Time, time.Time, error) {
	m, err := time.ParseInLocation("2006-01", strings.TrimSpace(v), loc)
	if err != nil || m.Year() < minYear || m.Year() > maxYear {
		return time.Time{}, time.Time{}, invalid("month", "month must be YYYY-MM from %d to %d, like 2026-12", minYear, maxYear)
	}
	return m, m.AddDate(0, 1, 0), nil
}

// logbookFormat chooses the format, "json", "csv" or "xlsx": ?format= when
// given, else the Accept header (the workbook's type, then text/csv, else
// JSON).
func logbookFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "csv", "json", "xlsx":
		return f, nil
	case "":
		accept := r.Header.Get("Accept")
		switch {
		case strings.Contains(accept, xlsxType):
			return "xlsx", nil
		case strings.Contains(accept, "text/csv"):
			return "csv", nil
		}
		return "json", nil
	}
	return "", invalid("format", "format must be csv, json or xlsx")
}

// logbookView renders the entries for JSON, times in the office zone.
func (h *handler) logbookView(entries []store.LogEntry) []logEntryView {
	loc := h.loc()
	out := make([]logEntryView, len(entries))
	for i, e := range entries {
		out[i] = logEntryView{
			transitionView: historyFor([]booking.Transition{e.Transition}, audience{staff: true}, loc)[0],
			RequestID:      e.RequestID, Title: e.Title, Room: e.Room, Organization: e.Organization,
			Start: e.Start.In(loc), End: e.End.In(loc),
		}
	}
	return out
}

// writeLogbookCSV sends the entries of the month starting at month as a CSV
// attachment. It renders first, so a failure is still a proper error.
func (h *handler) writeLogbookCSV(w http.ResponseWriter, month time.Time, entries []store.LogEntry) error {
	var buf bytes.Buffer
	if err := WriteLogbookCSV(&buf, entries, h.loc()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition",
		fmt.Sprintf("attachment; filename=\"logbook-%s.csv\"", month.Format("2006-01")))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// minYear and maxYear bound the dates a page or the API reads (a month, an
// acting grant's day): the store keeps instants from 1678 to 2262, and JSON
// writes years up to 9999.
const minYear, maxYear = 1900, 2200

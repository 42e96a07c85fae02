package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// holidayView is an imported holiday as the API shows it.
type holidayView struct {
	Date string `json:"date"` // 2026-12-25
	Name string `json:"name"`
}

// listHolidays is GET /api/v1/holidays?year=2026: the imported holidays
// that close the office, in date order; all years without year. They are
// public, as the closed dates are. A year that is not a number from 1900
// to 2200 is 422 at year.
func (h *handler) listHolidays(w http.ResponseWriter, r *http.Request) error {
	q, err := strictQuery(r)
	if err != nil {
		return err
	}
	year := 0
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return invalid("year", "year must be a number such as 2026")
		}
	}
	list, err := h.office.Holidays(r.Context(), year)
	if err != nil {
		return err
	}
	out := make([]holidayView, len(list))
	for i, d := range list {
		out[i] = holidayView{Date: d.Date.Format(time.DateOnly), Name: d.Name}
	}
	return writeJSON(w, http.StatusOK, out)
}

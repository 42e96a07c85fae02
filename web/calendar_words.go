package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// The calendar writes dates as people read them ("Senin, 7 Desember 2026")
// and times the Indonesian way ("09.00–11.00"), each in the page's language
// through the catalogue's calendar.* keys.

// monthName names m: "Desember", "December".
func monthName(p *locale.Printer, m time.Month) string {
	return p.Get("calendar.month." + strings.ToLower(m.String()))
}

// shortWeekday is the column head of a weekday: "Sen", "Mon".
func shortWeekday(p *locale.Printer, d time.Weekday) string {
	return p.Get("calendar.short." + strings.ToLower(d.String()))
}

// longDate writes d: "Senin, 7 Desember 2026".
func longDate(p *locale.Printer, d time.Time) string {
	return p.Get("calendar.date_long", booking.WeekdayName(d.Weekday(), p.Lang()), d.Day(), monthName(p, d.Month()), d.Year())
}

// dayMonth writes d without its weekday and year: "7 Desember".
func dayMonth(p *locale.Printer, d time.Time) string {
	return p.Get("calendar.day_month", d.Day(), monthName(p, d.Month()))
}

// monthTitle writes d's month: "Desember 2026".
func monthTitle(p *locale.Printer, d time.Time) string {
	return p.Get("calendar.month_year", monthName(p, d.Month()), d.Year())
}

// weekTitle writes the week from monday to sunday: "7–13 Desember 2026",
// "30 November – 6 Desember 2026", "28 Desember 2026 – 3 Januari 2027".
func weekTitle(p *locale.Printer, monday, sunday time.Time) string {
	switch {
	case monday.Month() == sunday.Month():
		return p.Get("calendar.range_days", monday.Day(), sunday.Day(), monthName(p, sunday.Month()), sunday.Year())
	case monday.Year() == sunday.Year():
		return p.Get("calendar.range", dayMonth(p, monday), dayMonth(p, sunday)) + " " + strconv.Itoa(sunday.Year())
	}
	return p.Get("calendar.range", dayMonth(p, monday)+" "+strconv.Itoa(monday.Year()), dayMonth(p, sunday)+" "+strconv.Itoa(sunday.Year()))
}

// calClock writes a time of day given in minutes from midnight: "09.00",
// and "24.00" for the end of the day.
func calClock(p *locale.Printer, minutes int) string {
	return p.Get("calendar.clock", minutes/60, minutes%60)
}

// clockSpan writes a span of one day, in minutes from midnight: "09.00–11.00".
func clockSpan(p *locale.Printer, from, to int) string {
	return calClock(p, from) + "–" + calClock(p, to)
}

// minuteOfDay is t's wall-clock time in minutes from its midnight.
func minuteOfDay(t time.Time) int { return t.Hour()*60 + t.Minute() }

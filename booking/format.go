package booking

import (
	"fmt"
	"strings"
	"time"
)

// Formats of dates and times in messages. Indonesian writes 01-12-2026; the
// English form spells the month so it cannot be read as December 1st's US form.
const (
	dateID     = "02-01-2006"
	dateEN     = "2 Jan 2006"
	dateTimeID = dateID + " 15:04"
	dateTimeEN = dateEN + " 15:04"
	clock      = "15:04"
)

// maxListed is how many occurrences a message names before "and N more".
const maxListed = 3

// fmtDate renders t's date in loc.
func fmtDate(t time.Time, loc *time.Location, lang string) string {
	if english(lang) {
		return t.In(loc).Format(dateEN)
	}
	return t.In(loc).Format(dateID)
}

// fmtDay renders a calendar date.
func fmtDay(d day, lang string) string { return fmtDate(d.noon(), time.UTC, lang) }

// fmtSpan renders a span in loc: "01-12-2026 10:00-12:00 WIB", or with both
// dates when it ends on another day. A recurring request's report holds one
// per conflict, so it appends rather than formats piece by piece.
func fmtSpan(start, end time.Time, loc *time.Location, lang string) string {
	s, e := start.In(loc), end.In(loc)
	layout := dateTimeID
	if english(lang) {
		layout = dateTimeEN
	}
	b := s.AppendFormat(make([]byte, 0, 48), layout)
	sy, sm, sd := s.Date()
	if ey, em, ed := e.Date(); sy == ey && sm == em && sd == ed {
		b = e.AppendFormat(append(b, '-'), clock+" MST")
	} else {
		b = e.AppendFormat(append(b, " - "...), layout+" MST")
	}
	return string(b)
}

// Number is a request's number as people quote it: CC-000012.
func Number(id int64) string { return fmt.Sprintf("CC-%06d", id) }

// weekdays name the days of the week, Sunday first, in Indonesian and English.
var weekdays = [2][7]string{
	{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
	{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
}

// WeekdayName names d in lang.
func WeekdayName(d time.Weekday, lang string) string {
	if english(lang) {
		return weekdays[1][d]
	}
	return weekdays[0][d]
}

// FormatSpan renders a booking's time as letters and pages show it, with its
// weekday: "Kamis, 10-12-2026 09:00-11:00 WIB".
func FormatSpan(start, end time.Time, loc *time.Location, lang string) string {
	return WeekdayName(start.In(loc).Weekday(), lang) + ", " + fmtSpan(start, end, loc, lang)
}

// fmtOccurrence renders an occurrence's start: "01-12-2026 10:00".
func fmtOccurrence(t time.Time, loc *time.Location, lang string) string {
	if english(lang) {
		return t.In(loc).Format(dateTimeEN)
	}
	return t.In(loc).Format(dateTimeID)
}

// fmtClock renders an offset from midnight as a wall-clock time; 24h is "24:00".
func fmtClock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// fmtDuration renders a length in hours and minutes: "1 jam 30 menit".
func fmtDuration(d time.Duration, lang string) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	hour, minute := " jam", " menit"
	if english(lang) {
		hour, minute = plural(h, " hour"), plural(m, " minute")
	}
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprint(h)+hour)
	}
	if m > 0 || h == 0 {
		parts = append(parts, fmt.Sprint(m)+minute)
	}
	return strings.Join(parts, " ")
}

// plural adds an English plural "s" unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// fmtList joins up to maxListed items and says how many more there are.
func fmtList(items []string, lang string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return say(lang, msgAndMore, strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}

package booking

import (
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/locale"
)

// The layouts of dates and times are the catalogue's ("format.date",
// "format.datetime"): Indonesian writes 01-12-2026; English spells the month
// so it cannot be read as December 1st's US form.
const clock = "15:04"

// maxListed is how many occurrences a message names before "and N more".
const maxListed = 3

// FormatDate renders t's date in loc: "10-12-2026", "10 Dec 2026".
func FormatDate(t time.Time, loc *time.Location, lang string) string {
	return t.In(loc).Format(locale.For(lang).Get("format.date"))
}

// FormatMoment renders an instant with its zone: "10-12-2026 09:00 WIB".
func FormatMoment(t time.Time, loc *time.Location, lang string) string {
	return t.In(loc).Format(locale.For(lang).Get("format.datetime") + " MST")
}

// fmtDay renders a calendar date.
func fmtDay(d day, lang string) string { return FormatDate(d.noon(), time.UTC, lang) }

// fmtSpan renders a span in loc: "01-12-2026 10:00-12:00 WIB", or with both
// dates when it ends on another day. A recurring request's report holds one
// per conflict, so it appends rather than formats piece by piece.
func fmtSpan(start, end time.Time, loc *time.Location, lang string) string {
	s, e := start.In(loc), end.In(loc)
	layout := locale.For(lang).Get("format.datetime")
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

// WeekdayName names d in lang: "Kamis", "Thursday".
func WeekdayName(d time.Weekday, lang string) string {
	return locale.For(lang).Get("weekday." + strings.ToLower(d.String()))
}

// FormatSpan renders a booking's time as letters and pages show it, with its
// weekday: "Kamis, 10-12-2026 09:00-11:00 WIB".
func FormatSpan(start, end time.Time, loc *time.Location, lang string) string {
	return WeekdayName(start.In(loc).Weekday(), lang) + ", " + fmtSpan(start, end, loc, lang)
}

// fmtOccurrence renders an occurrence's start: "01-12-2026 10:00".
func fmtOccurrence(t time.Time, loc *time.Location, lang string) string {
	return t.In(loc).Format(locale.For(lang).Get("format.datetime"))
}

// fmtClock renders an offset from midnight as a wall-clock time; 24h is "24:00".
func fmtClock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// fmtDuration renders a length in hours and minutes: "1 jam 30 menit",
// "1 hour 30 minutes".
func fmtDuration(d time.Duration, lang string) string {
	p := locale.For(lang)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if h > 0 {
		parts = append(parts, p.Get(plural(h, "duration.hour", "duration.hours"), h))
	}
	if m > 0 || h == 0 {
		parts = append(parts, p.Get(plural(m, "duration.minute", "duration.minutes"), m))
	}
	return strings.Join(parts, " ")
}

// plural picks the key for n things: one for 1, other for any other number
// (Indonesian gives both the same words).
func plural(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

// fmtList joins up to maxListed items and says how many more there are.
func fmtList(items []string, lang string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return say(lang, msgAndMore, strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}

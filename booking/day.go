package booking

import "time"

// day is a calendar date, without a time or a zone. The rules read dates in
// the office time zone and compare them as days, not as instants, so that a
// DST change or a zone offset never shifts a date.
type day struct {
	y int
	m time.Month
	d int
}

// dayOf returns the date of t in loc.
func dayOf(t time.Time, loc *time.Location) day {
	y, m, d := t.In(loc).Date()
	return day{y, m, d}
}

// key orders days as integers (yyyymmdd).
func (d day) key() int { return d.y*10000 + int(d.m)*100 + d.d }

// noon is the day at noon UTC, a time that date arithmetic cannot move to
// another day.
func (d day) noon() time.Time { return time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC) }

// add returns the day n days later.
func (d day) add(n int) day { return dayOf(d.noon().AddDate(0, 0, n), time.UTC) }

// next returns the following day.
func (d day) next() day { return d.add(1) }

// weekday returns the day of the week.
func (d day) weekday() time.Weekday { return d.noon().Weekday() }

// at returns the instant when the wall clock in loc shows offset past the
// start of d (offset 24h is the next midnight). Built from the wall clock, so
// opening hours stay opening hours across a DST change.
func (d day) at(offset time.Duration, loc *time.Location) time.Time {
	return time.Date(d.y, d.m, d.d, 0, 0, 0, int(offset), loc)
}

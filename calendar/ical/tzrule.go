package ical

import (
	"strconv"
	"time"
)

// shape is where a transition falls in its year, as an RRULE can say it: the
// month, the weekday, which one of the month it is (1 to 5) and whether it is
// the last, and the local clock.
type shape struct {
	month   time.Month
	weekday time.Weekday
	nth     int
	last    bool
	clock   time.Duration
}

// shapeOf returns the shape of o's onset, read in the offset before it.
func shapeOf(o observance) shape {
	t := o.onset()
	y, m, d := t.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	daysInMonth := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return shape{
		month:   m,
		weekday: t.Weekday(),
		nth:     (d-1)/7 + 1,
		last:    d+7 > daysInMonth,
		clock:   t.Sub(midnight),
	}
}

// yearlyRun finds the longest trailing run of list (one transition a year, in
// consecutive years) that a yearly RRULE describes, and returns that rule and
// the run's length. A run that fits both "the n-th" and "the last" weekday of
// the month is written as "the last", the more common rule.
func yearlyRun(list []observance) (string, int) {
	if len(list) == 0 {
		return "", 0
	}
	want := shapeOf(list[len(list)-1])
	byNth := runLength(list, func(s shape) bool { return same(s, want) && s.nth == want.nth })
	byLast := 0
	if want.last {
		byLast = runLength(list, func(s shape) bool { return same(s, want) && s.last })
	}
	if byLast >= byNth {
		return yearlyRule(want, -1), byLast
	}
	return yearlyRule(want, want.nth), byNth
}

// runLength counts the transitions at the end of list that fall one a year, in
// consecutive years, and whose shapes all satisfy fits.
func runLength(list []observance, fits func(shape) bool) int {
	year := list[len(list)-1].onset().Year()
	n := 0
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].onset().Year() != year-n || !fits(shapeOf(list[i])) {
			break
		}
		n++
	}
	return n
}

// same reports whether two shapes share month, weekday and clock.
func same(a, b shape) bool {
	return a.month == b.month && a.weekday == b.weekday && a.clock == b.clock
}

// yearlyRule formats the RRULE of a shape: the nth (or, with -1, the last)
// weekday of the month, every year.
func yearlyRule(s shape, nth int) string {
	return "FREQ=YEARLY;BYMONTH=" + strconv.Itoa(int(s.month)) +
		";BYDAY=" + strconv.Itoa(nth) + weekdayCodes[s.weekday]
}

// weekdayCodes are RFC 5545's two-letter weekdays, indexed by time.Weekday.
var weekdayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

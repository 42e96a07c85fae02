package booking

import (
	"slices"
	"time"
)

// Bounds that keep a check finite whatever Rules it is given. Config validates
// the values; these only stop a bad value from making a check loop for ever.
const (
	maxLeadDays    = 3660  // ten years of lead time
	maxHorizonDays = 36600 // a century ahead
	maxSuggestions = 50
	maxBuffer      = 24 * time.Hour
	minSuggestions = 3
	// searchDays bounds the suggestion search when Rules has no horizon.
	searchDays = 366
	// slotStep is the grid suggestions are aligned to, in the office's wall clock.
	slotStep = 15 * time.Minute
)

// policy is Rules made ready for a check: zero values mean "no limit", the
// closed dates are sorted keys, and the location is never nil.
type policy struct {
	Rules
	loc      *time.Location
	closed   []int          // sorted date keys (yyyymmdd) of ClosedDates and Holidays
	holidays map[int]string // the names of the holidays by date key
	shut     [7]bool        // closed weekdays
}

// newPolicy normalizes r: a nil Location is UTC, negative durations and day
// counts are zero, and absurd values are clamped (a buffer to a day).
func newPolicy(r Rules) policy {
	p := policy{Rules: r, loc: r.Location}
	if p.loc == nil {
		p.loc = time.UTC
	}
	p.Buffer = min(max(p.Buffer, 0), maxBuffer)
	p.LeadDays = min(max(p.LeadDays, 0), maxLeadDays)
	p.HorizonDays = min(max(p.HorizonDays, 0), maxHorizonDays)
	for _, d := range r.ClosedDates {
		// A closed date is a date: read it in its own zone, as config wrote it.
		p.closed = append(p.closed, dayOf(d, d.Location()).key())
	}
	for _, h := range r.Holidays {
		// A holiday is a date too, read in its own zone.
		k := dayOf(h.Date, h.Date.Location()).key()
		if p.holidays == nil {
			p.holidays = map[int]string{}
		}
		if _, dup := p.holidays[k]; !dup {
			p.closed = append(p.closed, k)
		}
		p.holidays[k] = h.Name
	}
	slices.Sort(p.closed)
	p.closed = slices.Compact(p.closed)
	for _, w := range r.ClosedWeekdays {
		if w >= time.Sunday && w <= time.Saturday {
			p.shut[w] = true
		}
	}
	return p
}

// hasHours reports whether opening hours apply: Close is set. With Open and
// Close both zero the room may be used at any hour.
func (p *policy) hasHours() bool { return p.Close > 0 }

// suggestions is how many free slots a report proposes.
func (p *policy) suggestions() int {
	return min(max(p.Suggestions, minSuggestions), maxSuggestions)
}

// day returns t's calendar date in the office time zone.
func (p *policy) day(t time.Time) day { return dayOf(t, p.loc) }

// closedDay reports whether the room is closed all of d: a closed date or a
// closed weekday.
func (p *policy) closedDay(d day) bool {
	if p.shut[d.weekday()] {
		return true
	}
	_, found := slices.BinarySearch(p.closed, d.key())
	return found
}

// closedSpan reports whether s touches a day on which the room is closed.
func (p *policy) closedSpan(s Slot) bool {
	first, last := p.day(s.Start), p.day(s.Start)
	if s.End.After(s.Start) {
		last = p.day(s.End.Add(-1))
	}
	i, _ := slices.BinarySearch(p.closed, first.key())
	if i < len(p.closed) && p.closed[i] <= last.key() {
		return true
	}
	for d, n := first, 0; d.key() <= last.key() && n < 7; d, n = d.next(), n+1 {
		if p.shut[d.weekday()] {
			return true
		}
	}
	return false
}

// withinHours reports whether s lies inside the opening hours of the day it
// starts on. A span that crosses midnight never does (Close is at most 24h).
func (p *policy) withinHours(s Slot) bool {
	if !p.hasHours() {
		return true
	}
	d := p.day(s.Start)
	return !s.Start.Before(d.at(p.Open, p.loc)) && !s.End.After(d.at(p.Close, p.loc))
}

// earliestDay is the first date a request made at now may start on: LeadDays
// calendar days after today, or the LeadDays-th working day after today
// (Monday to Friday, not a closed date) when WorkingDays is set.
func (p *policy) earliestDay(now time.Time) day {
	today := p.day(now)
	if !p.WorkingDays {
		return today.add(p.LeadDays)
	}
	d := today
	for n, scanned := 0, 0; n < p.LeadDays && scanned < 2*maxLeadDays; scanned++ {
		d = d.next()
		if p.workingDay(d) {
			n++
		}
	}
	return d
}

// workingDay reports whether the office works on d.
func (p *policy) workingDay(d day) bool {
	w := d.weekday()
	_, holiday := slices.BinarySearch(p.closed, d.key())
	return w != time.Saturday && w != time.Sunday && !holiday
}

// earliest is the first instant a request made at now may start at: midnight
// of the earliest day, and never before now.
func (p *policy) earliest(now time.Time) time.Time {
	return later(p.earliestDay(now).at(0, p.loc), now)
}

// lastDay is the last date a request made at now may start on, and false when
// there is no horizon.
func (p *policy) lastDay(now time.Time) (day, bool) {
	if p.HorizonDays == 0 {
		return day{}, false
	}
	return p.day(now).add(p.HorizonDays), true
}

// roundUp returns the first instant at or after t on the office's 15-minute
// wall-clock grid. It always moves forward, even across a DST change.
func (p *policy) roundUp(t time.Time) time.Time {
	w := t.In(p.loc)
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	if mi%15 == 0 && s == 0 && w.Nanosecond() == 0 {
		return w
	}
	r := time.Date(y, mo, d, h, (mi/15+1)*15, 0, 0, p.loc)
	if !r.After(t) {
		r = t.Truncate(slotStep).Add(slotStep).In(p.loc)
	}
	return r
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// earlier returns the earlier of a and b, where a zero a is no value yet.
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// Earliest is the first instant a request made at now may start at under
// the lead time (LeadDays, counted in working days when WorkingDays is set):
// what a calendar offers as free starts there.
func (r Rules) Earliest(now time.Time) time.Time {
	p := newPolicy(r)
	return p.earliest(now)
}

// Latest is the end of the last day a request made at now may start on
// (HorizonDays), and false when there is no horizon.
func (r Rules) Latest(now time.Time) (time.Time, bool) {
	p := newPolicy(r)
	d, ok := p.lastDay(now)
	if !ok {
		return time.Time{}, false
	}
	return d.add(1).at(0, p.loc), true
}

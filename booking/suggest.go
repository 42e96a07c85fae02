package booking

import (
	"slices"
	"time"
)

// Suggest proposes the nearest free slots of c's length (End-Start) in c.Room:
// at least 3, or rules.Suggestions when larger (at most 50). It ignores
// c.Recurrence and proposes single slots.
//
// The search walks forward one day at a time from c.Start, or from the
// earliest start the lead time allows when that is later, up to the last day
// of the horizon (or 366 days with no horizon). A slot starts on the office's
// 15-minute wall-clock grid, lies within the opening hours of its day, touches
// no closed date or weekday, and keeps the buffer from every busy span of the
// room other than c.Exclude's. Pending requests block suggestions too: under
// first come, first served the earlier request would win that time, so
// proposing it would only trade a conflict for a warning. Slots proposed do
// not overlap one another.
func Suggest(c Candidate, cal Calendar, rules Rules, now time.Time) []Slot {
	k := checker{c: c, p: newPolicy(rules), now: now, lang: c.Language}
	return k.suggest(c.Start, c.End.Sub(c.Start), cal)
}

// suggest searches from the later of from and the earliest allowed start.
func (k checker) suggest(from time.Time, length time.Duration, cal Calendar) []Slot {
	out := []Slot{}
	if length <= 0 || from.IsZero() {
		return out
	}
	t := k.p.roundUp(later(from, k.p.earliest(k.now)))
	end := k.searchEnd(t)
	want := k.p.suggestions()
	for d := k.p.day(t); len(out) < want; d = d.next() {
		lo, hi := k.dayWindow(d, length)
		if !lo.Before(end) {
			break
		}
		if k.p.closedDay(d) {
			continue
		}
		lo = k.p.roundUp(later(lo, t))
		out = k.freeIn(out, want, lo, earlier(end, hi), length, cal)
	}
	return out
}

// searchEnd is the instant no suggested start may reach: the end of the
// horizon's last day, or searchDays after the search starts.
func (k checker) searchEnd(from time.Time) time.Time {
	if last, ok := k.p.lastDay(k.now); ok {
		return last.next().at(0, k.p.loc)
	}
	return k.p.day(from).add(searchDays).at(0, k.p.loc)
}

// dayWindow returns the range of starts a slot of length may have on d: from
// opening to closing minus length, or the whole day without opening hours.
// The range is [lo, hi): hi is the first start no longer allowed.
func (k checker) dayWindow(d day, length time.Duration) (lo, hi time.Time) {
	if !k.p.hasHours() {
		return d.at(0, k.p.loc), d.next().at(0, k.p.loc)
	}
	return d.at(k.p.Open, k.p.loc), d.at(k.p.Close, k.p.loc).Add(-length).Add(time.Nanosecond)
}

// freeIn appends to out the free slots of length starting in [lo, hi), until
// out holds want. It reads the calendar once for the range and sweeps its
// spans in order of start: cursor is the first start clear of every span seen
// so far, and each gap before the next span is filled on the 15-minute grid.
func (k checker) freeIn(out []Slot, want int, lo, hi time.Time, length time.Duration, cal Calendar) []Slot {
	if !lo.Before(hi) {
		return out
	}
	spans := k.blocking(cal, lo.Add(-k.p.Buffer), hi.Add(length+k.p.Buffer))
	cursor := lo
	for _, b := range spans {
		var done bool
		if out, done = k.fillGap(out, want, cursor, earlier(hi, b.Start.Add(-k.p.Buffer-length).Add(1)), length); done {
			return out
		}
		cursor = later(cursor, b.End.Add(k.p.Buffer))
	}
	out, _ = k.fillGap(out, want, cursor, hi, length)
	return out
}

// fillGap appends free slots of length starting in [from, until), one after
// the other. It reports true when the search of the day must stop: out is
// full, or a slot would leave the opening hours or touch a closed day.
func (k checker) fillGap(out []Slot, want int, from, until time.Time, length time.Duration) ([]Slot, bool) {
	for s := k.p.roundUp(from); s.Before(until); s = k.p.roundUp(s.Add(length)) {
		if len(out) >= want {
			return out, true
		}
		slot := Slot{Start: s, End: s.Add(length)}
		if k.p.closedSpan(slot) || !k.p.withinHours(slot) {
			return out, true
		}
		out = append(out, slot)
	}
	return out, len(out) >= want
}

// blocking returns the busy spans in [from, to) that a suggestion must avoid:
// every kind, except the candidate itself.
func (k checker) blocking(cal Calendar, from, to time.Time) []Busy {
	if cal == nil {
		return nil
	}
	spans := cal.Busy(k.c.Room.ID, from, to)
	kept := spans[:0]
	for _, b := range spans {
		if !k.ignored(b) {
			kept = append(kept, b)
		}
	}
	byStart := func(a, b Busy) int { return a.Start.Compare(b.Start) }
	if !slices.IsSortedFunc(kept, byStart) { // the sweep relies on the order
		slices.SortFunc(kept, byStart)
	}
	return kept
}

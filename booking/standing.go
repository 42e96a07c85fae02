package booking

import (
	"fmt"
	"slices"
	"time"
)

// Holiday is a date the office does not work and the room is closed on,
// imported from a holiday calendar: a closed date with a name.
type Holiday struct {
	Date time.Time `json:"date"` // midnight of the date in the office zone
	Name string    `json:"name"`
}

// Problem is a rule that one occurrence of a booking (approved, or still in
// the chain) breaks now although it did not when it was checked: a standing
// conflict's cause. Key names the cause, so the same cause seen again is
// the same problem, with its words brought up to date: "external:EVENT",
// "booking:ID", "closed:2026-12-25", "hours", "capacity", "equipment:NAME".
type Problem struct {
	// Occurrence is the occurrence the cause stands in the way of; for a
	// cause of the whole request (capacity, equipment) the first occurrence
	// still ahead, with Whole set.
	Occurrence Slot
	Whole      bool
	Code       Code
	Key        string
	// Cause says what stands in the way, in Indonesian and in English:
	// `Acara di Google Calendar "Kunjungan Bupati" Selasa, 15-12-2026 10:00-12:00 WIB`.
	Cause   string
	CauseEN string
	// Busy is the span in the way of an overlap (external event or booking).
	Busy *Busy
}

// Standing returns what stands now in the way of the occurrences occ of
// candidate c (a request already accepted: c.Exclude is its id), ignoring
// those that ended by now: overlaps with approved bookings and imported
// events (with the buffer), closed dates (holidays named), closed weekdays,
// opening hours, capacity and equipment. Lead time, horizon and duration are
// not asked again: they were met when the request was made, and no later
// change of the calendar can break them. Pending requests only warn, so
// they are no problem. Problems come in the order of the occurrences, then
// of the rules.
func Standing(c Candidate, occ []Slot, cal Calendar, rules Rules, now time.Time) []Problem {
	p := newPolicy(rules)
	var live []Slot
	for _, s := range occ {
		if s.End.After(now) && s.End.After(s.Start) {
			live = append(live, s)
		}
	}
	if len(live) == 0 {
		return nil
	}
	slices.SortFunc(live, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	var out []Problem
	out = append(out, wholeProblems(c, live[0])...)
	for _, s := range live {
		out = append(out, p.dayProblems(s)...)
		if cal != nil {
			out = append(out, p.overlapProblems(c, s, cal)...)
		}
	}
	return out
}

// both renders message k in Indonesian and English.
func both(k msgKey, args func(lang string) []any) (string, string) {
	return say("id", k, args("id")...), say("en", k, args("en")...)
}

// problem builds a Problem whose words take no language-dependent arguments.
func problem(s Slot, code Code, key string, k msgKey, args ...any) Problem {
	id, en := both(k, func(string) []any { return args })
	return Problem{Occurrence: s, Code: code, Key: key, Cause: id, CauseEN: en}
}

// wholeProblems checks what the request asks of the room: capacity and the
// stock of each item, against the room as configured now.
func wholeProblems(c Candidate, first Slot) []Problem {
	var out []Problem
	if c.Participants > c.Room.Capacity {
		pr := problem(first, CodeCapacity, "capacity",
			msgStandingCapacity, c.Room.Capacity, c.Participants)
		pr.Whole = true
		out = append(out, pr)
	}
	asked, order := map[string]int{}, []string{}
	for _, n := range c.Equipment {
		if _, seen := asked[n.Name]; !seen {
			order = append(order, n.Name)
		}
		asked[n.Name] += max(n.Count, 0)
	}
	for _, name := range order {
		have := c.Room.Equipment[name]
		if asked[name] <= have {
			continue
		}
		pr := problem(first, CodeEquipment, "equipment:"+name,
			msgStandingEquipment, name, have, asked[name])
		pr.Whole = true
		out = append(out, pr)
	}
	return out
}

// dayProblems checks the occurrence's dates and hours.
func (p *policy) dayProblems(s Slot) []Problem {
	var out []Problem
	first, last := p.day(s.Start), p.day(s.End.Add(-1))
	for d, n := first, 0; d.key() <= last.key() && n < 7; d, n = d.next(), n+1 {
		key := fmt.Sprintf("closed:%04d-%02d-%02d", d.y, d.m, d.d)
		if name, ok := p.holiday(d); ok {
			id, en := both(msgStandingHoliday, func(lang string) []any { return []any{name, fmtDay(d, lang)} })
			out = append(out, Problem{Occurrence: s, Code: CodeClosed, Key: key, Cause: id, CauseEN: en})
			continue
		}
		if p.closedDay(d) {
			id, en := both(msgStandingClosed, func(lang string) []any {
				return []any{WeekdayName(d.weekday(), lang) + ", " + fmtDay(d, lang)}
			})
			out = append(out, Problem{Occurrence: s, Code: CodeClosed, Key: key, Cause: id, CauseEN: en})
		}
	}
	if !p.withinHours(s) {
		hours := fmtClock(p.Open) + "-" + fmtClock(p.Close)
		out = append(out, problem(s, CodeHours, "hours", msgStandingHours, hours))
	}
	return out
}

// overlapProblems finds the approved bookings and imported events that now
// stand within the buffer of the occurrence.
func (p *policy) overlapProblems(c Candidate, s Slot, cal Calendar) []Problem {
	from, to := s.Start.Add(-p.Buffer), s.End.Add(p.Buffer)
	var o Overlap
	if oc, ok := cal.(OverlapCalendar); ok {
		o = oc.Overlap(c.Room.ID, from, to, c.Exclude, 0) // pending spans only warn: none listed
	} else {
		o = OverlapOf(cal.Busy(c.Room.ID, from, to), from, to, c.Exclude, 0)
	}
	var out []Problem
	for _, b := range o.Blocking {
		b := b
		var key string
		var m msgKey
		var what string
		switch {
		case b.Kind == BusyExternal:
			key, m, what = "external:"+b.ExternalID, msgStandingExternal, b.Title
		case b.RequestID != 0:
			key, m, what = fmt.Sprintf("booking:%d", b.RequestID), msgStandingBooking, b.Title+" ("+Number(b.RequestID)+")"
		default:
			continue
		}
		id, en := both(m, func(lang string) []any { return []any{what, fmtSpan(b.Start, b.End, p.loc, lang)} })
		out = append(out, Problem{Occurrence: s, Code: CodeOverlap, Key: key, Cause: id, CauseEN: en, Busy: &b})
	}
	return out
}

// holiday returns the name of the holiday on d.
func (p *policy) holiday(d day) (string, bool) {
	name, ok := p.holidays[d.key()]
	return name, ok
}

// ClosedOn reports whether the room is closed on the date of t in the office
// zone: a closed weekday, a closed date or a holiday.
func (r Rules) ClosedOn(t time.Time) bool {
	p := newPolicy(r)
	return p.closedDay(p.day(t))
}

// HolidayOn returns the name of the holiday on the date of t in the office
// zone, if it is one.
func (r Rules) HolidayOn(t time.Time) (string, bool) {
	p := newPolicy(r)
	return p.holiday(p.day(t))
}

// PublicCause is a conflict's cause as the applicant may read it: what
// stands in the way of an overlap is someone else's event or booking, so
// the applicant reads that the room is needed for another activity; the
// other causes (a holiday, the hours, the room's capacity or equipment)
// are the office's own and read as they are.
func PublicCause(code Code, cause, lang string) string {
	if code == CodeOverlap {
		return say(lang, msgStandingPublicOverlap)
	}
	return cause
}

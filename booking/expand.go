package booking

import (
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Expand returns the occurrences of a request that runs from start to end and
// repeats by rule (an RRULE value such as "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10";
// empty for a single request, which has the one slot [start, end)).
//
// Supported: FREQ DAILY, WEEKLY or MONTHLY; INTERVAL (at most 366 days, 52
// weeks or 12 months); COUNT (1 to 366) or UNTIL (a UTC or local date-time, or
// a date meaning the end of that day), not both; BYDAY (with a position such
// as 2MO or -1FR only for MONTHLY); WKST. Anything else is refused with a
// *RecurrenceError. start must be the rule's first occurrence.
//
// Occurrences keep start's wall-clock time in rules.Location across DST
// changes, and each lasts end-start. A rule with COUNT or UNTIL yields every
// occurrence it names (more than MaxOccurrences is refused; the horizon rule
// of Check judges how far they reach). A rule with neither is cut at the last
// day the horizon allows, counted from now, and at MaxOccurrences; with no
// horizon, at MaxOccurrences alone. Pass the request's submission time as now
// to expand a stored request the same way every time.
func Expand(start, end time.Time, rule string, rules Rules, now time.Time) ([]Slot, error) {
	p := newPolicy(rules)
	slots, err := expand(start, end, rule, &p, now)
	if err != nil {
		return nil, err
	}
	return slots, nil
}

// expand is Expand with a prepared policy and a typed error.
func expand(start, end time.Time, rule string, p *policy, now time.Time) ([]Slot, *RecurrenceError) {
	if strings.TrimSpace(rule) == "" {
		return []Slot{{Start: start, End: end}}, nil
	}
	rec, err := parseRecurrence(rule, p.loc)
	if err != nil {
		return nil, err
	}
	first := start.In(p.loc).Truncate(time.Second) // rrule-go works in whole seconds
	if y := first.Year(); y < minYear || y > maxYear {
		return nil, refuseRule(msgRecRange)
	}
	if !matchesStart(rec.opt, first) {
		return nil, refuseRule(msgRecStart)
	}
	rec.opt.Dtstart = first
	return unroll(rec, p, now, start.Sub(first), end.Sub(start))
}

// unroll walks the rule. frac is start's fraction of a second, which
// rrule-go drops; length is the length of each occurrence.
func unroll(rec recurrence, p *policy, now time.Time, frac, length time.Duration) ([]Slot, *RecurrenceError) {
	r, err := rrule.NewRRule(rec.opt)
	if err != nil {
		return nil, refuseRule(msgRecSyntax, rec.opt.RRuleString())
	}
	last, bounded := p.lastDay(now)
	next := r.Iterator()
	var out []Slot
	for t, ok := next(); ok; t, ok = next() {
		if rec.open && len(out) > 0 && (len(out) == MaxOccurrences || bounded && p.day(t).key() > last.key()) {
			break
		}
		if len(out) == MaxOccurrences {
			return nil, refuseRule(msgRecTooMany, MaxOccurrences)
		}
		s := t.Add(frac)
		out = append(out, Slot{Start: s, End: s.Add(length)})
	}
	if len(out) == 0 {
		return nil, refuseRule(msgRecUntil)
	}
	if !out[0].Start.Equal(rec.opt.Dtstart.Add(frac)) {
		return nil, refuseRule(msgRecStart)
	}
	return out, nil
}

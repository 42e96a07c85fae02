package booking

import "time"

// occurrences checks the rules every occurrence must meet on its own date:
// hours, closed and horizon. A rule broken by several occurrences of a
// recurring request is reported once, naming them.
func (k *checker) occurrences(slots []Slot) []Violation {
	var hours, closed, horizon []time.Time
	last, bounded := k.p.lastDay(k.now)
	for _, s := range slots {
		if !k.p.withinHours(s) {
			hours = append(hours, s.Start)
		}
		if k.p.closedSpan(s) {
			closed = append(closed, s.Start)
		}
		if bounded && k.p.day(s.Start).key() > last.key() {
			horizon = append(horizon, s.Start)
		}
	}
	var out []Violation
	recurring := len(slots) > 1
	if len(hours) > 0 {
		out = append(out, k.grouped(k.hoursViolation(), hours, recurring))
	}
	if len(closed) > 0 {
		out = append(out, k.closedViolation(closed, recurring))
	}
	if len(horizon) > 0 {
		v := k.violation(CodeHorizon, "start", msgHorizon, k.p.HorizonDays, fmtDay(last, k.lang))
		out = append(out, k.grouped(v, horizon, recurring))
	}
	return out
}

// hoursViolation names the opening hours; without hours it is never built.
func (k *checker) hoursViolation() Violation {
	zone := k.c.Start.In(k.p.loc).Format("MST")
	return k.violation(CodeHours, "start", msgHours, fmtClock(k.p.Open), fmtClock(k.p.Close), zone)
}

// closedViolation names the closed dates the request falls on.
func (k *checker) closedViolation(starts []time.Time, recurring bool) Violation {
	dates := make([]string, len(starts))
	for i, t := range starts {
		dates[i] = FormatDate(t, k.p.loc, k.lang)
		if name, ok := k.p.holiday(k.p.day(t)); ok {
			dates[i] = say(k.lang, msgClosedHoliday, dates[i], name)
		}
	}
	v := k.violation(CodeClosed, "start", msgClosed, fmtList(dates, k.lang))
	if recurring {
		v.Occurrence = starts[0]
	}
	return v
}

// grouped completes v for a recurring request: the first occurrence that
// breaks the rule, and the list of all that do.
func (k *checker) grouped(v Violation, starts []time.Time, recurring bool) Violation {
	if !recurring {
		return v
	}
	items := make([]string, len(starts))
	for i, t := range starts {
		items[i] = fmtOccurrence(t, k.p.loc, k.lang)
	}
	v.Occurrence = starts[0]
	v.Message += say(k.lang, msgAffected, fmtList(items, k.lang))
	return v
}

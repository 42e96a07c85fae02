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

// busy reads the calendar around each occurrence, padded by the buffer, and
// records the conflicts and the pending requests in the way.
func (k *checker) busy(rep *Report, slots []Slot, cal Calendar) {
	if cal == nil {
		return
	}
	warned := map[busyKey]bool{}
	for _, s := range slots {
		from, to := s.Start.Add(-k.p.Buffer), s.End.Add(k.p.Buffer)
		for _, b := range cal.Busy(k.c.Room.ID, from, to) {
			if k.ignored(b) || !b.End.After(b.Start) || !b.Start.Before(to) || !b.End.After(from) {
				continue
			}
			if b.Kind == BusyPending {
				k.pending(rep, b, s, warned, len(slots) > 1)
				continue
			}
			c := Conflict{Busy: b, Occurrence: s.Start}
			c.Message = k.conflictMessage(b, s)
			rep.Conflicts = append(rep.Conflicts, c)
		}
	}
}

// ignored reports whether b is the candidate itself.
func (k *checker) ignored(b Busy) bool {
	return k.c.Exclude != 0 && b.RequestID == k.c.Exclude
}

// pending records a pending request in the way, and warns once per request.
func (k *checker) pending(rep *Report, b Busy, s Slot, warned map[busyKey]bool, recurring bool) {
	span := fmtSpan(b.Start, b.End, k.p.loc, k.lang)
	w := k.violation(CodePending, "start", msgPending, bracketed(b.Title), span)
	rep.Pending = append(rep.Pending, Conflict{Busy: b, Occurrence: s.Start, Message: w.Message})
	id := busyKey{b.RequestID, b.ExternalID, b.Title}
	if warned[id] {
		return
	}
	warned[id] = true
	if recurring {
		w.Occurrence = s.Start
	}
	rep.Warnings = append(rep.Warnings, w)
}

// busyKey tells apart the requests and events behind busy spans.
type busyKey struct {
	request  int64
	external string
	title    string
}

// conflictMessage names the booking or event in the way, and says so when only
// the buffer makes it collide.
func (k *checker) conflictMessage(b Busy, s Slot) string {
	m := msgBooking
	if b.Kind == BusyExternal {
		m = msgExternal
	}
	note := ""
	if !b.Start.Before(s.End) || !b.End.After(s.Start) {
		note = say(k.lang, msgBufferNote, fmtDuration(k.p.Buffer, k.lang))
	}
	return say(k.lang, m, quoted(b.Title), fmtSpan(b.Start, b.End, k.p.loc, k.lang), note)
}

package booking

import (
	"slices"
	"time"
)

// Check evaluates candidate c against the rules and the room's calendar and
// returns the conflict report. It reads no clock: now is the moment the rules
// are judged at, the present for a new request or an availability query.
// Only lead time, horizon and the expansion of an open-ended recurrence depend
// on now. A re-check of a request already in the chain (the Kabid's check, the
// secretary's inform) should not judge lead time and horizon again: pass the
// request's submission time as now, or ignore those two codes and store the
// recurrence bounded (BoundedRecurrence) so that it expands the same.
//
// Codes: invalid (no start, end not after start, fewer than 1 participant, a
// recurrence Expand refuses), lead_time, capacity, equipment, duration, hours,
// closed, horizon in Violations; overlap as Conflicts (bookings and external
// events, and any kind Check does not know, so that nothing unknown can be
// double booked); pending as Warnings naming the Pending spans. Busy spans of
// request c.Exclude are ignored. Each occurrence of a recurring request is
// checked; a rule broken by several occurrences is one Violation that names
// the first in Occurrence and lists them in its message. Conflict and pending
// messages are in c.Language ("en" for English; Indonesian by default), times
// in the office zone.
//
// When the failures are ones another time could cure (overlap, lead_time,
// hours, closed) and none that it could not (invalid, capacity, equipment,
// duration), Suggestions proposes free slots; see Suggest.
//
// Zero Rules check nothing but the request itself and the calendar: a nil
// Location is UTC; LeadDays 0 only refuses a start in the past; no Close means
// no opening hours; Buffer, MinDuration, MaxDuration and HorizonDays 0 mean no
// limit (an open-ended recurrence then stops at MaxOccurrences). A nil cal is
// an empty calendar.
func Check(c Candidate, cal Calendar, rules Rules, now time.Time) Report {
	k := checker{c: c, p: newPolicy(rules), now: now, lang: c.Language}
	rep := Report{Violations: []Violation{}, Conflicts: []Conflict{}, Warnings: []Violation{},
		Pending: []Conflict{}, Suggestions: []Slot{}}
	rep.Violations = append(rep.Violations, k.invalid()...)
	slots := k.expand(&rep)
	if len(slots) > 0 {
		rep.Violations = append(rep.Violations, k.leadTime(slots[0])...)
	}
	rep.Violations = append(rep.Violations, k.capacity()...)
	rep.Violations = append(rep.Violations, k.equipment()...)
	rep.Violations = append(rep.Violations, k.duration()...)
	rep.Violations = append(rep.Violations, k.occurrences(slots)...)
	k.busy(&rep, slots, cal)
	if from, ok := suggestFrom(rep, slots); ok {
		rep.Suggestions = k.suggest(from, c.End.Sub(c.Start), cal)
	}
	return rep
}

// Refusal returns the failure to answer a refused request with: the first
// hard violation, or else an overlap naming the first conflict. It reports
// false when the request is available.
func (r Report) Refusal() (Violation, bool) {
	if len(r.Violations) > 0 {
		return r.Violations[0], true
	}
	if len(r.Conflicts) > 0 {
		c := r.Conflicts[0]
		return Violation{Code: CodeOverlap, Field: "start", Message: c.Message}, true
	}
	return Violation{}, false
}

// checker carries one check's inputs to the rules.
type checker struct {
	c    Candidate
	p    policy
	now  time.Time
	lang string
}

// violation builds a Violation in the candidate's language.
func (k *checker) violation(code Code, field string, m msgKey, args ...any) Violation {
	return Violation{Code: code, Field: field, Message: say(k.lang, m, args...)}
}

// timed reports whether the candidate's times can be expanded and measured.
func (k *checker) timed() bool {
	return !k.c.Start.IsZero() && k.c.End.After(k.c.Start)
}

// invalid checks what makes the request meaningless.
func (k *checker) invalid() []Violation {
	var out []Violation
	switch {
	case k.c.Start.IsZero():
		out = append(out, k.violation(CodeInvalid, "start", msgStartMissing))
	case !k.c.End.After(k.c.Start):
		out = append(out, k.violation(CodeInvalid, "end", msgEndBeforeStart))
	}
	if k.c.Participants < 1 {
		out = append(out, k.violation(CodeInvalid, "participants", msgParticipants))
	}
	return out
}

// expand returns the occurrences, or none when the times are invalid or the
// recurrence is refused (then reported).
func (k *checker) expand(rep *Report) []Slot {
	if !k.timed() {
		return nil
	}
	if len(k.c.Occurrences) > 0 {
		slots := slices.Clone(k.c.Occurrences)
		slices.SortFunc(slots, func(a, b Slot) int { return a.Start.Compare(b.Start) })
		return slots
	}
	slots, err := expand(k.c.Start, k.c.End, k.c.Recurrence, &k.p, k.now)
	if err != nil {
		rep.Violations = append(rep.Violations, err.Violation(k.lang))
	}
	return slots
}

// leadTime checks the first occurrence against the earliest allowed start.
func (k *checker) leadTime(first Slot) []Violation {
	if !first.Start.Before(k.p.earliest(k.now)) {
		return nil
	}
	if k.p.LeadDays == 0 {
		return []Violation{k.violation(CodeLeadTime, "start", msgPast)}
	}
	m := msgLead
	if k.p.WorkingDays {
		m = msgLeadWorking
	}
	date := fmtDay(k.p.earliestDay(k.now), k.lang)
	return []Violation{k.violation(CodeLeadTime, "start", m, k.p.LeadDays, date)}
}

// capacity checks the participants against the room.
func (k *checker) capacity() []Violation {
	if k.c.Participants <= k.c.Room.Capacity || k.c.Participants < 1 {
		return nil
	}
	return []Violation{k.violation(CodeCapacity, "participants", msgCapacity,
		k.c.Participants, k.c.Room.DisplayName(), k.c.Room.Capacity)}
}

// equipment checks each item asked for against the room's stock. The same
// item named twice is counted once, with the counts added.
func (k *checker) equipment() []Violation {
	asked, order := map[string]int{}, []string{}
	var out []Violation
	for _, n := range k.c.Equipment {
		if n.Count < 1 {
			out = append(out, k.violation(CodeEquipment, "equipment", msgEquipCount, n.Name))
			continue
		}
		if _, seen := asked[n.Name]; !seen {
			order = append(order, n.Name)
		}
		asked[n.Name] += n.Count
	}
	for _, name := range order {
		out = append(out, k.stock(name, asked[name])...)
	}
	return out
}

// stock checks one item.
func (k *checker) stock(name string, count int) []Violation {
	have, ok := k.c.Room.Equipment[name]
	switch {
	case !ok:
		return []Violation{k.violation(CodeEquipment, "equipment", msgEquipUnknown, name, k.c.Room.DisplayName())}
	case count > have:
		return []Violation{k.violation(CodeEquipment, "equipment", msgEquipTooMany, name, count, have)}
	}
	return nil
}

// duration checks the length of one occurrence.
func (k *checker) duration() []Violation {
	if !k.timed() {
		return nil
	}
	d := k.c.End.Sub(k.c.Start)
	if k.p.MinDuration > 0 && d < k.p.MinDuration {
		return []Violation{k.violation(CodeDuration, "end", msgDurationMin, fmtDuration(k.p.MinDuration, k.lang))}
	}
	if k.p.MaxDuration > 0 && d > k.p.MaxDuration {
		return []Violation{k.violation(CodeDuration, "end", msgDurationMax, fmtDuration(k.p.MaxDuration, k.lang))}
	}
	return nil
}

// suggestFrom returns where the search for free slots starts: the first
// occurrence that a later time could cure. It reports false when no failure is
// curable, or when one no time could cure stands in the way.
func suggestFrom(rep Report, slots []Slot) (time.Time, bool) {
	if len(slots) == 0 {
		return time.Time{}, false
	}
	var from time.Time
	for _, v := range rep.Violations {
		switch v.Code {
		case CodeInvalid, CodeCapacity, CodeEquipment, CodeDuration:
			return time.Time{}, false
		case CodeLeadTime, CodeHours, CodeClosed:
			from = earlier(from, cmpOr(v.Occurrence, slots[0].Start))
		}
	}
	if len(rep.Conflicts) > 0 {
		from = earlier(from, rep.Conflicts[0].Occurrence)
	}
	return from, !from.IsZero()
}

// cmpOr returns t, or def when t is zero.
func cmpOr(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

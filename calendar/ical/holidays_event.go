package ical

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// holidayEvent is what one VEVENT closes.
type holidayEvent struct {
	name  string
	dates []time.Time // midnights in the office zone
}

// instanceKey names one instance of a repeating event: its UID and the date
// it was due on.
type instanceKey struct {
	uid  string
	date time.Time
}

// movedInstances lists the instances that an event with a RECURRENCE-ID
// replaces (moved, renamed or cancelled): the repeating event leaves them out.
func movedInstances(events []goical.Event, loc *time.Location) map[instanceKey]bool {
	moved := map[instanceKey]bool{}
	for _, ev := range events {
		p := ev.Props.Get(goical.PropRecurrenceID)
		if p == nil {
			continue
		}
		if t, err := holidayTime(p, loc); err == nil {
			uid, _ := ev.Props.Text(goical.PropUID)
			moved[instanceKey{uid, dateIn(t, loc)}] = true
		}
	}
	return moved
}

// readHoliday reads the name and the dates of one VEVENT.
func readHoliday(ev goical.Event, loc *time.Location, moved map[instanceKey]bool) (holidayEvent, error) {
	summary, err := ev.Props.Text(goical.PropSummary)
	if err != nil {
		return holidayEvent{}, err
	}
	h := holidayEvent{name: HolidayName(summary)}
	if h.name == "" {
		return h, errors.New("no SUMMARY: a holiday needs a name")
	}
	first, days, err := eventSpan(ev, loc)
	if err != nil {
		return h, err
	}
	starts, err := eventStarts(ev, first, loc, moved)
	if err != nil {
		return h, err
	}
	for _, s := range starts {
		for i := range days {
			d := s.AddDate(0, 0, i)
			if d.Year() < firstHolidayYear || d.Year() > lastHolidayYear {
				return h, fmt.Errorf("the date %s is outside the years %d-%d", d.Format(time.DateOnly),
					firstHolidayYear, lastHolidayYear)
			}
			h.dates = append(h.dates, d)
		}
	}
	return h, nil
}

// eventSpan returns the first date of an event and how many dates it
// covers: an all-day event up to its exclusive end, a timed one every date
// it touches in loc.
func eventSpan(ev goical.Event, loc *time.Location) (time.Time, int, error) {
	sp := ev.Props.Get(goical.PropDateTimeStart)
	if sp == nil {
		return time.Time{}, 0, errors.New("no DTSTART")
	}
	start, err := holidayTime(sp, loc)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("DTSTART: %w", err)
	}
	allDay := isDate(sp)
	end := start
	if allDay {
		end = start.AddDate(0, 0, 1)
	}
	if p := ev.Props.Get(goical.PropDateTimeEnd); p != nil {
		if end, err = holidayTime(p, loc); err != nil {
			return time.Time{}, 0, fmt.Errorf("DTEND: %w", err)
		}
	} else if p := ev.Props.Get(goical.PropDuration); p != nil {
		d, err := p.Duration()
		if err != nil {
			return time.Time{}, 0, fmt.Errorf("DURATION: %w", err)
		}
		end = start.Add(d)
	}
	first, last := dateIn(start, loc), dateIn(end.Add(-time.Nanosecond), loc)
	if allDay {
		last = dateIn(end, loc).AddDate(0, 0, -1)
	}
	days := 1
	for d := first.AddDate(0, 0, 1); !d.After(last); d = d.AddDate(0, 0, 1) {
		if days++; days > MaxHolidaySpan {
			return time.Time{}, 0, fmt.Errorf("it lasts more than %d days: not a holiday", MaxHolidaySpan)
		}
	}
	return first, days, nil
}

// eventStarts returns the first dates of an event's instances: first
// alone, or as RRULE and RDATE repeat it, less EXDATE and the instances
// another event moved.
func eventStarts(ev goical.Event, first time.Time, loc *time.Location, moved map[instanceKey]bool) ([]time.Time, error) {
	opt, err := ev.Props.RecurrenceRule()
	if err != nil {
		return nil, fmt.Errorf("RRULE: %w", err)
	}
	starts := []time.Time{first}
	if opt != nil {
		if starts, err = repeat(*opt, first); err != nil {
			return nil, err
		}
	}
	rdates, err := propDates(ev.Props.Values(goical.PropRecurrenceDates), loc)
	if err != nil {
		return nil, fmt.Errorf("RDATE: %w", err)
	}
	exdates, err := propDates(ev.Props.Values(goical.PropExceptionDates), loc)
	if err != nil {
		return nil, fmt.Errorf("EXDATE: %w", err)
	}
	if ev.Props.Get(goical.PropRecurrenceID) != nil {
		return starts, nil // an instance itself
	}
	uid, _ := ev.Props.Text(goical.PropUID)
	var out []time.Time
	for d := range rdates {
		if !slices.Contains(starts, d) {
			starts = append(starts, d)
		}
	}
	for _, s := range starts {
		if !exdates[s] && !moved[instanceKey{uid, s}] {
			out = append(out, s)
		}
	}
	return out, nil
}

// repeat expands an RRULE from first, up to the last holiday year.
func repeat(opt rrule.ROption, first time.Time) ([]time.Time, error) {
	opt.Dtstart = first
	rule, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, fmt.Errorf("RRULE: %w", err)
	}
	var starts []time.Time
	next := rule.Iterator()
	for t, ok := next(); ok && t.Year() <= lastHolidayYear; t, ok = next() {
		if len(starts) == maxHolidayRepeats {
			return nil, fmt.Errorf("RRULE repeats more than %d times before %d: give it a COUNT or an UNTIL",
				maxHolidayRepeats, lastHolidayYear+1)
		}
		starts = append(starts, dateIn(t, first.Location()))
	}
	return starts, nil
}

// propDates reads the dates of RDATE or EXDATE properties (each may list
// several, comma separated), as a set of midnights in loc.
func propDates(props []goical.Prop, loc *time.Location) (map[time.Time]bool, error) {
	set := map[time.Time]bool{}
	for _, p := range props {
		for _, v := range strings.Split(p.Value, ",") {
			one := p
			one.Value = strings.TrimSpace(v)
			t, err := holidayTime(&one, loc)
			if err != nil {
				return nil, err
			}
			set[dateIn(t, loc)] = true
		}
	}
	return set, nil
}

// isDate reports whether a property holds a DATE rather than a DATE-TIME.
func isDate(p *goical.Prop) bool {
	v := p.Params.Get(goical.ParamValue)
	return strings.EqualFold(v, string(goical.ValueDate)) || v == "" && len(p.Value) == len(holidayDateLayout)
}

// holidayTime reads a DATE (midnight in loc) or a DATE-TIME. A TZID that this
// system does not know (a Windows zone name) is read as loc.
func holidayTime(p *goical.Prop, loc *time.Location) (time.Time, error) {
	if isDate(p) {
		d, err := time.Parse(holidayDateLayout, p.Value)
		if err != nil {
			return d, fmt.Errorf("%q is not a date (YYYYMMDD)", p.Value)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), nil
	}
	t, err := p.DateTime(loc)
	if err != nil && p.Params.Get(goical.PropTimezoneID) != "" {
		plain := *p
		plain.Params = goical.Params{}
		t, err = plain.DateTime(loc)
	}
	if err != nil {
		return t, fmt.Errorf("%q is not a date-time", p.Value)
	}
	return t, nil
}

// dateIn is the midnight in loc of the date of t in loc.
func dateIn(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

package ical

import (
	"fmt"
	"time"
)

// zone is the office time zone as calendars name it.
//
// Event times (DTSTART, DTEND, EXDATE, RECURRENCE-ID) are written as local time
// in this zone with a TZID, not in UTC, for three reasons:
//   - a recurring booking repeats at the same wall-clock time; RRULE is
//     expanded in DTSTART's zone, so "every Monday 09:00" stays at 09:00 across
//     a DST change only when DTSTART is local (RFC 5545, 3.3.10), and EXDATE
//     and RECURRENCE-ID must then match the local instances;
//   - the TZID is the IANA name (Asia/Jakarta), which Google, Apple, Outlook,
//     Thunderbird and the Python and JavaScript parsers map to their own zone
//     database, and the VTIMEZONE we write serves those that do not;
//   - a person reading the file or the invitation sees office hours.
//
// Every time in a feed uses the same zone, so the choice is consistent. Stamps
// (DTSTAMP, CREATED, LAST-MODIFIED) are UTC, as RFC 5545 requires.
type zone struct {
	loc  *time.Location
	tzid string
}

// newZone names loc. A nil or unnamed location ("Local") cannot be named in a
// calendar, so it becomes UTC; callers pass a zone from time.LoadLocation.
func newZone(loc *time.Location) zone {
	if loc == nil || loc.String() == "" || loc.String() == "Local" {
		loc = time.UTC
	}
	return zone{loc: loc, tzid: loc.String()}
}

// tzFirstYear is where every VTIMEZONE starts (the customary 1970), and
// tzLastYear where it stops listing single transitions, unless an event is
// later; a zone whose DST follows a yearly rule gets an open-ended RRULE.
const (
	tzFirstYear = 1970
	tzLastYear  = 2037
)

// observance is the offset and name in force from an instant on: one onset of
// a STANDARD or DAYLIGHT sub-component.
type observance struct {
	at       time.Time // the onset, an instant
	from, to int       // UTC offsets in seconds before and after the onset
	name     string    // the abbreviation Go gives, e.g. "WIB"
	dst      bool
}

// kind groups observances that a single sub-component can describe.
type kind struct {
	from, to int
	name     string
	dst      bool
}

func (o observance) kind() kind { return kind{o.from, o.to, o.name, o.dst} }

// onset is the observance's start as RFC 5545 writes it: local time in the
// offset in force before it.
func (o observance) onset() time.Time {
	return o.at.In(time.FixedZone("", o.from))
}

// observances probes loc from the start of firstYear to the end of lastYear
// and returns the observance in force at the start followed by every
// transition, in time order.
func observances(loc *time.Location, firstYear, lastYear int) []observance {
	t := time.Date(firstYear, 1, 1, 0, 0, 0, 0, loc)
	limit := time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, loc)
	name, off := t.Zone()
	list := []observance{{at: t, from: off, to: off, name: name, dst: t.IsDST()}}
	for {
		next, ok := nextBound(t)
		if !ok || !next.Before(limit) {
			return list
		}
		t = next.In(loc)
		n, o := t.Zone()
		if o != off || n != name {
			list = append(list, observance{at: t, from: off, to: o, name: n, dst: t.IsDST()})
		}
		name, off = n, o
	}
}

// nextBound returns the next instant after t at which t's zone period may end,
// or ok=false when it never ends. Time.ZoneBounds answers an end before t on
// the last day of a leap year in a period served by a zone's POSIX rule
// (golang/go#81583); then the search steps a day ahead and, if the zone
// changed in that day, finds the instant of the change by bisection.
func nextBound(t time.Time) (time.Time, bool) {
	_, end := t.ZoneBounds()
	if end.IsZero() {
		return end, false
	}
	if end.After(t) {
		return end, true
	}
	later := t.Add(24 * time.Hour)
	if sameZone(t, later) {
		return later, true
	}
	for later.Sub(t) > time.Second {
		mid := t.Add(later.Sub(t) / 2).Truncate(time.Second)
		if sameZone(t, mid) {
			t = mid
		} else {
			later = mid
		}
	}
	return later, true
}

// sameZone reports whether a and b (in the same location) share offset and name.
func sameZone(a, b time.Time) bool {
	an, ao := a.Zone()
	bn, bo := b.Zone()
	return an == bn && ao == bo
}

// vtimezone writes the VTIMEZONE of z covering the years up to lastYear
// (at least tzLastYear).
func (w *writer) vtimezone(z zone, lastYear int) {
	lastYear = max(lastYear, tzLastYear)
	obs := observances(z.loc, tzFirstYear, lastYear)
	w.begin("VTIMEZONE")
	w.raw("TZID", z.tzid)
	first := obs[0]
	w.observance(first, nil, "")
	for _, g := range groupByKind(obs[1:]) {
		w.kindGroup(g, lastYear)
	}
	w.close("VTIMEZONE")
}

// kindGroup writes the transitions of one kind: a trailing run that follows a
// yearly rule up to the end of the range as one sub-component with an
// open-ended RRULE, the rest as one sub-component with RDATEs.
//
// A run that stopped (DST abolished) is written as RDATEs rather than an RRULE
// with UNTIL: RFC 5545 wants that UNTIL in UTC while the DTSTART is local, and
// Debian's python3-icalendar (with dateutil) then refuses the whole calendar
// (collective/icalendar#708, dateutil/dateutil#1006).
func (w *writer) kindGroup(list []observance, lastYear int) {
	rule, n := yearlyRun(list)
	if n < 2 || list[len(list)-1].onset().Year() < lastYear {
		rule, n = "", 0
	}
	head, tail := list[:len(list)-n], list[len(list)-n:]
	if len(head) > 0 {
		w.observance(head[0], head[1:], "")
	}
	if len(tail) > 0 {
		w.observance(tail[0], nil, rule)
	}
}

// observance writes one STANDARD or DAYLIGHT sub-component starting at o, with
// the further onsets in rdates or repeated by rrule.
func (w *writer) observance(o observance, rdates []observance, rrule string) {
	comp := "STANDARD"
	if o.dst {
		comp = "DAYLIGHT"
	}
	w.begin(comp)
	w.raw("DTSTART", o.onset().Format(localFormat))
	if rrule != "" {
		w.raw("RRULE", rrule)
	}
	for _, r := range rdates {
		w.raw("RDATE", r.onset().Format(localFormat))
	}
	w.raw("TZOFFSETFROM", utcOffset(o.from))
	w.raw("TZOFFSETTO", utcOffset(o.to))
	w.text("TZNAME", o.name)
	w.close(comp)
}

// groupByKind splits observances by kind, in the order each kind first occurs.
func groupByKind(obs []observance) [][]observance {
	index := map[kind]int{}
	var groups [][]observance
	for _, o := range obs {
		i, ok := index[o.kind()]
		if !ok {
			i = len(groups)
			index[o.kind()] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], o)
	}
	return groups
}

// utcOffset formats seconds east of UTC as RFC 5545's UTC-OFFSET: +0700,
// -0330, or +003230 when there are seconds.
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

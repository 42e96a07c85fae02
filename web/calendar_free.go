package web

import (
	"net/url"
	"time"

	"github.com/pelalawan/ccroom/locale"
)

// freeSlot is a free span of a day, with the request form prefilled for it.
type freeSlot struct{ Time, Length, Link string }

// slotStep rounds the start of today's first free slot up to the next half
// hour after now.
const slotStep = 30 * time.Minute

// freeSlots lists the free spans of the day at c.from within the opening
// hours: what no booking, request in the chain or imported event takes,
// with the rules' buffer kept free around each, no shorter than the
// shortest booking allowed (half an hour at least), and only where a
// request made now may start (not in the past, not inside the lead time,
// not past the horizon).
// Each links to the form for the room, filled with its start and its end
// (at most the longest booking allowed).
func (c *calendarData) freeSlots(room string) []freeSlot {
	open, end := c.from, c.from.AddDate(0, 0, 1)
	if c.rules.Close > 0 {
		open, end = c.from.Add(c.rules.Open), c.from.Add(c.rules.Close)
	}
	cursor := open
	if first := c.rules.Earliest(c.now); first.After(cursor) { // never in the past, nor inside the lead time
		cursor = ceilTo(first.In(c.from.Location()), c.from, slotStep)
	}
	if last, ok := c.rules.Latest(c.now); ok && last.Before(end) { // nor past the horizon
		end = maxTime(last, open)
	}
	var gaps [][2]time.Time
	for _, b := range c.spans {
		taken, freed := b.Start.Add(-c.rules.Buffer), b.End.Add(c.rules.Buffer)
		if taken.After(cursor) {
			gaps = append(gaps, [2]time.Time{cursor, minTime(taken, end)})
		}
		cursor = maxTime(cursor, freed)
	}
	gaps = append(gaps, [2]time.Time{cursor, end})
	shortest := max(c.rules.MinDuration, slotStep)
	var out []freeSlot
	for _, g := range gaps {
		if g[1].Sub(g[0]) < shortest {
			continue
		}
		out = append(out, c.freeSlot(room, g[0], g[1]))
	}
	return out
}

// freeSlot words the free span [start, end) of the day at c.from.
func (c *calendarData) freeSlot(room string, start, end time.Time) freeSlot {
	to := end
	if c.rules.MaxDuration > 0 && to.Sub(start) > c.rules.MaxDuration {
		to = start.Add(c.rules.MaxDuration)
	}
	loc := c.from.Location()
	v := url.Values{"room": {room}, "start": {start.In(loc).Format(time.RFC3339)},
		"end": {to.In(loc).Format(time.RFC3339)}}
	if c.links.lang != "" {
		v.Set("lang", c.links.lang)
	}
	endMinute := minuteOfDay(end.In(loc))
	if !end.Before(c.from.AddDate(0, 0, 1)) {
		endMinute = 24 * 60
	}
	return freeSlot{Time: clockSpan(c.p, minuteOfDay(start.In(loc)), endMinute),
		Length: lengthOf(c.p, end.Sub(start)), Link: "/requests/new?" + v.Encode()}
}

// ceilTo rounds t up to the next step after origin.
func ceilTo(t, origin time.Time, step time.Duration) time.Time {
	n := (t.Sub(origin) + step - 1) / step
	return origin.Add(n * step)
}

// lengthOf words a span's length: "3 jam 30 menit".
func lengthOf(p *locale.Printer, d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	s := ""
	if h > 0 {
		s = p.Get(pluralKey(h, "duration.hour", "duration.hours"), h)
	}
	if m > 0 {
		if s != "" {
			s += " "
		}
		s += p.Get(pluralKey(m, "duration.minute", "duration.minutes"), m)
	}
	return s
}

// pluralKey picks the key for n things.
func pluralKey(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

package booking

import "time"

// Suggest proposes the nearest free slots of c's length (End-Start) in c.Room:
// at least 3, or rules.Suggestions when larger (at most 50). It ignores
// c.Recurrence and proposes single slots.
//
// The search walks forward from c.Start, or from the earliest start the lead
// time allows when that is later, up to the last day of the horizon (or 366
// days with no horizon), reading the calendar a week at a time. A slot starts
// on the office's 15-minute wall-clock grid, lies within the opening hours of
// its day, touches no closed date or weekday, and keeps the buffer from every
// busy span of the room other than c.Exclude's. Pending requests block
// suggestions too: under first come, first served the earlier request would
// win that time, so proposing it would only trade a conflict for a warning.
// Slots proposed do not overlap one another; a slot longer than 366 days is
// not looked for.
func Suggest(c Candidate, cal Calendar, rules Rules, now time.Time) []Slot {
	k := checker{c: c, p: newPolicy(rules), now: now, lang: c.Language}
	return k.suggest(c.Start, c.End.Sub(c.Start), cal)
}

// chunkDays is how many days the search reads from the calendar at once: a
// database-backed Calendar answers a year's search in 53 queries, not 366.
const chunkDays = 7

// maxSuggestedLength is the longest slot the search looks for.
const maxSuggestedLength = searchDays * 24 * time.Hour

// search is one suggestion search: its bounds, the slots found so far, and
// the buffers it reuses from one chunk of days to the next.
type search struct {
	k      *checker
	length time.Duration
	start  time.Time // no slot starts before it
	end    time.Time // no slot starts at or after it
	floor  time.Time // the end of the last slot found: the next starts after it
	want   int
	out    []Slot
	days   []window // the open days of the current chunk
	sweep  sweep
}

// window is the range of starts allowed on one day, [lo, hi).
type window struct{ lo, hi time.Time }

// suggest searches from the later of from and the earliest allowed start.
func (k *checker) suggest(from time.Time, length time.Duration, cal Calendar) []Slot {
	if length <= 0 || length > maxSuggestedLength || from.IsZero() {
		return []Slot{}
	}
	s := &search{k: k, length: length, want: k.p.suggestions(), out: []Slot{}}
	s.start = k.p.roundUp(later(from, k.p.earliest(k.now)))
	s.end, s.floor = k.searchEnd(s.start), s.start
	for d, more := k.p.day(s.start), true; more && len(s.out) < s.want; d = d.add(chunkDays) {
		more = s.chunk(d, cal)
	}
	return s.out
}

// searchEnd is the instant no suggested start may reach: the end of the
// horizon's last day, or searchDays after the search starts.
func (k *checker) searchEnd(from time.Time) time.Time {
	if last, ok := k.p.lastDay(k.now); ok {
		return last.next().at(0, k.p.loc)
	}
	return k.p.day(from).add(searchDays).at(0, k.p.loc)
}

// chunk searches the chunkDays days from first with one calendar read. It
// reports whether the search goes on past them.
func (s *search) chunk(first day, cal Calendar) bool {
	more := s.openDays(first)
	if len(s.days) == 0 {
		return more
	}
	b := s.k.p.Buffer
	w := s.sweep.load(s.k, cal, s.days[0].lo.Add(-b), s.days[len(s.days)-1].hi.Add(s.length+b))
	for _, win := range s.days {
		if len(s.out) >= s.want {
			break
		}
		s.day(w, win)
	}
	return more
}

// openDays fills s.days with the windows of the chunk's days that are open and
// within the search. It reports false when a day of the chunk is past the end.
func (s *search) openDays(first day) bool {
	s.days = s.days[:0]
	for i, d := 0, first; i < chunkDays; i, d = i+1, d.next() {
		lo, hi := s.k.dayWindow(d, s.length)
		if !lo.Before(s.end) {
			return false
		}
		lo, hi = s.k.p.roundUp(later(lo, s.start)), earlier(hi, s.end)
		if lo.Before(hi) && !s.k.p.closedDay(d) {
			s.days = append(s.days, window{lo, hi})
		}
	}
	return true
}

// dayWindow returns the range of starts a slot of length may have on d: from
// opening to closing minus length, or the whole day without opening hours.
// The range is [lo, hi): hi is the first start no longer allowed.
func (k *checker) dayWindow(d day, length time.Duration) (lo, hi time.Time) {
	if !k.p.hasHours() {
		return d.at(0, k.p.loc), d.next().at(0, k.p.loc)
	}
	return d.at(k.p.Open, k.p.loc), d.at(k.p.Close, k.p.loc).Add(-length).Add(time.Nanosecond)
}

// day fills the gaps of one day's window. cursor is the first start clear of
// every span seen so far; the gap before each next span takes the slots that
// end, with the buffer, before it starts.
func (s *search) day(w *sweep, win window) {
	b, n := int64(s.k.p.Buffer), int64(s.length)
	lo, hi := w.offset(win.lo), w.offset(win.hi)
	spans, reach := w.window(lo-b, hi+n+b)
	cursor := max(lo, reach+b, w.offset(s.floor))
	for _, sp := range spans {
		if s.fill(w, cursor, min(hi, sp.start-b-n+1)) {
			return
		}
		cursor = max(cursor, sp.end+b)
	}
	s.fill(w, cursor, hi)
}

// fill appends free slots starting in [from, until) (offsets in w), one after
// the other. It reports true when the day is done: enough slots, or a slot
// would leave the opening hours or touch a closed day.
func (s *search) fill(w *sweep, from, until int64) bool {
	if from >= until {
		return false // most gaps of a busy day are empty
	}
	last := w.time(until)
	for t := s.k.p.roundUp(w.time(from)); t.Before(last); t = s.k.p.roundUp(t.Add(s.length)) {
		if len(s.out) >= s.want {
			return true
		}
		slot := Slot{Start: t, End: t.Add(s.length)}
		if s.k.p.closedSpan(slot) || !s.k.p.withinHours(slot) {
			return true
		}
		s.out, s.floor = append(s.out, slot), slot.End
	}
	return len(s.out) >= s.want
}

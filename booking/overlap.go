package booking

import (
	"cmp"
	"slices"
	"time"
)

// ListLimit is how many conflicts, pending overlaps and warnings a report
// lists; its totals count them all. A time that many requests ask for then
// gives a short report with the true numbers, and a calendar that can count
// (OverlapCalendar) is read for the first few spans only.
const ListLimit = 10

// Overlap is what stands in a window of a room's time: the spans that block
// it, and the pending requests that ask for it too.
type Overlap struct {
	// Blocking holds every span of a kind that blocks (an approved booking,
	// an imported event, any kind but pending), sorted by start.
	Blocking []Busy
	// Pending holds the first pending spans, sorted by start, then end, then
	// request: all of them, or as many as the limit asked for.
	Pending []Busy
	// PendingTotal counts the pending spans, listed or not, and
	// PendingRequests the requests they belong to.
	PendingTotal, PendingRequests int
}

// OverlapCalendar is a Calendar that answers a check's question about one
// window itself, so that a database can count the pending spans of a busy
// hour instead of loading them all.
type OverlapCalendar interface {
	Calendar
	// Overlap returns what overlaps [from, to) in room, leaving out the spans
	// of request exclude (when not 0) and spans that cover no time, with at
	// most limit pending spans listed (the first by start, end, request).
	Overlap(room string, from, to time.Time, exclude int64, limit int) Overlap
}

// busy reads the calendar around each occurrence, padded by the buffer, and
// records the conflicts and the pending requests in the way: the first
// ListLimit of each in the lists, all of them in the totals.
func (k *checker) busy(rep *Report, slots []Slot, cal Calendar) {
	if cal == nil {
		return
	}
	var seen requestSet          // the pending requests of the spans read
	warned := map[busyKey]bool{} // those a listed warning names
	unseen := 0                  // those of the spans a window only counted
	for _, s := range slots {
		from, to := s.Start.Add(-k.p.Buffer), s.End.Add(k.p.Buffer)
		o := k.overlap(cal, from, to, len(slots) > 1)
		for _, b := range o.Blocking {
			k.conflict(rep, b, s)
		}
		var window requestSet
		for _, b := range o.Pending {
			k.pending(rep, b, s, warned, len(slots) > 1)
			seen.add(b)
			window.add(b)
		}
		rep.PendingTotal += o.PendingTotal - len(o.Pending)
		unseen += o.PendingRequests - window.count()
	}
	rep.WarningsTotal = seen.count() + unseen
}

// overlap reads what overlaps [from, to). An OverlapCalendar lists the first
// pending spans and counts the others, unless complete asks for all of them
// (a recurring candidate: a pending request may stand in several windows,
// and its warning is counted once); any other Calendar is read in full.
func (k *checker) overlap(cal Calendar, from, to time.Time, complete bool) Overlap {
	if oc, ok := cal.(OverlapCalendar); ok {
		o := oc.Overlap(k.c.Room.ID, from, to, k.c.Exclude, ListLimit)
		if !complete || len(o.Pending) >= o.PendingTotal {
			return o
		}
	}
	return OverlapOf(cal.Busy(k.c.Room.ID, from, to), from, to, k.c.Exclude, -1)
}

// OverlapOf sorts out the spans of one room that overlap [from, to), as an
// OverlapCalendar answers: the spans of request exclude (when not 0) and those
// that cover no time left out, at most limit pending spans listed (all of them
// when limit < 0). spans may come in any order and reach outside the window;
// it is not modified.
func OverlapOf(spans []Busy, from, to time.Time, exclude int64, limit int) Overlap {
	in := make([]Busy, 0, len(spans))
	for _, b := range spans {
		if (exclude == 0 || b.RequestID != exclude) && b.End.After(b.Start) && b.Start.Before(to) && b.End.After(from) {
			in = append(in, b)
		}
	}
	if !slices.IsSortedFunc(in, BySpan) {
		slices.SortStableFunc(in, BySpan)
	}
	var o Overlap
	var requests requestSet
	for _, b := range in {
		if b.Kind != BusyPending {
			o.Blocking = append(o.Blocking, b)
			continue
		}
		if limit < 0 || len(o.Pending) < limit {
			o.Pending = append(o.Pending, b)
		}
		o.PendingTotal++
		requests.add(b)
	}
	o.PendingRequests = requests.count()
	return o
}

// requestSet counts the requests behind spans, a request with several spans
// once.
type requestSet struct {
	ids    []int64
	others map[busyKey]bool // spans with no request id
}

func (r *requestSet) add(b Busy) {
	if b.RequestID != 0 {
		r.ids = append(r.ids, b.RequestID)
		return
	}
	if r.others == nil {
		r.others = map[busyKey]bool{}
	}
	r.others[keyOf(b)] = true
}

// count returns how many requests were added. It sorts the ids in place.
func (r *requestSet) count() int {
	slices.Sort(r.ids)
	return len(slices.Compact(r.ids)) + len(r.others)
}

// BySpan orders spans by start, then end, then request: the order in which a
// report lists them.
func BySpan(a, b Busy) int {
	return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), cmp.Compare(a.RequestID, b.RequestID))
}

// conflict records a blocking span in the way of occurrence s.
func (k *checker) conflict(rep *Report, b Busy, s Slot) {
	rep.ConflictsTotal++
	if len(rep.Conflicts) >= ListLimit {
		return
	}
	c := Conflict{Busy: b, Occurrence: s.Start}
	c.Message = k.conflictMessage(b, s)
	rep.Conflicts = append(rep.Conflicts, c)
}

// pending records a pending request in the way of occurrence s, and warns
// once per request. A warning is listed only beside the first listed span of
// its request, so that the report names no request it does not list.
func (k *checker) pending(rep *Report, b Busy, s Slot, warned map[busyKey]bool, recurring bool) {
	rep.PendingTotal++
	if len(rep.Pending) >= ListLimit {
		return
	}
	span := fmtSpan(b.Start, b.End, k.p.loc, k.lang)
	w := k.violation(CodePending, "start", msgPending, bracketed(b.Title), span)
	rep.Pending = append(rep.Pending, Conflict{Busy: b, Occurrence: s.Start, Message: w.Message})
	id := keyOf(b)
	if warned[id] || len(rep.Warnings) >= ListLimit {
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

// keyOf is the request or event behind b: its id, which says it all when it
// has one.
func keyOf(b Busy) busyKey {
	if b.RequestID != 0 {
		return busyKey{request: b.RequestID}
	}
	return busyKey{b.RequestID, b.ExternalID, b.Title}
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

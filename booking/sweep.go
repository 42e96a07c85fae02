package booking

import (
	"cmp"
	"slices"
	"time"
)

// Offsets of the sweep are clamped to ±maxOffset (about 146 years) so that
// adding a buffer and a length to one never overflows.
const (
	maxOffset    = int64(1) << 62
	maxOffsetSec = maxOffset / int64(time.Second)
)

// interval is a busy span as nanoseconds after the sweep's base.
type interval struct{ start, end int64 }

// sweep holds the busy spans of a chunk of days as intervals sorted by start,
// and walks them day after day. Integers, not times: the walk compares every
// span of a busy year, and time.Time arithmetic would dominate it.
type sweep struct {
	base   time.Time
	sec    int64 // base in Unix seconds
	nsec   int64 // and its nanoseconds
	spans  []interval
	lo, hi int   // the current day's spans are spans[lo:hi]
	reach  int64 // the latest end of spans[:lo]
}

// load reads the spans of [from, to) that block a suggestion: every kind, but
// the candidate's own (see Suggest). A Schedule lends its spans; another
// Calendar is read through Busy. The buffer of the previous load is reused.
func (w *sweep) load(k *checker, cal Calendar, from, to time.Time) *sweep {
	*w = sweep{base: from, sec: from.Unix(), nsec: int64(from.Nanosecond()), spans: w.spans[:0], reach: -maxOffset}
	switch c := cal.(type) {
	case nil:
	case *Schedule:
		before, inside := c.lend(k.c.Room.ID, from, to)
		w.add(k.c.Exclude, before)
		w.add(k.c.Exclude, inside)
	default:
		w.add(k.c.Exclude, cal.Busy(k.c.Room.ID, from, to))
		byStart := func(a, b interval) int { return cmp.Compare(a.start, b.start) }
		if !slices.IsSortedFunc(w.spans, byStart) { // a Calendar that breaks its promise
			slices.SortFunc(w.spans, byStart)
		}
	}
	return w
}

// add appends the spans that are not the candidate's own (request exclude)
// and that cover some time.
func (w *sweep) add(exclude int64, spans []Busy) {
	for i := range spans {
		if (exclude == 0 || spans[i].RequestID != exclude) && spans[i].End.After(spans[i].Start) {
			w.spans = append(w.spans, interval{w.offset(spans[i].Start), w.offset(spans[i].End)})
		}
	}
}

// offset returns t as nanoseconds after the base, clamped. It is Sub without
// Sub's overflow check (an Add and an Equal), which would double the sweep.
func (w *sweep) offset(t time.Time) int64 {
	s := t.Unix() - w.sec
	if s >= maxOffsetSec || s <= -maxOffsetSec {
		return min(max(s, -1), 1) * maxOffset
	}
	return s*int64(time.Second) + int64(t.Nanosecond()) - w.nsec
}

// time returns the instant at offset o.
func (w *sweep) time(o int64) time.Time { return w.base.Add(time.Duration(o)) }

// window returns the spans that start in [from, to) and the latest end of the
// spans that start before from. Successive calls must not move back.
func (w *sweep) window(from, to int64) ([]interval, int64) {
	for w.lo < len(w.spans) && w.spans[w.lo].start < from {
		w.reach = max(w.reach, w.spans[w.lo].end)
		w.lo++
	}
	w.hi = max(w.hi, w.lo)
	for w.hi < len(w.spans) && w.spans[w.hi].start < to {
		w.hi++
	}
	return w.spans[w.lo:w.hi], w.reach
}

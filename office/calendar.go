package office

import (
	"context"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// lazyCalendar adapts the store's calendar (which needs a context and can fail)
// to booking.OverlapCalendar. The check's questions about each occurrence go
// to the store as they come (Overlap); for the suggestion search, Busy loads
// one contiguous window per room and widens it as the search walks forward,
// so a search reads the database a few times, not once per question. The
// first load error is kept and every later answer is empty; the caller
// returns the error.
type lazyCalendar struct {
	ctx   context.Context
	src   store.Calendar
	rooms map[string]*window
	err   error
	// uncounted leaves the pending requests of Overlap uncounted: it lists
	// the first ones and its totals count only those. A check that has only
	// to decide reads no more.
	uncounted bool
}

type window struct {
	lo, hi time.Time
	spans  []booking.Busy
	sched  *booking.Schedule
}

// minLoad is the least a widening loads, so a forward walk of the suggestion
// search costs a query per fortnight, not per step.
const minLoad = 14 * 24 * time.Hour

func newLazyCalendar(ctx context.Context, src store.Calendar) *lazyCalendar {
	return &lazyCalendar{ctx: ctx, src: src, rooms: map[string]*window{}}
}

// Busy implements booking.Calendar.
func (c *lazyCalendar) Busy(room string, from, to time.Time) []booking.Busy {
	if c.err != nil || !from.Before(to) {
		return nil
	}
	w := c.rooms[room]
	if w == nil {
		w = &window{lo: from, hi: from}
		c.rooms[room] = w
		c.widen(room, w, from, maxTime(to, from.Add(minLoad)), func(booking.Busy) bool { return true })
	}
	if from.Before(w.lo) {
		c.widen(room, w, from, w.lo, func(b booking.Busy) bool { return !b.End.After(w.lo) })
	}
	if to.After(w.hi) {
		hi := maxTime(to, w.hi.Add(minLoad))
		c.widen(room, w, w.hi, hi, func(b booking.Busy) bool { return !b.Start.Before(w.hi) })
	}
	if c.err != nil {
		return nil
	}
	return w.sched.Busy(room, from, to)
}

// Overlap implements booking.OverlapCalendar: the store answers it, listing
// the first limit pending spans and counting the others, so a check of an
// hour many requests ask for reads a few rows, not all of them.
func (c *lazyCalendar) Overlap(room string, from, to time.Time, exclude int64, limit int) booking.Overlap {
	if c.err != nil || !from.Before(to) {
		return booking.Overlap{}
	}
	o, err := c.overlap(room, from, to, exclude, limit)
	if err != nil {
		c.err = err
		return booking.Overlap{}
	}
	return o
}

// overlap asks the store, counting the pending requests unless uncounted.
func (c *lazyCalendar) overlap(room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	if c.uncounted {
		return c.src.OverlapListed(c.ctx, room, from, to, exclude, limit)
	}
	return c.src.Overlap(c.ctx, room, from, to, exclude, limit)
}

// widen loads [from, to) and keeps the spans that keep says are new (the
// others overlap the window already loaded).
func (c *lazyCalendar) widen(room string, w *window, from, to time.Time, keep func(booking.Busy) bool) {
	got, err := c.src.Busy(c.ctx, room, from, to)
	if err != nil {
		c.err = err
		return
	}
	for _, b := range got {
		if keep(b) {
			b.Room = room
			w.spans = append(w.spans, b)
		}
	}
	if from.Before(w.lo) {
		w.lo = from
	}
	if to.After(w.hi) {
		w.hi = to
	}
	w.sched = booking.NewSchedule(w.spans)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

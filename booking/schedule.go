package booking

import (
	"cmp"
	"slices"
	"sort"
	"time"
)

// Calendar tells which time of a room is busy. Check asks it only for bounded
// windows (one occurrence padded by the buffer; a week at a time when it
// looks for free slots), so an implementation may load lazily from a database.
// Check and Suggest ignore a span that does not end after it starts: it covers
// no time.
type Calendar interface {
	// Busy returns the spans of room that overlap [from, to), sorted by start.
	// The caller owns the returned slice.
	Busy(room string, from, to time.Time) []Busy
}

// Schedule is a Calendar held in memory, built once from a list of spans and
// safe for concurrent readers. Busy answers in O(log n + k) for the k spans
// that start inside the window, plus O(log n) for each span found that
// started before it, however long or overlapping the spans are.
type Schedule struct {
	rooms map[string]*spanTree
}

// NewSchedule builds a Schedule from spans of any rooms, in any order, which
// may overlap one another. A span that does not end after it starts is
// dropped: it covers no time. spans is not modified.
func NewSchedule(spans []Busy) *Schedule {
	byRoom := map[string][]Busy{}
	for _, b := range spans {
		if b.End.After(b.Start) {
			byRoom[b.Room] = append(byRoom[b.Room], b)
		}
	}
	s := &Schedule{rooms: make(map[string]*spanTree, len(byRoom))}
	for room, list := range byRoom {
		s.rooms[room] = newSpanTree(list)
	}
	return s
}

// Busy returns the spans of room that overlap [from, to), sorted by start.
func (s *Schedule) Busy(room string, from, to time.Time) []Busy {
	t := s.rooms[room]
	if t == nil || !to.After(from) {
		return nil
	}
	return t.overlapping(from, to)
}

// lend returns the spans of room that overlap [from, to) in two parts, both
// sorted by start: a copy of those that start before from, and the schedule's
// own slice of those that start in [from, to), lent without copying (read it,
// never write it). The suggestion search sweeps a year of a busy room this way
// without copying it.
func (s *Schedule) lend(room string, from, to time.Time) (before, inside []Busy) {
	t := s.rooms[room]
	if t == nil || !to.After(from) {
		return nil, nil
	}
	return t.split(from, to)
}

// Len returns how many spans the schedule holds.
func (s *Schedule) Len() int {
	n := 0
	for _, t := range s.rooms {
		n += len(t.spans)
	}
	return n
}

// spanTree holds one room's spans sorted by start, with a segment tree over
// them that keeps the latest end of every range of positions. A query finds,
// by binary search, the spans that start before its end, and descends only
// into ranges whose latest end is after its start.
type spanTree struct {
	spans  []Busy
	maxEnd []time.Time // node 1 covers [0, n); node i's children are 2i and 2i+1
}

// newSpanTree sorts spans (in place) and builds the tree over them.
func newSpanTree(spans []Busy) *spanTree {
	slices.SortFunc(spans, func(a, b Busy) int {
		return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End),
			cmp.Compare(a.RequestID, b.RequestID), cmp.Compare(a.ExternalID, b.ExternalID))
	})
	t := &spanTree{spans: spans, maxEnd: make([]time.Time, 4*len(spans))}
	t.build(1, 0, len(spans))
	return t
}

// build fills the latest end of node, which covers positions [lo, hi).
func (t *spanTree) build(node, lo, hi int) time.Time {
	if hi-lo == 1 {
		t.maxEnd[node] = t.spans[lo].End
		return t.maxEnd[node]
	}
	mid := (lo + hi) / 2
	left, right := t.build(2*node, lo, mid), t.build(2*node+1, mid, hi)
	t.maxEnd[node] = later(left, right)
	return t.maxEnd[node]
}

// overlapping returns the spans with start < to and end > from, by start.
func (t *spanTree) overlapping(from, to time.Time) []Busy {
	before, inside := t.split(from, to)
	return append(before, inside...)
}

// split returns the overlapping spans that start before from, found in the
// tree (only those still running at from), and the stored slice of those that
// start in [from, to), which all overlap.
func (t *spanTree) split(from, to time.Time) (before, inside []Busy) {
	first := sort.Search(len(t.spans), func(i int) bool { return !t.spans[i].Start.Before(from) })
	n := sort.Search(len(t.spans)-first, func(i int) bool { return !t.spans[first+i].Start.Before(to) })
	return t.collect(nil, 1, 0, len(t.spans), first, from), t.spans[first : first+n : first+n]
}

// collect appends, in order, the spans of positions [lo, min(hi, limit)) under
// node that end after from.
func (t *spanTree) collect(out []Busy, node, lo, hi, limit int, from time.Time) []Busy {
	if lo >= limit || !t.maxEnd[node].After(from) {
		return out
	}
	if hi-lo == 1 {
		return append(out, t.spans[lo])
	}
	mid := (lo + hi) / 2
	out = t.collect(out, 2*node, lo, mid, limit, from)
	return t.collect(out, 2*node+1, mid, hi, limit, from)
}

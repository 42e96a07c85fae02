package booking

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// randomSpans makes n spans over rooms a and b, mostly short, some lasting days,
// overlapping one another freely.
func randomSpans(rng *rand.Rand, base time.Time, n int) []Busy {
	spans := make([]Busy, n)
	for i := range spans {
		start := base.Add(time.Duration(rng.IntN(60*24*30)) * time.Minute)
		length := time.Duration(rng.IntN(240)) * time.Minute // zero-length ones are dropped
		if rng.IntN(20) == 0 {
			length = time.Duration(rng.IntN(10*24)) * time.Hour
		}
		room := []string{"a", "b"}[rng.IntN(2)]
		spans[i] = Busy{Room: room, RequestID: int64(i + 1), Kind: BusyBooking, Start: start, End: start.Add(length)}
	}
	return spans
}

// bruteBusy is the definition Schedule.Busy must meet.
func bruteBusy(spans []Busy, room string, from, to time.Time) []int64 {
	var ids []int64
	for _, b := range spans {
		if b.Room == room && b.End.After(b.Start) && b.Start.Before(to) && b.End.After(from) {
			ids = append(ids, b.RequestID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestScheduleMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	spans := randomSpans(rng, base, 3000)
	s := NewSchedule(spans)
	for range 2000 {
		from := base.Add(time.Duration(rng.IntN(60*24*32)-60*24) * time.Minute)
		to := from.Add(time.Duration(rng.IntN(60*24*3)) * time.Minute)
		room := []string{"a", "b", "c"}[rng.IntN(3)]
		got := s.Busy(room, from, to)
		if !slices.IsSortedFunc(got, func(x, y Busy) int { return x.Start.Compare(y.Start) }) {
			t.Fatalf("Busy(%s, %v, %v) is not sorted by start", room, from, to)
		}
		ids := make([]int64, len(got))
		for i, b := range got {
			ids[i] = b.RequestID
		}
		slices.Sort(ids)
		if want := bruteBusy(spans, room, from, to); !slices.Equal(ids, want) {
			t.Fatalf("Busy(%s, %v, %v) = %v, want %v", room, from, to, ids, want)
		}
	}
}

func TestScheduleEdges(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 12, 1, h, 0, 0, 0, time.UTC) }
	spans := []Busy{
		{Room: "a", RequestID: 2, Start: at(12), End: at(14)},
		{Room: "a", RequestID: 1, Start: at(10), End: at(12)},
		{Room: "a", RequestID: 3, Start: at(9), End: at(9)},  // empty: dropped
		{Room: "a", RequestID: 4, Start: at(15), End: at(8)}, // backwards: dropped
	}
	s := NewSchedule(spans)
	if s.Len() != 2 {
		t.Errorf("Len = %d, want 2", s.Len())
	}
	if spans[0].RequestID != 2 {
		t.Error("NewSchedule reordered its argument")
	}
	tests := []struct {
		from, to time.Time
		want     []int64
	}{
		{at(12), at(14), []int64{2}}, // [10,12) ends where the window starts
		{at(11), at(13), []int64{1, 2}},
		{at(8), at(10), nil}, // [10,12) starts where the window ends
		{at(13), at(13), nil},
	}
	for _, tt := range tests {
		var ids []int64
		for _, b := range s.Busy("a", tt.from, tt.to) {
			ids = append(ids, b.RequestID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("Busy(%v, %v) = %v, want %v", tt.from, tt.to, ids, tt.want)
		}
	}
	if got := s.Busy("nowhere", at(0), at(23)); got != nil {
		t.Errorf("unknown room: %v", got)
	}
}

package office

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// memCalendar is a store.Calendar over a slice, counting the loads.
type memCalendar struct {
	spans []booking.Busy
	loads int
	fail  error
}

func (m *memCalendar) Busy(_ context.Context, room string, from, to time.Time) ([]booking.Busy, error) {
	m.loads++
	if m.fail != nil {
		return nil, m.fail
	}
	var out []booking.Busy
	for _, b := range m.spans {
		if b.Room == room && b.Start.Before(to) && b.End.After(from) {
			out = append(out, b)
		}
	}
	return out, nil
}

func (m *memCalendar) Overlap(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	spans, err := m.Busy(ctx, room, from, to)
	return booking.OverlapOf(spans, from, to, exclude, limit), err
}

func (m *memCalendar) OverlapListed(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error) {
	o, err := m.Overlap(ctx, room, from, to, exclude, limit)
	listed := booking.OverlapOf(o.Pending, from, to, exclude, -1)
	o.PendingTotal, o.PendingRequests = listed.PendingTotal, listed.PendingRequests
	return o, err
}

func key(b booking.Busy) string { return b.Start.String() + "|" + b.End.String() + "|" + b.Title }

// TestLazyCalendarMatchesSource asks a lazily widening calendar random windows,
// forwards and backwards, and compares each answer with the source's.
func TestLazyCalendarMatchesSource(t *testing.T) {
	base := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	src := &memCalendar{}
	for i := range 2000 {
		start := base.Add(time.Duration(rng.IntN(120*24)) * time.Hour)
		src.spans = append(src.spans, booking.Busy{
			Room: "command-center", RequestID: int64(i + 1), Title: string(rune('A' + i%26)),
			Kind: booking.BusyBooking, Start: start, End: start.Add(time.Duration(1+rng.IntN(72)) * time.Hour),
		})
	}
	lazy := newLazyCalendar(context.Background(), src)
	for range 300 {
		from := base.Add(time.Duration(rng.IntN(130*24)-5*24) * time.Hour)
		to := from.Add(time.Duration(1+rng.IntN(96)) * time.Hour)
		want, _ := (&memCalendar{spans: src.spans}).Busy(context.Background(), "command-center", from, to)
		got := lazy.Busy("command-center", from, to)
		wk, gk := keys(want), keys(got)
		if !slices.Equal(wk, gk) {
			t.Fatalf("window %s..%s: got %d spans, want %d", from, to, len(gk), len(wk))
		}
	}
	if src.loads > 40 {
		t.Fatalf("%d loads for 300 questions: the window does not widen in chunks", src.loads)
	}
}

func keys(spans []booking.Busy) []string {
	out := make([]string, len(spans))
	for i, b := range spans {
		out[i] = key(b)
	}
	slices.Sort(out)
	return out
}

func TestLazyCalendarKeepsError(t *testing.T) {
	boom := errors.New("disk on fire")
	lazy := newLazyCalendar(context.Background(), &memCalendar{fail: boom})
	now := time.Now()
	if got := lazy.Busy("command-center", now, now.Add(time.Hour)); got != nil {
		t.Fatalf("answer after a failed load: %v", got)
	}
	if !errors.Is(lazy.err, boom) {
		t.Fatalf("err = %v", lazy.err)
	}
}

func (m *memCalendar) Occurrences(context.Context, int64) ([]booking.Slot, error) { return nil, nil }

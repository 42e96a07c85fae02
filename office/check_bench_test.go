package office

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// BenchmarkCheckPending runs the availability check of an hour that n
// requests still in the chain ask for, on SQLite: the store lists the first
// booking.ListLimit and counts the others in its index, so what grows with n
// is the count.
func BenchmarkCheckPending(b *testing.B) {
	for _, n := range []int{0, 10, 100, 1000, 4000} {
		b.Run(fmt.Sprintf("pending=%d", n), func(b *testing.B) {
			off := benchOffice(b)
			hour := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
			for range n {
				if _, err := off.Submit(b.Context(), request(hour), "", nil); err != nil {
					b.Fatal(err)
				}
			}
			c, err := off.Candidate(request(hour))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				rep, err := off.Check(b.Context(), c)
				if err != nil || rep.PendingTotal != n {
					b.Fatalf("%d pending, %v", rep.PendingTotal, err)
				}
			}
		})
	}
}

// benchOffice is an office over a fresh SQLite file at 1 December 2026.
func benchOffice(b *testing.B) *Office {
	st, err := store.Open(b.Context(), "sqlite", filepath.Join(b.TempDir(), "ccroom.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, wib)
	rules := booking.Rules{Location: wib, LeadDays: 3, Open: 7 * time.Hour, Close: 18 * time.Hour,
		MaxDuration: 12 * time.Hour, HorizonDays: 365, Suggestions: 3}
	return New(Options{Store: st, Rules: rules, Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return now }})
}

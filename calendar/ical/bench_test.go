package ical

import (
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// benchEntries are n bookings over a year, two a working day: every third
// private, every tenth recurring with a removed and a moved occurrence, every
// seventh pending.
func benchEntries(tb testing.TB, n int) []Entry {
	entries := make([]Entry, 0, n)
	for i := range n {
		r := baseRequest(tb, fmt.Sprintf("%032x", uint64(i)*0x9e3779b97f4a7c15), int64(i+1))
		day := at(tb, 2026, time.January, 5, 8+2*(i%2), 0).AddDate(0, 0, i/2)
		r.Start, r.End = day, day.Add(90*time.Minute)
		r.Title = fmt.Sprintf("Rapat Koordinasi Percepatan Penurunan Stunting %d — Dinas Kesehatan ✓", i)
		r.Visibility = booking.VisibilityPublic
		if i%3 == 0 {
			r.Visibility = booking.VisibilityPrivate
		}
		if i%7 == 0 {
			r.Status = booking.StatusForwarded
		}
		e := Entry{Request: r, Room: booking.DefaultRoom()}
		if i%10 == 0 {
			e.Request.Recurrence = "FREQ=WEEKLY;COUNT=12"
			e.Exceptions = []Exception{
				{Original: day.AddDate(0, 0, 7), Removed: true},
				{Original: day.AddDate(0, 0, 14), Start: day.AddDate(0, 0, 15), End: day.AddDate(0, 0, 15).Add(time.Hour)},
			}
		}
		entries = append(entries, e)
	}
	return entries
}

// BenchmarkFeed encodes a feed of 2,000 bookings in each view.
func BenchmarkFeed(b *testing.B) {
	entries := benchEntries(b, 2000)
	for _, view := range []struct {
		name string
		v    View
	}{{"public", ViewPublic}, {"staff", ViewStaff}} {
		b.Run(view.name, func(b *testing.B) {
			f := &Feed{Options: testOptions(b), Name: "Command Center", View: view.v, Entries: entries}
			size := len(encode(b, f))
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Bytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInvitation encodes one invitation.
func BenchmarkInvitation(b *testing.B) {
	e, opt := recurring(b), testOptions(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Invitation(e, MethodRequest, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchFeedIsValid makes sure what the benchmark measures is a valid feed.
func TestBenchFeedIsValid(t *testing.T) {
	b := encode(t, &Feed{Options: testOptions(t), View: ViewStaff, Entries: benchEntries(t, 200)})
	checkLines(t, b)
	if n := len(decode(t, b).Events()); n != 220 {
		t.Fatalf("%d events, want 200 and 20 overrides", n)
	}
}

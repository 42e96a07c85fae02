package office

import (
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// BenchmarkImportWatch measures what the watch adds to a Google import (issue
// 12, "Scale"): a room holding 10,000 approved bookings, four a day from
// 2 December 2026 (07:00, 09:30, 12:00, 14:30, ninety minutes each: a busy
// room that still has an hour free between bookings), and an
// import that brings 500 external events. Each iteration moves the same 500
// events between two layouts, so every import changes all of them (1,000
// windows touched: where they were and where they are): in one layout
// `onBookings` of them lie on a booking, the rest in the free evening; in
// the other all lie in the evening. The on-booking ones open a conflict
// each (with alternatives) and close it again on the next import.
//
// "import" is the store's write of the 500 events alone; "import+watch" is
// what the poller does: the write, then the re-check of the bookings the
// windows touch. The difference is the watch's cost.
func BenchmarkImportWatch(b *testing.B) {
	off := benchOffice(b)
	ctx := b.Context()
	now := off.Now()
	first := time.Date(2026, 12, 2, 7, 0, 0, 0, wib)
	for i := range 10000 {
		start := first.AddDate(0, 0, i/4).Add(time.Duration(i%4) * 150 * time.Minute)
		r := &booking.Request{UID: fmt.Sprintf("bench%05d", i), Room: "command-center",
			Title: fmt.Sprintf("Rapat koordinasi %d", i), Organization: "Dinas Kesehatan",
			ContactName: "Siti", ContactEmail: "siti@example.org", Start: start, End: start.Add(90 * time.Minute),
			Participants: 20, Status: booking.StatusApproved, CreatedAt: now, UpdatedAt: now}
		tr := booking.Submitted(r, now, booking.DefaultStandards())
		r.Status = booking.StatusApproved
		if _, _, err := off.Store().Submit(ctx, store.Submission{Request: r, Transition: tr}, nil); err != nil {
			b.Fatal(err)
		}
	}
	// layout places event k on the first booking of every fifth day when k
	// < onBookings, else at evening (19:00 or 20:00), when the room is
	// closed and holds nothing.
	layout := func(onBookings int, evening time.Duration) []store.ExternalEvent {
		evs := make([]store.ExternalEvent, 500)
		for k := range evs {
			day := first.AddDate(0, 0, k*5).Add(-7 * time.Hour) // midnight
			start := day.Add(evening)
			if k < onBookings {
				start = day.Add(7*time.Hour + 30*time.Minute) // inside the 07:00 booking
			}
			evs[k] = store.ExternalEvent{CalendarID: "cc", EventID: fmt.Sprintf("ev%03d", k), Title: "Kunjungan Bupati",
				Start: start, End: start.Add(time.Hour)}
		}
		return evs
	}
	// reset puts the events at 20:00, with the conflicts closed.
	reset := func() {
		touched, err := off.Store().SyncExternalTouched(ctx, store.ExternalSync{CalendarID: "cc", Upsert: layout(0, 20*time.Hour), At: now})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := off.Watch(ctx, Scope{Windows: touched}); err != nil {
			b.Fatal(err)
		}
	}
	for _, on := range []int{0, 50, 500} {
		layouts := [2][]store.ExternalEvent{layout(on, 19*time.Hour), layout(0, 20*time.Hour)}
		reset()
		b.Run(fmt.Sprintf("on-bookings=%d/import", on), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := off.Store().SyncExternalTouched(ctx, store.ExternalSync{CalendarID: "cc",
					Upsert: layouts[i%2], At: now}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		reset()
		b.Run(fmt.Sprintf("on-bookings=%d/import+watch", on), func(b *testing.B) {
			i := 0
			for b.Loop() {
				touched, err := off.Store().SyncExternalTouched(ctx, store.ExternalSync{CalendarID: "cc",
					Upsert: layouts[i%2], At: now})
				if err != nil {
					b.Fatal(err)
				}
				w, err := off.Watch(ctx, Scope{Windows: touched})
				if err != nil {
					b.Fatal(err)
				}
				if len(touched) != 1000 || i%2 == 0 && len(w.Opened) != on || i%2 == 1 && len(w.Closed) != on {
					b.Fatalf("import %d: %d windows, opened %d, closed %d; want 1000 and %d", i, len(touched), len(w.Opened), len(w.Closed), on)
				}
				i++
			}
			b.ReportMetric(float64(on), "conflicts/import")
		})
	}
}

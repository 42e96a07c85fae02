package store

import (
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestBusy(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		booked := submitTest(t, s, testRequest("booked", "cc", at(7, 10, 0), time.Hour), booking.StatusApproved)
		pending := submitTest(t, s, testRequest("pending", "cc", at(7, 8, 0), time.Hour), booking.StatusDisposed)
		submitTest(t, s, testRequest("rejected", "cc", at(7, 10, 0), time.Hour), booking.StatusRejected)
		submitTest(t, s, testRequest("cancelled", "cc", at(7, 10, 0), time.Hour), booking.StatusCancelled)
		submitTest(t, s, testRequest("other-room", "other", at(7, 10, 0), time.Hour), booking.StatusApproved)
		weekly := testRequest("weekly", "cc", at(1, 13, 0), time.Hour)
		weekly.Recurrence = "FREQ=WEEKLY;COUNT=2"
		recurring := submitTest(t, s, weekly, booking.StatusClosed,
			booking.Slot{Start: at(1, 13, 0), End: at(1, 14, 0)},
			booking.Slot{Start: at(8, 13, 0), End: at(8, 14, 0)})

		got, err := s.Busy(ctx, "cc", at(7, 0, 0), at(9, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		want := []booking.Busy{
			{Room: "cc", RequestID: pending.ID, Title: pending.Title, Kind: booking.BusyPending, Start: at(7, 8, 0), End: at(7, 9, 0)},
			{Room: "cc", RequestID: booked.ID, Title: booked.Title, Kind: booking.BusyBooking, Start: at(7, 10, 0), End: at(7, 11, 0)},
			{Room: "cc", RequestID: recurring.ID, Title: recurring.Title, Kind: booking.BusyBooking, Start: at(8, 13, 0), End: at(8, 14, 0)},
		}
		sameBusy(t, got, want)

		for _, tc := range []struct {
			name     string
			from, to time.Time
			want     int
		}{
			{"back to back before", at(7, 9, 0), at(7, 10, 0), 0},
			{"back to back after", at(7, 11, 0), at(7, 12, 0), 0},
			{"overlaps the end", at(7, 10, 59), at(7, 12, 0), 1},
			{"overlaps the start", at(7, 9, 30), at(7, 10, 1), 1},
			{"inside", at(7, 10, 15), at(7, 10, 45), 1},
			{"around", at(7, 9, 59), at(7, 11, 1), 1},
		} {
			list, err := s.Busy(ctx, "cc", tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, b := range list {
				if b.RequestID == booked.ID {
					n++
				}
			}
			if n != tc.want {
				t.Errorf("%s: %d busy spans of the booking, want %d", tc.name, n, tc.want)
			}
		}
	})
}

func sameBusy(t *testing.T, got, want []booking.Busy) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("busy:\n got %+v\nwant %+v", got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Room != w.Room || g.RequestID != w.RequestID || g.Title != w.Title || g.Kind != w.Kind ||
			!g.Start.Equal(w.Start) || !g.End.Equal(w.End) {
			t.Errorf("busy[%d]:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestOverdue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		now := at(7, 10, 0)
		due := submitTest(t, s, testRequest("due", "cc", now, time.Hour), booking.StatusRelayed)
		past := submitTest(t, s, testRequest("past", "cc", now.Add(-48*time.Hour), time.Hour), booking.StatusSubmitted)
		submitTest(t, s, testRequest("future", "cc", now.Add(time.Nanosecond), time.Hour), booking.StatusSubmitted)
		submitTest(t, s, testRequest("approved", "cc", now.Add(-time.Hour), time.Hour), booking.StatusApproved)
		ids, err := s.Overdue(t.Context(), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || ids[0] != past.ID || ids[1] != due.ID {
			t.Errorf("Overdue = %v, want [%d %d]", ids, past.ID, due.ID)
		}
	})
}

func TestRequestsFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		a := submitTest(t, s, testRequest("a", "cc", at(9, 9, 0), time.Hour), booking.StatusSubmitted)
		b := submitTest(t, s, testRequest("b", "cc", at(3, 9, 0), time.Hour), booking.StatusApproved)
		c := submitTest(t, s, testRequest("c", "other", at(5, 9, 0), time.Hour), booking.StatusSubmitted)
		weekly := testRequest("d", "cc", at(1, 9, 0), time.Hour)
		weekly.Recurrence = "FREQ=WEEKLY;COUNT=3"
		d := submitTest(t, s, weekly, booking.StatusApproved,
			booking.Slot{Start: at(1, 9, 0), End: at(1, 10, 0)},
			booking.Slot{Start: at(8, 9, 0), End: at(8, 10, 0)},
			booking.Slot{Start: at(15, 9, 0), End: at(15, 10, 0)})
		for _, tc := range []struct {
			name string
			f    Filter
			want []int64
		}{
			{"all, by start", Filter{}, []int64{d.ID, b.ID, c.ID, a.ID}},
			{"status", Filter{Status: []booking.Status{booking.StatusApproved}}, []int64{d.ID, b.ID}},
			{"room", Filter{Room: "other"}, []int64{c.ID}},
			{"window, by occurrence", Filter{From: at(8, 0, 0), To: at(8, 23, 0)}, []int64{d.ID}},
			{"window bounds exclusive", Filter{From: at(9, 10, 0), To: at(15, 9, 0)}, nil},
			{"from only", Filter{From: at(9, 0, 0)}, []int64{d.ID, a.ID}},
			{"to only", Filter{To: at(3, 9, 1)}, []int64{d.ID, b.ID}},
			{"limit", Filter{Limit: 2}, []int64{d.ID, b.ID}},
			{"everything", Filter{Status: []booking.Status{booking.StatusSubmitted}, Room: "cc",
				From: at(9, 9, 30), To: at(31, 0, 0), Limit: 5}, []int64{a.ID}},
		} {
			got, err := s.Requests(t.Context(), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if len(ids) != len(tc.want) || (len(ids) > 0 && !equalIDs(ids, tc.want)) {
				t.Errorf("%s: got %v, want %v", tc.name, ids, tc.want)
			}
		}
	})
}

func equalIDs(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

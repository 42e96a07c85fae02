package store

import (
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestGoogleEvents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		r := submitTest(t, s, testRequest("uid1", "cc", at(7, 10, 0), time.Hour), booking.StatusApproved)
		if _, err := s.GoogleEvent(ctx, r.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("before a push: %v, want ErrNotFound", err)
		}
		e := GoogleEvent{RequestID: r.ID, EventID: "uid1", ETag: `"1"`, Sequence: 2, PushedAt: at(1, 9, 0).UTC()}
		for _, change := range []func(){func() {}, func() { e.ETag, e.Deleted, e.Sequence = `"2"`, true, 3 }} {
			change()
			if err := s.SaveGoogleEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			got, err := s.GoogleEvent(ctx, r.ID)
			if err != nil || got != e {
				t.Fatalf("GoogleEvent = %+v, %v; want %+v", got, err, e)
			}
		}
	})
}

// TestExternalBusy: imported events block their room or every room, a full
// sync replaces them, changes upsert and remove, and the token is written
// with them.
func TestExternalBusy(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		booked := submitTest(t, s, testRequest("b", "cc", at(7, 10, 0), time.Hour), booking.StatusApproved)
		ext := func(id, room string, start time.Time) ExternalEvent {
			return ExternalEvent{EventID: id, Room: room, Title: "Zoom " + id, Start: start, End: start.Add(time.Hour), UpdatedAt: at(1, 0, 0)}
		}
		sync := ExternalSync{CalendarID: "cal", Full: true, TokenKey: "tok", Token: "t1", At: at(1, 0, 0),
			Upsert: []ExternalEvent{ext("e1", "", at(7, 9, 0)), ext("e2", "other", at(7, 9, 30)), ext("e3", "cc", at(7, 12, 0))}}
		if err := s.SyncExternal(ctx, sync); err != nil {
			t.Fatal(err)
		}
		got, err := s.Busy(ctx, "cc", at(7, 0, 0), at(8, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		want := []booking.Busy{
			{Room: "cc", ExternalID: "e1", Title: "Zoom e1", Kind: booking.BusyExternal, Start: at(7, 9, 0), End: at(7, 10, 0)},
			{Room: "cc", RequestID: booked.ID, Title: booked.Title, Kind: booking.BusyBooking, Start: at(7, 10, 0), End: at(7, 11, 0)},
			{Room: "cc", ExternalID: "e3", Title: "Zoom e3", Kind: booking.BusyExternal, Start: at(7, 12, 0), End: at(7, 13, 0)},
		}
		sameBusy(t, got, want)
		if v, _, err := s.SyncState(ctx, "tok"); err != nil || v != "t1" {
			t.Fatalf("token = %q, %v", v, err)
		}

		changes := ExternalSync{CalendarID: "cal", Remove: []string{"e1"}, TokenKey: "tok", Token: "t2", At: at(1, 1, 0),
			Upsert: []ExternalEvent{ext("e3", "cc", at(7, 14, 0))}}
		if err := s.SyncExternal(ctx, changes); err != nil {
			t.Fatal(err)
		}
		list, err := s.ExternalEvents(ctx, "cal")
		if err != nil || len(list) != 2 || list[1].EventID != "e3" || !list[1].Start.Equal(at(7, 14, 0)) {
			t.Fatalf("after changes: %+v, %v", list, err)
		}
		if err := s.SyncExternal(ctx, ExternalSync{CalendarID: "cal", Full: true, At: at(1, 2, 0),
			Upsert: []ExternalEvent{ext("e4", "", at(9, 9, 0))}}); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.ExternalEvents(ctx, "cal"); len(list) != 1 || list[0].EventID != "e4" {
			t.Fatalf("after a full sync: %+v", list)
		}
		if _, _, err := s.SyncState(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unset key: %v", err)
		}
	})
}

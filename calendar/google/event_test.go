package google

import (
	"slices"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// TestEventRecurringExceptions: a removed occurrence is an EXDATE; a moved
// one is an EXDATE at its original start and an RDATE at its new one.
func TestEventRecurringExceptions(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	look := Look{Location: mustZone(t), ShowTentative: true}
	r := booking.Request{ID: 7, UID: "0123456789abcdefghijklmnop", Title: "Rapat rutin", Status: booking.StatusApproved,
		Start: time.Date(2026, 12, 7, 9, 0, 0, 0, wib), End: time.Date(2026, 12, 7, 11, 0, 0, 0, wib),
		Recurrence: "FREQ=WEEKLY;COUNT=4"}
	ev := look.Event(r, []store.Exception{
		{Original: time.Date(2026, 12, 14, 9, 0, 0, 0, wib), Removed: true},
		{Original: time.Date(2026, 12, 21, 9, 0, 0, 0, wib),
			Start: time.Date(2026, 12, 22, 13, 0, 0, 0, wib), End: time.Date(2026, 12, 22, 15, 0, 0, 0, wib)},
	})
	want := []string{
		"RRULE:FREQ=WEEKLY;COUNT=4",
		"EXDATE;TZID=Asia/Jakarta:20261214T090000,20261221T090000",
		"RDATE;TZID=Asia/Jakarta:20261222T130000",
	}
	if ev == nil || !slices.Equal(ev.Recurrence, want) {
		t.Fatalf("recurrence %q, want %q", ev.Recurrence, want)
	}
	if ev.Status != "confirmed" || ev.Id != r.UID || ev.Start.TimeZone != "Asia/Jakarta" {
		t.Fatalf("event %+v", ev)
	}
}

func mustZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestEventDescription: the event names the organization and the request's
// number as people quote it, in the look's language.
func TestEventDescription(t *testing.T) {
	r := booking.Request{ID: 7, UID: "0123456789abcdefghijklmnop", Title: "Rapat rutin", Organization: "Dinas Kesehatan",
		Status: booking.StatusApproved, Start: time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)}
	for lang, want := range map[string]string{
		"id": "Dinas Kesehatan\nNomor permohonan: CC-000007",
		"en": "Dinas Kesehatan\nRequest number: CC-000007",
	} {
		if ev := (Look{Language: lang}).Event(r, nil); ev == nil || ev.Description != want {
			t.Errorf("%s: description %+v, want %q", lang, ev, want)
		}
	}
}

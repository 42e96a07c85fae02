package google_test

import (
	"strings"
	"testing"
	"time"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
)

// candidate is a request for Feb 20 2027 at hour, 1 hour long.
func (h *harness) candidate(hour int) booking.Candidate {
	start := time.Date(2027, 2, 20, hour, 0, 0, 0, wib)
	return booking.Candidate{Room: h.cfg.BookingRooms()[0], Start: start, End: start.Add(time.Hour), Participants: 5}
}

func (h *harness) conflicts(hour int) []booking.Conflict {
	h.t.Helper()
	rep, err := h.off.Check(h.t.Context(), h.candidate(hour))
	if err != nil {
		h.t.Fatal(err)
	}
	return rep.Conflicts
}

func at(hour int) *calendar.EventDateTime {
	return &calendar.EventDateTime{DateTime: time.Date(2027, 2, 20, hour, 0, 0, 0, wib).Format(time.RFC3339)}
}

// TestImportBlocks: an external event blocks an overlapping request after
// one poll, its deletion frees it, a 410 resyncs in full without doubling
// the busy time, and a poll with nothing new costs one list call.
func TestImportBlocks(t *testing.T) {
	h := newHarness(t)
	for i := range 120 { // more than two pages of noise far away
		h.fake.Add(calID, calendar.Event{Summary: "lain", Start: &calendar.EventDateTime{DateTime: time.Date(2027, 6, 1, 8, 0, 0, 0, wib).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)},
			End: &calendar.EventDateTime{DateTime: time.Date(2027, 6, 1, 9, 0, 0, 0, wib).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)}})
	}
	if imp := h.poll(); !imp.Full || imp.Pages != 3 || imp.Busy != 120 {
		t.Fatalf("first poll: %+v, want a full sync of 120 events over 3 pages", imp)
	}
	// A date typed wrong (the year 9999) is skipped, and does not stop the import.
	h.fake.Add(calID, calendar.Event{Summary: "salah ketik", Start: &calendar.EventDateTime{DateTime: "9999-01-01T08:00:00+07:00"},
		End: &calendar.EventDateTime{DateTime: "9999-01-01T09:00:00+07:00"}})
	zoom := h.fake.Add(calID, calendar.Event{Summary: "Zoom Bupati", Start: at(9), End: at(11)})
	h.fake.Add(calID, calendar.Event{Summary: "free", Start: at(13), End: at(14), Transparency: "transparent"})
	h.fake.ResetCalls()
	h.poll()
	c := h.conflicts(10)
	if len(c) != 1 || c[0].Kind != booking.BusyExternal || c[0].ExternalID != zoom.Id || c[0].Title != "Zoom Bupati" {
		t.Fatalf("conflicts = %+v, want the external event", c)
	}
	if c := h.conflicts(13); len(c) != 0 {
		t.Errorf("a free (transparent) event blocks: %+v", c)
	}
	h.fake.Remove(calID, zoom.Id)
	h.poll()
	if c := h.conflicts(10); len(c) != 0 {
		t.Fatalf("after the deletion: %+v", c)
	}
	incremental := h.fake.AllCalls()

	h.fake.Add(calID, calendar.Event{Summary: "Rapat Sekda", Start: at(15), End: at(16)})
	h.fake.ExpireSyncTokens()
	h.fake.ResetCalls()
	if imp := h.poll(); !imp.Full {
		t.Fatalf("after a 410: %+v, want a full sync", imp)
	}
	resync := h.fake.AllCalls()
	list, err := h.st.ExternalEvents(t.Context(), calID)
	if err != nil || len(list) != 121 {
		t.Fatalf("after the resync: %d external events, want 121 (%v)", len(list), err)
	}
	if c := h.conflicts(15); len(c) != 1 {
		t.Errorf("after the resync: %d conflicts at 15:00, want 1", len(c))
	}
	h.fake.ResetCalls()
	for range 5 {
		h.poll()
	}
	idle := h.fake.AllCalls()
	t.Logf("import: 2 incremental polls %s; a 410 and full resync %s; 5 polls with nothing new %s", calls(incremental), calls(resync), calls(idle))
	if idle[googletest.EventsList] != 5 || total(idle) != 5 {
		t.Errorf("idle polls: %s, want one list call each", calls(idle))
	}
}

// TestImportRestores: ccroom's event edited or deleted in Google is put
// back, and once put back is left alone.
func TestImportRestores(t *testing.T) {
	h := newHarness(t)
	r := h.approve(h.submit(0).ID)
	h.drain()
	if imp := h.poll(); imp.Restored != 0 || imp.Busy != 0 {
		t.Fatalf("ccroom's own event: %+v", imp)
	}
	if c := h.conflicts(9); len(c) != 0 {
		t.Fatalf("ccroom's event imported as busy time: %+v", c)
	}
	h.fake.Edit(calID, r.UID, func(ev *calendar.Event) { ev.Summary, ev.Start, ev.End = "dipindah", at(14), at(15) })
	h.fake.ResetCalls()
	if imp := h.poll(); imp.Restored != 1 {
		t.Fatalf("after an edit in Google: %+v", imp)
	}
	h.drain()
	h.checkMirror()
	restored := h.fake.AllCalls()
	h.fake.Remove(calID, r.UID)
	if imp := h.poll(); imp.Restored != 1 {
		t.Fatalf("after a deletion in Google: %+v", imp)
	}
	h.drain()
	h.checkMirror()
	if imp := h.poll(); imp.Restored != 0 {
		t.Fatalf("after the restore: %+v", imp)
	}
	// Both drifts are in the request's history, hence in the logbook.
	hist, err := h.st.History(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var restores []string
	for _, tr := range hist {
		if tr.Action == booking.ActionRestore && tr.From == r.Status && tr.To == r.Status {
			restores = append(restores, tr.Note)
		}
	}
	if len(restores) != 2 || !strings.Contains(restores[0], "dipindah") {
		t.Fatalf("drift in the history: %q, want two restores, the first naming the edit", restores)
	}
	t.Logf("restoring an edited event: %s (minimum 2: list, update)", calls(restored))
	if total(restored) != 2 {
		t.Errorf("restore took %s", calls(restored))
	}
}

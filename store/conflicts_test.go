package store

import (
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// finding is a test finding of the whole request or of occurrence occ.
func finding(occ int64, key string, start time.Time) Finding {
	return Finding{OccurrenceID: occ, Start: start, End: start.Add(time.Hour), Code: booking.CodeOverlap, Key: key,
		Cause: "Acara " + key, CauseEN: "Event " + key, Suggestions: []booking.Slot{{Start: start.Add(3 * time.Hour), End: start.Add(4 * time.Hour)}}}
}

// TestReconcileConflicts: a finding opens one conflict and its transition
// (which moves no turn), the same finding again opens none, one gone is
// resolved as vanished (and a new one opens if it comes back), a kept one stays
// kept, and a cancelled request's open conflicts are withdrawn quietly.
func TestReconcileConflicts(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			dsn := e.fresh(t)
			s := openTest(t, e, dsn)
			raw := rawDB(t, e, dsn)
			ctx := t.Context()
			start := at(10, 9, 0)
			r := submitTest(t, s, testRequest("rc", "command-center", start, time.Hour), booking.StatusApproved)
			occ, err := s.LiveOccurrences(ctx, r.ID)
			if err != nil || len(occ) != 1 {
				t.Fatalf("occurrences %+v (%v)", occ, err)
			}
			turn := func() (n int64) {
				if err := raw.QueryRowContext(ctx, `SELECT turn_ns FROM requests WHERE id = $1`, r.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := turn()
			f := finding(occ[0].ID, "external:ev1", start)
			rec, err := s.ReconcileConflicts(ctx, r.ID, []Finding{f, f}, at(2, 9, 0))
			if err != nil || len(rec.Opened) != 1 || len(rec.Closed) != 0 {
				t.Fatalf("first: %+v (%v)", rec, err)
			}
			c := rec.Opened[0]
			if !c.AwaitsKabid() || c.Cause != "Acara external:ev1" || len(c.Suggestions) != 1 || c.FoundTransition == 0 || c.Room != "command-center" {
				t.Fatalf("conflict %+v", c)
			}
			if turn() != before {
				t.Fatal("the conflict's transition moved turn_ns")
			}
			if got, err := s.ConflictByTransition(ctx, c.FoundTransition); err != nil || got.ID != c.ID {
				t.Fatalf("by transition: %+v (%v)", got, err)
			}
			if rec, err := s.ReconcileConflicts(ctx, r.ID, []Finding{f}, at(2, 9, 1)); err != nil || len(rec.Opened)+len(rec.Closed) != 0 {
				t.Fatalf("again: %+v (%v)", rec, err)
			}
			if n, err := s.CountOpenConflicts(ctx); err != nil || n != 1 {
				t.Fatalf("open %d (%v)", n, err)
			}
			rec, err = s.ReconcileConflicts(ctx, r.ID, nil, at(2, 10, 0))
			if err != nil || len(rec.Closed) != 1 || rec.Closed[0].Resolution != booking.ResolvedVanished || rec.Closed[0].ResolvedTransition == 0 {
				t.Fatalf("gone: %+v (%v)", rec, err)
			}
			rec, err = s.ReconcileConflicts(ctx, r.ID, []Finding{f}, at(2, 11, 0))
			if err != nil || len(rec.Opened) != 1 || rec.Opened[0].ID == c.ID || !rec.Opened[0].FoundAt.Equal(at(2, 11, 0)) {
				t.Fatalf("back: %+v (%v)", rec, err)
			}
			// The first life keeps its transitions.
			if got, err := s.ConflictByTransition(ctx, c.FoundTransition); err != nil || got.ID != c.ID || got.Resolution != booking.ResolvedVanished {
				t.Fatalf("the first life by its transition: %+v (%v)", got, err)
			}
			c = rec.Opened[0]
			kept, err := s.DecideConflict(ctx, c.ID, ConflictDecisionRecord{Decision: booking.ConflictKeep, Note: "di ruang lain",
				Actor: "Kabid", Role: booking.RoleKabid, At: at(2, 11, 5)}, nil)
			if err != nil || kept.Resolution != booking.ResolvedKept || kept.DecidedTransition == 0 {
				t.Fatalf("kept %+v (%v)", kept, err)
			}
			var ae *booking.ActError
			if _, err := s.DecideConflict(ctx, c.ID, ConflictDecisionRecord{Decision: booking.ConflictKeep, Note: "x", At: at(2, 11, 6)}, nil); !errors.As(err, &ae) {
				t.Fatalf("second decision: %v", err)
			}
			if rec, err := s.ReconcileConflicts(ctx, r.ID, []Finding{f}, at(2, 12, 0)); err != nil || len(rec.Opened) != 0 {
				t.Fatalf("a kept conflict opened again: %+v (%v)", rec, err)
			}
			// Another cause, then the request is cancelled: withdrawn, no transition.
			g := finding(0, "capacity:30", start)
			if rec, err := s.ReconcileConflicts(ctx, r.ID, []Finding{f, g}, at(2, 13, 0)); err != nil || len(rec.Opened) != 1 {
				t.Fatalf("capacity: %+v (%v)", rec, err)
			}
			if _, err := s.Act(ctx, r.ID, moveTo(booking.StatusCancelled, booking.ActionCancel, at(2, 14, 0))); err != nil {
				t.Fatal(err)
			}
			h0, _ := s.History(ctx, r.ID)
			rec, err = s.ReconcileConflicts(ctx, r.ID, []Finding{f, g}, at(2, 15, 0))
			if err != nil || len(rec.Opened) != 0 || len(rec.Closed) != 1 || rec.Closed[0].Resolution != booking.ResolvedWithdrawn {
				t.Fatalf("withdrawn: %+v (%v)", rec, err)
			}
			if h1, _ := s.History(ctx, r.ID); len(h1) != len(h0) {
				t.Fatalf("a withdrawal wrote %d transitions", len(h1)-len(h0))
			}
			all, err := s.Conflicts(ctx, ConflictFilter{Status: ConflictResolved})
			if err != nil || len(all) != 3 {
				t.Fatalf("resolved %+v (%v)", all, err)
			}
		})
	}
}

// TestSyncExternalTouched: an import names the windows it changed: where an
// event was and is, and nothing for an event that did not change.
func TestSyncExternalTouched(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		ev := func(id string, start time.Time) ExternalEvent {
			return ExternalEvent{EventID: id, Title: "Rapat " + id, Start: start, End: start.Add(time.Hour)}
		}
		w, err := s.SyncExternalTouched(ctx, ExternalSync{CalendarID: "c", Full: true, At: at(1, 0, 0),
			Upsert: []ExternalEvent{ev("a", at(5, 9, 0)), ev("b", at(6, 9, 0))}})
		if err != nil || len(w) != 2 {
			t.Fatalf("first: %v (%v)", w, err)
		}
		w, err = s.SyncExternalTouched(ctx, ExternalSync{CalendarID: "c", At: at(1, 1, 0),
			Upsert: []ExternalEvent{ev("a", at(5, 9, 0)), ev("b", at(7, 9, 0))}, Remove: []string{"zz"}})
		if err != nil || len(w) != 2 || !w[0].Start.Equal(at(6, 9, 0)) || !w[1].Start.Equal(at(7, 9, 0)) {
			t.Fatalf("moved b: %v (%v)", w, err)
		}
		w, err = s.SyncExternalTouched(ctx, ExternalSync{CalendarID: "c", Full: true, At: at(1, 2, 0),
			Upsert: []ExternalEvent{ev("a", at(5, 9, 0))}})
		if err != nil || len(w) != 1 || !w[0].Start.Equal(at(7, 9, 0)) {
			t.Fatalf("full sync without b: %v (%v)", w, err)
		}
	})
}

// TestReplaceHolidays: a source's list replaces its holidays; the dates that
// changed come back; another source's dates stay.
func TestReplaceHolidays(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		loc := time.FixedZone("WIB", 7*3600)
		d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, loc) }
		changed, err := s.ReplaceHolidays(ctx, "file:a.ics", []booking.Holiday{{Date: d(12, 24), Name: "Cuti Bersama Natal"},
			{Date: d(12, 25), Name: "Natal"}}, loc)
		if err != nil || len(changed) != 2 {
			t.Fatalf("first: %v (%v)", changed, err)
		}
		if _, err := s.ReplaceHolidays(ctx, "google:x", []booking.Holiday{{Date: d(12, 25), Name: "Hari Raya Natal"}}, loc); err != nil {
			t.Fatal(err)
		}
		changed, err = s.ReplaceHolidays(ctx, "file:a.ics", []booking.Holiday{{Date: d(12, 25), Name: "Hari Natal"}}, loc)
		if err != nil || len(changed) != 2 || !changed[0].Equal(d(12, 24)) || !changed[1].Equal(d(12, 25)) {
			t.Fatalf("second: %v (%v)", changed, err)
		}
		list, err := s.Holidays(ctx)
		if err != nil || len(list) != 1 || list[0].Date.Day() != 25 {
			t.Fatalf("holidays %+v (%v)", list, err)
		}
		if _, err := s.ReplaceHolidays(ctx, " ", nil, loc); err == nil {
			t.Fatal("no source accepted")
		}
	})
}

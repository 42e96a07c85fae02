package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestRecordsStored: the checklist and the usage report round-trip through
// History and Logbook on both engines; the vidcon team's checklist moves
// neither the step's start (turnSince) nor turn_ns; a row written as
// before migration 9 (no record columns named) reads with no records.
func TestRecordsStored(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			dsn := e.fresh(t)
			s := openTest(t, e, dsn)
			raw := rawDB(t, e, dsn)
			ctx := t.Context()
			start := at(10, 9, 0)
			r := submitTest(t, s, testRequest("rec", "command-center", start, 2*time.Hour), booking.StatusApproved)
			var approvedNs int64
			if err := raw.QueryRowContext(ctx, `SELECT turn_ns FROM requests WHERE id = $1`, r.ID).Scan(&approvedNs); err != nil {
				t.Fatal(err)
			}
			vidcon := booking.Actor{UserID: 0, Name: "Tim Vidcon", Roles: []booking.Role{booking.RoleVidcon}}
			kabid := booking.Actor{Name: "Kabid", Roles: []booking.Role{booking.RoleKabid}}
			list := []booking.ReadyItem{{Name: "computer", Ready: false, Note: "satu unit rusak"}}
			var since time.Time
			readyAt := start.Add(-3 * time.Hour)
			if _, err := s.Act(ctx, r.ID, apply(booking.Act{Action: booking.ActionReady, Actor: vidcon, At: readyAt, Readiness: list}, &since)); err != nil {
				t.Fatal(err)
			}
			var turn int64
			if err := raw.QueryRowContext(ctx, `SELECT turn_ns FROM requests WHERE id = $1`, r.ID).Scan(&turn); err != nil || turn != approvedNs {
				t.Errorf("turn_ns after the checklist: %d, want %d (%v)", turn, approvedNs, err)
			}
			prepareAt := readyAt.Add(10 * time.Minute)
			if _, err := s.Act(ctx, r.ID, apply(booking.Act{Action: booking.ActionPrepare, Actor: kabid, At: prepareAt,
				Readiness: list, Note: "Pinjam dari Bagian Umum"}, &since)); err != nil {
				t.Fatal(err)
			}
			if since.UnixNano() != approvedNs {
				t.Errorf("prepare timed from %v, want the approval (%d)", since, approvedNs)
			}
			usage := &booking.Usage{Start: start.Add(5 * time.Minute), End: start.Add(2 * time.Hour), Attendance: 41,
				Equipment: []booking.UsedItem{{Name: "computer", Condition: booking.ConditionBroken, Note: "layar retak"}},
				Problems:  "Listrik padam"}
			reportAt := start.Add(3 * time.Hour)
			if _, err := s.Act(ctx, r.ID, apply(booking.Act{Action: booking.ActionReport, Actor: vidcon, At: reportAt, Usage: usage}, &since)); err != nil {
				t.Fatal(err)
			}
			// A row as a binary from before migration 9 writes it.
			if _, err := raw.ExecContext(ctx, `INSERT INTO transitions (request_id, action, from_status, to_status,
				actor, role, decision, note, at_ns, took_ns, standard_ns) VALUES ($1, 'close', 'reported', 'closed',
				'Kabid', 'kabid', '', 'lama', $2, 0, 0)`, r.ID, reportAt.Add(time.Minute).UnixNano()); err != nil {
				t.Fatal(err)
			}
			history, err := s.History(ctx, r.ID)
			if err != nil || len(history) != 5 {
				t.Fatalf("history: %d, %v", len(history), err)
			}
			ready, prepare, report, old := history[1], history[2], history[3], history[4]
			if ready.Action != booking.ActionReady || !reflect.DeepEqual(ready.Readiness, list) || ready.Usage != nil {
				t.Errorf("ready: %+v", ready)
			}
			if !reflect.DeepEqual(prepare.Readiness, list) || prepare.Note != "Pinjam dari Bagian Umum" {
				t.Errorf("prepare: %+v", prepare)
			}
			if report.Usage == nil || !report.Usage.Start.Equal(usage.Start) || !report.Usage.End.Equal(usage.End) ||
				report.Usage.Attendance != 41 || !reflect.DeepEqual(report.Usage.Equipment, usage.Equipment) ||
				report.Usage.Problems != "Listrik padam" || report.Readiness != nil {
				t.Errorf("report: %+v %+v", report, report.Usage)
			}
			if old.Readiness != nil || old.Usage != nil || old.Note != "lama" {
				t.Errorf("a row from before: %+v", old)
			}
			entries, err := s.Logbook(ctx, start.Add(-24*time.Hour), start.Add(24*time.Hour))
			if err != nil || len(entries) != 4 {
				t.Fatalf("logbook: %d, %v", len(entries), err)
			}
			if entries[2].Usage == nil || entries[2].Usage.Attendance != 41 || !reflect.DeepEqual(entries[0].Readiness, list) {
				t.Errorf("logbook records: %+v / %+v", entries[0], entries[2])
			}
		})
	}
}

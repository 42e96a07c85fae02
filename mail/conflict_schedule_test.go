package mail

import (
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

// only keeps the messages of got whose subject holds one of subjects (the
// chain's own notices go on meanwhile).
func only(got []*received, subjects ...string) []*received {
	var out []*received
	for _, m := range got {
		for _, s := range subjects {
			if strings.Contains(m.subject, s) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// TestConflictReminders: a conflict undecided past its standard brings one
// reminder to the Kabid (with the decision's link) and one escalation to
// the head, however many times the scheduler runs; a decision not carried
// out brings one reminder to each secretary. Not after closing, nor on a
// holiday: at the next opening.
func TestConflictReminders(t *testing.T) {
	for name, dsn := range reportEngines(t) {
		t.Run(name, func(t *testing.T) {
			driver, path := dsn(t)
			e := newEnvOn(t, driver, path)
			e.clock.set(day(11, 20, 16, 0)) // Friday afternoon: no morning digest
			holiday := []booking.Holiday{{Date: day(11, 23, 0, 0), Name: "Cuti Bersama"}}
			if _, _, err := e.off.ImportHolidays(t.Context(), "libur.ics", holiday); err != nil {
				t.Fatal(err)
			}
			r := e.approve("Rapat Koordinasi", day(12, 10, 9, 0))
			e.clock.set(day(11, 20, 16, 50))
			e.googleEvent("bupati-1", "Kunjungan Bupati", day(12, 10, 10, 0), day(12, 10, 12, 0))
			e.drain()
			e.smtp.take()
			c := e.conflictOf(r.ID)

			e.clock.set(day(11, 20, 16, 54))
			e.schedule()
			expect(t, "within the standard", e.smtp.take(), nil)
			for _, at := range []time.Time{day(11, 20, 17, 0), day(11, 23, 9, 0)} {
				e.clock.set(at) // closing; Monday, a holiday
				e.schedule()
				expect(t, "closed at "+at.String(), only(e.smtp.take(), "Reminder", "Eskalasi", "Pengingat"), nil)
			}
			e.clock.set(day(11, 24, 13, 0))
			for range 3 {
				e.schedule()
			}
			got := expect(t, "late", only(e.smtp.take(), "Reminder", "Eskalasi"), map[string]want{
				kabidTo: {"Reminder: a schedule conflict awaits your decision", "time standard of 5 minutes", true},
				headTo:  {"Eskalasi: konflik jadwal belum diputuskan", "belum diputuskan oleh Kabid sejak", false},
			})
			noRawKeys(t, got)
			e.openLink(got[kabidTo], "kabid", booking.ActionDecideConflict, c)

			if _, err := e.off.DecideConflict(t.Context(), c.ID, office.ConflictDecision{Decision: booking.ConflictCancel,
				Note: "Tidak ada ruang lain"}, e.off.ActorFor(e.users["kabid"])); err != nil {
				t.Fatal(err)
			}
			e.drain()
			e.smtp.take()
			e.clock.advance(4 * time.Minute)
			e.schedule()
			expect(t, "decided, within the standard", only(e.smtp.take(), "Pengingat", "Reminder", "Eskalasi"), nil)
			e.clock.advance(2 * time.Minute)
			for range 3 {
				e.schedule()
			}
			got = expect(t, "not carried out", only(e.smtp.take(), "Pengingat", "Reminder", "Eskalasi"), map[string]want{
				sec:  {"Pengingat: keputusan Kabid atas konflik jadwal belum dilaksanakan", "(dibatalkan) menunggu dilaksanakan", true},
				sec2: {"Pengingat: keputusan Kabid", "melewati standar waktu SOP 5 menit", true},
			})
			noRawKeys(t, got)
			e.openLink(got[sec], "secretary", booking.ActionCarryOutConflict, c)
			if _, err := e.off.CarryOutConflict(t.Context(), c.ID, e.off.ActorFor(e.users["secretary"])); err != nil {
				t.Fatal(err)
			}
			e.drain()
			e.smtp.take()
			e.clock.advance(time.Hour)
			e.schedule()
			expect(t, "carried out", only(e.smtp.take(), "Pengingat", "Reminder", "Eskalasi"), nil)
		})
	}
}

// TestConflictDigest: on a working day with a conflict open, from opening,
// each Kabid gets one digest (Indonesian unless they chose English): the
// day's bookings, the open conflict with its request's link, the late
// steps. Not before opening, not twice, not on a weekend nor a holiday;
// none once no conflict is open.
func TestConflictDigest(t *testing.T) {
	for name, dsn := range reportEngines(t) {
		t.Run(name, func(t *testing.T) {
			driver, path := dsn(t)
			e := newEnvOn(t, driver, path)
			kabid2, err := e.off.AddUser(t.Context(), office.NewUser{Email: "kabid2" + staffDomain, Name: "kabid2",
				Grants: []booking.Grant{{Role: booking.RoleKabid}}})
			if err != nil {
				t.Fatal(err)
			}
			e.users["kabid2"] = kabid2
			e.clock.set(day(11, 20, 14, 0))
			if _, _, err := e.off.ImportHolidays(t.Context(), "libur.ics",
				[]booking.Holiday{{Date: day(12, 14, 0, 0), Name: "Cuti Bersama"}}); err != nil {
				t.Fatal(err)
			}
			r1 := e.approve("Rapat Koordinasi", day(12, 10, 9, 0))
			e.approve("Sosialisasi Vaksin", day(12, 10, 13, 0))
			e.googleEvent("bupati-1", "Kunjungan Bupati", day(12, 10, 10, 0), day(12, 10, 12, 0))
			e.drain()
			e.smtp.take()
			e.clock.set(day(12, 9, 16, 0))
			e.submit("Pelatihan Operator", day(12, 21, 9, 0)) // waits for the secretary, late by morning

			const subjectID, subjectEN = "Ringkasan harian", "Daily summary"
			e.clock.set(day(12, 10, 6, 59))
			e.schedule()
			if got := only(e.smtp.take(), subjectID, subjectEN); len(got) != 0 {
				t.Fatalf("%d digests before opening", len(got))
			}
			e.clock.set(day(12, 10, 7, 0))
			e.schedule()
			e.schedule()
			got := expect(t, "digest", only(e.smtp.take(), subjectID, subjectEN), map[string]want{
				kabidTo:                {"Daily summary for Thursday, 10 Dec 2026 – open schedule conflicts: 1", "Kunjungan Bupati", false},
				"kabid2" + staffDomain: {"Ringkasan harian Kamis, 10-12-2026: 1 konflik jadwal terbuka", "menunggu keputusan Kabid", false},
			})
			noRawKeys(t, got)
			text := got["kabid2"+staffDomain].parts["text/plain"]
			for _, w := range []string{
				"Pemakaian ruang hari ini:\n- Kamis, 10-12-2026 09:00-11:00 WIB – CC-000001 “Rapat Koordinasi”, Dinas Kesehatan",
				"- Kamis, 10-12-2026 13:00-15:00 WIB – CC-000002 “Sosialisasi Vaksin”",
				"Konflik jadwal terbuka:\n- CC-000001 “Rapat Koordinasi”, Kamis, 10-12-2026 09:00-11:00 WIB: Acara di Google Calendar",
				"Langkah SOP yang melewati standar waktu:\n- CC-000003 “Pelatihan Operator” – Teruskan ke Kepala Dinas, menunggu sejak 09-12-2026 16:00 WIB (standar 5 menit)",
				"Buka permohonan CC-000001:\nhttps://ccroom.example/staff/requests/1",
			} {
				if !strings.Contains(text, w) {
					t.Errorf("the digest lacks %q:\n%s", w, text)
				}
			}
			for _, at := range []time.Time{day(12, 10, 9, 0), day(12, 12, 8, 0), day(12, 13, 8, 0), day(12, 14, 8, 0)} {
				e.clock.set(at) // later that day, Saturday, Sunday, the holiday
				e.schedule()
				if got := only(e.smtp.take(), subjectID, subjectEN); len(got) != 0 {
					t.Fatalf("at %v: %d more digests", at, len(got))
				}
			}
			e.clock.set(day(12, 15, 7, 30))
			e.schedule()
			if got := only(e.smtp.take(), subjectID, subjectEN); len(got) != 2 {
				t.Fatalf("the next working day: %d digests, want 2", len(got))
			}

			c := e.conflictOf(r1.ID)
			if _, err := e.off.DecideConflict(t.Context(), c.ID, office.ConflictDecision{Decision: booking.ConflictKeep,
				Note: "Sudah lewat"}, e.off.ActorFor(e.users["kabid"])); err != nil {
				t.Fatal(err)
			}
			e.clock.set(day(12, 16, 7, 30))
			e.schedule()
			if got := only(e.smtp.take(), subjectID, subjectEN); len(got) != 0 {
				t.Fatalf("no conflict open: %d digests", len(got))
			}
		})
	}
}

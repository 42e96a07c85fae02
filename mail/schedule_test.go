package mail

import (
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func (e *env) schedule() {
	e.t.Helper()
	if _, err := e.mailer.Schedule(e.t.Context()); err != nil {
		e.t.Fatal(err)
	}
	e.drain()
}

// TestReminders: one reminder past the standard, one escalation past three
// times it, each once; the head's own late step goes to the secretary.
func TestReminders(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	e.smtp.take()
	e.clock.set(day(11, 20, 9, 4))
	e.schedule()
	expect(t, "within the standard", e.smtp.take(), nil)
	e.clock.set(day(11, 20, 9, 6))
	e.schedule()
	e.schedule()
	expect(t, "reminder", e.smtp.take(), map[string]want{
		"secretary" + staffDomain:  {"Pengingat: Teruskan ke Kepala Dinas", "melewati standar waktu SOP 5 menit", true},
		"secretary2" + staffDomain: {"Pengingat", "menunggu tindakan", true},
	})
	e.clock.set(day(11, 20, 9, 16))
	e.schedule()
	e.schedule()
	expect(t, "escalation", e.smtp.take(), map[string]want{
		"head" + staffDomain: {"Eskalasi: Teruskan ke Kepala Dinas", "melewati 3 kali standar waktu SOP (5 menit)", false},
	})

	e.act(r.ID, "secretary", booking.ActionForward, "", "")
	e.drain()
	e.smtp.take()
	e.clock.advance(16 * time.Minute)
	e.schedule()
	expect(t, "the head is late", e.smtp.take(), map[string]want{
		"head" + staffDomain:       {"Pengingat: Disposisi ke Kabid", "menunggu tindakan", true},
		"secretary" + staffDomain:  {"Eskalasi: Disposisi ke Kabid", "belum dilaksanakan", false},
		"secretary2" + staffDomain: {"Eskalasi", "belum dilaksanakan", false},
	})
}

// TestRemindersKeepOfficeHours: a step late after closing is reminded when
// the office opens.
func TestRemindersKeepOfficeHours(t *testing.T) {
	e := newEnv(t)
	e.clock.set(day(11, 20, 16, 58))
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	e.smtp.take()
	e.clock.set(day(11, 20, 17, 10))
	e.schedule()
	expect(t, "after closing", e.smtp.take(), nil)
	e.clock.set(day(11, 21, 7, 0))
	e.schedule()
	got := e.smtp.take()
	if len(got) != 3 { // two reminders, one escalation
		t.Fatalf("at opening: %d messages, want 3", len(got))
	}
}

package mail

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/pelalawan/ccroom/booking"
)

const staffDomain = "@diskominfo.example.go.id"

// want is what one recipient should get: a subject fragment, a text
// fragment (language), and whether an action link must be there.
type want struct {
	subject, text string
	link          bool
}

// expect checks that exactly the wanted recipients got one message each and
// returns them by recipient.
func expect(t *testing.T, step string, got []*received, wants map[string]want) map[string]*received {
	t.Helper()
	by := map[string]*received{}
	for _, m := range got {
		if len(m.to) != 1 {
			t.Fatalf("%s: a message to %v, want one recipient each", step, m.to)
		}
		if by[m.to[0]] != nil {
			t.Errorf("%s: %s got two messages", step, m.to[0])
		}
		by[m.to[0]] = m
	}
	if len(by) != len(wants) {
		t.Errorf("%s: %d recipients %v, want %d", step, len(by), keys(by), len(wants))
	}
	for to, w := range wants {
		m := by[to]
		if m == nil {
			t.Errorf("%s: nothing for %s", step, to)
			continue
		}
		if !strings.Contains(m.subject, w.subject) {
			t.Errorf("%s: subject to %s = %q, want %q in it", step, to, m.subject, w.subject)
		}
		if !strings.Contains(m.parts["text/plain"], w.text) || !strings.Contains(m.parts["text/html"], w.text) {
			t.Errorf("%s: to %s: %q not in both parts:\n%s", step, to, w.text, m.parts["text/plain"])
		}
		if has := actLink.MatchString(m.parts["text/plain"]); has != w.link {
			t.Errorf("%s: to %s: action link %v, want %v", step, to, has, w.link)
		}
	}
	return by
}

func keys(m map[string]*received) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestWalkTheChain walks a request through all ten steps, running the
// worker after each: every email reaches the right people once, in their
// language, with links and, for the approval, the invitation.
func TestWalkTheChain(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	sec, sec2 := "secretary"+staffDomain, "secretary2"+staffDomain
	head, kabid, vidcon := "head"+staffDomain, "kabid"+staffDomain, "vidcon"+staffDomain
	got := expect(t, "submit", e.smtp.take(), map[string]want{
		"siti@example.org": {"[CC-000001] Rapat Koordinasi – 10-12-2026 – Tanda terima", "Yth. Bapak/Ibu Siti Aminah", false},
		sec:                {"Permohonan baru", "Dengan hormat,", true},
		sec2:               {"Permohonan baru", "Demikian disampaikan", true},
	})
	receipt := got["siti@example.org"]
	if !strings.Contains(receipt.parts["text/plain"], "https://ccroom.example/requests/1?token="+e.off.TrackingToken(r.UID)) {
		t.Errorf("receipt without the tracking link:\n%s", receipt.parts["text/plain"])
	}
	if id := receipt.header.Get("Message-ID"); !strings.HasPrefix(id, "<req-1.t-") || !strings.HasSuffix(id, "@diskominfo.example.go.id>") {
		t.Errorf("Message-ID = %q", id)
	}
	if strings.Contains(receipt.parts["text/plain"], "005/DINKES") {
		t.Error("the applicant's receipt shows staff details")
	}

	e.act(r.ID, "secretary", booking.ActionForward, "", "")
	e.drain()
	got = expect(t, "forward", e.smtp.take(), map[string]want{head: {"Permohonan untuk didisposisi", "Yth. Bapak/Ibu head", true}})

	// The head disposes from the email's link.
	e.clock.advance(time.Minute)
	token := tokenIn(t, got[head])
	if _, err := e.off.ActByLink(t.Context(), token, e.off.ActionFormToken(token), "", "Mohon dicek"); err != nil {
		t.Fatalf("dispose by link: %v", err)
	}
	e.drain()
	got = expect(t, "dispose", e.smtp.take(), map[string]want{kabid: {"Disposed to the Kabid", "Dear kabid", true}})
	if !strings.Contains(got[kabid].parts["text/plain"], "Conflicts with:\n- none") {
		t.Errorf("the Kabid's email has no conflict report:\n%s", got[kabid].parts["text/plain"])
	}

	e.act(r.ID, "kabid", booking.ActionCheck, booking.DecisionAvailable, "Ruang siap")
	e.drain()
	expect(t, "check", e.smtp.take(), map[string]want{head: {"Hasil pengecekan Kabid", "ruang dinyatakan tersedia", true}})

	e.act(r.ID, "head", booking.ActionRelay, "", "")
	e.drain()
	expect(t, "relay", e.smtp.take(), map[string]want{sec: {"Ketersediaan ruang", "Ruang siap", true}, sec2: {"Ketersediaan ruang", "tersedia", true}})

	r = e.act(r.ID, "secretary", booking.ActionInform, "", "")
	e.drain()
	got = expect(t, "inform", e.smtp.take(), map[string]want{"siti@example.org": {"Permohonan disetujui", "DISETUJUI", false}})
	checkInvitation(t, got["siti@example.org"], r, "REQUEST")

	// The day before: readiness to the Kabid (with the prepare link) and vidcon, once.
	e.clock.set(day(12, 9, 10, 0))
	for range 2 {
		if _, err := e.mailer.Schedule(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.drain()
	}
	expect(t, "readiness", e.smtp.take(), map[string]want{kabid: {"Readiness of the room", "Thursday, 10 Dec 2026 09:00-11:00 WIB", true},
		vidcon: {"Kesiapan ruang", "Kamis, 10-12-2026 09:00-11:00 WIB", true}}) // the checklist's link

	e.act(r.ID, "kabid", booking.ActionPrepare, "", "")
	e.drain()
	expect(t, "prepare", e.smtp.take(), nil)

	e.clock.set(day(12, 10, 11, 1))
	if _, err := e.mailer.Schedule(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.drain()
	expect(t, "report due", e.smtp.take(), map[string]want{vidcon: {"Mohon laporan penggunaan", "telah selesai", true}})

	e.report(r, "Hadir 18 orang, peralatan baik") // usage_test.go
	e.drain()
	expect(t, "report", e.smtp.take(), map[string]want{kabid: {"Usage report to forward", "Attendance: 18 people", true}})

	e.act(r.ID, "kabid", booking.ActionClose, "", "Diteruskan")
	e.drain()
	expect(t, "close", e.smtp.take(), map[string]want{head: {"Laporan penggunaan ruang", "Jumlah hadir: 18 orang", false}})

	// Nothing more is due: running everything again sends nothing.
	e.clock.advance(time.Hour)
	if _, err := e.mailer.Schedule(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.drain()
	expect(t, "after close", e.smtp.take(), nil)
}

// checkInvitation parses the iMIP part and the .ics attachment.
func checkInvitation(t *testing.T, m *received, r booking.Request, method string) {
	t.Helper()
	part, ok := m.parts["text/calendar"]
	if !ok {
		t.Fatalf("no text/calendar part; parts %v", m.params)
	}
	if got := m.params["text/calendar"]["method"]; got != method {
		t.Errorf("text/calendar method = %q, want %s", got, method)
	}
	if !bytes.Equal([]byte(part), m.files["invite.ics"]) {
		t.Errorf("the .ics attachment differs from the calendar part")
	}
	cal, err := goical.NewDecoder(strings.NewReader(part)).Decode()
	if err != nil {
		t.Fatalf("invitation does not parse: %v\n%s", err, part)
	}
	if got := cal.Props.Get(goical.PropMethod); got == nil || got.Value != method {
		t.Errorf("METHOD = %v, want %s", got, method)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	ev := events[0]
	if uid, _ := ev.Props.Text(goical.PropUID); uid != r.UID+"@ccroom.example" {
		t.Errorf("UID = %q, want %s@ccroom.example", uid, r.UID)
	}
	start, err := ev.DateTimeStart(wib)
	end, err2 := ev.DateTimeEnd(wib)
	if err != nil || err2 != nil || !start.Equal(r.Start) || !end.Equal(r.End) {
		t.Errorf("times = %v-%v (%v %v), want %v-%v", start, end, err, err2, r.Start, r.End)
	}
}

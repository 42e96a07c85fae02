package mail

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// approve walks a new request through the chain to approved.
func (e *env) approve(title string, start time.Time) booking.Request {
	e.t.Helper()
	r := e.submit(title, start)
	for _, s := range []struct {
		who string
		a   booking.Action
		d   booking.Decision
	}{{"secretary", booking.ActionForward, ""}, {"head", booking.ActionDispose, ""},
		{"kabid", booking.ActionCheck, booking.DecisionAvailable}, {"head", booking.ActionRelay, ""},
		{"secretary2", booking.ActionInform, ""}} {
		r = e.act(r.ID, s.who, s.a, s.d, "")
	}
	return r
}

// googleEvent imports an event of the shared calendar as busy time (as the
// Google poll does) and runs the watch over every live booking.
func (e *env) googleEvent(id, title string, start, end time.Time) office.Watched {
	e.t.Helper()
	ev := store.ExternalEvent{CalendarID: "cal@example.org", EventID: id, Room: "command-center", Title: title,
		Start: start, End: end, UpdatedAt: e.clock.Now()}
	if err := e.st.SyncExternal(e.t.Context(), store.ExternalSync{CalendarID: "cal@example.org",
		Upsert: []store.ExternalEvent{ev}, At: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
	return e.watch()
}

// removeGoogleEvent deletes an imported event and runs the watch.
func (e *env) removeGoogleEvent(id string) office.Watched {
	e.t.Helper()
	if err := e.st.SyncExternal(e.t.Context(), store.ExternalSync{CalendarID: "cal@example.org",
		Remove: []string{id}, At: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
	return e.watch()
}

func (e *env) watch() office.Watched {
	e.t.Helper()
	w, err := e.off.Watch(e.t.Context(), office.Scope{All: true})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// openLink checks the conflict link in m: it opens, for the recipient, the
// action and the conflict wanted.
func (e *env) openLink(m *received, who string, a booking.Action, c store.Conflict) (office.ActionLink, booking.User, string) {
	e.t.Helper()
	token := tokenIn(e.t, m)
	l, u, got, err := e.off.CheckConflictLink(e.t.Context(), token)
	if err != nil {
		e.t.Fatalf("the link to %s does not open: %v", who, err)
	}
	if u.ID != e.users[who].ID || l.Action != a || got.ID != c.ID {
		e.t.Fatalf("the link to %s opens %s of conflict %d for user %d", who, l.Action, got.ID, u.ID)
	}
	return l, u, token
}

// rawKey is a catalogue key a letter shows because the catalogue lacks it.
var rawKey = regexp.MustCompile(`![a-z_]+\.[a-z_.]+`)

func noRawKeys(t *testing.T, got map[string]*received) {
	t.Helper()
	for to, m := range got {
		for _, part := range []string{m.subject, m.parts["text/plain"], m.parts["text/html"]} {
			if k := rawKey.FindString(part); k != "" {
				t.Errorf("to %s: the raw key %q:\n%s", to, k, part)
			}
		}
	}
}

// sequenceOf returns the invitation's METHOD and its event's SEQUENCE.
func sequenceOf(t *testing.T, m *received) (string, int) {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(string(m.files["invite.ics"]))).Decode()
	if err != nil {
		t.Fatalf("the attached invitation does not parse: %v", err)
	}
	seq := -1
	for _, ev := range cal.Events() { // a series' moved session is an event of its own, at the same SEQUENCE
		n, err := strconv.Atoi(ev.Props.Get(goical.PropSequence).Value)
		if err != nil || seq >= 0 && n != seq {
			t.Fatalf("SEQUENCE %d after %d (%v)", n, seq, err)
		}
		seq = n
	}
	return cal.Props.Get(goical.PropMethod).Value, seq
}

const (
	sec, sec2 = "secretary" + staffDomain, "secretary2" + staffDomain
	kabidTo   = "kabid" + staffDomain
	headTo    = "head" + staffDomain
	applicant = "siti@example.org"
)

// TestConflictMovedByLinks: the regent's visit lands on an approved booking.
// The Kabid is emailed once (however many watches see it), in English as he
// chose, with the cause, the alternatives and a link that opens his
// decision; he moves the booking to the first alternative; both secretaries
// are asked to carry it out, with links; the one who does tells the
// applicant the new time, with an invitation REQUEST at a higher SEQUENCE.
func TestConflictMovedByLinks(t *testing.T) {
	for name, dsn := range reportEngines(t) {
		t.Run(name, func(t *testing.T) {
			driver, path := dsn(t)
			e := newEnvOn(t, driver, path)
			r := e.approve("Rapat Koordinasi", day(12, 10, 9, 0))
			e.drain()
			_, before := sequenceOf(t, approval(t, e.smtp.take()))

			if w := e.googleEvent("bupati-1", "Kunjungan Bupati", day(12, 10, 10, 0), day(12, 10, 12, 0)); len(w.Opened) != 1 {
				t.Fatalf("the watch opened %d conflicts, want 1", len(w.Opened))
			}
			e.drain()
			for range 3 {
				e.watch()
				e.drain()
			}
			c := e.conflictOf(r.ID)
			if len(c.Suggestions) == 0 {
				t.Fatal("the conflict has no alternatives")
			}
			got := expect(t, "conflict", e.smtp.take(), map[string]want{
				kabidTo: {"[CC-000001] Rapat Koordinasi – 10 Dec 2026 – Schedule conflict", "Kunjungan Bupati", true},
			})
			noRawKeys(t, got)
			text := got[kabidTo].parts["text/plain"]
			first := booking.FormatSpan(c.Suggestions[0].Start, c.Suggestions[0].End, wib, "en")
			for _, w := range []string{"Dear kabid", "Session affected: Thursday, 10 Dec 2026 09:00-11:00 WIB", "Found: ",
				first, "Decide on the conflict:", "https://ccroom.example/staff/requests/1"} {
				if !strings.Contains(text, w) {
					t.Errorf("the Kabid's letter lacks %q:\n%s", w, text)
				}
			}

			l, u, token := e.openLink(got[kabidTo], "kabid", booking.ActionDecideConflict, c)
			e.clock.advance(time.Minute)
			move := office.ConflictDecision{Decision: booking.ConflictMove, Start: c.Suggestions[0].Start, End: c.Suggestions[0].End,
				Note: "Ruang dipakai Bupati"}
			if _, err := e.off.ConflictByLink(t.Context(), l, u, token, e.off.ActionFormToken(token), move); err != nil {
				t.Fatalf("decide by link: %v", err)
			}
			e.drain()
			got = expect(t, "decided", e.smtp.take(), map[string]want{
				sec:  {"Keputusan Kabid atas konflik jadwal", "dipindahkan ke " + booking.FormatSpan(move.Start, move.End, wib, "id"), true},
				sec2: {"Keputusan Kabid atas konflik jadwal", "Acara di Google Calendar", true},
			})
			noRawKeys(t, got)
			e.openLink(got[sec2], "secretary2", booking.ActionCarryOutConflict, c)
			l, u, token = e.openLink(got[sec], "secretary", booking.ActionCarryOutConflict, c)
			e.clock.advance(time.Minute)
			if _, err := e.off.ConflictByLink(t.Context(), l, u, token, e.off.ActionFormToken(token), office.ConflictDecision{}); err != nil {
				t.Fatalf("carry out by link: %v", err)
			}
			e.drain()
			got = expect(t, "carried out", e.smtp.take(), map[string]want{
				applicant: {"Jadwal peminjaman diubah", "dipindahkan ke " + booking.FormatSpan(move.Start, move.End, wib, "id"), false},
			})
			noRawKeys(t, got)
			letter := got[applicant].parts["text/plain"]
			for _, w := range []string{"Alasan: Ruangan diperlukan untuk kegiatan lain pada waktu tersebut", "Catatan Kabid: ", "Ruang dipakai Bupati",
				"Undangan kalender yang diperbarui terlampir"} {
				if !strings.Contains(letter, w) {
					t.Errorf("the applicant's letter lacks %q:\n%s", w, letter)
				}
			}
			if strings.Contains(letter, "Kunjungan Bupati") || strings.Contains(letter, "Google Calendar") {
				t.Errorf("the applicant's letter names the other event:\n%s", letter)
			}
			moved, err := e.st.Request(t.Context(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			checkInvitation(t, got[applicant], moved, "REQUEST")
			if method, seq := sequenceOf(t, got[applicant]); method != "REQUEST" || seq <= before || seq != moved.Sequence {
				t.Errorf("invitation %s SEQUENCE %d, want REQUEST above %d (the request's %d)", method, seq, before, moved.Sequence)
			}
			e.watch()
			e.drain()
			expect(t, "after the move", e.smtp.take(), nil)
		})
	}
}

// approval is the applicant's approval among got.
func approval(t *testing.T, got []*received) *received {
	t.Helper()
	for _, m := range got {
		if m.to[0] == applicant && strings.Contains(m.subject, "Permohonan disetujui") {
			return m
		}
	}
	t.Fatal("no approval sent")
	return nil
}

// conflictOf is request id's one conflict.
func (e *env) conflictOf(id int64) store.Conflict {
	e.t.Helper()
	list, err := e.off.RequestConflicts(e.t.Context(), id)
	if err != nil || len(list) != 1 {
		e.t.Fatalf("conflicts of request %d: %v %v, want one", id, list, err)
	}
	return list[0]
}

// TestConflictCancelled: the Kabid decides to cancel; the carry-out's
// cancel tells the applicant the reason (the cause, the Kabid's note) with
// an invitation CANCEL at a higher SEQUENCE, and every official who acted.
func TestConflictCancelled(t *testing.T) {
	e := newEnv(t)
	r := e.approve("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	e.smtp.take()
	e.googleEvent("bupati-1", "Kunjungan Bupati", day(12, 10, 10, 0), day(12, 10, 12, 0))
	e.drain()
	e.smtp.take()
	c := e.conflictOf(r.ID)
	e.clock.advance(time.Minute)
	if _, err := e.off.DecideConflict(t.Context(), c.ID, office.ConflictDecision{Decision: booking.ConflictCancel,
		Note: "Tidak ada ruang lain"}, e.off.ActorFor(e.users["kabid"])); err != nil {
		t.Fatal(err)
	}
	e.drain()
	got := expect(t, "decided", e.smtp.take(), map[string]want{
		sec:  {"Keputusan Kabid atas konflik jadwal", "peminjaman ruang CC-000001 “Rapat Koordinasi” dibatalkan", true},
		sec2: {"Keputusan Kabid", "Tidak ada ruang lain", true},
	})
	noRawKeys(t, got)
	e.clock.advance(time.Minute)
	if _, err := e.off.CarryOutConflict(t.Context(), c.ID, e.off.ActorFor(e.users["secretary"])); err != nil {
		t.Fatal(err)
	}
	e.drain()
	got = expect(t, "cancelled", e.smtp.take(), map[string]want{
		applicant: {"Permohonan dibatalkan", "Ruangan diperlukan untuk kegiatan lain", false},
		sec2:      {"Permohonan dibatalkan", "Tidak ada ruang lain", false},
		headTo:    {"Permohonan dibatalkan", "Kunjungan Bupati", false},
		kabidTo:   {"Request cancelled", "Google Calendar event", false},
	})
	noRawKeys(t, got)
	if strings.Contains(got[applicant].parts["text/plain"], "Kunjungan Bupati") {
		t.Errorf("the applicant's letter names the other event:\n%s", got[applicant].parts["text/plain"])
	}
	for to, w := range map[string]string{applicant: "Alasan: Ruangan diperlukan untuk kegiatan lain pada waktu tersebut",
		sec2: "Catatan Kabid: Tidak ada ruang lain", kabidTo: "Reason: Google Calendar event \"Kunjungan Bupati\""} {
		if !strings.Contains(got[to].parts["text/plain"], w) {
			t.Errorf("to %s: no %q:\n%s", to, w, got[to].parts["text/plain"])
		}
	}
	cancelled, err := e.st.Request(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkInvitation(t, got[applicant], cancelled, "CANCEL")
	if _, seq := sequenceOf(t, got[applicant]); seq <= r.Sequence || seq != cancelled.Sequence {
		t.Errorf("CANCEL at SEQUENCE %d, want above %d (the request's %d)", seq, r.Sequence, cancelled.Sequence)
	}
	if strings.Contains(got[applicant].parts["text/plain"], "Karena konflik") {
		t.Error("the applicant reads the logbook's note instead of the reason")
	}
}

// TestConflictClosedByItself: the Google event is deleted; the Kabid is told
// the conflict closed by itself, once, with no link; a keep sends nothing.
func TestConflictClosedByItself(t *testing.T) {
	e := newEnv(t)
	r := e.approve("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	e.googleEvent("bupati-1", "Kunjungan Bupati", day(12, 10, 10, 0), day(12, 10, 12, 0))
	e.drain()
	e.smtp.take()
	if w := e.removeGoogleEvent("bupati-1"); len(w.Closed) != 1 {
		t.Fatalf("the watch closed %d conflicts, want 1", len(w.Closed))
	}
	e.drain()
	e.watch()
	e.drain()
	got := expect(t, "closed", e.smtp.take(), map[string]want{
		kabidTo: {"Schedule conflict resolved by itself", "its cause (Google Calendar event", false},
	})
	noRawKeys(t, got)

	// Found again, then kept: nobody has anything to do.
	e.googleEvent("bupati-2", "Kunjungan Bupati", day(12, 10, 10, 0), day(12, 10, 12, 0))
	e.drain()
	expect(t, "found again", e.smtp.take(), map[string]want{kabidTo: {"Schedule conflict", "Kunjungan Bupati", true}})
	var open store.Conflict
	list, _ := e.off.RequestConflicts(t.Context(), r.ID)
	for _, c := range list {
		if c.Open() {
			open = c
		}
	}
	if _, err := e.off.DecideConflict(t.Context(), open.ID, office.ConflictDecision{Decision: booking.ConflictKeep,
		Note: "Kunjungan Bupati di ruang lain"}, e.off.ActorFor(e.users["kabid"])); err != nil {
		t.Fatal(err)
	}
	e.drain()
	expect(t, "kept", e.smtp.take(), nil)
}

// TestOccurrenceChangeTold: the secretary moves one session of a series;
// the applicant is told, with the note, and an invitation REQUEST at the
// new SEQUENCE that moves that session (RECURRENCE-ID).
func TestOccurrenceChangeTold(t *testing.T) {
	e := newEnv(t)
	r := booking.Request{Room: "command-center", Title: "Rapat Mingguan", Organization: "Dinas Kesehatan",
		ContactName: "Siti Aminah", ContactEmail: applicant, ContactPhone: "0812-7777-1234",
		Start: day(12, 1, 9, 0), End: day(12, 1, 11, 0), Recurrence: "FREQ=WEEKLY;COUNT=3", Participants: 20,
		Visibility: booking.VisibilityPrivate, LetterNumber: "005/DINKES/XI/2026"}
	s, err := e.off.Submit(t.Context(), r, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		who string
		a   booking.Action
		d   booking.Decision
	}{{"secretary", booking.ActionForward, ""}, {"head", booking.ActionDispose, ""},
		{"kabid", booking.ActionCheck, booking.DecisionAvailable}, {"head", booking.ActionRelay, ""},
		{"secretary2", booking.ActionInform, ""}} {
		e.act(s.Request.ID, st.who, st.a, st.d, "")
	}
	e.drain()
	e.smtp.take()
	moved, err := e.off.ChangeOccurrence(t.Context(), s.Request.ID, office.OccurrenceChange{Original: day(12, 8, 9, 0),
		Start: day(12, 9, 13, 0), End: day(12, 9, 15, 0)}, e.off.ActorFor(e.users["secretary"]))
	if err != nil {
		t.Fatal(err)
	}
	e.drain()
	got := expect(t, "moved", e.smtp.take(), map[string]want{
		applicant: {"Jadwal peminjaman diubah", "telah diubah oleh Sekretariat", false},
	})
	noRawKeys(t, got)
	if !strings.Contains(got[applicant].parts["text/plain"], "Catatan: ") {
		t.Errorf("no note of the change:\n%s", got[applicant].parts["text/plain"])
	}
	method, seq := sequenceOf(t, got[applicant])
	if method != "REQUEST" || seq != moved.Sequence || seq == 0 {
		t.Errorf("invitation %s SEQUENCE %d, want REQUEST %d", method, seq, moved.Sequence)
	}
	if ics := string(got[applicant].files["invite.ics"]); !strings.Contains(ics, "RECURRENCE-ID") {
		t.Errorf("the invitation does not move the session:\n%s", ics)
	}
}

// TestConflictEventsWorded: each conflict event has its subject's words in
// both languages.
func TestConflictEventsWorded(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		p := locale.For(lang)
		for ev := range conflictEvents {
			if !p.Has("conflictmail.event." + string(ev)) {
				t.Errorf("%s: event %s has no subject", lang, ev)
			}
		}
	}
}

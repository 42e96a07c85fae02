package mail

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// submitted is what the submission of request 1 sends.
var submitted = map[string]want{
	"siti@example.org":         {"Tanda terima", "Dengan hormat", false},
	"secretary" + staffDomain:  {"Permohonan baru", "Dengan hormat", true},
	"secretary2" + staffDomain: {"Permohonan baru", "Dengan hormat", true},
}

// TestTemporaryFailures: the server answers 451 twice, then recovers; the
// retry sends only the messages still missing, so each arrives once.
func TestTemporaryFailures(t *testing.T) {
	e := newEnv(t)
	e.smtp.failNext(2)
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain() // the first attempt: two refused, one sent
	first := e.smtp.take()
	if len(first) != 1 {
		t.Fatalf("first attempt delivered %d, want 1", len(first))
	}
	e.drain()
	if got := len(e.smtp.take()); got != 0 {
		t.Fatalf("delivered %d before the backoff ran out", got)
	}
	e.clock.advance(2 * time.Minute)
	e.drain()
	expect(t, "retry", append(first, e.smtp.take()...), submitted)
	jobs, err := e.st.RequestJobs(t.Context(), 1)
	if err != nil || len(jobs) != 1 || jobs[0].State != store.JobDone || jobs[0].Attempts != 2 {
		t.Fatalf("jobs = %+v, %v; want one done after 2 attempts", jobs, err)
	}
}

// TestPermanentFailure: a 550 for the applicant fails the job for good, with
// the reason on the request's jobs; the others still get theirs.
func TestPermanentFailure(t *testing.T) {
	e := newEnv(t)
	e.smtp.reject["siti@example.org"] = true
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	got := e.smtp.take()
	if len(got) != 2 {
		t.Fatalf("delivered %d, want the 2 secretaries", len(got))
	}
	jobs, err := e.st.RequestJobs(t.Context(), 1)
	if err != nil || len(jobs) != 1 || jobs[0].State != store.JobFailed || !strings.Contains(jobs[0].LastError, "550") {
		t.Fatalf("jobs = %+v, %v; want one failed with the 550", jobs, err)
	}
}

// TestCrashBeforeSend: the transition commits and the process dies before
// the worker runs; a new process on the same database sends it, once.
func TestCrashBeforeSend(t *testing.T) {
	e := newEnv(t)
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	if err := e.st.Close(); err != nil {
		t.Fatal(err)
	}
	e.open() // a new store, office, mailer and worker on the same file
	e.drain()
	e.drain()
	expect(t, "after restart", e.smtp.take(), submitted)
}

// TestCrashAfterSend: the lease of a job that was sent but whose outcome was
// never recorded runs out; the rerun finds the sent log and sends nothing.
func TestCrashAfterSend(t *testing.T) {
	e := newEnv(t)
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	jobs, err := e.st.ClaimJobs(t.Context(), Kind, e.clock.Now(), 1, time.Minute)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	if err := e.mailer.Handle(t.Context(), jobs[0]); err != nil { // sent, then "killed"
		t.Fatal(err)
	}
	e.clock.advance(2 * time.Minute) // the lease runs out
	e.drain()
	expect(t, "after the lease", e.smtp.take(), submitted)
}

// TestCancelAfterApproval: everyone who acted hears of it, and the applicant
// gets an invitation CANCEL for the REQUEST they had.
func TestCancelAfterApproval(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	for _, s := range []struct {
		who string
		a   booking.Action
		d   booking.Decision
	}{{"secretary", booking.ActionForward, ""}, {"head", booking.ActionDispose, ""},
		{"kabid", booking.ActionCheck, booking.DecisionAvailable}, {"head", booking.ActionRelay, ""},
		{"secretary2", booking.ActionInform, ""}} {
		e.act(r.ID, s.who, s.a, s.d, "")
	}
	e.drain()
	e.smtp.take()
	r = e.act(r.ID, "secretary", booking.ActionCancel, "", "Acara ditunda")
	e.drain()
	got := expect(t, "cancel", e.smtp.take(), map[string]want{
		"siti@example.org":         {"Permohonan dibatalkan", "Acara ditunda", false},
		"secretary2" + staffDomain: {"Permohonan dibatalkan", "telah dibatalkan", false},
		"head" + staffDomain:       {"Permohonan dibatalkan", "telah dibatalkan", false},
		"kabid" + staffDomain:      {"Request cancelled", "has been cancelled", false},
	})
	checkInvitation(t, got["siti@example.org"], r, "CANCEL")
	if _, ok := got["kabid"+staffDomain].parts["text/calendar"]; ok {
		t.Error("staff got an invitation")
	}
}

// TestCancelBeforeApproval sends no CANCEL: no REQUEST went out.
func TestCancelBeforeApproval(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.act(r.ID, "secretary", booking.ActionForward, "", "")
	e.drain()
	e.smtp.take()
	e.clock.advance(time.Minute)
	applicant := booking.Actor{Name: r.ContactName, Roles: []booking.Role{booking.RoleApplicant}}
	if _, err := e.off.Act(t.Context(), r.ID, booking.Act{Action: booking.ActionCancel, Actor: applicant}); err != nil {
		t.Fatal(err)
	}
	e.drain()
	got := expect(t, "cancel", e.smtp.take(), map[string]want{
		"siti@example.org":        {"Permohonan dibatalkan", "telah dibatalkan", false},
		"secretary" + staffDomain: {"Permohonan dibatalkan", "telah dibatalkan", false},
	})
	if len(got["siti@example.org"].files) != 0 {
		t.Error("a CANCEL went out where no REQUEST was sent")
	}
}

// TestExpiry: a request whose start comes before the chain decided it is
// expired by the daemon; the applicant hears it (with the tracking link, no
// invitation), and so do the staff who acted and the head whose turn it was.
func TestExpiry(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.act(r.ID, "secretary", booking.ActionForward, "", "")
	e.drain()
	e.smtp.take()
	e.clock.set(day(12, 10, 9, 1))
	if n, err := e.off.ExpireOverdue(t.Context()); err != nil || n != 1 {
		t.Fatalf("ExpireOverdue: %d, %v", n, err)
	}
	e.drain()
	got := expect(t, "expire", e.smtp.take(), map[string]want{
		"siti@example.org":        {"Permohonan kedaluwarsa", "dinyatakan kedaluwarsa", false},
		"secretary" + staffDomain: {"Permohonan kedaluwarsa", "dinyatakan kedaluwarsa", false},
		"head" + staffDomain:      {"Permohonan kedaluwarsa", "dinyatakan kedaluwarsa", false},
	})
	applicant := got["siti@example.org"]
	if len(applicant.files) != 0 {
		t.Error("an expired request's applicant got an invitation")
	}
	if !strings.Contains(applicant.parts["text/plain"], "/requests/") {
		t.Errorf("no tracking link for the applicant:\n%s", applicant.parts["text/plain"])
	}
	for _, to := range []string{"kabid", "secretary2", "vidcon"} {
		if got[to+staffDomain] != nil {
			t.Errorf("%s was told of the expiry", to)
		}
	}
	e.drain()
	if again := e.smtp.take(); len(again) != 0 {
		t.Errorf("%d messages sent again", len(again))
	}
}

// TestEveryEventWorded: each event has a subject and an opening in both
// languages, so no email goes out with a blank line where its news should be.
func TestEveryEventWorded(t *testing.T) {
	events := []Event{EventReceipt, EventSubmitted, EventForwarded, EventDisposed, EventChecked, EventRelayed,
		EventApproved, EventRejected, EventReadiness, EventReportDue, EventReported, EventClosed,
		EventCancelled, EventExpired, EventReminder, EventEscalation}
	for _, lang := range []string{"id", "en"} {
		p := locale.For(lang)
		for _, ev := range events {
			if !p.Has("event."+string(ev)) || !p.Has("event."+string(ev)+".intro") {
				t.Errorf("%s: event %s has no subject or opening", lang, ev)
			}
		}
	}
}

// TestRejection: the applicant reads the Kabid's reason.
func TestRejection(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.act(r.ID, "secretary", booking.ActionForward, "", "")
	e.act(r.ID, "head", booking.ActionDispose, "", "")
	e.act(r.ID, "kabid", booking.ActionCheck, booking.DecisionUnavailable, "Ruang dipakai pemeliharaan")
	e.act(r.ID, "head", booking.ActionRelay, "", "")
	e.drain()
	e.smtp.take()
	e.act(r.ID, "secretary", booking.ActionInform, "", "")
	e.drain()
	got := expect(t, "reject", e.smtp.take(), map[string]want{
		"siti@example.org": {"tidak dapat dipenuhi", "Ruang dipakai pemeliharaan", false}})
	if got["siti@example.org"].files["invite.ics"] != nil {
		t.Error("a rejection carries an invitation")
	}
}

// TestInjection: line breaks in a title or a name cannot add headers, and
// markup in them is text in the HTML part.
func TestInjection(t *testing.T) {
	e := newEnv(t)
	r := booking.Request{ID: 7, Title: "Rapat\r\nBcc: evil@example.org\r\n\r\n<script>alert(1)</script>",
		Organization: "<b>Dinas</b>", ContactName: "Siti\r\nBcc: evil@example.org", ContactEmail: "siti@example.org",
		Start: day(12, 10, 9, 0), End: day(12, 10, 11, 0), Room: "command-center", UID: "abc"}
	j := &job{Job: store.Job{ID: 1, RequestID: 7}, p: payload{Event: EventRejected}, r: r}
	j.p.Event = EventCancelled
	d := delivery{to: e.mailer.applicant(&r), event: EventCancelled}
	msg, err := e.mailer.compose(t.Context(), j, d, "req-7.t-1.x@diskominfo.example.go.id")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m, err := parseMessage(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if bcc := m.header.Get("Bcc"); bcc != "" || strings.Contains(strings.ToLower(headerBlock(buf.String())), "\nbcc:") {
		t.Errorf("a Bcc header was injected:\n%s", headerBlock(buf.String()))
	}
	if strings.ContainsAny(m.subject, "\r\n") || !strings.Contains(m.subject, "Rapat Bcc: evil@example.org") {
		t.Errorf("subject = %q", m.subject)
	}
	html := m.parts["text/html"]
	if strings.Contains(html, "<script>") || strings.Contains(html, "<b>Dinas") || !strings.Contains(html, "&lt;script&gt;") {
		t.Errorf("markup passed into the HTML part:\n%s", html)
	}
}

func headerBlock(raw string) string {
	h, _, _ := strings.Cut(raw, "\r\n\r\n")
	return "\n" + h
}

// TestFilesSender: with no SMTP host, messages become .eml files named by
// their Message-ID, and a log line says where.
func TestFilesSender(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	var logs bytes.Buffer
	cfg := config.Default()
	cfg.DataDir = dir
	e.mailer.opt.Sender = NewSender(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	files, _ := filepath.Glob(filepath.Join(dir, "mail", "*.eml"))
	if len(files) != 3 {
		t.Fatalf("%d .eml files, want 3: %v", len(files), files)
	}
	raw, _ := os.ReadFile(files[0])
	if _, err := parseMessage(raw); err != nil || !strings.HasPrefix(filepath.Base(files[0]), "req-1.t-") {
		t.Errorf("%s: %v", files[0], err)
	}
	if !strings.Contains(logs.String(), "mail written to a file") {
		t.Errorf("log: %s", logs.String())
	}
}

// cancellingSender sends through next, then cancels the job's context: a
// SIGTERM that lands between the send and the sent log.
type cancellingSender struct {
	next   Sender
	cancel context.CancelFunc
}

func (s cancellingSender) Send(ctx context.Context, msg *gomail.Msg) error {
	err := s.next.Send(ctx, msg)
	s.cancel()
	return err
}

// TestShutdownAfterSend: a message sent just before the shutdown is in the
// sent log, so the job's next run does not send it again.
func TestShutdownAfterSend(t *testing.T) {
	e := newEnv(t)
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	jobs, err := e.st.ClaimJobs(t.Context(), Kind, e.clock.Now(), 1, time.Minute)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	e.mailer.opt.Sender = cancellingSender{next: e.mailer.opt.Sender, cancel: cancel}
	_ = e.mailer.Handle(ctx, jobs[0]) // the first message goes out, then the shutdown
	first := e.smtp.take()
	if len(first) != 1 {
		t.Fatalf("sent %d before the shutdown, want 1", len(first))
	}
	e.mailer.opt.Sender = e.mailer.opt.Sender.(cancellingSender).next
	e.clock.advance(2 * time.Minute) // the lease runs out; the job runs again
	e.drain()
	expect(t, "after the restart", append(first, e.smtp.take()...), submitted)
}

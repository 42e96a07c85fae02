package e2e

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/pelalawan/ccroom/booking"
)

// mailLease is the mail worker's lease: max(2 min, 10 × mail.smtp.timeout).
const mailLease = 2 * time.Minute

// TestKillBeforeMail (issue "Email through the chain", proof 3): the daemon is
// killed with SIGKILL between the transitions and the sending of their email,
// and started again: every email arrives once.
//
// A real SMTP server (go-smtp, in this process) first refuses every
// recipient with 451 but the applicant; the request is walked from submission
// to approval, each step's job tries once and is put back for a retry; the
// daemon is killed; the server then takes everything; the restarted daemon
// sends what is missing. Each (Message-ID, recipient) must arrive exactly
// once, the applicant's two messages (sent before the kill) not again, and
// each step's email must reach the people the README's table names.
func TestKillBeforeMail(t *testing.T) {
	const applicant = "budi.santoso@dinkes.example.go.id"
	sink := newMailSink(t, applicant)
	d := newDaemonProc(t,
		"CCROOM_MAIL_SMTP_HOST=127.0.0.1",
		"CCROOM_MAIL_SMTP_PORT="+sink.port,
		"CCROOM_MAIL_SMTP_TLS=none",
		"CCROOM_MAIL_SMTP_TIMEOUT=5s",
		"CCROOM_MAIL_FROM=Diskominfo Pelalawan <ccroom@diskominfo.example.go.id>",
	)
	began := time.Now()
	d.start()
	tokens := d.addStaff()
	secretary := tokens[booking.RoleSecretary]

	// Three days ahead: no readiness notice (24 h before) comes into play.
	now := time.Now().In(wib)
	start := time.Date(now.Year(), now.Month(), now.Day()+3, 9, 0, 0, 0, wib)
	r, err := d.submitApp(map[string]any{
		"room": "command-center", "title": "Rapat Koordinasi Stunting", "organization": "Dinas Kesehatan",
		"contact_name": "Budi Santoso", "contact_email": applicant, "contact_phone": "0812-0000-0000",
		"start": start.Format(time.RFC3339), "end": start.Add(2 * time.Hour).Format(time.RFC3339),
		"participants": 30, "visibility": "public",
	})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		role                         booking.Role
		action, decision, note, want string
	}{
		{booking.RoleSecretary, "forward", "", "", "forwarded"},
		{booking.RoleHead, "dispose", "", "Mohon dicek", "disposed"},
		{booking.RoleKabid, "check", "available", "Jadwal kosong", "checked"},
		{booking.RoleHead, "relay", "", "", "relayed"},
		{booking.RoleSecretary, "inform", "", "", "approved"},
	}
	for _, s := range steps {
		if _, err := d.step(r.ID, tokens[s.role], s.action, s.decision, s.note, s.want); err != nil {
			t.Fatal(err)
		}
	}
	walked := time.Since(began)

	// Who hears what (README, "Email"), step by step.
	want := [][]string{
		{applicant, staffEmail(booking.RoleSecretary)}, // submitted: the receipt; a request to forward
		{staffEmail(booking.RoleHead)},                 // forwarded
		{staffEmail(booking.RoleKabid)},                // disposed
		{staffEmail(booking.RoleHead)},                 // checked
		{staffEmail(booking.RoleSecretary)},            // relayed
		{applicant},                                    // informed: approved, with the invitation
	}
	total := 0
	for _, to := range want {
		total += len(to)
	}
	firstRound := total // each message tried once, on a connection of its own

	// Each job has tried once: the applicant's messages went out, the
	// others were refused and wait for their retry (1 to 3 s later).
	mailJobs := func(p procRequest) (n, waiting, done int) {
		for _, j := range p.Deliveries {
			if j.Kind != "mail" {
				continue
			}
			n++
			switch {
			case j.State == "done":
				done++
			case j.State == "pending" && j.Attempts >= 1 && j.LastError != "":
				waiting++
			}
		}
		return n, waiting, done
	}
	var last procRequest
	eventually(t, 20*time.Second, 20*time.Millisecond, func() bool {
		if last, err = d.read(r.ID, secretary); err != nil {
			t.Fatal(err)
		}
		n, waiting, done := mailJobs(last)
		return n == len(want) && waiting+done == n && sink.sessionCount() >= firstRound && sink.activeCount() == 0
	}, func() string {
		return fmt.Sprintf("the mail jobs did not all try once: %+v; %d connections", last.Deliveries, sink.sessionCount())
	})
	d.kill()
	killed := time.Since(began)
	sessionsAtKill, refusedAtKill := sink.sessionCount(), sink.refusedCount()
	before := sink.messages()
	t.Logf("killed with SIGKILL %v after the walk: %d connections, %d recipients refused with 451, %d messages in (%v)",
		(killed - walked).Round(time.Millisecond), sessionsAtKill, refusedAtKill, len(before), recipientsOf(before))
	if len(before) != 2 || before[0].rcpt != applicant || before[1].rcpt != applicant {
		t.Fatalf("before the kill, want the applicant's receipt and approval only, got %v", recipientsOf(before))
	}
	// A retry that had begun when the kill came keeps its lease: the
	// restarted daemon runs it only when the lease ends.
	limit := 60 * time.Second
	if sessionsAtKill > firstRound {
		limit = mailLease + 30*time.Second
		t.Logf("a retry had begun before the kill (%d connections, %d expected): allowing for its lease", sessionsAtKill, firstRound)
	}

	sink.acceptAll()
	d.start()
	restarted := time.Since(began)
	took := eventually(t, limit, 100*time.Millisecond, func() bool {
		if last, err = d.read(r.ID, secretary); err != nil {
			t.Fatal(err)
		}
		n, _, done := mailJobs(last)
		return n == len(want) && done == n && len(sink.messages()) >= total
	}, func() string {
		return fmt.Sprintf("after the restart: %d of %d messages in, jobs %+v", len(sink.messages()), total, last.Deliveries)
	})
	time.Sleep(1500 * time.Millisecond) // past the worker's poll: a duplicate would be in by now
	got := sink.messages()
	t.Logf("restarted %v after the kill; every job done %v later; %d messages in all, %d connections",
		(restarted - killed).Round(time.Millisecond), took.Round(time.Millisecond), len(got), sink.sessionCount())

	// Each (Message-ID, recipient) once, and as many as the steps walked.
	count := map[string]int{}
	for _, m := range got {
		count[m.id+" "+m.rcpt]++
	}
	for k, n := range count {
		if n != 1 {
			t.Errorf("%s arrived %d times", k, n)
		}
	}
	if len(got) != total {
		t.Errorf("%d messages arrived, want %d: %v", len(got), total, recipientsOf(got))
	}

	// By step: the Message-ID names the request and the transition
	// (req-ID.t-TRANSITION.RECIPIENT@domain); the transitions come in order.
	idPattern := regexp.MustCompile(`^<?req-(\d+)\.t-(\d+)\.[0-9a-f]+@diskominfo\.example\.go\.id>?$`)
	byStep := map[int][]string{}
	for _, m := range got {
		match := idPattern.FindStringSubmatch(m.id)
		if match == nil || match[1] != strconv.FormatInt(r.ID, 10) {
			t.Errorf("Message-ID %q is not one of request %d's steps", m.id, r.ID)
			continue
		}
		step, _ := strconv.Atoi(match[2])
		byStep[step] = append(byStep[step], m.rcpt)
		if !strings.Contains(m.subject, fmt.Sprintf("CC-%06d", r.ID)) {
			t.Errorf("subject %q does not name the request", m.subject)
		}
		if m.to != m.rcpt {
			t.Errorf("message %s: To %q, envelope recipient %q", m.id, m.to, m.rcpt)
		}
	}
	var order []int
	for step := range byStep {
		order = append(order, step)
	}
	sort.Ints(order)
	if len(order) != len(want) {
		t.Fatalf("emails of %d steps arrived, want %d: %v", len(order), len(want), byStep)
	}
	for i, step := range order {
		gotTo := slices.Sorted(slices.Values(byStep[step]))
		wantTo := slices.Sorted(slices.Values(want[i]))
		if !slices.Equal(gotTo, wantTo) {
			t.Errorf("step %d (%s): emails to %v, want %v", i+1, stepName(i), gotTo, wantTo)
		}
	}
	t.Logf("emails per step: %s (test %v)", describeSteps(order, byStep), time.Since(began).Round(time.Millisecond))
}

func stepName(i int) string {
	names := []string{"submitted", "forwarded", "disposed", "checked", "relayed", "informed"}
	if i < len(names) {
		return names[i]
	}
	return "?"
}

func describeSteps(order []int, byStep map[int][]string) string {
	var parts []string
	for i, step := range order {
		parts = append(parts, fmt.Sprintf("%s → %s", stepName(i), strings.Join(byStep[step], ", ")))
	}
	return strings.Join(parts, "; ")
}

// mailSink is a real SMTP server (go-smtp) on a loopback port. Until
// acceptAll, it refuses every recipient but one with 451 (a temporary
// failure: try again later).
type mailSink struct {
	port string

	mu       sync.Mutex
	allow    string // the one recipient taken while refusing
	all      bool
	sessions int // connections so far
	active   int
	refused  int // recipients refused with 451
	got      []sunkMessage
}

// sunkMessage is one message for one envelope recipient.
type sunkMessage struct {
	id, rcpt, to, subject string
	raw                   []byte // the whole message as it came
}

func newMailSink(t *testing.T, allow string) *mailSink {
	t.Helper()
	s := &mailSink{allow: allow}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.sessions++
		s.active++
		return &sinkSession{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.ErrorLog = quietLog{}
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, s.port, _ = net.SplitHostPort(ln.Addr().String())
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return s
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

func (s *mailSink) acceptAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all = true
}

func (s *mailSink) sessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

func (s *mailSink) activeCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

func (s *mailSink) refusedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

func (s *mailSink) messages() []sunkMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

func recipientsOf(ms []sunkMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.rcpt)
	}
	return out
}

type sinkSession struct {
	s  *mailSink
	to []string
}

func (ss *sinkSession) Reset() { ss.to = nil }

func (ss *sinkSession) Logout() error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.active--
	return nil
}

func (ss *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if !ss.s.all && !strings.EqualFold(to, ss.s.allow) {
		ss.s.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparsable: " + err.Error()}
	}
	if _, err := io.Copy(io.Discard, msg.Body); err != nil {
		return err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "subject: " + err.Error()}
	}
	to := msg.Header.Get("To")
	if a, err := mail.ParseAddress(to); err == nil {
		to = a.Address
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	for _, rcpt := range ss.to {
		ss.s.got = append(ss.s.got, sunkMessage{id: msg.Header.Get("Message-Id"), rcpt: rcpt, to: to, subject: subject, raw: raw})
	}
	return nil
}

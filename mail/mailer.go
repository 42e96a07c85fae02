// Package mail tells each person of the SOP chain when it is their turn: one
// outbox job per transition (Plan, enqueued in the transition's own
// transaction), sent by Mailer.Handle as one email per recipient, in the
// recipient's language (Indonesian by default, in the register of an office
// letter; English on request), with a plain text and an HTML part, signed
// action links for officials and, for the applicant, an iMIP invitation.
// A deterministic Message-ID per (request, step, recipient) and the store's
// sent log keep a retried job from sending a message twice. A standing
// conflict's transitions (found, gone by itself, decided, carried out) are
// letters too, with signed links to the conflict's page and, for the
// applicant, the invitation updated. RunScheduler adds the notices no
// transition causes: readiness the day before, the usage report after the
// end, reminders and escalations of late steps and of conflicts left
// waiting, and the Kabid's morning digest while conflicts are open.
package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// DefaultLinkValidity is how long a signed action link works.
const DefaultLinkValidity = 7 * 24 * time.Hour

// Options configure a Mailer.
type Options struct {
	Office *office.Office // the procedure: clock, zone, rooms, re-check, signed links
	Sender Sender         // SMTP, or .eml files
	Mail   config.Mail    // from, language, office address, reminders
	// BaseURL is where people reach ccroom; links start with it.
	BaseURL string
	// OfficeName signs the letters (config office.name); the default
	// configuration's office when empty.
	OfficeName string
	// Documents is the office as its printed answer shows it (config
	// office), attached to the decision's email; the default office named
	// OfficeName when it has no name.
	Documents config.Office
	// Calendar gives invitations their UID domain; Location, Language and
	// Organizer are filled in from the office and Mail.
	Calendar     ical.Options
	LinkValidity time.Duration // default DefaultLinkValidity
	Log          *slog.Logger
}

// Mailer composes and sends the chain's email. It is safe for concurrent use.
type Mailer struct {
	opt    Options
	off    *office.Office
	st     store.Store
	from   mail.Address
	domain string // of the From address: the right side of Message-IDs
}

// New returns a Mailer; it fails when mail.from is not an address.
func New(opt Options) (*Mailer, error) {
	from, err := mail.ParseAddress(opt.Mail.From)
	if err != nil {
		return nil, fmt.Errorf("mail: mail.from %q: %w", opt.Mail.From, err)
	}
	if opt.LinkValidity <= 0 {
		opt.LinkValidity = DefaultLinkValidity
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if strings.TrimSpace(opt.OfficeName) == "" {
		opt.OfficeName = config.Default().Office.Name
	}
	opt.OfficeName = oneLine(opt.OfficeName)
	organizer := *from
	if opt.Mail.Office != "" {
		a, err := mail.ParseAddress(opt.Mail.Office)
		if err != nil {
			return nil, fmt.Errorf("mail: mail.office %q: %w", opt.Mail.Office, err)
		}
		organizer = *a
	}
	opt.Calendar.Organizer = organizer
	opt.Calendar.Location = opt.Office.Location()
	opt.Calendar.Language = opt.Mail.Language
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/")
	_, domain, _ := strings.Cut(from.Address, "@")
	return &Mailer{opt: opt, off: opt.Office, st: opt.Office.Store(), from: *from, domain: domain}, nil
}

// job is what one mail job is about, loaded when it runs.
type job struct {
	store.Job
	p       payload
	r       booking.Request
	history []booking.Transition
	t       booking.Transition // the transition that caused it (zero for a scheduled one)
	// conflict is the standing conflict the job is about (the one its
	// transition found, decided or resolved, or its notice's); nil for none.
	conflict *store.Conflict
	// reports are the re-check's report by language, made once per job for
	// all its recipients (report).
	reports map[string]booking.Report
}

// Handle is the outbox Handler of Kind: it sends the job's email to each
// recipient not yet in the sent log. A permanent refusal (5xx) fails the job
// for good; anything else is retried, and a retry sends only what is missing.
func (m *Mailer) Handle(ctx context.Context, sj store.Job) error {
	if l, ok := signinLinkOf(sj); ok {
		return m.sendSigninLink(ctx, sj, l) // signin.go
	}
	if month, ok := complianceReportOf(sj); ok {
		return m.sendComplianceReport(ctx, sj, month) // report.go
	}
	if date, ok := digestOf(sj); ok {
		return m.sendDigest(ctx, sj, date) // digest.go
	}
	j, err := m.load(ctx, sj)
	if err != nil {
		return err
	}
	list, perm := m.deliveries(ctx, j)
	if perm != nil && !outbox.IsPermanent(perm) {
		return perm
	}
	out := outcomes{perm: perm}
	for _, d := range list {
		out.add(m.deliver(ctx, j, d))
	}
	return out.err()
}

// outcomes gathers the errors of a job's emails, one per recipient: the
// job is retried when one failed for now (those sent are not sent again:
// the sent log), and fails for good when the only failures are permanent.
type outcomes struct{ temp, perm error }

func (o *outcomes) add(err error) {
	switch {
	case err == nil:
	case outbox.IsPermanent(err):
		o.perm = errors.Join(o.perm, err)
	default:
		o.temp = errors.Join(o.temp, err)
	}
}

// err is the job's outcome.
func (o *outcomes) err() error {
	if o.temp != nil {
		return errors.Join(o.temp, o.perm)
	}
	if o.perm != nil {
		return outbox.Permanent(o.perm)
	}
	return nil
}

// load reads the job's payload, request, history and transition.
func (m *Mailer) load(ctx context.Context, sj store.Job) (*job, error) {
	j := &job{Job: sj}
	if err := json.Unmarshal(sj.Payload, &j.p); err != nil || j.p.Event == "" {
		return nil, outbox.Permanent(fmt.Errorf("mail: job %d: bad payload %q", sj.ID, sj.Payload))
	}
	var err error
	if j.r, err = m.st.Request(ctx, sj.RequestID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, outbox.Permanent(err)
		}
		return nil, err
	}
	if j.history, err = m.st.History(ctx, sj.RequestID); err != nil {
		return nil, err
	}
	for _, t := range j.history {
		if t.ID == sj.TransitionID && sj.TransitionID != 0 {
			j.t = t
		}
	}
	if j.conflict, err = m.loadConflict(ctx, j); err != nil { // conflict.go
		return nil, err
	}
	return j, nil
}

// deliver sends one message unless the sent log has it, and logs it sent.
func (m *Mailer) deliver(ctx context.Context, j *job, d delivery) error {
	id := m.messageID(j, d.to.email)
	if sent, err := m.st.WasSent(ctx, id); err != nil || sent {
		return err
	}
	msg, err := m.compose(ctx, j, d, id)
	if err != nil {
		return err
	}
	if err := m.opt.Sender.Send(ctx, msg); err != nil {
		return fmt.Errorf("mail %s to %s: %w", d.event, d.to.email, err)
	}
	m.opt.Log.InfoContext(ctx, "mail sent", slog.String("event", string(d.event)),
		slog.Int64("request", j.r.ID), slog.String("to", d.to.email), slog.String("message_id", id))
	// The message is out: record it even when a shutdown cancelled ctx
	// meanwhile, or the job's next run would send it again.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return m.st.MarkSent(rec, id, j.ID, d.to.email, m.off.Now())
}

// messageID is deterministic per (request, step, recipient):
// <req-12.t-34.1a2b3c4d5e6f7a8b@domain>; a scheduled notice uses its job.
func (m *Mailer) messageID(j *job, recipient string) string {
	step := fmt.Sprintf("t-%d", j.TransitionID)
	if j.TransitionID == 0 {
		step = fmt.Sprintf("j-%d", j.ID)
	}
	return fmt.Sprintf("req-%d.%s.%s@%s", j.r.ID, step, recipientHash(recipient), m.domain)
}

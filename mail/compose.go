package mail

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/printdoc"
)

// compose builds the message of d: headers, the letter as text and HTML,
// the invitation as a text/calendar alternative and an .ics attachment, and
// for the decision the office's answer as a PDF attachment.
func (m *Mailer) compose(ctx context.Context, j *job, d delivery, id string) (*gomail.Msg, error) {
	l, err := m.letter(ctx, j, d)
	if err != nil {
		return nil, err
	}
	text, html, err := l.render()
	if err != nil {
		return nil, fmt.Errorf("mail: render %s: %w", d.event, err)
	}
	msg := m.newMsg(l.Subject, id)
	to, err := recipientAddress(d.to)
	if err != nil {
		return nil, outbox.Permanent(err)
	}
	msg.ToMailAddress(to)
	msg.SetGenHeader(gomail.HeaderReferences, fmt.Sprintf("<req-%d@%s>", j.r.ID, m.domain))
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	if d.invite != "" {
		ics, err := m.invitation(ctx, j.r, d.invite)
		if err != nil {
			return nil, err
		}
		msg.AddAlternativeString(gomail.ContentType("text/calendar; method="+string(d.invite)), string(ics))
		if err := msg.AttachReader("invite.ics", bytes.NewReader(ics),
			gomail.WithFileContentType("application/ics")); err != nil {
			return nil, err
		}
	}
	if d.event == EventApproved || d.event == EventRejected {
		if err := m.attachAnswer(ctx, j, msg); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

// attachAnswer attaches the office's answer letter to the decision's email
// (printdoc.Answer, in Indonesian as the office writes it, whatever the
// applicant's language): jawaban-CC-000012.pdf.
func (m *Mailer) attachAnswer(ctx context.Context, j *job, msg *gomail.Msg) error {
	occ, err := m.st.Occurrences(ctx, j.r.ID)
	if err != nil {
		return err
	}
	doc, err := printdoc.Answer(printdoc.Source{Office: m.documentOffice(), Request: j.r, History: j.history,
		Occurrences: occ, Room: m.off.RoomName(j.r.Room), Location: m.off.Location(), Lang: locale.Indonesian})
	if err != nil {
		return outbox.Permanent(fmt.Errorf("mail: answer of request %d: %w", j.r.ID, err))
	}
	return msg.AttachReader(printdoc.AnswerName(j.r.ID), bytes.NewReader(doc),
		gomail.WithFileContentType("application/pdf"))
}

// documentOffice is the office the answer shows: the configured one, or
// the default office under the letters' name when none was given.
func (m *Mailer) documentOffice() config.Office {
	if m.opt.Documents.Name != "" {
		return m.opt.Documents
	}
	o := config.Default().Office
	o.Name = m.opt.OfficeName
	return o
}

// newMsg is a message from the office with its subject, Message-ID and date.
func (m *Mailer) newMsg(subject, id string) *gomail.Msg {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(&m.from)
	msg.Subject(oneLine(subject))
	msg.SetMessageIDWithValue(id)
	msg.SetDateWithValue(m.off.Now())
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	return msg
}

// invitation is the iMIP object of the request's booking.
func (m *Mailer) invitation(ctx context.Context, r booking.Request, method ical.Method) ([]byte, error) {
	e := ical.Entry{Request: r}
	e.Room, _ = m.off.Room(r.Room)
	if r.Recurrence != "" {
		occ, err := m.st.Occurrences(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		if len(occ) > 0 {
			e.Last = occ[len(occ)-1].Start
		}
		// The occurrences removed or moved (a conflict carried out, the
		// secretary's change): EXDATE and RECURRENCE-ID at the new SEQUENCE.
		xs, err := m.st.Exceptions(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			e.Exceptions = append(e.Exceptions, ical.Exception(x))
		}
	}
	ics, err := ical.Invitation(e, method, m.opt.Calendar)
	if err != nil {
		return nil, outbox.Permanent(fmt.Errorf("mail: invitation of request %d: %w", r.ID, err))
	}
	return ics, nil
}

// actionURL is the signed link that lets the recipient take action.
func (m *Mailer) actionURL(j *job, userID int64, a booking.Action) string {
	turn := j.TransitionID
	if turn == 0 {
		turn = last(j.history).ID
	}
	token := m.off.SignAction(office.ActionLink{
		RequestID: j.r.ID, TransitionID: turn, Action: a, UserID: userID,
		Expires: m.off.Now().Add(m.opt.LinkValidity),
	})
	return m.opt.BaseURL + "/act/" + token
}

// staffURL is the staff's page of a request, where a signed-in member of
// staff sees everything about it and takes any step their roles allow.
func (m *Mailer) staffURL(r *booking.Request) string {
	return fmt.Sprintf("%s/staff/requests/%d", m.opt.BaseURL, r.ID)
}

// trackingURL is the applicant's page of their request.
func (m *Mailer) trackingURL(r *booking.Request) string {
	return fmt.Sprintf("%s/requests/%d?token=%s", m.opt.BaseURL, r.ID, m.off.TrackingToken(r.UID))
}

// recipientAddress is the To address of r: the address checked, the name
// kept as data. net/mail writes it as RFC 5322 wants, quoting a name with
// quotes, backslashes or commas and encoding one with non-ASCII letters
// (RFC 2047), so no name can break the header.
func recipientAddress(r recipient) (*mail.Address, error) {
	a, err := mail.ParseAddress(r.email)
	if err != nil || a.Address != strings.TrimSpace(r.email) {
		return nil, fmt.Errorf("mail: recipient %q is not an address", r.email)
	}
	return &mail.Address{Name: oneLine(r.name), Address: a.Address}, nil
}

package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// The sign-in link a member of staff asks for on /login goes out as the
// chain's email does: a job of the outbox (SigninLinkJob), enqueued when it
// is asked for and sent by the mail worker, with the sent log keeping a
// retried job from sending it twice. The job holds the link's user, expiry
// and nonce, not the link: the worker signs it (office.SignSignin) when it
// writes the email, so the database never holds a link that signs in.

// SigninLinkJob is the job that emails sign-in link l; at is when it was
// asked for.
func SigninLinkJob(l office.SigninLink, at time.Time) store.Job {
	return store.Job{
		Kind:      Kind,
		DedupeKey: "mail:signin:" + l.Nonce,
		Payload:   mustJSON(payload{Event: EventSigninLink, Link: &l}),
		RunAt:     at,
		CreatedAt: at,
	}
}

// signinLinkOf returns the link of a sign-in link's job.
func signinLinkOf(sj store.Job) (office.SigninLink, bool) {
	if sj.RequestID != 0 {
		return office.SigninLink{}, false
	}
	var p payload
	if err := json.Unmarshal(sj.Payload, &p); err != nil || p.Event != EventSigninLink || p.Link == nil {
		return office.SigninLink{}, false
	}
	return *p.Link, true
}

// sendSigninLink emails the link of job sj to its user, unless it expired
// meanwhile (a worker that was down: the link would not work) or the user
// can no longer sign in; neither is an error, since there is nothing to
// retry.
func (m *Mailer) sendSigninLink(ctx context.Context, sj store.Job, l office.SigninLink) error {
	now := m.off.Now()
	if !now.Before(l.Expires) {
		m.opt.Log.WarnContext(ctx, "sign-in link expired before it was sent", slog.Int64("job", sj.ID),
			slog.Int64("user", l.UserID))
		return nil
	}
	u, err := m.st.User(ctx, l.UserID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !m.off.IsStaff(u) {
		return nil
	}
	if err != nil {
		return err
	}
	id := fmt.Sprintf("signin-%d.%s@%s", sj.ID, recipientHash(u.Email), m.domain)
	if sent, err := m.st.WasSent(ctx, id); err != nil || sent {
		return err
	}
	msg, err := m.signinMessage(u, l, id)
	if err != nil {
		return err
	}
	if err := m.opt.Sender.Send(ctx, msg); err != nil {
		return fmt.Errorf("mail sign-in link to %s: %w", u.Email, err)
	}
	m.opt.Log.InfoContext(ctx, "mail sent", slog.String("event", string(EventSigninLink)),
		slog.Int64("user", u.ID), slog.String("to", u.Email), slog.String("message_id", id))
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return m.st.MarkSent(rec, id, sj.ID, u.Email, now)
}

// signinMessage is the email of sign-in link l to u, in u's language.
func (m *Mailer) signinMessage(u booking.User, l office.SigninLink, id string) (*gomail.Msg, error) {
	to := m.staff(u)
	p := locale.For(to.lang)
	loc := m.off.Location()
	lt := &letter{
		Lang: p.Lang(), Subject: p.Get("signin_mail.subject"), Name: oneLine(to.name), Signature: m.opt.OfficeName,
		Paragraphs: []string{
			p.Get("signin_mail.intro", int(office.SigninLinkValidity/time.Minute), booking.FormatMoment(l.Expires, loc, p.Lang())),
			p.Get("signin_mail.ignore"),
		},
		Actions: []link{{Label: p.Get("signin_mail.button"), URL: m.opt.BaseURL + "/login/link/" + m.off.SignSignin(l)}},
	}
	text, html, err := lt.render()
	if err != nil {
		return nil, fmt.Errorf("mail: render sign-in link: %w", err)
	}
	addr, err := recipientAddress(to)
	if err != nil {
		return nil, outbox.Permanent(err)
	}
	msg := m.newMsg(lt.Subject, id)
	msg.ToMailAddress(addr)
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return msg, nil
}

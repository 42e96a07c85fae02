package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/outbox"
)

// recipient is a person an email goes to: a staff user or the applicant.
type recipient struct {
	name, email, lang string
	userID            int64 // 0 for the applicant
}

// delivery is one email of a job: to whom, what it tells, the step its
// signed link takes ("" for none) and the invitation it carries ("" none).
type delivery struct {
	to     recipient
	event  Event
	action booking.Action
	invite ical.Method
}

// recipientHash is the recipient's part of a Message-ID: 8 bytes of SHA-256
// of the lower-case address, so the id reveals no address.
func recipientHash(addr string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(addr))))
	return hex.EncodeToString(sum[:8])
}

// deliveries says who hears what about j (the table). Staff are the
// users holding the role when the job runs; a scheduled notice whose moment
// passed (the step was taken, the booking cancelled) goes to nobody.
func (m *Mailer) deliveries(ctx context.Context, j *job) ([]delivery, error) {
	r, ev := &j.r, j.p.Event
	switch ev {
	case EventSubmitted:
		ds := []delivery{{to: m.applicant(r), event: EventReceipt}}
		return m.toRole(ctx, ds, booking.RoleSecretary, ev, booking.ActionForward)
	case EventForwarded:
		return m.toRole(ctx, nil, booking.RoleHead, ev, booking.ActionDispose)
	case EventDisposed:
		return m.toRole(ctx, nil, booking.RoleKabid, ev, booking.ActionCheck)
	case EventChecked:
		return m.toRole(ctx, nil, booking.RoleHead, ev, booking.ActionRelay)
	case EventRelayed:
		return m.toRole(ctx, nil, booking.RoleSecretary, ev, booking.ActionInform)
	case EventApproved:
		return []delivery{{to: m.applicant(r), event: ev, invite: ical.MethodRequest}}, nil
	case EventRejected:
		return []delivery{{to: m.applicant(r), event: ev}}, nil
	case EventReported:
		return m.toRole(ctx, nil, booking.RoleKabid, ev, booking.ActionClose)
	case EventClosed:
		return m.toRole(ctx, nil, booking.RoleHead, ev, "")
	case EventCancelled:
		return m.cancelled(ctx, j)
	case EventExpired:
		return m.expired(ctx, j)
	case EventConflict, EventConflictClosed, EventConflictDecided, EventRescheduled:
		return m.conflictDeliveries(ctx, j) // conflict.go
	}
	return m.scheduled(ctx, j)
}

// scheduled are the notices of RunScheduler; each checks that its moment is
// still there.
func (m *Mailer) scheduled(ctx context.Context, j *job) ([]delivery, error) {
	r, ev := &j.r, j.p.Event
	switch ev {
	case EventReadiness:
		if r.Status != booking.StatusApproved {
			return nil, nil
		}
		ds, err1 := m.toRole(ctx, nil, booking.RoleKabid, ev, booking.ActionPrepare)
		ds, err2 := m.toRole(ctx, ds, booking.RoleVidcon, ev, booking.ActionReady) // the readiness checklist
		return ds, errors.Join(err1, err2)
	case EventReportDue:
		if r.Status != booking.StatusPrepared {
			return nil, nil
		}
		return m.toRole(ctx, nil, booking.RoleVidcon, ev, booking.ActionReport)
	case EventConflictReminder, EventConflictEscalation, EventCarryOutReminder:
		return m.conflictNotices(ctx, j) // conflict.go
	case EventReminder, EventEscalation:
		if last(j.history).ID != j.p.Turn {
			return nil, nil // the step was taken meanwhile
		}
		step, ok := booking.StepFor(j.p.Action)
		if !ok || len(step.Roles) == 0 {
			return nil, outbox.Permanent(fmt.Errorf("mail: job %d: no step %q", j.ID, j.p.Action))
		}
		if ev == EventReminder {
			return m.toRole(ctx, nil, step.Roles[0], ev, j.p.Action)
		}
		return m.toRole(ctx, nil, escalateTo(step.Roles[0]), ev, "")
	}
	return nil, outbox.Permanent(fmt.Errorf("mail: job %d: unknown event %q", j.ID, ev))
}

// escalateTo is the one above an actor: the head, or the secretary for the
// head's own steps.
func escalateTo(r booking.Role) booking.Role {
	if r == booking.RoleHead {
		return booking.RoleSecretary
	}
	return booking.RoleHead
}

// cancelled tells everyone who acted on the request, and the applicant with
// an invitation CANCEL when an approval's REQUEST was sent.
func (m *Mailer) cancelled(ctx context.Context, j *job) ([]delivery, error) {
	invite := ical.Method("")
	for _, t := range j.history {
		if t.Action == booking.ActionInform && t.To == booking.StatusApproved {
			invite = ical.MethodCancel
		}
	}
	ds, err := m.actedOn(ctx, j, EventCancelled, map[int64]bool{0: true, j.t.UserID: true})
	if err != nil {
		return nil, err
	}
	return append(ds, delivery{to: m.applicant(&j.r), event: EventCancelled, invite: invite}), nil
}

// expired tells the applicant that the request lapsed undecided, and the
// staff: everyone who acted on it and those whose turn it was (so the step
// nobody took is known). No invitation: an expired request was never
// approved.
func (m *Mailer) expired(ctx context.Context, j *job) ([]delivery, error) {
	seen := map[int64]bool{0: true}
	ds, err := m.actedOn(ctx, j, EventExpired, seen)
	if err != nil {
		return nil, err
	}
	if step, ok := booking.StepFor(waiting[j.t.From]); ok {
		users, err := m.st.Users(ctx)
		if err != nil {
			return nil, err
		}
		now, loc := m.off.Now(), m.off.Location()
		for _, u := range users {
			if !seen[u.ID] && slices.ContainsFunc(step.Roles, func(r booking.Role) bool { return u.HasRole(r, now, loc) }) {
				seen[u.ID] = true
				ds = append(ds, delivery{to: m.staff(u), event: EventExpired})
			}
		}
	}
	return append(ds, delivery{to: m.applicant(&j.r), event: EventExpired}), nil
}

// actedOn is a delivery of ev to every staff user in j's history not yet in
// seen, which it fills.
func (m *Mailer) actedOn(ctx context.Context, j *job, ev Event, seen map[int64]bool) ([]delivery, error) {
	var ds []delivery
	for _, t := range j.history {
		if seen[t.UserID] {
			continue
		}
		seen[t.UserID] = true
		u, err := m.st.User(ctx, t.UserID)
		if err != nil {
			return nil, fmt.Errorf("mail: user %d: %w", t.UserID, err)
		}
		ds = append(ds, delivery{to: m.staff(u), event: ev})
	}
	return ds, nil
}

// toRole appends a delivery to every user holding role now. Nobody holding
// it is a permanent failure (shown on the request's history) that still
// returns the deliveries so far, which the handler sends.
func (m *Mailer) toRole(ctx context.Context, ds []delivery, role booking.Role, ev Event, a booking.Action) ([]delivery, error) {
	users, err := m.st.Users(ctx)
	if err != nil {
		return nil, err
	}
	n := len(ds)
	now, loc := m.off.Now(), m.off.Location()
	for _, u := range users {
		if u.HasRole(role, now, loc) {
			ds = append(ds, delivery{to: m.staff(u), event: ev, action: a})
		}
	}
	if len(ds) == n {
		return ds, outbox.Permanent(fmt.Errorf("mail: %s: no user holds the role %s", ev, role))
	}
	return ds, nil
}

func (m *Mailer) staff(u booking.User) recipient {
	return recipient{name: u.Name, email: u.Email, lang: m.lang(u.Language), userID: u.ID}
}

func (m *Mailer) applicant(r *booking.Request) recipient {
	return recipient{name: r.ContactName, email: r.ContactEmail, lang: m.lang(r.Language)}
}

// lang is the person's language, "en" or "id"; the office default when
// they named none.
func (m *Mailer) lang(own string) string {
	if strings.TrimSpace(own) == "" {
		return locale.Normalize(m.opt.Mail.Language)
	}
	return locale.Normalize(own)
}

// last is the latest step of the chain in h (a reschedule or a restore hands
// the turn to nobody), or the zero transition.
func last(h []booking.Transition) booking.Transition {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Action.InChain() {
			return h[i]
		}
	}
	return booking.Transition{}
}

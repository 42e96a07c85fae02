package mail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// The letters of a standing conflict: a problem found after a booking was
// checked (a Google event, a holiday, a change of the config). The Kabid
// hears of it at once, with the cause, the free alternatives and a signed
// link to the decision's page; the secretary is asked to carry out a move
// or a cancel; the applicant is told the new time, or the cancellation,
// with the reason. Their words live under "conflictmail." in the catalogue.

// conflictEvents are the events worded under "conflictmail.event.".
var conflictEvents = map[Event]bool{
	EventConflict: true, EventConflictClosed: true, EventConflictDecided: true, EventRescheduled: true,
	EventConflictReminder: true, EventConflictEscalation: true, EventCarryOutReminder: true,
}

// conflictActions are the transitions that may concern a standing conflict:
// the store records which one found, decided or resolved it.
var conflictActions = map[booking.Action]bool{
	booking.ActionConflict: true, booking.ActionConflictClosed: true, booking.ActionDecideConflict: true,
	booking.ActionReschedule: true, booking.ActionCancel: true,
}

// loadConflict is the conflict j is about: its notice's, or the one its
// transition found, decided or resolved; nil for none (a reschedule or a
// cancel of the secretary's own, or a conflict that opened again since
// and holds a later transition now).
func (m *Mailer) loadConflict(ctx context.Context, j *job) (*store.Conflict, error) {
	var c store.Conflict
	var err error
	switch {
	case j.p.Conflict != 0:
		c, err = m.st.Conflict(ctx, j.p.Conflict)
	case j.t.ID != 0 && conflictActions[j.t.Action]:
		c, err = m.st.ConflictByTransition(ctx, j.t.ID)
	default:
		return nil, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mail: job %d: %w", j.ID, err)
	}
	return &c, nil
}

// conflictDeliveries says who hears of a conflict's transition: the Kabid
// of one found (with the decision's link) or gone by itself, the
// secretary of a move or a cancel to carry out (with its link), the
// applicant of a new time (with the invitation updated when they hold one).
func (m *Mailer) conflictDeliveries(ctx context.Context, j *job) ([]delivery, error) {
	switch ev := j.p.Event; ev {
	case EventConflict:
		return m.toRole(ctx, nil, booking.RoleKabid, ev, conflictStep(j, booking.ActionDecideConflict))
	case EventConflictClosed:
		return m.toRole(ctx, nil, booking.RoleKabid, ev, "")
	case EventConflictDecided:
		return m.toRole(ctx, nil, booking.RoleSecretary, ev, conflictStep(j, booking.ActionCarryOutConflict))
	}
	return []delivery{{to: m.applicant(&j.r), event: EventRescheduled, invite: updatedInvitation(j)}}, nil
}

// conflictNotices are the scheduled notices of a conflict still waiting;
// each checks that it still waits for the same act.
func (m *Mailer) conflictNotices(ctx context.Context, j *job) ([]delivery, error) {
	c, ev := j.conflict, j.p.Event
	switch ev {
	case EventConflictReminder, EventConflictEscalation:
		if c == nil || !c.AwaitsKabid() || c.FoundTransition != j.p.Turn {
			return nil, nil // decided, or gone, meanwhile
		}
		if ev == EventConflictReminder {
			return m.toRole(ctx, nil, booking.RoleKabid, ev, booking.ActionDecideConflict)
		}
		return m.toRole(ctx, nil, booking.RoleHead, ev, "")
	}
	if c == nil || !c.AwaitsSecretary() || c.DecidedTransition != j.p.Turn {
		return nil, nil // carried out meanwhile
	}
	return m.toRole(ctx, nil, booking.RoleSecretary, ev, booking.ActionCarryOutConflict)
}

// conflictStep is a, when j has the conflict a signed link needs.
func conflictStep(j *job, a booking.Action) booking.Action {
	if j.conflict == nil {
		return ""
	}
	return a
}

// updatedInvitation is REQUEST when the applicant holds the booking's
// invitation (an approval sent it) and the booking stands.
func updatedInvitation(j *job) ical.Method {
	if !j.r.Status.Booked() {
		return ""
	}
	for _, t := range j.history {
		if t.Action == booking.ActionInform && t.To == booking.StatusApproved {
			return ical.MethodRequest
		}
	}
	return ""
}

// eventWord is what a letter's subject calls ev.
func eventWord(p *locale.Printer, ev Event) string {
	if conflictEvents[ev] {
		return p.Get("conflictmail.event." + string(ev))
	}
	return p.Get("event." + string(ev))
}

// stepLink is the button of d's signed link: a conflict's page for the
// decision and the carry-out, else the chain's step.
func (m *Mailer) stepLink(p *locale.Printer, j *job, d delivery) link {
	if (d.action == booking.ActionDecideConflict || d.action == booking.ActionCarryOutConflict) && j.conflict != nil {
		token := m.off.ConflictLink(*j.conflict, d.action, d.to.userID, m.off.Now().Add(m.opt.LinkValidity))
		return link{Label: p.Get("conflictmail.step." + string(d.action)), URL: m.opt.BaseURL + "/act/" + token}
	}
	return link{Label: d.action.Step(p), URL: m.actionURL(j, d.to.userID, d.action)}
}

// conflictIntro is the opening paragraphs of a conflict's letter.
func (m *Mailer) conflictIntro(p *locale.Printer, j *job, d delivery) []string {
	ref := reference(&j.r)
	key := "conflictmail.event." + string(d.event) + ".intro"
	cause := m.cause(p, j)
	std := int(m.off.ConflictStandard() / time.Minute)
	c := j.conflict
	switch d.event {
	case EventConflict:
		return []string{p.Get(key, ref, cause, std)}
	case EventConflictClosed:
		return []string{p.Get(key, ref, cause)}
	case EventConflictDecided:
		if c != nil && c.Decision == booking.ConflictMove {
			return []string{p.Get("conflictmail.event.conflict_decided.move", ref, m.span(p, c.MoveStart, c.MoveEnd), cause)}
		}
		return []string{p.Get("conflictmail.event.conflict_decided.cancel", ref, cause)}
	case EventConflictReminder, EventConflictEscalation:
		return []string{p.Get(key, ref, m.moment(p, c.FoundAt), std)}
	case EventCarryOutReminder:
		return []string{p.Get(key, ref, decisionWord(p, c.Decision), m.moment(p, c.DecidedAt), std)}
	}
	return m.rescheduledIntro(p, j, d, ref)
}

// rescheduledIntro tells the applicant what became of their booking's time.
func (m *Mailer) rescheduledIntro(p *locale.Printer, j *job, d delivery, ref string) []string {
	c := j.conflict
	var out []string
	switch {
	case c != nil && c.Resolution == booking.ResolvedMoved:
		out = append(out, p.Get("conflictmail.event.rescheduled.moved", ref, m.span(p, c.MoveStart, c.MoveEnd)))
	case c != nil && c.Resolution == booking.ResolvedCancelled:
		out = append(out, p.Get("conflictmail.event.rescheduled.removed", ref, m.span(p, c.Start, c.End)))
	default:
		out = append(out, p.Get("conflictmail.event.rescheduled.changed", ref))
	}
	if d.invite != "" {
		out = append(out, p.Get("conflictmail.invite_updated"))
	}
	return out
}

// conflictNotes are the conflict's particulars a letter adds to the
// request's: for staff, the occurrence, the cause, when it was found and
// the Kabid's decision; for the applicant, the reason (the cause and the
// Kabid's note), or the secretary's note of a change of their own.
func (m *Mailer) conflictNotes(p *locale.Printer, j *job, d delivery) []detail {
	c := j.conflict
	applicant := d.event == EventRescheduled || d.event == EventCancelled
	switch {
	case applicant && c == nil && d.event == EventRescheduled && j.t.Note != "":
		return []detail{{p.Get("field.note"), oneLine(j.t.Note)}}
	case applicant && c != nil:
		reason := m.cause(p, j)
		if d.to.userID == 0 { // the applicant: no other event's or booking's title
			reason = m.publicCause(p, c)
		}
		ds := []detail{{p.Get("conflictmail.field.reason"), reason}}
		if c.Note != "" {
			ds = append(ds, detail{p.Get("conflictmail.field.kabid_note"), oneLine(c.Note)})
		}
		return ds
	case applicant || !conflictEvents[d.event]:
		return nil
	}
	var ds []detail
	if c != nil {
		ds = append(ds, detail{p.Get("conflictmail.field.occurrence"), m.span(p, c.Start, c.End)})
	}
	ds = append(ds, detail{p.Get("conflictmail.field.cause"), m.cause(p, j)})
	if c == nil {
		return ds
	}
	ds = append(ds, detail{p.Get("conflictmail.field.found"), m.moment(p, c.FoundAt)})
	if d.event == EventConflictDecided || d.event == EventCarryOutReminder {
		ds = append(ds, detail{p.Get("conflictmail.field.decision"), decisionWord(p, c.Decision)})
		if c.Decision == booking.ConflictMove {
			ds = append(ds, detail{p.Get("conflictmail.field.move"), m.span(p, c.MoveStart, c.MoveEnd)})
		}
		if c.Note != "" {
			ds = append(ds, detail{p.Get("conflictmail.field.kabid_note"), oneLine(c.Note)})
		}
	}
	return ds
}

// conflictSections are the free alternatives, for the Kabid who decides.
func (m *Mailer) conflictSections(p *locale.Printer, j *job, d delivery) []section {
	c := j.conflict
	if c == nil || d.event != EventConflict && d.event != EventConflictReminder {
		return nil
	}
	items := []string{p.Get("conflictmail.no_alternatives")}
	if len(c.Suggestions) > 0 {
		items = items[:0]
		for _, s := range c.Suggestions {
			items = append(items, m.span(p, s.Start, s.End))
		}
	}
	return []section{{p.Get("list.suggestions"), items}}
}

// cause is the conflict's cause in the reader's language; without the
// conflict, the note of the transition that found or closed it.
func (m *Mailer) cause(p *locale.Printer, j *job) string {
	if c := j.conflict; c != nil {
		if p.Lang() == locale.English && c.CauseEN != "" {
			return oneLine(c.CauseEN)
		}
		return oneLine(c.Cause)
	}
	if j.t.Action == booking.ActionConflict || j.t.Action == booking.ActionConflictClosed {
		return oneLine(j.t.Note)
	}
	if t, ok := find(j.history, booking.ActionConflict); ok {
		return oneLine(t.Note)
	}
	return p.Get("word.none")
}

// publicCause is the conflict's cause as the applicant may read it: an
// overlap names no other event or booking (booking.PublicCause).
func (m *Mailer) publicCause(p *locale.Printer, c *store.Conflict) string {
	cause := c.Cause
	if p.Lang() == locale.English && c.CauseEN != "" {
		cause = c.CauseEN
	}
	return oneLine(booking.PublicCause(c.Code, cause, p.Lang()))
}

// decisionWord is the Kabid's decision on a conflict, in words.
func decisionWord(p *locale.Printer, d booking.ConflictDecision) string {
	return p.Get("conflictmail.decision." + string(d))
}

// reference names a request in a sentence: CC-000012 “Rapat Koordinasi”.
func reference(r *booking.Request) string {
	return fmt.Sprintf("%s \u201c%s\u201d", booking.Number(r.ID), oneLine(r.Title))
}

func (m *Mailer) span(p *locale.Printer, start, end time.Time) string {
	return booking.FormatSpan(start, end, m.off.Location(), p.Lang())
}

func (m *Mailer) moment(p *locale.Printer, t time.Time) string {
	return booking.FormatMoment(t, m.off.Location(), p.Lang())
}

package office

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// ConflictDecision is the Kabid's decision on a standing conflict: keep
// (note required), move to Start-End (one of the alternatives or another
// free time), or cancel (note required).
type ConflictDecision struct {
	Decision   booking.ConflictDecision
	Note       string
	Start, End time.Time
}

// Conflicts lists the standing conflicts: status "open" (waiting for the
// Kabid or the secretary), "resolved", or "" for all; the newest first.
func (o *Office) Conflicts(ctx context.Context, status string) ([]store.Conflict, error) {
	switch status {
	case "", store.ConflictOpen, store.ConflictResolved:
	default:
		return nil, invalid("status", "status must be open or resolved")
	}
	return o.opt.Store.Conflicts(ctx, store.ConflictFilter{Status: status})
}

// Conflict returns standing conflict id (store.ErrNotFound when none).
func (o *Office) Conflict(ctx context.Context, id int64) (store.Conflict, error) {
	return o.opt.Store.Conflict(ctx, id)
}

// RequestConflicts returns the standing conflicts of request id, oldest first.
func (o *Office) RequestConflicts(ctx context.Context, id int64) ([]store.Conflict, error) {
	return o.opt.Store.RequestConflicts(ctx, id)
}

// validDecision checks a decision's fields before any lookup.
func validDecision(d *ConflictDecision) error {
	d.Note = strings.TrimSpace(d.Note)
	if err := checkText("note", d.Note, 2000, false, true); err != nil {
		return err
	}
	switch d.Decision {
	case booking.ConflictKeep, booking.ConflictCancel:
		if d.Note == "" {
			return invalid("note", "a note is required to %s the booking", d.Decision)
		}
		d.Start, d.End = time.Time{}, time.Time{}
	case booking.ConflictMove:
		switch {
		case d.Start.IsZero():
			return invalid("start", "start is required to move the booking")
		case !d.End.After(d.Start):
			return invalid("end", "end must be after start")
		}
	default:
		return invalid("decision", "decision must be keep, move or cancel")
	}
	return nil
}

// DecideConflict records the Kabid's decision on open conflict id. A keep
// resolves it; a move or a cancel waits for the secretary to carry it out
// (they are emailed). A move is checked against every rule on the room's
// calendar inside the write transaction, as the carry-out will be again,
// so it can never land on another booking; the move must keep the
// occurrence's length. *booking.ActError when the conflict is decided or
// resolved already, booking.ErrForbidden for anyone but the Kabid.
func (o *Office) DecideConflict(ctx context.Context, id int64, d ConflictDecision, actor booking.Actor) (store.Conflict, error) {
	if !actor.Holds(booking.RoleKabid) {
		return store.Conflict{}, fmt.Errorf("decide conflict: %w", booking.ErrForbidden)
	}
	if err := validDecision(&d); err != nil {
		return store.Conflict{}, err
	}
	c, err := o.opt.Store.Conflict(ctx, id)
	if err != nil {
		return c, fmt.Errorf("decide conflict %d: %w", id, err)
	}
	now := o.Now()
	if d.Decision == booking.ConflictMove {
		if err := o.validMove(c, d, now); err != nil {
			return store.Conflict{}, err
		}
	}
	rec := store.ConflictDecisionRecord{Decision: d.Decision, Note: d.Note, MoveStart: d.Start, MoveEnd: d.End,
		UserID: actor.UserID, Actor: actor.Name, Role: booking.RoleKabid, At: now}
	if d.Decision == booking.ConflictMove {
		rec.LogNote = o.moveNote(d)
	}
	c, err = o.opt.Store.DecideConflict(ctx, id, rec, o.moveCheck(c, now))
	if err != nil {
		return c, o.conflictErr(err, "decide", id)
	}
	o.changed()
	return c, nil
}

// validMove checks a move's times before any write: in the future, within
// the years a booking can have, and of the occurrence's length (a move
// changes when, not how long; a cause of a whole series cannot be moved).
func (o *Office) validMove(c store.Conflict, d ConflictDecision, now time.Time) error {
	switch {
	case !d.Start.After(now):
		return invalid("start", "the new time must be in the future")
	case d.Start.Year() < 2000 || d.End.Year() > 2200:
		return invalid("start", "the new time must lie between the years 2000 and 2200")
	case !curable(c.Code):
		return invalid("decision", "no other time cures this conflict (%s): keep or cancel the booking", c.Code)
	case d.End.Sub(d.Start) != c.End.Sub(c.Start):
		return invalid("end", "the new time must be as long as the booking (%s)", c.End.Sub(c.Start))
	}
	return nil
}

// moveNote is the logbook's note of a move: where to, and the Kabid's words.
func (o *Office) moveNote(d ConflictDecision) string {
	p := locale.For(locale.Indonesian)
	where := booking.FormatSpan(d.Start, d.End, o.Location(), locale.Indonesian)
	if d.Note == "" {
		return p.Get("conflict.note.move", where)
	}
	return p.Get("conflict.note.move", where) + ": " + d.Note
}

// moveCheck is the check of conflict c's move inside the write
// transaction: the moved occurrence meets every rule but the lead time (a
// move is the Kabid's call, not a new request; the horizon is judged from
// now) on the room's calendar, and keeps the buffer from the request's
// other occurrences, which the calendar's check leaves out with the
// request itself.
func (o *Office) moveCheck(c store.Conflict, now time.Time) store.ConflictCheck {
	return func(ctx context.Context, r booking.Request, moved booking.Slot, cal store.Calendar) error {
		if !moved.Start.After(now) {
			return invalid("start", "the new time must be in the future")
		}
		if err := o.checkSlot(ctx, cal, r, moved, now); err != nil {
			return err
		}
		return o.apartFromSiblings(ctx, r, c, moved, cal)
	}
}

// apartFromSiblings refuses a move of one occurrence of a series onto (or
// within the buffer of) another occurrence of the same series.
func (o *Office) apartFromSiblings(ctx context.Context, r booking.Request, c store.Conflict, moved booking.Slot, cal store.Calendar) error {
	if r.Recurrence == "" {
		return nil
	}
	occ, err := cal.Occurrences(ctx, r.ID)
	if err != nil {
		return err
	}
	buf := o.Rules().Buffer
	for _, s := range occ {
		if s.Start.Equal(c.Start) && s.End.Equal(c.End) {
			continue // the occurrence that moves
		}
		if s.Start.Before(moved.End.Add(buf)) && s.End.Add(buf).After(moved.Start) {
			msg := locale.For(r.Language).Get("conflict.sibling", booking.FormatSpan(s.Start, s.End, o.Location(), r.Language))
			return &RuleError{Code: booking.CodeOverlap, Field: "start", Message: msg}
		}
	}
	return nil
}

// conflictErr keeps a rule's refusal and a state refusal as they are.
func (o *Office) conflictErr(err error, what string, id int64) error {
	var re *RuleError
	if errors.As(err, &re) {
		o.countFailures(re.Report)
		return re
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe
	}
	return fmt.Errorf("%s conflict %d: %w", what, id, err)
}

// CarryOutConflict carries out the Kabid's move or cancel of conflict id,
// for the secretary: the booking moves (checked again, atomically) or is
// cancelled; the request's sequence grows, so the applicant's invitation,
// the feeds and Google follow; the applicant is emailed with the reason.
func (o *Office) CarryOutConflict(ctx context.Context, id int64, actor booking.Actor) (store.Conflict, error) {
	if !actor.Holds(booking.RoleSecretary) {
		return store.Conflict{}, fmt.Errorf("carry out conflict: %w", booking.ErrForbidden)
	}
	c, err := o.opt.Store.Conflict(ctx, id)
	if err != nil {
		return c, fmt.Errorf("carry out conflict %d: %w", id, err)
	}
	now := o.Now()
	// The note is the applicant's too (their history, their email): the
	// cause as they may read it.
	p := locale.For(locale.Indonesian)
	note := p.Get("conflict.note.carried", booking.PublicCause(c.Code, c.Cause, locale.Indonesian))
	if c.Note != "" {
		note += " " + p.Get("conflict.note.kabid", c.Note)
	}
	co := store.CarryOut{UserID: actor.UserID, Actor: actor.Name, Note: note, At: now}
	out, err := o.opt.Store.CarryOutConflict(ctx, id, co, o.moveCheck(c, now))
	if err != nil {
		return out, o.conflictErr(err, "carry out", id)
	}
	o.changed()
	return out, nil
}

// ConflictLink is the signed link that lets user act on conflict id once:
// the Kabid's decision (booking.ActionDecideConflict) or the secretary's
// carry-out (booking.ActionCarryOutConflict). The link's TransitionID holds
// the conflict's id.
func (o *Office) ConflictLink(c store.Conflict, action booking.Action, userID int64, expires time.Time) string {
	return o.SignAction(ActionLink{RequestID: c.RequestID, TransitionID: c.ID, Action: action,
		UserID: userID, Expires: expires})
}

// CheckConflictLink verifies a conflict link for its page: as CheckAction,
// and the conflict it names. A conflict no longer waiting for this step
// comes back with the link and no error: the page says what became of it.
func (o *Office) CheckConflictLink(ctx context.Context, token string) (ActionLink, booking.User, store.Conflict, error) {
	l, u, err := o.CheckAction(ctx, token)
	if err != nil {
		return l, u, store.Conflict{}, err
	}
	if l.Action != booking.ActionDecideConflict && l.Action != booking.ActionCarryOutConflict {
		return l, u, store.Conflict{}, ErrLinkForged
	}
	c, err := o.opt.Store.Conflict(ctx, l.TransitionID)
	if errors.Is(err, store.ErrNotFound) || err == nil && c.RequestID != l.RequestID {
		return l, u, c, ErrLinkForged
	}
	return l, u, c, err
}

// ConflictByLink takes the step of a checked conflict link as its user: the
// decision d for the Kabid's link (d is ignored for the secretary's). The
// form token must be the one of the page the link opened.
func (o *Office) ConflictByLink(ctx context.Context, l ActionLink, u booking.User, token, formToken string,
	d ConflictDecision) (store.Conflict, error) {
	if !hmac.Equal([]byte(formToken), []byte(o.ActionFormToken(token))) {
		return store.Conflict{}, ErrLinkForged
	}
	actor := o.ActorFor(u)
	var c store.Conflict
	var err error
	if l.Action == booking.ActionDecideConflict {
		c, err = o.DecideConflict(ctx, l.TransitionID, d, actor)
	} else {
		c, err = o.CarryOutConflict(ctx, l.TransitionID, actor)
	}
	if err != nil {
		return c, err
	}
	if _, err := o.opt.Store.UseLink(ctx, HashToken(token), o.Now()); err != nil {
		return c, fmt.Errorf("conflict %d: mark link used: %w", l.TransitionID, err)
	}
	return c, nil
}

// Holidays returns the imported holidays of year (all years when 0).
func (o *Office) Holidays(ctx context.Context, year int) ([]booking.Holiday, error) {
	if year != 0 && (year < 1900 || year > 2200) {
		return nil, invalid("year", "year must be between 1900 and 2200")
	}
	all, err := o.opt.Store.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	list := []booking.Holiday{}
	for _, h := range all {
		h.Date = time.Date(h.Date.Year(), h.Date.Month(), h.Date.Day(), 0, 0, 0, 0, o.Location())
		if year == 0 || h.Date.Year() == year {
			list = append(list, h)
		}
	}
	return list, nil
}

// ImportHolidays makes source's holidays the list given (source names where
// they come from: "file:" and an ICS file's absolute path, as
// ical.HolidayFileSource writes it, or "google:" and a holiday calendar's
// id, so the daemon and the CLI keep one list per source), refreshes the
// rules, and
// re-checks the bookings on every date that changed. It returns the dates
// that changed and what the watch did.
func (o *Office) ImportHolidays(ctx context.Context, source string, list []booking.Holiday) ([]time.Time, Watched, error) {
	changed, err := o.opt.Store.ReplaceHolidays(ctx, source, list, o.Location())
	if err != nil {
		return nil, Watched{}, err
	}
	if len(changed) == 0 {
		return changed, Watched{}, nil
	}
	windows := make([]store.Window, len(changed))
	for i, d := range changed {
		windows[i] = store.Window{Start: d, End: d.AddDate(0, 0, 1)}
	}
	w, err := o.Watch(ctx, Scope{Windows: windows})
	return changed, w, err
}

// RefreshHolidays reads the imported holidays into the rules the office
// checks against. The daemon calls it at start, after an import, and every
// minute (an import by the CLI reaches a running daemon that way).
func (o *Office) RefreshHolidays(ctx context.Context) error {
	list, err := o.opt.Store.Holidays(ctx)
	if err != nil {
		return err
	}
	for i := range list {
		d := list[i].Date
		list[i].Date = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, o.Location())
	}
	o.holidays.Store(&list)
	return nil
}

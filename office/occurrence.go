package office

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// OccurrenceChange removes one occurrence of a recurring booking, or moves it
// to Start and End. Original is the occurrence's start as the rule gave it
// (for a moved one, where it was first).
type OccurrenceChange struct {
	Original   time.Time
	Remove     bool
	Start, End time.Time
}

// ChangeOccurrence removes or moves one occurrence of recurring request id,
// for the secretary. A moved occurrence is checked against the rules on the
// room's calendar inside the write transaction (every rule but the lead
// time, which is the secretary's call); a refusal is a *RuleError. The
// request's sequence grows, so calendars replace the series (EXDATE,
// RECURRENCE-ID). store.ErrNotFound for an unknown request or occurrence.
func (o *Office) ChangeOccurrence(ctx context.Context, id int64, c OccurrenceChange, actor booking.Actor) (booking.Request, error) {
	if !actor.Holds(booking.RoleSecretary) {
		return booking.Request{}, fmt.Errorf("change occurrence: %w", booking.ErrForbidden)
	}
	if err := validOccurrenceChange(c); err != nil {
		return booking.Request{}, err
	}
	now := o.Now()
	check := func(ctx context.Context, r *booking.Request, cal store.Calendar) error {
		if err := changeable(r); err != nil || c.Remove {
			return err
		}
		return o.checkMoved(ctx, cal, *r, c, now)
	}
	sc := store.OccurrenceChange{Original: c.Original, Remove: c.Remove, Start: c.Start, End: c.End, At: now,
		UserID: actor.UserID, Actor: actor.Name, Role: booking.RoleSecretary, Note: c.describe(o.Location())}
	r, err := o.opt.Store.ChangeOccurrence(ctx, id, sc, check)
	if err != nil {
		var re *RuleError
		if errors.As(err, &re) {
			o.countFailures(re.Report)
			return booking.Request{}, re
		}
		return booking.Request{}, fmt.Errorf("request %d: change occurrence: %w", id, err)
	}
	o.changed()
	// The occurrence's conflicts follow it: a moved one may have left its
	// cause behind (or met a new one), a removed one takes no time.
	if _, err := o.Watch(ctx, Scope{Requests: []int64{id}}); err != nil {
		slog.WarnContext(ctx, "watch after an occurrence change", slog.Int64("request", id), slog.Any("err", err))
	}
	return r, nil
}

// validOccurrenceChange checks the fields of a change before any lookup.
func validOccurrenceChange(c OccurrenceChange) error {
	switch {
	case c.Original.IsZero():
		return invalid("original", "original (the occurrence's start) is required")
	case c.Remove:
		return nil
	case c.Start.IsZero():
		return invalid("start", "start is required to move an occurrence")
	case !c.End.After(c.Start):
		return invalid("end", "end must be after start")
	}
	return nil
}

// changeable refuses a request that is not recurring or no longer live.
func changeable(r *booking.Request) error {
	if r.Recurrence == "" {
		return invalid("original", "request %d is not recurring", r.ID)
	}
	if !r.Status.Live() {
		return &booking.ActError{Err: booking.ErrInvalidTransition,
			Message: fmt.Sprintf("request %d is %s: its occurrences cannot change", r.ID, r.Status)}
	}
	return nil
}

// checkMoved runs the rules on the moved occurrence (checkSlot), and keeps
// it apart from the series' other occurrences.
func (o *Office) checkMoved(ctx context.Context, cal store.Calendar, r booking.Request, c OccurrenceChange, now time.Time) error {
	if err := o.checkSlot(ctx, cal, r, booking.Slot{Start: c.Start, End: c.End}, now); err != nil {
		return err
	}
	current := store.Conflict{Start: c.Original, End: c.Original.Add(r.End.Sub(r.Start))}
	ex, err := o.opt.Store.Exceptions(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, e := range ex {
		if e.Original.Equal(c.Original) && !e.Removed {
			current.Start, current.End = e.Start, e.End // moved before: where it is now
		}
	}
	return o.apartFromSiblings(ctx, r, current, booking.Slot{Start: c.Start, End: c.End}, cal)
}

// checkSlot runs the rules at now on slot as a single occurrence of r
// (whose own occurrences the calendar leaves out), all but the lead time: a
// move of a booking is the office's call, not a new request.
func (o *Office) checkSlot(ctx context.Context, cal store.Calendar, r booking.Request, slot booking.Slot, now time.Time) error {
	cand := o.candidate(r)
	cand.Start, cand.End, cand.Recurrence = slot.Start, slot.End, ""
	rep, err := o.check(ctx, cal, cand, now)
	if err != nil {
		return err
	}
	dropCodes(&rep, booking.CodeLeadTime)
	if !rep.Available() {
		return refusal(rep)
	}
	return nil
}

// describe says what the change did, for the logbook's note.
func (c OccurrenceChange) describe(loc *time.Location) string {
	p := locale.For(locale.Indonesian) // the logbook is kept in Indonesian
	layout := p.Get("format.datetime")
	if c.Remove {
		return p.Get("occurrence.removed", c.Original.In(loc).Format(layout))
	}
	return p.Get("occurrence.moved", c.Original.In(loc).Format(layout),
		c.Start.In(loc).Format(layout), c.End.In(loc).Format("15:04"))
}

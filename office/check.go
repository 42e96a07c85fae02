package office

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// Check runs every rule on a candidate against the room's calendar as it is
// now: the availability check of the API and the CLI.
func (o *Office) Check(ctx context.Context, c booking.Candidate) (booking.Report, error) {
	return o.check(ctx, o.opt.Store, c, o.Now())
}

// check runs the rules as they stand at now on the calendar src.
func (o *Office) check(ctx context.Context, src store.Calendar, c booking.Candidate, now time.Time) (booking.Report, error) {
	return o.checkOn(newLazyCalendar(ctx, src), c, now)
}

// checkUncounted is check for a decision: the pending requests for the same
// time, which only warn, are listed (the first booking.ListLimit) but not
// counted, so its totals of them count only those listed.
func (o *Office) checkUncounted(ctx context.Context, src store.Calendar, c booking.Candidate, now time.Time) (booking.Report, error) {
	cal := newLazyCalendar(ctx, src)
	cal.uncounted = true
	return o.checkOn(cal, c, now)
}

// checkOn runs the rules at now on cal.
func (o *Office) checkOn(cal *lazyCalendar, c booking.Candidate, now time.Time) (booking.Report, error) {
	rep := booking.Check(c, cal, o.Rules(), now)
	if cal.err != nil {
		return booking.Report{}, fmt.Errorf("check room %s: %w", c.Room.ID, cal.err)
	}
	return rep, nil
}

// Recheck is the Kabid's re-check of a request already in the chain: the
// conflicts and warnings it has now against the room's calendar, itself
// excluded. The rules are judged as at the submission (so an open-ended
// recurrence expands as it did then), and lead time and horizon, which the
// request met when it was made, are not asked again.
func (o *Office) Recheck(ctx context.Context, r booking.Request) (booking.Report, error) {
	return o.recheck(ctx, o.opt.Store, r)
}

func (o *Office) recheck(ctx context.Context, src store.Calendar, r booking.Request) (booking.Report, error) {
	occ, err := src.Occurrences(ctx, r.ID)
	if err != nil {
		return booking.Report{}, fmt.Errorf("recheck request %d: %w", r.ID, err)
	}
	return o.recheckOccurrences(ctx, src, r, occ)
}

// recheckOccurrences is recheck of r's occurrences occ, as src stores them.
func (o *Office) recheckOccurrences(ctx context.Context, src store.Calendar, r booking.Request, occ []booking.Slot) (booking.Report, error) {
	c := o.candidate(r)
	c.Occurrences = occ // as stored: a removed occurrence takes no time, a moved one its new time
	rep, err := o.check(ctx, src, c, r.CreatedAt)
	if err != nil {
		return rep, err
	}
	dropCodes(&rep, booking.CodeLeadTime, booking.CodeHorizon)
	return rep, nil
}

// dropCodes removes the violations of codes from rep.
func dropCodes(rep *booking.Report, codes ...booking.Code) {
	rep.Violations = slices.DeleteFunc(rep.Violations, func(v booking.Violation) bool {
		return slices.Contains(codes, v.Code)
	})
}

// candidate is the request as the rules see it.
func (o *Office) candidate(r booking.Request) booking.Candidate {
	return booking.Candidate{
		Room: o.rooms[r.Room], Start: r.Start, End: r.End,
		Participants: r.Participants, Equipment: r.Equipment,
		Recurrence: r.Recurrence, Exclude: r.ID, Language: r.Language,
	}
}

// Candidate builds a candidate from availability query parameters, with the
// room resolved; an unknown room is a field error.
func (o *Office) Candidate(r booking.Request) (booking.Candidate, error) {
	if _, ok := o.rooms[r.Room]; !ok {
		return booking.Candidate{}, invalid("room", "unknown room %q", r.Room)
	}
	return o.candidate(r), nil
}

func (o *Office) countFailures(rep booking.Report) {
	for _, v := range rep.Violations {
		o.opt.Metrics.ruleFailure(string(v.Code))
	}
	if len(rep.Conflicts) > 0 {
		o.opt.Metrics.ruleFailure(string(booking.CodeOverlap))
	}
	if len(rep.Warnings) > 0 {
		o.opt.Metrics.ruleFailure(string(booking.CodePending))
	}
}

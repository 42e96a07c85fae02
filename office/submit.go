package office

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// Submitted is the outcome of a submission.
type Submitted struct {
	Request booking.Request
	// TrackingToken lets the applicant read and cancel this request, and only it.
	TrackingToken string
	// Replayed is true when an Idempotency-Key returned an earlier submission.
	Replayed bool
}

// Submit validates a new request, checks it against every rule inside the
// write transaction that stores it, and records SOP step 1. A request that
// breaks a hard rule is refused with a *RuleError carrying the conflict report
// and nothing is written. The transaction lists the pending requests for the
// same time but does not count them: counting takes as long as there are
// such requests, and the transaction holds the room. An accepted request's
// warnings, counted, are in its report as View gives it. idemKey and
// bodyHash make a retry return the first submission.
func (o *Office) Submit(ctx context.Context, r booking.Request, idemKey string, bodyHash []byte) (Submitted, error) {
	if err := o.Validate(&r); err != nil {
		return Submitted{}, err
	}
	now := o.Now()
	occ, err := o.expand(&r, now)
	if err != nil {
		return Submitted{}, err
	}
	r.ID, r.UID, r.Sequence, r.CreatedAt, r.UpdatedAt = 0, NewUID(), 0, now, now
	r.Decision = ""
	sub := store.Submission{
		Request: &r, Occurrences: occ, Transition: booking.Submitted(&r, now, o.opt.Standards),
		IdempotencyKey: idemKey, BodyHash: bodyHash,
	}
	var rep booking.Report
	cand := o.candidate(r)
	cand.Occurrences = occ // expanded above: not again under the room's lock
	saved, replayed, err := o.opt.Store.Submit(ctx, sub, o.decide(cand, now, &rep))
	if err != nil {
		var re *RuleError
		if errors.As(err, &re) {
			o.countFailures(re.Report)
			return Submitted{}, re
		}
		return Submitted{}, fmt.Errorf("submit: %w", err)
	}
	if !replayed {
		o.changed()
		o.opt.Metrics.transition(string(booking.ActionSubmit))
		o.countFailures(rep)
	}
	return Submitted{Request: saved, TrackingToken: o.TrackingToken(saved.UID), Replayed: replayed}, nil
}

// decide is the check a submission runs inside its write transaction, on the
// room's calendar as the transaction sees it; it leaves the report in rep. A
// refusal carries the full conflict report, the pending requests counted.
func (o *Office) decide(c booking.Candidate, now time.Time, rep *booking.Report) store.CheckFunc {
	return func(ctx context.Context, cal store.Calendar) error {
		var err error
		if *rep, err = o.checkUncounted(ctx, cal, c, now); err != nil || rep.Available() {
			return err
		}
		if *rep, err = o.check(ctx, cal, c, now); err != nil {
			return err
		}
		return refusal(*rep)
	}
}

// expand lists the occurrences of r. An open-ended recurrence is stored with
// the COUNT it was expanded to, so that the feeds and Google show exactly the
// occurrences that were checked and booked, never an endless series.
func (o *Office) expand(r *booking.Request, now time.Time) ([]booking.Slot, error) {
	occ, err := booking.Expand(r.Start, r.End, r.Recurrence, o.Rules(), now)
	var recErr *booking.RecurrenceError
	if errors.As(err, &recErr) {
		v := recErr.Violation(r.Language)
		return nil, &FieldError{Code: v.Code, Field: v.Field, Message: v.Message}
	}
	if err != nil {
		return nil, err
	}
	r.Recurrence = booking.BoundedRecurrence(r.Recurrence, len(occ))
	return occ, nil
}

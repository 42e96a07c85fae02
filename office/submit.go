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
	// Report holds the warnings (pending requests for the same time).
	Report booking.Report
	// View is the request as View shows it once stored: its occurrences, its
	// live conflict report (Report), its first transition and the jobs it
	// enqueued. The caller need not view it again.
	View View
	// Replayed is true when an Idempotency-Key returned an earlier submission.
	Replayed bool
}

// Submit validates a new request, checks it against every rule that can
// refuse it inside the write transaction that stores it, and records SOP
// step 1. A request that breaks a hard rule is refused with a *RuleError
// carrying the conflict report and nothing is written. The pending requests
// for the same time, which only warn, are read once it is stored, outside the
// transaction: the report of an accepted request is its live one, as View
// gives it. idemKey and bodyHash make a retry return the first submission.
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
	cand := o.candidate(r)
	cand.Occurrences = occ // expanded above: not again under the room's lock
	saved, replayed, err := o.opt.Store.Submit(ctx, sub, o.refuser(cand, now))
	if err != nil {
		var re *RuleError
		if errors.As(err, &re) {
			o.countFailures(re.Report)
			return Submitted{}, re
		}
		return Submitted{}, fmt.Errorf("submit: %w", err)
	}
	if replayed {
		v, err := o.view(ctx, saved)
		if err != nil {
			return Submitted{}, fmt.Errorf("submit: %w", err)
		}
		return Submitted{Request: saved, TrackingToken: o.TrackingToken(saved.UID), Report: v.Report, View: v,
			Replayed: true}, nil
	}
	o.changed()
	o.opt.Metrics.transition(string(booking.ActionSubmit))
	v, err := o.submittedView(ctx, saved, occ)
	if err != nil {
		return Submitted{}, fmt.Errorf("submit: %w", err)
	}
	o.countFailures(v.Report)
	return Submitted{Request: saved, TrackingToken: o.TrackingToken(saved.UID), Report: v.Report, View: v}, nil
}

// refuser is the check a submission runs inside its write transaction: the
// rules that refuse, on the room's calendar as the transaction sees it. A
// refusal carries the full conflict report, the pending requests included.
func (o *Office) refuser(c booking.Candidate, now time.Time) store.CheckFunc {
	return func(ctx context.Context, cal store.Calendar) error {
		rep, err := o.checkRefusal(ctx, cal, c, now)
		if err != nil || rep.Available() {
			return err
		}
		if rep, err = o.check(ctx, cal, c, now); err != nil {
			return err
		}
		return refusal(rep)
	}
}

// submittedView is the View of request r just stored with occurrences occ:
// its report as View makes it (the pending requests for the same time), and
// its history and jobs, without reading again what Submit knows.
func (o *Office) submittedView(ctx context.Context, r booking.Request, occ []booking.Slot) (View, error) {
	v := View{Request: r, Occurrences: occ}
	var err error
	if v.Report, err = o.recheckOccurrences(ctx, o.opt.Store, r, occ); err != nil {
		return View{}, err
	}
	if v.History, err = o.opt.Store.History(ctx, r.ID); err != nil {
		return View{}, fmt.Errorf("request %d: %w", r.ID, err)
	}
	if v.Deliveries, err = o.opt.Store.RequestJobs(ctx, r.ID); err != nil {
		return View{}, fmt.Errorf("request %d: %w", r.ID, err)
	}
	return v, nil
}

// expand lists the occurrences of r. An open-ended recurrence is stored with
// the COUNT it was expanded to, so that the feeds and Google show exactly the
// occurrences that were checked and booked, never an endless series.
func (o *Office) expand(r *booking.Request, now time.Time) ([]booking.Slot, error) {
	occ, err := booking.Expand(r.Start, r.End, r.Recurrence, o.opt.Rules, now)
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

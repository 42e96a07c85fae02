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
	// View is the request as its submission left it: its occurrences, the
	// conflict report its check gave inside the transaction that stored it
	// (the earlier requests for the same time), its first transition and the
	// jobs it enqueued. A replay's View is read as View reads it.
	View View
	// Replayed is true when an Idempotency-Key returned an earlier submission.
	Replayed bool
}

// Submit validates a new request, checks it against every rule inside the
// write transaction that stores it, and records SOP step 1. A request that
// breaks a hard rule is refused with a *RuleError carrying the conflict report
// and nothing is written. idemKey and bodyHash make a retry return the first
// submission.
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
	check := func(ctx context.Context, cal store.Calendar) error {
		var err error
		if rep, err = o.check(ctx, cal, cand, now); err != nil {
			return err
		}
		if !rep.Available() {
			return refusal(rep)
		}
		return nil
	}
	saved, replayed, err := o.opt.Store.Submit(ctx, sub, check)
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
	v, err := o.submittedView(ctx, saved, occ, rep, replayed)
	if err != nil {
		return Submitted{}, fmt.Errorf("submit: %w", err)
	}
	return Submitted{Request: saved, TrackingToken: o.TrackingToken(saved.UID), Report: rep, View: v,
		Replayed: replayed}, nil
}

// submittedView is the View of request r just submitted with occurrences occ
// and report rep: only its history and jobs are read. A replay is viewed in
// full, as the check did not run.
func (o *Office) submittedView(ctx context.Context, r booking.Request, occ []booking.Slot, rep booking.Report, replayed bool) (View, error) {
	if replayed {
		return o.view(ctx, r)
	}
	v := View{Request: r, Occurrences: occ, Report: rep}
	var err error
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

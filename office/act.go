package office

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// Act takes an SOP step on request id. The state machine decides whether the
// actor may take it now; where the SOP re-checks the schedule (the Kabid
// reporting the room available, the secretary informing the applicant of an
// approval) the rules run again inside the same write transaction, so two
// overlapping requests can never both be approved.
func (o *Office) Act(ctx context.Context, id int64, act booking.Act) (booking.Request, error) {
	if act.At.IsZero() {
		act.At = o.Now()
	}
	act.Location = o.Location()
	act.Note = strings.TrimSpace(act.Note)
	if err := checkText("note", act.Note, 2000, false, true); err != nil {
		return booking.Request{}, err
	}
	var rep booking.Report
	fn := func(ctx context.Context, r *booking.Request, turnSince time.Time, cal store.Calendar) (booking.Transition, error) {
		t, err := booking.Apply(r, act, turnSince, o.opt.Standards)
		if err != nil || !needsRecheck(act, r) {
			return t, err
		}
		if rep, err = o.recheck(ctx, cal, *r); err != nil {
			return t, err
		}
		if !rep.Available() {
			return t, refusal(rep)
		}
		return t, nil
	}
	r, err := o.opt.Store.Act(ctx, id, fn)
	if err != nil {
		if re, ok := err.(*RuleError); ok {
			o.countFailures(re.Report)
			return booking.Request{}, re
		}
		return booking.Request{}, fmt.Errorf("request %d: %s: %w", id, act.Action, err)
	}
	o.changed()
	o.opt.Metrics.transition(string(act.Action))
	if r.Status.Final() {
		// Its open conflicts need nobody's decision any more: withdrawn.
		if _, err := o.Watch(ctx, Scope{Requests: []int64{id}}); err != nil {
			slog.WarnContext(ctx, "watch after a final step", slog.Int64("request", id), slog.Any("err", err))
		}
	}
	return r, nil
}

// needsRecheck says whether the step is one where the SOP re-checks the schedule.
func needsRecheck(act booking.Act, r *booking.Request) bool {
	switch act.Action {
	case booking.ActionCheck:
		return act.Decision == booking.DecisionAvailable
	case booking.ActionInform:
		return r.Status == booking.StatusApproved
	}
	return false
}

// ExpireOverdue moves every request still in the chain whose start has passed
// to expired, as the system. It returns how many it expired.
func (o *Office) ExpireOverdue(ctx context.Context) (int, error) {
	now := o.Now()
	ids, err := o.opt.Store.Overdue(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("expire: %w", err)
	}
	system := booking.Actor{Name: "system", Roles: []booking.Role{booking.RoleSystem}}
	n := 0
	for _, id := range ids {
		_, err := o.Act(ctx, id, booking.Act{Action: booking.ActionExpire, Actor: system, At: now})
		if err != nil {
			slog.WarnContext(ctx, "expire request", slog.Int64("request", id), slog.Any("err", err))
			continue
		}
		n++
	}
	return n, nil
}

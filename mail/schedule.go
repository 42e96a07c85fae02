package mail

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// ScheduleInterval is how often RunScheduler looks for notices that are due.
const ScheduleInterval = time.Minute

// waiting says, for each state where someone must act, which step is awaited.
// Prepare is not listed: the readiness notice the day before asks for it.
var waiting = map[booking.Status]booking.Action{
	booking.StatusSubmitted: booking.ActionForward,
	booking.StatusForwarded: booking.ActionDispose,
	booking.StatusDisposed:  booking.ActionCheck,
	booking.StatusChecked:   booking.ActionRelay,
	booking.StatusRelayed:   booking.ActionInform,
	booking.StatusPrepared:  booking.ActionReport,
	booking.StatusReported:  booking.ActionClose,
}

// RunScheduler enqueues the scheduled notices at once and then every
// ScheduleInterval until ctx is done; wake (optional) tells the worker.
func (m *Mailer) RunScheduler(ctx context.Context, wake func()) {
	t := time.NewTicker(ScheduleInterval)
	defer t.Stop()
	for {
		n, err := m.Schedule(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			m.opt.Log.Error("mail: schedule notices", slog.Any("err", err))
		case n > 0 && wake != nil:
			wake()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Schedule enqueues the notices due now: readiness to the Kabid and the
// vidcon team within mail.readiness_hours before an approved booking, the
// usage report to the vidcon team after the end, and for a step past its
// time standard one reminder to its actor and, past mail.escalate_after
// times the standard, one escalation to the one above (reminders only in
// office hours). Every job has a dedupe key, so running it again enqueues
// nothing new. It returns how many jobs it offered.
func (m *Mailer) Schedule(ctx context.Context) (int, error) {
	now := m.off.Now()
	jobs, err := m.readiness(ctx, now)
	if err != nil {
		return 0, err
	}
	due, err := m.reportsDue(ctx, now)
	if err != nil {
		return 0, err
	}
	jobs = append(jobs, due...)
	jobs = append(jobs, m.complianceReportJobs(now)...) // report.go
	if m.officeHours(now) {
		late, err := m.lateSteps(ctx, now)
		if err != nil {
			return 0, err
		}
		jobs = append(jobs, late...)
	}
	if len(jobs) == 0 {
		return 0, nil
	}
	return len(jobs), m.st.Enqueue(ctx, jobs...)
}

func (m *Mailer) readiness(ctx context.Context, now time.Time) ([]store.Job, error) {
	ahead := time.Duration(m.opt.Mail.ReadinessHours) * time.Hour
	if ahead <= 0 {
		return nil, nil
	}
	list, err := m.st.Requests(ctx, store.Filter{Status: []booking.Status{booking.StatusApproved},
		From: now, To: now.Add(ahead)})
	if err != nil {
		return nil, err
	}
	var jobs []store.Job
	for _, r := range list {
		if r.Start.After(now) {
			jobs = append(jobs, m.notice(r.ID, "readiness", payload{Event: EventReadiness}, now))
		}
	}
	return jobs, nil
}

func (m *Mailer) reportsDue(ctx context.Context, now time.Time) ([]store.Job, error) {
	list, err := m.st.Requests(ctx, store.Filter{Status: []booking.Status{booking.StatusPrepared}})
	if err != nil {
		return nil, err
	}
	var jobs []store.Job
	for _, r := range list {
		if !now.Before(r.End) {
			jobs = append(jobs, m.notice(r.ID, "report_due", payload{Event: EventReportDue}, now))
		}
	}
	return jobs, nil
}

// lateSteps finds the steps past their standard.
func (m *Mailer) lateSteps(ctx context.Context, now time.Time) ([]store.Job, error) {
	var states []booking.Status
	for s := range waiting {
		states = append(states, s)
	}
	slices.Sort(states)
	list, err := m.st.Requests(ctx, store.Filter{Status: states})
	if err != nil {
		return nil, err
	}
	var jobs []store.Job
	for _, r := range list {
		h, err := m.st.History(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, m.late(r, last(h), now)...)
	}
	return jobs, nil
}

// late returns the reminder and the escalation r is due, if any.
func (m *Mailer) late(r booking.Request, turn booking.Transition, now time.Time) []store.Job {
	a := waiting[r.Status]
	std := m.standard(a)
	since := waitingSince(a, r, turn)
	if std <= 0 || turn.ID == 0 || now.Sub(since) <= std {
		return nil
	}
	key := fmt.Sprintf("%d", turn.ID)
	jobs := []store.Job{m.notice(r.ID, "reminder:"+key, payload{Event: EventReminder, Action: a, Turn: turn.ID}, now)}
	if x := m.opt.Mail.EscalateAfter; x > 0 && now.Sub(since) > time.Duration(x)*std {
		p := payload{Event: EventEscalation, Action: a, Turn: turn.ID, Times: x}
		jobs = append(jobs, m.notice(r.ID, "escalation:"+key, p, now))
	}
	return jobs
}

// waitingSince is when step a of r became due: when its turn came, but for
// the usage report not before the booking's end.
func waitingSince(a booking.Action, r booking.Request, turn booking.Transition) time.Time {
	if a == booking.ActionReport && r.End.After(turn.At) {
		return r.End
	}
	return turn.At
}

// notice is a scheduled job of request id; its dedupe key makes it once.
func (m *Mailer) notice(id int64, what string, p payload, now time.Time) store.Job {
	return store.Job{Kind: Kind, DedupeKey: fmt.Sprintf("mail:%s:%d", what, id), RequestID: id,
		Payload: mustJSON(p), RunAt: now, CreatedAt: now}
}

// officeHours reports whether now is within the opening hours of an open day.
func (m *Mailer) officeHours(now time.Time) bool {
	rules := m.off.Rules()
	loc := m.off.Location()
	day := booking.DateOf(now, loc)
	if slices.Contains(rules.ClosedWeekdays, day.Weekday()) {
		return false
	}
	for _, d := range rules.ClosedDates {
		if booking.DateOf(d, loc).Equal(day) {
			return false
		}
	}
	of := now.In(loc).Sub(day)
	return of >= rules.Open && (rules.Close == 0 || of < rules.Close)
}

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
// times the standard, one escalation to the one above, the same for a
// standing conflict left waiting (reminders only in office hours), and the
// Kabid's morning digest while conflicts are open. Every job has a dedupe key, so running it again enqueues
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
		waiting, err := m.conflictsLate(ctx, now) // conflict_schedule.go
		if err != nil {
			return 0, err
		}
		jobs = append(jobs, waiting...)
	}
	digest, err := m.digestJobs(ctx, now) // digest.go
	if err != nil {
		return 0, err
	}
	jobs = append(jobs, digest...)
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
	turns, err := m.waitingTurns(ctx)
	if err != nil {
		return nil, err
	}
	var jobs []store.Job
	for _, t := range turns {
		jobs = append(jobs, m.late(t, now)...)
	}
	return jobs, nil
}

// turn is a request waiting for a step of the chain, and the transition
// that made it someone's turn.
type turn struct {
	r booking.Request
	t booking.Transition
}

// waitingTurns are the requests waiting for someone's step.
func (m *Mailer) waitingTurns(ctx context.Context) ([]turn, error) {
	var states []booking.Status
	for s := range waiting {
		states = append(states, s)
	}
	slices.Sort(states)
	list, err := m.st.Requests(ctx, store.Filter{Status: states})
	if err != nil {
		return nil, err
	}
	var out []turn
	for _, r := range list {
		h, err := m.st.History(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, turn{r: r, t: last(h)})
	}
	return out, nil
}

// overdue returns the step t waits for, since when, and whether it is past
// its standard now.
func (m *Mailer) overdue(t turn, now time.Time) (booking.Action, time.Time, bool) {
	a := waiting[t.r.Status]
	std := m.standard(a)
	since := waitingSince(a, t.r, t.t)
	return a, since, std > 0 && t.t.ID != 0 && now.Sub(since) > std
}

// late returns the reminder and the escalation t is due, if any.
func (m *Mailer) late(t turn, now time.Time) []store.Job {
	a, since, late := m.overdue(t, now)
	if !late {
		return nil
	}
	r, std := t.r, m.standard(a)
	key := fmt.Sprintf("%d", t.t.ID)
	jobs := []store.Job{m.notice(r.ID, "reminder:"+key, payload{Event: EventReminder, Action: a, Turn: t.t.ID}, now)}
	if x := m.opt.Mail.EscalateAfter; x > 0 && now.Sub(since) > time.Duration(x)*std {
		p := payload{Event: EventEscalation, Action: a, Turn: t.t.ID, Times: x}
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

// officeHours reports whether now is within the opening hours of an open
// day: not a closed weekday, a closed date nor an imported holiday.
func (m *Mailer) officeHours(now time.Time) bool {
	rules := m.off.Rules()
	if rules.ClosedOn(now) {
		return false
	}
	loc := m.off.Location()
	day := booking.DateOf(now, loc)
	of := now.In(loc).Sub(day)
	return of >= rules.Open && (rules.Close == 0 || of < rules.Close)
}

package web

import (
	"slices"
	"strconv"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// The staff's pages: the inbox (staff_inbox.go), a request with the forms
// of the steps its reader may take (staff_request.go, staff_transition.go)
// and the logbook (staff_logbook.go). Each is for a signed-in member of
// staff, who acts in the roles they hold today, acting officials included.

// staffRoutes registers the staff's pages.
func (s *Server) staffRoutes() {
	h := s.h
	s.page("GET /staff", h.showInbox)
	s.page("GET /staff/requests/{id}", h.showStaffRequest)
	s.page("POST /staff/requests/{id}/transitions", h.doStaffTransition)
	s.page("GET /staff/logbook", h.showStaffLogbook)
	s.page("GET /staff/logbook.csv", h.staffLogbookCSV)
	s.page("GET /staff/logbook.xlsx", h.staffLogbookXLSX)
	s.conflictRoutes() // staff_conflict.go
}

// chainStatuses are the states in which a step of the chain is still to
// be taken, in the chain's order.
var chainStatuses = []booking.Status{
	booking.StatusSubmitted, booking.StatusForwarded, booking.StatusDisposed, booking.StatusChecked,
	booking.StatusRelayed, booking.StatusApproved, booking.StatusPrepared, booking.StatusReported,
}

// nextStep is the step of the chain taken at status st (ok false past the
// chain's end).
func nextStep(st booking.Status) (booking.Step, bool) {
	for _, s := range booking.Steps {
		if s.Action == booking.ActionCancel || s.Action == booking.ActionExpire {
			continue
		}
		if slices.Contains(s.From, st) {
			return s, true
		}
	}
	return booking.Step{}, false
}

// mayTake says whether actor may take step now on a request that ends at
// end: a role of the step, and the SOP's timing (readiness and cancelling
// before the end of the use, the usage report after it).
func mayTake(step booking.Step, actor booking.Actor, end, now time.Time) bool {
	if !slices.ContainsFunc(step.Roles, actor.Holds) {
		return false
	}
	switch step.Action {
	case booking.ActionPrepare, booking.ActionCancel:
		return now.Before(end)
	case booking.ActionReport:
		return !now.Before(end)
	}
	return true
}

// turnsOf splits the chain into the turns actor may take now (mine) and
// the others. A step bound to the end of the use (readiness before it, the
// usage report after it) is in both, on each side of now.
func turnsOf(actor booking.Actor, std booking.Standards, now time.Time) (mine, others []store.Turn) {
	for _, st := range chainStatuses {
		step, _ := nextStep(st)
		t := store.Turn{Status: st, Standard: std[step.Action]}
		switch {
		case !slices.ContainsFunc(step.Roles, actor.Holds):
			others = append(others, t)
		case step.Action == booking.ActionPrepare:
			mine, others = append(mine, ended(t, now, false)), append(others, ended(t, now, true))
		case step.Action == booking.ActionReport:
			mine, others = append(mine, ended(t, now, true)), append(others, ended(t, now, false))
		default:
			mine = append(mine, t)
		}
	}
	return mine, others
}

// ended restricts t to the requests whose use has ended by now, or not.
func ended(t store.Turn, now time.Time, yes bool) store.Turn {
	if yes {
		t.EndedBy = now
	} else {
		t.EndsAfter = now
	}
	return t
}

// stepAge says how long a step has waited against its standard:
// "12 menit (standar 5 menit)", and whether it is late.
func stepAge(p *locale.Printer, since, now time.Time, standard time.Duration) (string, bool) {
	age := max(now.Sub(since), 0)
	if standard <= 0 {
		return p.Get("staff.age_plain", duration(p, age)), false
	}
	return p.Get("staff.age", duration(p, age), duration(p, standard)), age > standard
}

// duration words a length of time, to the minute: "2 hari 3 jam",
// "1 jam 5 menit", "12 menit".
func duration(p *locale.Printer, d time.Duration) string {
	m := int(d / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	unit := func(n int, one, other string) string {
		if n == 1 {
			return p.Get(one, n)
		}
		return p.Get(other, n)
	}
	switch {
	case days > 0 && hours > 0:
		return unit(days, "staff.day", "staff.days") + " " + unit(hours, "duration.hour", "duration.hours")
	case days > 0:
		return unit(days, "staff.day", "staff.days")
	case hours > 0 && mins > 0:
		return unit(hours, "duration.hour", "duration.hours") + " " + unit(mins, "duration.minute", "duration.minutes")
	case hours > 0:
		return unit(hours, "duration.hour", "duration.hours")
	}
	return unit(mins, "duration.minute", "duration.minutes")
}

// staffRequestPath is the staff's page of request id.
func staffRequestPath(id int64) string { return "/staff/requests/" + strconv.FormatInt(id, 10) }

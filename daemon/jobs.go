package daemon

import (
	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// combinePlanners asks every planner in turn; the store enqueues all the jobs
// they plan in the transaction of the transition.
func combinePlanners(planners ...store.JobPlanner) store.JobPlanner {
	var live []store.JobPlanner
	for _, p := range planners {
		if p != nil {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return func(r booking.Request, t booking.Transition) []store.Job {
		var jobs []store.Job
		for _, p := range live {
			jobs = append(jobs, p(r, t)...)
		}
		return jobs
	}
}

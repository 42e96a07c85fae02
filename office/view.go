package office

import (
	"context"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// View is a request as staff (or its applicant) see it: the request, its
// occurrences, its live conflict report and its history.
type View struct {
	Request     booking.Request
	Occurrences []booking.Slot
	Report      booking.Report // conflicts and warnings as of now (only while it can still change)
	History     []booking.Transition
	// Deliveries are the outbound jobs the request's steps caused (emails,
	// Google pushes), so a delivery that failed for good shows on its history.
	Deliveries []store.Job
}

// View loads request id with its history and, while it is pending or booked,
// its conflicts against the room's calendar as it is now.
func (o *Office) View(ctx context.Context, id int64) (View, error) {
	r, err := o.opt.Store.Request(ctx, id)
	if err != nil {
		return View{}, fmt.Errorf("request %d: %w", id, err)
	}
	return o.view(ctx, r)
}

// view is View of r as already read.
func (o *Office) view(ctx context.Context, r booking.Request) (View, error) {
	id := r.ID
	v := View{Request: r}
	var err error
	if v.Occurrences, err = o.opt.Store.Occurrences(ctx, id); err != nil {
		return View{}, fmt.Errorf("request %d: %w", id, err)
	}
	if v.History, err = o.opt.Store.History(ctx, id); err != nil {
		return View{}, fmt.Errorf("request %d: %w", id, err)
	}
	if v.Deliveries, err = o.opt.Store.RequestJobs(ctx, id); err != nil {
		return View{}, fmt.Errorf("request %d: %w", id, err)
	}
	if r.Status.Pending() || r.Status == booking.StatusApproved {
		if v.Report, err = o.recheckOccurrences(ctx, o.opt.Store, r, v.Occurrences); err != nil {
			return View{}, err
		}
	}
	return v, nil
}

// Lookup returns request id for its applicant, who proves it with the tracking
// token; a wrong token answers like an unknown id.
func (o *Office) Lookup(ctx context.Context, id int64, token string) (View, error) {
	r, err := o.opt.Store.Request(ctx, id)
	if err != nil {
		return View{}, fmt.Errorf("request %d: %w", id, err)
	}
	if !o.VerifyTracking(r.UID, token) {
		return View{}, fmt.Errorf("request %d: %w", id, errNotFound)
	}
	return o.view(ctx, r)
}

package office

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// Scope is what a watch re-checks: the requests named, those with an
// occurrence in one of the windows, or every live request.
type Scope struct {
	Requests []int64
	Windows  []store.Window
	All      bool
}

// Watched is what a watch did.
type Watched struct {
	Checked int              // requests re-checked
	Opened  []store.Conflict // conflicts found (new, or back)
	Closed  []store.Conflict // conflicts that went away by themselves or were withdrawn
}

// Watch re-checks the bookings (approved, or still in the chain) that a
// change touched, against every rule as it stands now, and makes their
// standing conflicts what it finds: a new cause opens a conflict (the Kabid
// is emailed through the store's job planner), a cause gone away closes it
// (and the Kabid is told). A request whose conflicts did not change costs
// reads only. The windows are widened by the buffer, which keeps a booking
// apart from what is near it.
func (o *Office) Watch(ctx context.Context, sc Scope) (Watched, error) {
	// Holidays another process imported (the CLI, a replica) count at once:
	// a re-check on stale ones would close a holiday's conflict as gone.
	if err := o.RefreshHolidays(ctx); err != nil {
		return Watched{}, fmt.Errorf("watch: %w", err)
	}
	now := o.Now()
	ids := slices.Clone(sc.Requests)
	st := o.opt.Store
	switch {
	case sc.All:
		all, err := st.LiveRequests(ctx, now)
		if err != nil {
			return Watched{}, fmt.Errorf("watch: %w", err)
		}
		ids = append(ids, all...)
	case len(sc.Windows) > 0:
		buf := o.Rules().Buffer
		wide := make([]store.Window, len(sc.Windows))
		for i, w := range sc.Windows {
			wide[i] = store.Window{Room: w.Room, Start: w.Start.Add(-buf), End: w.End.Add(buf)}
		}
		touched, err := st.Touching(ctx, wide, now)
		if err != nil {
			return Watched{}, fmt.Errorf("watch: %w", err)
		}
		ids = append(ids, touched...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out Watched
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		rec, err := o.watchOne(ctx, id, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out.Checked++
		out.Opened = append(out.Opened, rec.Opened...)
		out.Closed = append(out.Closed, rec.Closed...)
	}
	if len(out.Opened)+len(out.Closed) > 0 {
		o.changed()
		o.opt.Metrics.conflicts(len(out.Opened))
	}
	return out, errors.Join(errs...)
}

// watchOne re-checks request id and writes its conflicts when they change.
func (o *Office) watchOne(ctx context.Context, id int64, now time.Time) (store.Reconciled, error) {
	st := o.opt.Store
	r, err := st.Request(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Reconciled{}, nil
	}
	if err != nil {
		return store.Reconciled{}, fmt.Errorf("watch request %d: %w", id, err)
	}
	stored, err := st.RequestConflicts(ctx, id)
	if err != nil {
		return store.Reconciled{}, fmt.Errorf("watch request %d: %w", id, err)
	}
	var found []store.Finding
	if r.Status.Live() {
		if found, err = o.findings(ctx, r, now); err != nil {
			return store.Reconciled{}, fmt.Errorf("watch request %d: %w", id, err)
		}
	}
	if !changes(stored, found) {
		return store.Reconciled{}, nil
	}
	o.suggestFor(ctx, r, stored, found, now)
	rec, err := st.ReconcileConflicts(ctx, id, found, now)
	if err != nil {
		return rec, fmt.Errorf("watch request %d: %w", id, err)
	}
	return rec, nil
}

// findings runs the rules on r's occurrences still ahead.
func (o *Office) findings(ctx context.Context, r booking.Request, now time.Time) ([]store.Finding, error) {
	occ, err := o.opt.Store.LiveOccurrences(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	slots := make([]booking.Slot, len(occ))
	ids := map[int64]int64{} // start -> occurrence id
	for i, x := range occ {
		slots[i] = x.Slot
		ids[x.Start.UnixNano()] = x.ID
	}
	cal := newLazyCalendar(ctx, o.opt.Store)
	cal.uncounted = true // the pending requests in the way only warn: not read
	problems := booking.Standing(o.candidate(r), slots, cal, o.Rules(), now)
	if cal.err != nil {
		return nil, cal.err
	}
	found := make([]store.Finding, 0, len(problems))
	for _, p := range problems {
		if r.Status.Pending() && p.Busy != nil && p.Busy.Kind != booking.BusyExternal {
			// A request in the chain that meets an approved booking is the
			// chain's business: the Kabid's check and the inform refuse it.
			continue
		}
		f := store.Finding{OccurrenceID: ids[p.Occurrence.Start.UnixNano()], Start: p.Occurrence.Start,
			End: p.Occurrence.End, Code: p.Code, Key: p.Key, Cause: p.Cause, CauseEN: p.CauseEN}
		if p.Whole {
			f.OccurrenceID = 0
		}
		found = append(found, f)
	}
	return found, nil
}

// changes reports whether the findings differ from the conflicts stored:
// a finding with no open conflict that the Kabid did not keep already
// (store.KeptAlready), an open conflict not found, or an open one whose
// words or time changed.
func changes(stored []store.Conflict, found []store.Finding) bool {
	open := map[[2]any]store.Conflict{}
	var kept []store.Conflict
	for _, c := range stored {
		switch {
		case c.Open():
			open[[2]any{c.OccurrenceID, c.Key}] = c
		case c.Resolution == booking.ResolvedKept:
			kept = append(kept, c)
		}
	}
	seen := 0
	for _, f := range found {
		c, ok := open[[2]any{f.OccurrenceID, f.Key}]
		switch {
		case !ok && store.KeptAlready(kept, f):
		case !ok:
			return true
		case c.Cause != f.Cause || !c.Start.Equal(f.Start) || !c.End.Equal(f.End):
			return true
		default:
			seen++
		}
	}
	return seen != len(open)
}

// suggestFor fills the alternatives of the findings that open a conflict,
// or whose open conflict's occurrence moved: the nearest free slots of the
// occurrence's length, judged as at the request's submission (a move is the
// Kabid's call, not a new request: no lead time), from the occurrence on.
// An open conflict whose occurrence stayed keeps its alternatives.
func (o *Office) suggestFor(ctx context.Context, r booking.Request, stored []store.Conflict, found []store.Finding, now time.Time) {
	open := map[[2]any]store.Conflict{}
	for _, c := range stored {
		if c.Open() {
			open[[2]any{c.OccurrenceID, c.Key}] = c
		}
	}
	for i := range found {
		f := &found[i]
		c, ok := open[[2]any{f.OccurrenceID, f.Key}]
		if ok && c.Start.Equal(f.Start) && c.End.Equal(f.End) || !curable(f.Code) {
			continue
		}
		f.Suggestions = o.alternatives(ctx, r, booking.Slot{Start: f.Start, End: f.End}, now)
	}
}

// curable reports whether another time can cure a cause.
func curable(c booking.Code) bool {
	return c == booking.CodeOverlap || c == booking.CodeClosed || c == booking.CodeHours
}

// alternatives proposes free slots for occurrence s of r, from s or from
// now when that is later.
func (o *Office) alternatives(ctx context.Context, r booking.Request, s booking.Slot, now time.Time) []booking.Slot {
	c := o.candidate(r)
	c.Start, c.End, c.Recurrence = s.Start, s.End, ""
	if c.Start.Before(now) {
		d := c.End.Sub(c.Start)
		c.Start = now
		c.End = now.Add(d)
	}
	cal := newLazyCalendar(ctx, o.opt.Store)
	slots := booking.Suggest(c, cal, o.Rules(), r.CreatedAt)
	if cal.err != nil {
		slog.WarnContext(ctx, "watch: alternatives", slog.Int64("request", r.ID), slog.Any("err", cal.err))
		return []booking.Slot{}
	}
	return slots
}

// ConfigFingerprint is what of the config the bookings depend on, as a
// string kept in the database: the closed dates and weekdays, the opening
// hours, the buffer, and each room's capacity and equipment. A start with a
// fingerprint other than the last one seen re-checks every live booking.
func ConfigFingerprint(rules booking.Rules, rooms []booking.Room) string {
	days := make([]string, len(rules.ClosedDates))
	for i, d := range rules.ClosedDates {
		days[i] = d.Format(time.DateOnly)
	}
	slices.Sort(days)
	weekdays := slices.Clone(rules.ClosedWeekdays)
	slices.Sort(weekdays)
	s := fmt.Sprintf("closed=%v weekdays=%v open=%s close=%s buffer=%s", days, weekdays, rules.Open, rules.Close, rules.Buffer)
	for _, r := range rooms {
		names := make([]string, 0, len(r.Equipment))
		for n := range r.Equipment {
			names = append(names, n)
		}
		slices.Sort(names)
		s += fmt.Sprintf(" room=%s capacity=%d", r.ID, r.Capacity)
		for _, n := range names {
			s += fmt.Sprintf(" %s=%d", n, r.Equipment[n])
		}
	}
	return s
}

// configKey is the sync_state key of the last config fingerprint seen.
const configKey = "watch:config"

// WatchConfig re-checks every live booking when the config's rules or rooms
// differ from those of the last start (or on the first start with the
// watch), and then records them. It reports whether it re-checked.
func (o *Office) WatchConfig(ctx context.Context) (bool, Watched, error) {
	fp := ConfigFingerprint(o.opt.Rules, o.opt.Rooms)
	last, _, err := o.opt.Store.SyncState(ctx, configKey)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, Watched{}, fmt.Errorf("watch config: %w", err)
	}
	if err == nil && last == fp {
		return false, Watched{}, nil
	}
	w, err := o.Watch(ctx, Scope{All: true})
	if err != nil {
		return true, w, err
	}
	if err := o.opt.Store.SetSyncState(ctx, configKey, fp, o.Now()); err != nil {
		return true, w, fmt.Errorf("watch config: %w", err)
	}
	return true, w, nil
}

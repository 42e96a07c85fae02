package google

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// DefaultPollInterval is how often the calendar is imported when not configured.
const DefaultPollInterval = time.Minute

// untitled is the busy span's title of an event with no summary.
const untitled = "(tanpa judul)"

// Poller imports the calendar: the busy time of the events ccroom did not
// create, and the drift of those it did.
//
// One calendar serves the whole office, so an external event blocks every
// room, unless its location names a room (its id or name, any case): then it
// blocks that room only.
type Poller struct {
	Store    store.Store
	Client   *Client
	Rooms    []booking.Room
	Location *time.Location // the zone of all-day events; UTC when nil
	Interval time.Duration  // DefaultPollInterval when 0
	Now      func() time.Time
	Log      *slog.Logger
	Metrics  *Metrics
	// Wake, when set, is called after a restore was enqueued (the push
	// worker's Wake).
	Wake func()
	// Touched, when set, is called after an import changed the busy time
	// of the windows given (events added, moved or removed: where they
	// were and where they are): the daemon re-checks the bookings there.
	Touched func(ctx context.Context, windows []store.Window) error
}

// Import is what one poll did.
type Import struct {
	Full     bool // a full sync (first run, or the token was gone)
	Pages    int  // list calls
	Busy     int  // external events written
	Removed  int  // external events removed
	Restored int  // ccroom events put back
	Touched  int  // windows of busy time the import changed
}

// TokenKey is the sync_state key of the calendar's sync token; its time is
// the last successful import.
func TokenKey(calendarID string) string { return "google:" + calendarID + ":sync_token" }

// Run polls every Interval until ctx is done.
func (p *Poller) Run(ctx context.Context) {
	every := p.Interval
	if every <= 0 {
		every = DefaultPollInterval
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := p.PollOnce(ctx); err != nil && ctx.Err() == nil {
			p.log().Error("google: import", slog.Any("err", err))
		}
		p.refreshGauges(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PollOnce imports the changes since the last poll: with the stored sync
// token, or all events when there is none or Google says it is gone (410).
func (p *Poller) PollOnce(ctx context.Context) (Import, error) {
	key := TokenKey(p.Client.CalendarID())
	token, _, err := p.Store.SyncState(ctx, key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Import{}, err
	}
	var imp Import
	events, next, err := p.fetch(ctx, token, &imp)
	if statusOf(err) == 410 && token != "" {
		p.log().Warn("google: sync token gone, syncing in full", slog.String("calendar", p.Client.CalendarID()))
		events, next, err = p.fetch(ctx, "", &imp)
	}
	if err != nil {
		return imp, err
	}
	sync := store.ExternalSync{CalendarID: p.Client.CalendarID(), Full: imp.Full, TokenKey: key, Token: next, At: p.now()}
	var ours []*calendar.Event
	for _, ev := range events {
		if id, _ := requestOf(ev); id != 0 {
			ours = append(ours, ev)
			sync.Remove = append(sync.Remove, ev.Id)
			continue
		}
		if x, busy := p.external(ev); busy {
			sync.Upsert = append(sync.Upsert, x)
		} else if !imp.Full {
			sync.Remove = append(sync.Remove, ev.Id)
		}
	}
	if imp.Full {
		sync.Remove = nil
	}
	touched, err := p.Store.SyncExternalTouched(ctx, sync)
	if err != nil {
		return imp, err
	}
	imp.Busy, imp.Removed, imp.Touched = len(sync.Upsert), len(sync.Remove), len(touched)
	if p.Metrics != nil {
		p.Metrics.LastImport.Set(float64(sync.At.Unix()))
	}
	if len(touched) > 0 && p.Touched != nil {
		// The import is written; a failed re-check is logged, and the
		// daemon's sweep and the next change look again.
		if err := p.Touched(ctx, touched); err != nil && ctx.Err() == nil {
			p.log().Error("google: re-check the bookings an import touched", slog.Any("err", err))
		}
	}
	imp.Restored, err = p.restore(ctx, ours)
	return imp, err
}

// fetch lists every page of the changes since token (everything when "").
func (p *Poller) fetch(ctx context.Context, token string, imp *Import) ([]*calendar.Event, string, error) {
	imp.Full = token == ""
	var all []*calendar.Event
	page := ""
	for {
		res, err := p.Client.List(ctx, token, page)
		imp.Pages++
		if err != nil {
			return nil, "", err
		}
		all = append(all, res.Items...)
		if res.NextPageToken == "" {
			return all, res.NextSyncToken, nil
		}
		page = res.NextPageToken
	}
}

// external turns an event ccroom did not create into busy time; false when
// it takes none (deleted, marked free, without times, or at a date outside
// the years 2000 to 2200).
func (p *Poller) external(ev *calendar.Event) (store.ExternalEvent, bool) {
	if ev.Status == "cancelled" || ev.Transparency == "transparent" || len(ev.Recurrence) > 0 {
		return store.ExternalEvent{}, false
	}
	start, err1 := p.instant(ev.Start)
	end, err2 := p.instant(ev.End)
	if err1 != nil || err2 != nil || !end.After(start) || !storable(start) || !storable(end) {
		return store.ExternalEvent{}, false
	}
	title := strings.TrimSpace(ev.Summary)
	if title == "" {
		title = untitled
	}
	updated, _ := time.Parse(time.RFC3339, ev.Updated)
	return store.ExternalEvent{CalendarID: p.Client.CalendarID(), EventID: ev.Id, Room: p.roomOf(ev.Location),
		Title: title, Start: start, End: end, UpdatedAt: updated}, true
}

// storable reports whether the import keeps an event at t: the years 2000 to
// 2200 (no booking lies outside them, and the store keeps 1678 to 2262). One
// absurd date typed by a person must not stop every import.
func storable(t time.Time) bool {
	return t.Year() >= 2000 && t.Year() <= 2200
}

// instant reads an event time; an all-day date starts at midnight in the
// office zone.
func (p *Poller) instant(d *calendar.EventDateTime) (time.Time, error) {
	switch {
	case d == nil:
		return time.Time{}, errors.New("no time")
	case d.DateTime != "":
		return time.Parse(time.RFC3339, d.DateTime)
	}
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	return time.ParseInLocation(time.DateOnly, d.Date, loc)
}

// roomOf is the room an event's location names, "" (every room) otherwise.
func (p *Poller) roomOf(location string) string {
	location = strings.TrimSpace(location)
	for _, r := range p.Rooms {
		if strings.EqualFold(location, r.ID) || (r.Name != "" && strings.EqualFold(location, r.Name)) {
			return r.ID
		}
	}
	return ""
}

// restore enqueues a push for each of ccroom's events that someone changed
// or deleted in Google, so it is put back as ccroom has it.
func (p *Poller) restore(ctx context.Context, ours []*calendar.Event) (int, error) {
	n := 0
	for _, ev := range ours {
		job, drifted, err := p.drift(ctx, ev)
		if err != nil {
			return n, err
		}
		if !drifted {
			continue
		}
		note := fmt.Sprintf("acara diubah langsung di Google Calendar (status %q, judul %q); dikembalikan seperti di ccroom",
			ev.Status, ev.Summary)
		added, err := p.Store.EnqueueRestore(ctx, job, note)
		if err != nil {
			return n, err
		}
		if !added {
			continue // its restore is queued already
		}
		n++
		p.Metrics.drift()
		p.log().Warn("google: event changed in Google, putting it back", slog.Int64("request", job.RequestID),
			slog.String("event", ev.Id), slog.String("status", ev.Status), slog.String("summary", ev.Summary))
	}
	if n > 0 && p.Wake != nil {
		p.Wake()
	}
	return n, nil
}

// drift says whether ev, one of ccroom's events, differs from what was last
// pushed, and returns the job that puts it back. An etag other than the one
// recorded is a change by someone else, unless the event carries a newer
// sequence than the record (a push whose record is not written yet) or both
// agree it is deleted. Instances of recurring events are not compared: their
// etags are not the master's.
func (p *Poller) drift(ctx context.Context, ev *calendar.Event) (store.Job, bool, error) {
	id, seq := requestOf(ev)
	if ev.RecurringEventId != "" {
		return store.Job{}, false, nil
	}
	g, err := p.Store.GoogleEvent(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		g = store.GoogleEvent{Sequence: -1}
	case err != nil:
		return store.Job{}, false, err
	}
	if ev.Etag == g.ETag || seq > g.Sequence || (g.Deleted && ev.Status == "cancelled") {
		return store.Job{}, false, nil
	}
	r, err := p.Store.Request(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Job{}, false, nil
	}
	if err != nil {
		return store.Job{}, false, fmt.Errorf("google: drift of request %d: %w", id, err)
	}
	job := pushJob(r, payload{Sequence: r.Sequence, Restore: true, ETag: ev.Etag})
	job.RunAt, job.CreatedAt = p.now(), p.now()
	return job, true, nil
}

// refreshGauges sets the queue depth and the sync lag.
func (p *Poller) refreshGauges(ctx context.Context) {
	if p.Metrics == nil {
		return
	}
	st, err := p.Store.JobStats(ctx, Kind)
	if err != nil {
		return
	}
	p.Metrics.QueueDepth.Set(float64(st.Pending))
	lag := 0.0
	if !st.OldestPending.IsZero() {
		lag = p.now().Sub(st.OldestPending).Seconds()
	}
	p.Metrics.SyncLag.Set(lag)
}

func (p *Poller) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// Kind is the outbox job kind of the pushes.
const Kind = "google"

// payload is a push job's own data.
type payload struct {
	Sequence int `json:"sequence"` // the request's sequence when it was enqueued
	// Restore: the event drifted in Google; ETag is the one the import saw.
	Restore bool   `json:"restore,omitempty"`
	ETag    string `json:"etag,omitempty"`
}

// Pusher makes Google hold ccroom's view of each request.
type Pusher struct {
	Store  store.Store
	Client *Client
	Look   Look
	Now    func() time.Time // time.Now when nil
	Log    *slog.Logger     // slog.Default when nil
	// Metrics, when set, counts the retries.
	Metrics *Metrics
}

// Plan is the store.JobPlanner of the pushes: one job per change of a
// request, keyed by its id and sequence, so a replayed transition enqueues
// nothing new. A request still in the chain enqueues none when tentative
// events are not shown.
func (p *Pusher) Plan(r booking.Request, t booking.Transition) []store.Job {
	if r.Status.Pending() && !p.Look.ShowTentative {
		return nil
	}
	return []store.Job{pushJob(r, payload{Sequence: r.Sequence})}
}

func pushJob(r booking.Request, pl payload) store.Job {
	key := fmt.Sprintf("google:%d:%d", r.ID, r.Sequence)
	if pl.Restore {
		key += ":restore:" + pl.ETag
	}
	data, _ := json.Marshal(pl) // a struct of ints, bools and strings
	return store.Job{Kind: Kind, DedupeKey: key, RequestID: r.ID, Payload: data}
}

// Handle is the outbox.Handler of the pushes. It reads the request as it is
// now and makes Google match it; a job older than the request's last change
// does nothing, since that change enqueued a job of its own.
func (p *Pusher) Handle(ctx context.Context, job store.Job) error {
	var pl payload
	if err := json.Unmarshal(job.Payload, &pl); err != nil {
		pl = payload{Restore: true}
	}
	r, err := p.Store.Request(ctx, job.RequestID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if pl.Sequence < r.Sequence {
		return nil
	}
	err = p.push(ctx, r, pl)
	if err != nil && !errors.Is(err, context.Canceled) {
		p.log().Warn("google: push", slog.Int64("request", r.ID), slog.String("event", r.UID), slog.Any("err", err))
	}
	return p.Metrics.jobError(err)
}

// Sync makes Google hold r as ccroom has it (`ccroom google` and tests).
func (p *Pusher) Sync(ctx context.Context, r booking.Request) error {
	return p.push(ctx, r, payload{Sequence: r.Sequence})
}

func (p *Pusher) push(ctx context.Context, r booking.Request, pl payload) error {
	g, err := p.Store.GoogleEvent(ctx, r.ID)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if known && g.Sequence == r.Sequence && !pl.Restore {
		return nil // pushed already (a job run again after a crash)
	}
	var exceptions []store.Exception
	if r.Recurrence != "" {
		if exceptions, err = p.Store.Exceptions(ctx, r.ID); err != nil {
			return err
		}
	}
	want := p.Look.Event(r, exceptions)
	if want == nil {
		return p.remove(ctx, r, g, known, pl.Restore)
	}
	return p.put(ctx, r, g, known, pl, want)
}

// put inserts or updates the event. An insert of an id that exists (a crash
// after Google took it, or a deleted event) answers 409 and becomes get +
// update; an update refused by If-Match (412) re-reads and applies again.
func (p *Pusher) put(ctx context.Context, r booking.Request, g store.GoogleEvent, known bool, pl payload, want *calendar.Event) error {
	var got *calendar.Event
	var err error
	if known {
		etag := g.ETag
		if g.Deleted {
			etag = ""
		}
		if pl.ETag != "" {
			etag = pl.ETag
		}
		got, err = p.Client.Update(ctx, want.Id, want, etag)
		switch statusOf(err) {
		case 412:
			got, err = p.reconcile(ctx, want)
		case 404:
			known = false
		}
	}
	if !known {
		got, err = p.Client.Insert(ctx, want)
		if statusOf(err) == 409 {
			got, err = p.reconcile(ctx, want)
		}
	}
	if err != nil {
		return err
	}
	return p.save(ctx, r, got.Etag, false)
}

// reconcile reads the event's etag and replaces it, a few times if it keeps
// changing.
func (p *Pusher) reconcile(ctx context.Context, want *calendar.Event) (*calendar.Event, error) {
	for range 3 {
		cur, err := p.Client.Get(ctx, want.Id)
		if err != nil {
			return nil, err
		}
		got, err := p.Client.Update(ctx, want.Id, want, cur.Etag)
		if statusOf(err) != 412 {
			return got, err
		}
	}
	return nil, fmt.Errorf("google: event %s changed under three updates in a row", want.Id)
}

// remove deletes the event; one already deleted or never created is fine.
// It asks Google even when nothing was recorded, since a crash may have
// come between Google's insert and the record of it.
func (p *Pusher) remove(ctx context.Context, r booking.Request, g store.GoogleEvent, known, force bool) error {
	if known && g.Deleted && !force {
		return nil
	}
	err := p.Client.Delete(ctx, r.UID)
	if s := statusOf(err); s == 404 || s == 410 {
		err = nil
	}
	if err != nil {
		return err
	}
	return p.save(ctx, r, "", true)
}

// save records what Google now holds. It runs after the call succeeded, so it
// is written even when a shutdown cancelled ctx meanwhile.
func (p *Pusher) save(ctx context.Context, r booking.Request, etag string, deleted bool) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return p.Store.SaveGoogleEvent(ctx, store.GoogleEvent{
		RequestID: r.ID, EventID: r.UID, ETag: etag, Sequence: r.Sequence, Deleted: deleted, PushedAt: p.now(),
	})
}

func (p *Pusher) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *Pusher) log() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

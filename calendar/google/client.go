package google

import (
	"context"
	"fmt"
	"sync"
	"time"

	calendar "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"
)

// DefaultTimeout bounds every call to Google.
const DefaultTimeout = 20 * time.Second

// Client calls one Google calendar: every call has a deadline and is
// counted, and a 401 rebuilds the credentials once and tries again.
type Client struct {
	calendarID string
	timeout    time.Duration
	pageSize   int64
	metrics    *Metrics
	connect    func(ctx context.Context) (*calendar.Service, error)

	mu  sync.Mutex
	svc *calendar.Service
}

// ClientOptions configure a Client.
type ClientOptions struct {
	CalendarID string
	// Options authenticate and locate the API (see Auth).
	Options []option.ClientOption
	// Auth, when set, builds fresh Options (after a 401); else Options are reused.
	Auth     func(ctx context.Context) ([]option.ClientOption, error)
	Timeout  time.Duration // per call; DefaultTimeout when 0
	PageSize int64         // events per list page; 250 when 0
	Metrics  *Metrics
}

// NewClient connects to the calendar (no call is made).
func NewClient(ctx context.Context, o ClientOptions) (*Client, error) {
	c := &Client{calendarID: o.CalendarID, timeout: o.Timeout, pageSize: o.PageSize, metrics: o.Metrics}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.pageSize <= 0 {
		c.pageSize = 250
	}
	c.connect = func(ctx context.Context) (*calendar.Service, error) {
		opts := o.Options
		if o.Auth != nil {
			var err error
			if opts, err = o.Auth(ctx); err != nil {
				return nil, err
			}
		}
		return calendar.NewService(context.WithoutCancel(ctx), opts...)
	}
	svc, err := c.connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("google: connect: %w", err)
	}
	c.svc = svc
	return c, nil
}

// CalendarID is the calendar the client works on.
func (c *Client) CalendarID() string { return c.calendarID }

func (c *Client) service() *calendar.Service {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.svc
}

// reconnect replaces the service with one holding fresh credentials.
func (c *Client) reconnect(ctx context.Context) error {
	svc, err := c.connect(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.svc = svc
	c.mu.Unlock()
	return nil
}

// call runs fn with a deadline and counts it; a 401 reconnects once and
// runs it again.
func call[T any](ctx context.Context, c *Client, method string, fn func(ctx context.Context, svc *calendar.Service) (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, c.timeout)
		v, err := fn(cctx, c.service())
		cancel()
		c.metrics.call(method, resultOf(err))
		if statusOf(err) == 401 && attempt == 0 && c.reconnect(ctx) == nil {
			continue
		}
		if err != nil {
			return v, fmt.Errorf("google: %s: %w", method, err)
		}
		return v, nil
	}
}

// Calendar returns the calendar's metadata (calendars.get).
func (c *Client) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return call(ctx, c, "calendars.get", func(ctx context.Context, s *calendar.Service) (*calendar.Calendar, error) {
		return s.Calendars.Get(c.calendarID).Context(ctx).Do()
	})
}

// Insert creates ev with its own id (events.insert).
func (c *Client) Insert(ctx context.Context, ev *calendar.Event) (*calendar.Event, error) {
	return call(ctx, c, "events.insert", func(ctx context.Context, s *calendar.Service) (*calendar.Event, error) {
		return s.Events.Insert(c.calendarID, ev).SendUpdates("none").Context(ctx).Do()
	})
}

// Get reads an event, deleted ones too (events.get).
func (c *Client) Get(ctx context.Context, id string) (*calendar.Event, error) {
	return call(ctx, c, "events.get", func(ctx context.Context, s *calendar.Service) (*calendar.Event, error) {
		return s.Events.Get(c.calendarID, id).Context(ctx).Do()
	})
}

// Update replaces an event; a non-empty etag is sent as If-Match, so a
// change nobody here saw answers 412 (events.update).
func (c *Client) Update(ctx context.Context, id string, ev *calendar.Event, etag string) (*calendar.Event, error) {
	return call(ctx, c, "events.update", func(ctx context.Context, s *calendar.Service) (*calendar.Event, error) {
		u := s.Events.Update(c.calendarID, id, ev).SendUpdates("none").Context(ctx)
		if etag != "" {
			u.Header().Set("If-Match", etag)
		}
		return u.Do()
	})
}

// Delete deletes an event (soft: Google keeps it as cancelled) (events.delete).
func (c *Client) Delete(ctx context.Context, id string) error {
	_, err := call(ctx, c, "events.delete", func(ctx context.Context, s *calendar.Service) (struct{}, error) {
		return struct{}{}, s.Events.Delete(c.calendarID, id).SendUpdates("none").Context(ctx).Do()
	})
	return err
}

// List reads one page of events, instances of recurring ones expanded and
// deleted ones included: the changes since syncToken, or everything when it
// is empty (events.list).
func (c *Client) List(ctx context.Context, syncToken, pageToken string) (*calendar.Events, error) {
	return call(ctx, c, "events.list", func(ctx context.Context, s *calendar.Service) (*calendar.Events, error) {
		l := s.Events.List(c.calendarID).SingleEvents(true).ShowDeleted(true).MaxResults(c.pageSize).Context(ctx)
		if syncToken != "" {
			l.SyncToken(syncToken)
		}
		if pageToken != "" {
			l.PageToken(pageToken)
		}
		return l.Do()
	})
}

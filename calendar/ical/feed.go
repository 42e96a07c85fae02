package ical

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ContentType is the media type of a feed.
const ContentType = "text/calendar; charset=utf-8"

// View is who a feed is for.
type View int

// The public view (public and room feeds) carries Listings only; the staff view
// (behind a secret token) carries the details and a link to each request.
const (
	ViewPublic View = iota
	ViewStaff
)

// Feed is a calendar of bookings that phones subscribe to (METHOD PUBLISH).
type Feed struct {
	Options Options
	// Name is the calendar's display name (X-WR-CALNAME).
	Name string
	// View chooses public or staff events; any other value is public.
	View View
	// Refresh, when set, tells clients how often to poll (REFRESH-INTERVAL and
	// X-PUBLISHED-TTL); clients may ignore it.
	Refresh time.Duration
	// Entries are the bookings to list, already chosen by Policy and window.
	// Their order does not matter: events are written by start, then UID.
	Entries []Entry
}

// Bytes encodes the feed. The same feed always gives the same bytes. It fails
// only when an entry has no UID.
func (f *Feed) Bytes() ([]byte, error) {
	events, err := f.events()
	if err != nil {
		return nil, err
	}
	z := newZone(f.Options.Location)
	w := &writer{buf: make([]byte, 0, 2048+800*len(events))}
	w.calendarHead("PUBLISH", &f.Options)
	if f.Name != "" {
		w.text("X-WR-CALNAME", f.Name)
	}
	w.text("X-WR-TIMEZONE", z.tzid)
	if f.Refresh > 0 {
		w.raw("REFRESH-INTERVAL", duration(f.Refresh), "VALUE=DURATION")
		w.raw("X-PUBLISHED-TTL", duration(f.Refresh))
	}
	w.vtimezone(z, lastYear(events, z))
	for i := range events {
		w.vevents(&events[i], z)
	}
	w.close("VCALENDAR")
	return w.buf, nil
}

// events builds the feed's events in its view, ordered by start and UID.
func (f *Feed) events() ([]event, error) {
	events := make([]event, 0, len(f.Entries))
	for i := range f.Entries {
		e := &f.Entries[i]
		if strings.TrimSpace(e.Request.UID) == "" {
			return nil, fmt.Errorf("ical: request %d has no UID", e.Request.ID)
		}
		if f.View == ViewStaff {
			events = append(events, staffEvent(*e, f.Options))
		} else {
			events = append(events, event{Listing: Public(*e, f.Options)})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.UID, b.UID)
	})
	return events, nil
}

// calendarHead opens the VCALENDAR with its required properties.
func (w *writer) calendarHead(method string, o *Options) {
	w.begin("VCALENDAR")
	w.raw("VERSION", "2.0")
	w.text("PRODID", o.prodID())
	w.raw("CALSCALE", "GREGORIAN")
	w.raw("METHOD", method)
}

// lastYear is the last year any event (or moved occurrence) touches, in z.
func lastYear(events []event, z zone) int {
	year := 0
	for i := range events {
		year = max(year, events[i].End.In(z.loc).Year())
		for _, x := range events[i].Exceptions {
			year = max(year, x.End.In(z.loc).Year(), x.Start.In(z.loc).Year())
		}
	}
	return year + 1
}

// duration formats d as an RFC 5545 DURATION, in whole minutes when it can.
func duration(d time.Duration) string {
	if d%time.Minute == 0 {
		return "PT" + strconv.FormatInt(int64(d/time.Minute), 10) + "M"
	}
	return "PT" + strconv.FormatInt(int64(d/time.Second), 10) + "S"
}

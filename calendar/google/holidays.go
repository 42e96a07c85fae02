package google

import (
	"context"
	"errors"
	"fmt"
	"time"

	calendar "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
)

// Bounds of a holiday calendar's listing.
const (
	maxHolidayPages   = 100
	maxHolidaySpan    = ical.MaxHolidaySpan
	firstHolidayYear  = 2000
	lastHolidayYear   = 2200
	holidaySourceName = "google:"
)

// HolidayReader reads the days off of a Google holiday calendar, such as
// Google's public "Hari Libur di Indonesia"
// (id.indonesian#holiday@group.v.calendar.google.com), through its own
// Client: the shared calendar's Client is bound to that calendar's id.
type HolidayReader struct {
	client *Client
}

// NewHolidayReader reads the holidays of the calendar c works on.
func NewHolidayReader(c *Client) *HolidayReader { return &HolidayReader{client: c} }

// ConnectHolidays builds the HolidayReader of calendarID with cfg's
// credentials (google.credentials_file, or google.endpoint for a fake), with
// metrics when m is not nil. No call is made.
func ConnectHolidays(ctx context.Context, cfg *config.Config, calendarID string, m *Metrics) (*HolidayReader, error) {
	if calendarID == "" {
		return nil, errors.New("google: holidays: no calendar id")
	}
	c, err := NewClient(ctx, ClientOptions{
		CalendarID: calendarID,
		Auth:       func(ctx context.Context) ([]option.ClientOption, error) { return Auth(ctx, cfg) },
		Metrics:    m,
	})
	if err != nil {
		return nil, err
	}
	return NewHolidayReader(c), nil
}

// Source names the calendar for office.ImportHolidays: "google:" and its id.
func (h *HolidayReader) Source() string { return holidaySourceName + h.client.CalendarID() }

// HolidayWindow is the span a reader lists at now: from the first of
// January of last year to the end of next year, in loc.
func HolidayWindow(now time.Time, loc *time.Location) (from, to time.Time) {
	y := now.In(loc).Year()
	return time.Date(y-1, 1, 1, 0, 0, 0, 0, loc), time.Date(y+2, 1, 1, 0, 0, 0, 0, loc)
}

// Holidays lists the days off between from and to (events.list with
// singleEvents, every page) as dates in loc, sorted, one per date. Only
// all-day events count: a holiday calendar holds nothing else, and a
// timed event is not a day off. Observances (Google's description
// "Perayaan" or "Observance") and cancelled events are skipped; an event
// longer than 31 days or outside the years 2000-2200 is an error.
func (h *HolidayReader) Holidays(ctx context.Context, from, to time.Time, loc *time.Location) ([]booking.Holiday, error) {
	var list []booking.Holiday
	page := ""
	for range maxHolidayPages {
		evs, err := h.list(ctx, from, to, page)
		if err != nil {
			return nil, fmt.Errorf("google: holidays of %s: %w", h.client.CalendarID(), err)
		}
		for _, ev := range evs.Items {
			days, err := holidayDays(ev, loc)
			if err != nil {
				return nil, fmt.Errorf("google: holidays of %s: event %q (%s): %w",
					h.client.CalendarID(), ev.Summary, ev.Id, err)
			}
			list = append(list, days...)
		}
		if page = evs.NextPageToken; page == "" {
			return ical.JoinHolidays(list), nil
		}
	}
	return nil, fmt.Errorf("google: holidays of %s: more than %d pages", h.client.CalendarID(), maxHolidayPages)
}

// list reads one page of the window's events, recurring ones expanded.
func (h *HolidayReader) list(ctx context.Context, from, to time.Time, page string) (*calendar.Events, error) {
	c := h.client
	return call(ctx, c, "events.list", func(ctx context.Context, s *calendar.Service) (*calendar.Events, error) {
		l := s.Events.List(c.calendarID).SingleEvents(true).MaxResults(c.pageSize).
			TimeMin(from.Format(time.RFC3339)).TimeMax(to.Format(time.RFC3339)).Context(ctx)
		if page != "" {
			l.PageToken(page)
		}
		return l.Do()
	})
}

// holidayDays returns the dates an all-day event closes, none for a timed
// event, a cancelled one or an observance.
func holidayDays(ev *calendar.Event, loc *time.Location) ([]booking.Holiday, error) {
	if ev.Status == "cancelled" || ical.Observance(ev.Description) ||
		ev.Start == nil || ev.Start.Date == "" {
		return nil, nil
	}
	name := ical.HolidayName(ev.Summary)
	if name == "" {
		return nil, errors.New("no summary: a holiday needs a name")
	}
	first, err := holidayDate(ev.Start.Date, loc)
	if err != nil {
		return nil, err
	}
	if first.Year() < firstHolidayYear || first.Year() > lastHolidayYear {
		return nil, fmt.Errorf("the date %s is outside the years %d-%d", ev.Start.Date, firstHolidayYear, lastHolidayYear)
	}
	end := first.AddDate(0, 0, 1)
	if ev.End != nil && ev.End.Date != "" {
		if end, err = holidayDate(ev.End.Date, loc); err != nil {
			return nil, err
		}
	}
	days := []booking.Holiday{{Date: first, Name: name}}
	for d := first.AddDate(0, 0, 1); d.Before(end); d = d.AddDate(0, 0, 1) {
		if len(days) == maxHolidaySpan {
			return nil, fmt.Errorf("it lasts more than %d days: not a holiday", maxHolidaySpan)
		}
		days = append(days, booking.Holiday{Date: d, Name: name})
	}
	return days, nil
}

// holidayDate reads a date YYYY-MM-DD as its midnight in loc.
func holidayDate(s string, loc *time.Location) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return d, fmt.Errorf("%q is not a date", s)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), nil
}

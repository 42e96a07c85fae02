package google

import (
	"strconv"
	"strings"
	"time"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// The private extended properties that mark ccroom's events.
const (
	PropRequest  = "ccroom_request"
	PropSequence = "ccroom_sequence"
)

// Look says how ccroom's events look in Google.
type Look struct {
	ShowTentative bool           // requests still in the chain as tentative events
	Location      *time.Location // the office zone (recurrences follow it)
	Rooms         []booking.Room // for the rooms' names
	Language      string         // of the tentative titles: "id" or "en"
}

// Event returns the event Google should hold for r, or nil when it should
// hold none: approved bookings are confirmed and titled as staff know them,
// requests still in the chain are tentative with the public feed's title
// (when ShowTentative), everything else is absent. exceptions are the
// occurrences removed or moved by the secretary: each original start is an
// EXDATE, and a moved one comes back as an RDATE at its new start (Google
// gives an RDATE the series' length: a moved occurrence whose length changed
// shows with the series' length there; the feeds carry it exactly).
func (l Look) Event(r booking.Request, exceptions []store.Exception) *calendar.Event {
	ev := &calendar.Event{
		Id: r.UID, Transparency: "opaque", Location: l.roomName(r.Room),
		Start: l.when(r.Start), End: l.when(r.End),
		Description: r.Organization + "\n" + locale.For(l.Language).Get("calendar.request_number", booking.Number(r.ID)),
		ExtendedProperties: &calendar.EventExtendedProperties{Private: map[string]string{
			PropRequest: strconv.FormatInt(r.ID, 10), PropSequence: strconv.Itoa(r.Sequence),
		}},
	}
	switch {
	case r.Status.Booked():
		ev.Status, ev.Summary = "confirmed", r.Title
	case r.Status.Pending() && l.ShowTentative:
		ev.Status, ev.Summary = "tentative", ical.PublicSummary(&r, l.Language)
	default:
		return nil
	}
	if r.Recurrence != "" {
		ev.Recurrence = append([]string{"RRULE:" + r.Recurrence}, l.exceptions(exceptions)...)
	}
	return ev
}

func (l Look) zone() *time.Location {
	if l.Location == nil || l.Location.String() == "Local" {
		return time.UTC
	}
	return l.Location
}

// when is a time in the office zone, with the zone named (recurring events
// need it).
func (l Look) when(t time.Time) *calendar.EventDateTime {
	z := l.zone()
	return &calendar.EventDateTime{DateTime: t.In(z).Format(time.RFC3339), TimeZone: z.String()}
}

// exceptions are the EXDATE and RDATE lines of a series' exceptions.
func (l Look) exceptions(list []store.Exception) []string {
	var ex, rd []string
	z := l.zone()
	for _, e := range list {
		ex = append(ex, e.Original.In(z).Format("20060102T150405"))
		if !e.Removed {
			rd = append(rd, e.Start.In(z).Format("20060102T150405"))
		}
	}
	var lines []string
	if len(ex) > 0 {
		lines = append(lines, "EXDATE;TZID="+z.String()+":"+strings.Join(ex, ","))
	}
	if len(rd) > 0 {
		lines = append(lines, "RDATE;TZID="+z.String()+":"+strings.Join(rd, ","))
	}
	return lines
}

func (l Look) roomName(id string) string {
	for _, r := range l.Rooms {
		if r.ID == id && r.Name != "" {
			return r.Name
		}
	}
	return id
}

// requestOf returns the ccroom request id of a Google event, 0 when the
// event is not ccroom's.
func requestOf(ev *calendar.Event) (id int64, sequence int) {
	if ev.ExtendedProperties == nil {
		return 0, 0
	}
	p := ev.ExtendedProperties.Private
	id, _ = strconv.ParseInt(p[PropRequest], 10, 64)
	sequence, _ = strconv.Atoi(p[PropSequence])
	return id, sequence
}

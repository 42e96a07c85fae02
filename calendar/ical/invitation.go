package ical

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/pelalawan/ccroom/booking"
)

// Method is the iTIP method of an invitation (RFC 5546).
type Method string

// An approval asks the applicant's calendar to add the booking (REQUEST); a
// cancellation asks it to remove the booking (CANCEL).
const (
	MethodRequest Method = "REQUEST"
	MethodCancel  Method = "CANCEL"
)

// ContentType is the MIME type of the invitation's body part, which RFC 6047
// (2.4) wants with the same method as the object inside it:
// "text/calendar; charset=utf-8; method=REQUEST".
func (m Method) ContentType() string {
	return "text/calendar; charset=utf-8; method=" + string(m)
}

// Errors of Invitation: what an iMIP message cannot do without.
var (
	ErrNoOrganizer = errors.New("ical: invitation needs the office's address (Options.Organizer)")
	ErrNoAttendee  = errors.New("ical: invitation needs the applicant's email address")
)

// Invitation returns the iMIP object (RFC 6047) the decision email attaches to
// tell the applicant about their booking: METHOD REQUEST for an approval, CANCEL
// for a cancellation. The UID is the feeds' UID and the SEQUENCE the request's,
// so the applicant's calendar updates the same event the feeds show. ORGANIZER
// is the office and ATTENDEE the applicant, without an RSVP: the office needs no
// reply. The text is in the request's language, else the office's.
func Invitation(e Entry, m Method, opt Options) ([]byte, error) {
	r := &e.Request
	switch {
	case m != MethodRequest && m != MethodCancel:
		return nil, fmt.Errorf("ical: unknown invitation method %q", m)
	case strings.TrimSpace(r.UID) == "":
		return nil, fmt.Errorf("ical: request %d has no UID", r.ID)
	case strings.TrimSpace(opt.Organizer.Address) == "":
		return nil, ErrNoOrganizer
	case strings.TrimSpace(r.ContactEmail) == "":
		return nil, ErrNoAttendee
	}
	opt.Language = language(r.Language, opt.Language)
	ev := invitationEvent(e, m, opt)
	z := newZone(opt.Location)
	w := &writer{buf: make([]byte, 0, 4096)}
	w.calendarHead(string(m), &opt)
	w.vtimezone(z, lastYear([]event{ev}, z))
	w.vevents(&ev, z)
	w.close("VCALENDAR")
	return w.buf, nil
}

// invitationEvent is the applicant's own view of the booking: their title and
// the details they gave, the office as organizer and themselves as attendee.
func invitationEvent(e Entry, m Method, opt Options) event {
	r := &e.Request
	ev := staffEvent(e, opt)
	ev.url = ""
	ev.organizer = &opt.Organizer
	ev.attendee = &attendee{addr: mail.Address{Name: r.ContactName, Address: r.ContactEmail}}
	if m == MethodRequest {
		ev.attendee.partstat = "NEEDS-ACTION"
		return ev
	}
	// A CANCEL without RECURRENCE-ID cancels the whole series: the master alone,
	// whatever state the request is in.
	ev.Status = booking.StatusCancelled
	ev.Exceptions = removedOnly(ev.Exceptions)
	return ev
}

// removedOnly keeps the removed occurrences (EXDATEs) and drops the moved ones.
func removedOnly(list []Exception) []Exception {
	var kept []Exception
	for _, x := range list {
		if x.Removed {
			kept = append(kept, x)
		}
	}
	return kept
}

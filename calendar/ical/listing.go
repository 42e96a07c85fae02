package ical

import (
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// Entry is a booking as the calendars show it: the request, its room, and the
// occurrences of a recurring series that were removed or moved.
type Entry struct {
	Request booking.Request
	// Room gives LOCATION its name; when Room.Name is empty the request's room
	// id is used.
	Room booking.Room
	// Exceptions apply only when the request has a Recurrence.
	Exceptions []Exception
	// Last is the start of the series' last occurrence. It bounds a rule with
	// neither COUNT nor UNTIL (which booking expands only up to its horizon);
	// without it such a rule repeats for ever on every phone.
	Last time.Time
}

// Exception changes one occurrence of a recurring booking.
type Exception struct {
	// Original is the occurrence's start as the RRULE generates it; it becomes
	// the EXDATE or the RECURRENCE-ID.
	Original time.Time
	// Removed drops the occurrence (EXDATE). Otherwise the occurrence moved to
	// Start and End (a RECURRENCE-ID override); a zero End keeps the series'
	// duration, and an exception with neither Removed nor Start is ignored.
	Removed    bool
	Start, End time.Time
}

// Listing is what anyone may know about a booking: when, where, in which state,
// under which summary. It has no field for the contact's name, email or phone,
// the letter number or the notes, so a feed built from Listings cannot carry
// them, whatever a later change to the encoder does.
type Listing struct {
	UID        string         // the booking's UID with the office's domain
	Sequence   int            // SEQUENCE
	Status     booking.Status // mapped to CONFIRMED, TENTATIVE or CANCELLED
	Summary    string         // SUMMARY
	Location   string         // LOCATION: the room's name
	Start, End time.Time      // the first occurrence
	Recurrence string         // RRULE value as written: bounded, UNTIL in UTC
	Exceptions []Exception    // removed and moved occurrences
	Created    time.Time      // CREATED
	Modified   time.Time      // LAST-MODIFIED and DTSTAMP
}

// Public returns the public view of a booking: its title only when the
// applicant chose public visibility, otherwise "Terpakai – <organization>"
// ("Reserved – ..." in English).
func Public(e Entry, opt Options) Listing {
	return listing(e, opt, PublicSummary(&e.Request, opt.Language))
}

// PublicSummary is the SUMMARY anyone may see for r, in language lang ("id" or
// "en"). The Google Calendar sync titles tentative events with it too.
func PublicSummary(r *booking.Request, lang string) string {
	if r.Visibility == booking.VisibilityPublic && strings.TrimSpace(r.Title) != "" {
		return r.Title
	}
	word := locale.For(lang).Get("calendar.reserved")
	if org := strings.TrimSpace(r.Organization); org != "" {
		return word + " – " + org
	}
	return word
}

// listing copies the fields of e that are not personal, with the given summary.
func listing(e Entry, opt Options, summary string) Listing {
	r := &e.Request
	loc := e.Room.Name
	if loc == "" {
		loc = r.Room
	}
	l := Listing{
		UID: opt.uid(r.UID), Sequence: r.Sequence, Status: r.Status,
		Summary: summary, Location: loc, Start: r.Start, End: r.End,
		Created: r.CreatedAt, Modified: r.UpdatedAt,
	}
	if strings.TrimSpace(r.Recurrence) != "" {
		l.Recurrence = recurrence(r.Recurrence, newZone(opt.Location), e.Last)
		l.Exceptions = e.Exceptions
	}
	return l
}

// status is the STATUS of a booking in state s: CONFIRMED once approved,
// TENTATIVE while the request is in the chain, CANCELLED when cancelled,
// rejected or expired (so a phone that showed it tentatively removes it).
func status(s booking.Status) string {
	switch {
	case s.Booked():
		return "CONFIRMED"
	case s.Pending():
		return "TENTATIVE"
	}
	return "CANCELLED"
}

// stamp is the DTSTAMP of the listing: the time of its last change, so the same
// booking always encodes to the same bytes and a newer change has a later stamp.
func (l *Listing) stamp() time.Time {
	switch {
	case !l.Modified.IsZero():
		return l.Modified
	case !l.Created.IsZero():
		return l.Created
	}
	return l.Start
}

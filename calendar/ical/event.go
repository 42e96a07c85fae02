package ical

import (
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
)

// event is one booking as a VEVENT: its listing, plus what only staff or the
// invitee may see. A public feed fills the listing alone.
type event struct {
	Listing
	description string
	url         string
	organizer   *mail.Address
	attendee    *attendee
}

// attendee is the applicant as an invitation names them.
type attendee struct {
	addr     mail.Address
	partstat string // PARTSTAT, or "" to omit it
}

// vevents writes the event: the master VEVENT (with RRULE and EXDATEs when it
// recurs) and one VEVENT with a RECURRENCE-ID for each moved occurrence.
func (w *writer) vevents(ev *event, z zone) {
	w.begin("VEVENT")
	w.eventHead(ev, time.Time{}, ev.Start, ev.End, z)
	if ev.Recurrence != "" {
		w.raw("RRULE", ev.Recurrence)
		for _, x := range sortedExceptions(ev.Exceptions) {
			if x.Removed {
				w.local("EXDATE", x.Original, z)
			}
		}
	}
	w.eventBody(ev)
	w.close("VEVENT")
	if ev.Recurrence == "" {
		return
	}
	for _, x := range sortedExceptions(ev.Exceptions) {
		if x.Removed || x.Start.IsZero() {
			continue
		}
		end := x.End
		if end.IsZero() {
			end = x.Start.Add(ev.End.Sub(ev.Start))
		}
		w.begin("VEVENT")
		w.eventHead(ev, x.Original, x.Start, end, z)
		w.eventBody(ev)
		w.close("VEVENT")
	}
}

// eventHead writes the identity and times of a VEVENT; recurrenceID is zero for
// the master.
func (w *writer) eventHead(ev *event, recurrenceID, start, end time.Time, z zone) {
	w.raw("UID", ev.UID)
	w.utc("DTSTAMP", ev.stamp())
	if !recurrenceID.IsZero() {
		w.local("RECURRENCE-ID", recurrenceID, z)
	}
	w.local("DTSTART", start, z)
	w.local("DTEND", end, z)
}

// eventBody writes the properties a master and its overrides share.
func (w *writer) eventBody(ev *event) {
	w.raw("SEQUENCE", strconv.Itoa(ev.Sequence))
	if !ev.Created.IsZero() {
		w.utc("CREATED", ev.Created)
	}
	if !ev.Modified.IsZero() {
		w.utc("LAST-MODIFIED", ev.Modified)
	}
	w.text("SUMMARY", ev.Summary)
	w.text("LOCATION", ev.Location)
	st := status(ev.Status)
	w.raw("STATUS", st)
	if ev.description != "" {
		w.text("DESCRIPTION", ev.description)
	}
	if ev.url != "" {
		w.raw("URL", ev.url, "VALUE=URI")
	}
	w.parties(ev)
	if st == "CANCELLED" {
		w.raw("TRANSP", "TRANSPARENT") // a cancelled booking no longer blocks the room
		return
	}
	w.raw("TRANSP", "OPAQUE")
}

// parties writes ORGANIZER and ATTENDEE, which only invitations carry.
func (w *writer) parties(ev *event) {
	if o := ev.organizer; o != nil {
		w.raw("ORGANIZER", mailto(o.Address), commonName(o.Name)...)
	}
	a := ev.attendee
	if a == nil {
		return
	}
	params := append(commonName(a.addr.Name), "CUTYPE=INDIVIDUAL", "ROLE=REQ-PARTICIPANT")
	if a.partstat != "" {
		params = append(params, "PARTSTAT="+a.partstat, "RSVP=FALSE")
	}
	w.raw("ATTENDEE", mailto(a.addr.Address), params...)
}

// commonName returns the CN parameter of a name, or none for a blank name.
func commonName(name string) []string {
	if strings.TrimSpace(name) == "" {
		return nil
	}
	return []string{param("CN", name)}
}

// mailto returns the CAL-ADDRESS of an email address. Addresses reach here
// validated; spaces are dropped so the value stays a URI.
func mailto(addr string) string {
	return "mailto:" + strings.ReplaceAll(strings.TrimSpace(addr), " ", "")
}

// recurrence returns a request's RRULE value as it may be written with a local
// DTSTART: upper case, without an "RRULE:" prefix or a trailing ";", and with
// UNTIL in UTC, which RFC 5545 (3.3.10) requires when DTSTART has a TZID. A
// floating UNTIL is read in the office zone and a date UNTIL means the end of
// that day there, as booking reads them. A rule with neither COUNT nor UNTIL
// gets UNTIL=last when last is set, so phones stop where the booking stops.
func recurrence(rule string, z zone, last time.Time) string {
	rule = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rule)), "RRULE:")
	parts := strings.Split(strings.TrimSuffix(rule, ";"), ";")
	bounded := false
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		switch k {
		case "UNTIL":
			parts[i] = "UNTIL=" + untilUTC(v, z)
			bounded = true
		case "COUNT":
			bounded = true
		}
	}
	if !bounded && !last.IsZero() {
		parts = append(parts, "UNTIL="+last.UTC().Format(utcFormat))
	}
	return strings.Join(parts, ";")
}

// untilUTC rewrites an UNTIL value in UTC; a value it cannot read is kept.
func untilUTC(v string, z zone) string {
	if t, err := time.ParseInLocation(localFormat, v, z.loc); err == nil {
		return t.UTC().Format(utcFormat)
	}
	if t, err := time.ParseInLocation("20060102", v, z.loc); err == nil {
		return t.AddDate(0, 0, 1).Add(-time.Second).UTC().Format(utcFormat)
	}
	return v
}

// sortedExceptions returns the exceptions in the order of their original start,
// so the output does not depend on the order the store returned them in.
func sortedExceptions(list []Exception) []Exception {
	if slices.IsSortedFunc(list, compareExceptions) {
		return list
	}
	s := slices.Clone(list)
	slices.SortStableFunc(s, compareExceptions)
	return s
}

func compareExceptions(a, b Exception) int { return a.Original.Compare(b.Original) }

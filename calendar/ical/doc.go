// Package ical writes the iCalendar (RFC 5545) objects ccroom publishes: the
// feeds phones subscribe to, in a public and a staff view, and the iMIP
// invitations (RFC 5546, RFC 6047) the decision email carries.
//
// The package has its own small writer rather than go-ical's encoder, because
// go-ical does not fold long lines, writes no VTIMEZONE and refuses an empty
// calendar (DESIGN.md, "Known limits"). The writer folds at 75 octets without
// splitting a UTF-8 character, ends every line in CRLF, escapes TEXT values and
// drops control characters, so whatever a user typed cannot break a line or
// inject a property.
//
// Privacy is structural: a public feed is built from Listing values, and a
// Listing has no field for the contact, the letter number or the notes, so the
// public view cannot carry what it does not hold.
//
// Everything here is pure: no clock, no I/O beyond the io.Writer a caller
// hands in. The same input always gives the same bytes, so a feed's ETag only
// changes when a booking does.
package ical

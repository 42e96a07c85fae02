package ical

import (
	"net/mail"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Defaults used when an Options field is empty.
const (
	DefaultDomain = "ccroom"
	DefaultProdID = "-//Pelalawan//ccroom//EN"
)

// Options say how one office's bookings appear in calendars. The same Options
// serve every feed and invitation, so UIDs match everywhere.
type Options struct {
	// Domain is appended to every UID ("<uid>@<domain>"). It must never change
	// once phones have subscribed, or they see every booking twice; choose a
	// name the office owns (e.g. "ccroom.pelalawankab.go.id"), not one derived
	// from a base URL that may move. Default "ccroom".
	Domain string
	// Location is the office time zone (time.LoadLocation("Asia/Jakarta")).
	// Nil or time.Local becomes UTC, because a calendar needs a zone's name.
	Location *time.Location
	// Language is "id" (default) or "en": the words of the public summary and of
	// the staff description.
	Language string
	// ProdID is the PRODID; default DefaultProdID.
	ProdID string
	// RequestURL returns the staff page of a request, for URL in the staff feed;
	// nil writes no URL.
	RequestURL func(id int64) string
	// Organizer is the office's address, the ORGANIZER of invitations.
	Organizer mail.Address
}

// uid returns the calendar UID of a booking's opaque id.
func (o *Options) uid(id string) string {
	d := o.Domain
	if d == "" {
		d = DefaultDomain
	}
	return id + "@" + d
}

// prodID returns the PRODID to write.
func (o *Options) prodID() string {
	if o.ProdID == "" {
		return DefaultProdID
	}
	return o.ProdID
}

// Policy says which requests a feed lists. The zero Policy lists booked
// requests only; DefaultPolicy is what issue 3 asks for.
type Policy struct {
	// Tentative lists requests still in the chain, as TENTATIVE.
	Tentative bool
	// KeepCancelled lists a cancelled request (and, when Tentative is on, a
	// rejected or expired one) as CANCELLED for this long after its last
	// change, so phones that showed it remove it.
	KeepCancelled time.Duration
}

// DefaultPolicy shows tentative requests and keeps cancelled ones 30 days.
func DefaultPolicy() Policy {
	return Policy{Tentative: true, KeepCancelled: 30 * 24 * time.Hour}
}

// Lists reports whether a feed built at now lists r. The feed's time window
// (the occurrences' dates) is the caller's, and not checked here.
func (p Policy) Lists(r *booking.Request, now time.Time) bool {
	s := r.Status
	switch {
	case s.Booked():
		return true
	case s.Pending():
		return p.Tentative
	case s != booking.StatusCancelled && !p.Tentative:
		return false
	}
	return now.Sub(r.UpdatedAt) <= p.KeepCancelled
}

// language picks the language of a text: the request's own when it has one,
// else the office's.
func language(requested, office string) string {
	if l := strings.TrimSpace(requested); l != "" {
		return l
	}
	return office
}

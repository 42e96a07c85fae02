package booking

import (
	"fmt"
	"time"
)

// Role is an office role that performs steps of the SOP. The applicant is not a
// staff role: applicants need no account and act with their tracking token.
type Role string

// The roles of the SOP's "Pelaksana" columns, plus the administrator.
const (
	RoleApplicant Role = "applicant"
	RoleSecretary Role = "secretary"
	RoleHead      Role = "head"
	RoleKabid     Role = "kabid"
	RoleVidcon    Role = "vidcon"
	RoleAdmin     Role = "admin"
)

// StaffRoles lists the roles a user account may hold.
var StaffRoles = []Role{RoleSecretary, RoleHead, RoleKabid, RoleVidcon, RoleAdmin}

// ParseRole returns the staff role named s, or an error naming the valid ones.
func ParseRole(s string) (Role, error) {
	for _, r := range StaffRoles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (want one of secretary, head, kabid, vidcon, admin)", s)
}

// Grant is a role held by a user, for ever (zero From and Until) or for a period
// of dates, as an acting official (Plt./Plh.) holds the head's role while the head
// is away. From and Until are inclusive dates in the office time zone; a zero
// value means no bound.
type Grant struct {
	Role  Role      `json:"role"`
	From  time.Time `json:"from,omitzero"`
	Until time.Time `json:"until,omitzero"`
}

// ActiveOn reports whether the grant is in force at t, comparing dates in loc.
func (g Grant) ActiveOn(t time.Time, loc *time.Location) bool {
	d := DateOf(t, loc)
	if !g.From.IsZero() && d.Before(DateOf(g.From, loc)) {
		return false
	}
	if !g.Until.IsZero() && d.After(DateOf(g.Until, loc)) {
		return false
	}
	return true
}

// User is a member of staff who signs in and acts on requests.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Language     string    `json:"language,omitempty"`
	Grants       []Grant   `json:"roles"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	Disabled     bool      `json:"disabled,omitempty"` // by an administrator: no sign-in, no token, no link
}

// HasRole reports whether the user holds role r at t (dates compared in
// loc). A disabled user holds no role.
func (u User) HasRole(r Role, t time.Time, loc *time.Location) bool {
	if u.Disabled {
		return false
	}
	for _, g := range u.Grants {
		if g.Role == r && g.ActiveOn(t, loc) {
			return true
		}
	}
	return false
}

// Actor is whoever performs a step: a staff user acting in one of their roles,
// the applicant (with the tracking token) or the system (expiry).
type Actor struct {
	UserID int64  // 0 for the applicant and the system
	Name   string // the user's name, the applicant's contact name, or "system"
	Roles  []Role // the roles held at the time of the act
}

// Holds reports whether the actor holds role r.
func (a Actor) Holds(r Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// DateOf returns midnight of t's calendar date in loc.
func DateOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

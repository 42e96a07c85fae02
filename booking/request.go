package booking

import "time"

// Visibility says what the public calendar may show of a booking.
type Visibility string

// Public shows the title; Private shows "Terpakai" (reserved) and the organization.
const (
	VisibilityPublic  Visibility = "public"
	VisibilityPrivate Visibility = "private"
)

// Decision is the Kabid's answer at the re-check (SOP steps 4 and 5).
type Decision string

// The Kabid reports the room available or unavailable.
const (
	DecisionAvailable   Decision = "available"
	DecisionUnavailable Decision = "unavailable"
)

// Need is an item of equipment a request asks for, and how many.
type Need struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Request is an application to borrow a room, from its submission to its close.
// Once approved it is a booking: the same record, in state approved or later.
type Request struct {
	ID           int64      `json:"id"`
	Room         string     `json:"room"`
	Title        string     `json:"title"`
	Organization string     `json:"organization"`
	ContactName  string     `json:"contact_name"`
	ContactEmail string     `json:"contact_email"`
	ContactPhone string     `json:"contact_phone"`
	Start        time.Time  `json:"start"`
	End          time.Time  `json:"end"`
	Participants int        `json:"participants"`
	Equipment    []Need     `json:"equipment"`
	Visibility   Visibility `json:"visibility"`
	LetterNumber string     `json:"letter_number"`
	Notes        string     `json:"notes"`
	Recurrence   string     `json:"recurrence,omitempty"` // RRULE value, without "RRULE:"
	Language     string     `json:"language,omitempty"`   // "id" (default) or "en"

	Status   Status   `json:"status"`
	Decision Decision `json:"decision,omitempty"`
	// UID is the stable, opaque identifier of the booking in calendars (feeds,
	// invitations, Google). It is random and never changes.
	UID string `json:"uid"`
	// Sequence grows with every change of time, room or status (iCalendar SEQUENCE).
	Sequence  int       `json:"sequence"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Duration is the length of one occurrence.
func (r *Request) Duration() time.Duration { return r.End.Sub(r.Start) }

// Transition is one step of the SOP as it happened: who did what, when, in which
// role, and how long the step took against its time standard.
type Transition struct {
	ID        int64         `json:"id"`
	RequestID int64         `json:"request_id"`
	Action    Action        `json:"action"`
	From      Status        `json:"from"`
	To        Status        `json:"to"`
	UserID    int64         `json:"user_id,omitempty"`
	Actor     string        `json:"actor"`
	Role      Role          `json:"role"`
	Decision  Decision      `json:"decision,omitempty"`
	Note      string        `json:"note,omitempty"`
	At        time.Time     `json:"at"`
	Took      time.Duration `json:"took_ns"`
	Standard  time.Duration `json:"standard_ns"`
	// The records of steps 8 and 9 (usage.go); none on other steps and on
	// the rows written before them.
	Readiness []ReadyItem `json:"readiness,omitempty"`
	Usage     *Usage      `json:"usage,omitempty"`
}

// Late reports whether the step took longer than its standard.
func (t Transition) Late() bool { return t.Standard > 0 && t.Took > t.Standard }

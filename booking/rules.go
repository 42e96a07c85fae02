package booking

import "time"

// Code names a rule; it is the "code" of the API's error body.
type Code string

// The rule codes of DESIGN.md. Overlap is a hard conflict (409); pending is a
// soft warning; the others are hard failures (422).
const (
	CodeLeadTime  Code = "lead_time"
	CodeOverlap   Code = "overlap"
	CodePending   Code = "pending"
	CodeCapacity  Code = "capacity"
	CodeEquipment Code = "equipment"
	CodeHours     Code = "hours"
	CodeClosed    Code = "closed"
	CodeDuration  Code = "duration"
	CodeHorizon   Code = "horizon"
	CodeInvalid   Code = "invalid"
)

// Rules are the office's booking rules, built from config.
type Rules struct {
	Location       *time.Location // the office time zone; dates and hours are read in it
	LeadDays       int            // a request must start at least this many days after today
	WorkingDays    bool           // count lead days as working days (Mon-Fri, not closed)
	ClosedDates    []time.Time    // holidays and blackout dates (midnight in Location)
	Holidays       []Holiday      // imported holidays: closed dates with a name
	ClosedWeekdays []time.Weekday // weekdays the room is closed, e.g. Sunday
	Buffer         time.Duration  // setup/teardown kept free around every booking
	Open, Close    time.Duration  // opening hours, as offsets from midnight
	MinDuration    time.Duration
	MaxDuration    time.Duration
	HorizonDays    int // how far ahead a request may start
	Suggestions    int // how many free slots a conflict report proposes (at least 3)
}

// BusyKind says why time is busy.
type BusyKind string

// Approved bookings and external events block; pending requests only warn.
const (
	BusyBooking  BusyKind = "booking"
	BusyPending  BusyKind = "pending"
	BusyExternal BusyKind = "external"
)

// Busy is a span of a room's time taken by a booking, a request still in the
// chain, or an event imported from the shared calendar. A recurring booking
// contributes one Busy per occurrence.
type Busy struct {
	Room       string    `json:"-"`
	RequestID  int64     `json:"id,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	Title      string    `json:"title"`
	Kind       BusyKind  `json:"kind"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

// Conflict is a busy span that collides with an occurrence of the candidate.
type Conflict struct {
	Busy
	// Occurrence is the start of the candidate's occurrence that collides.
	Occurrence time.Time `json:"occurrence"`
	// Message names the booking or event in the way, in the candidate's
	// language, with its time in the office zone.
	Message string `json:"message,omitempty"`
}

// Violation is a rule the candidate breaks.
type Violation struct {
	Code    Code   `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	// Occurrence is set for a recurring request: the first occurrence that
	// breaks the rule (the message lists the others).
	Occurrence time.Time `json:"occurrence,omitzero"`
}

// Slot is a free span of time proposed instead of a conflicting one.
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Candidate is what the rules check: a new request, or an existing one being
// re-checked (then Exclude is its own id so it does not collide with itself).
type Candidate struct {
	Room         Room
	Start, End   time.Time
	Participants int
	Equipment    []Need
	Recurrence   string // RRULE value, optional
	// Occurrences, when set, are the candidate's occurrences as stored (some
	// removed or moved by the secretary); Check uses them instead of
	// expanding Recurrence.
	Occurrences []Slot
	Exclude     int64
	Language    string // "id" (default) or "en", for the messages
}

// Report is the outcome of a check: the conflict report the Kabid reads.
type Report struct {
	Violations  []Violation `json:"violations"`  // hard rule failures other than overlap
	Conflicts   []Conflict  `json:"conflicts"`   // approved bookings and external events in the way
	Warnings    []Violation `json:"warnings"`    // soft: pending requests for the same time
	Pending     []Conflict  `json:"pending"`     // the pending requests the warnings name
	Suggestions []Slot      `json:"suggestions"` // nearest free slots of the same length
	// Conflicts, Pending and Warnings list the first ListLimit of each; the
	// totals count them all.
	ConflictsTotal int `json:"conflicts_total"`
	PendingTotal   int `json:"pending_total"`
	WarningsTotal  int `json:"warnings_total"`
}

// MoreConflicts is how many conflicts the report counts but does not list.
func (r Report) MoreConflicts() int { return max(0, r.ConflictsTotal-len(r.Conflicts)) }

// MoreWarnings is how many warnings the report counts but does not list.
func (r Report) MoreWarnings() int { return max(0, r.WarningsTotal-len(r.Warnings)) }

// Available reports whether nothing hard stands in the way.
func (r Report) Available() bool { return len(r.Violations) == 0 && len(r.Conflicts) == 0 }

package booking

import (
	"errors"
	"time"

	"github.com/pelalawan/ccroom/locale"
)

// Status is where a request stands in the SOP chain.
type Status string

// The states of the SOP state machine (DESIGN.md, "The SOP as a state machine").
const (
	StatusSubmitted Status = "submitted"
	StatusForwarded Status = "forwarded"
	StatusDisposed  Status = "disposed"
	StatusChecked   Status = "checked"
	StatusRelayed   Status = "relayed"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusPrepared  Status = "prepared"
	StatusReported  Status = "reported"
	StatusClosed    Status = "closed"
	StatusCancelled Status = "cancelled"
	StatusExpired   Status = "expired"
)

// Statuses lists every state, in the order of the chain.
var Statuses = []Status{
	StatusSubmitted, StatusForwarded, StatusDisposed, StatusChecked, StatusRelayed,
	StatusApproved, StatusRejected, StatusPrepared, StatusReported, StatusClosed,
	StatusCancelled, StatusExpired,
}

// Pending reports whether the request is still in the decision chain: submitted
// and not yet told the answer.
func (s Status) Pending() bool {
	switch s {
	case StatusSubmitted, StatusForwarded, StatusDisposed, StatusChecked, StatusRelayed:
		return true
	}
	return false
}

// Booked reports whether the request holds the room: approved and not cancelled.
func (s Status) Booked() bool {
	switch s {
	case StatusApproved, StatusPrepared, StatusReported, StatusClosed:
		return true
	}
	return false
}

// Live reports whether the request still takes its time: in the chain, or
// approved and not yet closed. Its occurrences can change, and a standing
// conflict of it waits for a decision.
func (s Status) Live() bool {
	return s.Pending() || s.Booked() && s != StatusClosed
}

// Final reports whether no action can follow.
func (s Status) Final() bool {
	switch s {
	case StatusRejected, StatusClosed, StatusCancelled, StatusExpired:
		return true
	}
	return false
}

// Action is a step someone takes on a request.
type Action string

// The actions of the SOP, numbered as its steps.
const (
	ActionSubmit  Action = "submit"  // 1, applicant
	ActionForward Action = "forward" // 2, secretary
	ActionDispose Action = "dispose" // 3, head
	ActionCheck   Action = "check"   // 4 and 5, kabid, with a decision
	ActionRelay   Action = "relay"   // 6, head
	ActionInform  Action = "inform"  // 7, secretary
	ActionPrepare Action = "prepare" // 8, kabid with the vidcon team
	ActionReport  Action = "report"  // 9, vidcon
	ActionClose   Action = "close"   // 10, kabid
	ActionCancel  Action = "cancel"  // applicant or secretary
	ActionExpire  Action = "expire"  // the system, when the start passes undecided
	// ActionReschedule is not an SOP step: the secretary removed or moved one
	// occurrence of a recurring booking. It is recorded (status unchanged) so
	// that the logbook and the calendars follow.
	ActionReschedule Action = "reschedule"
	// ActionRestore is not an SOP step either: the booking's event was
	// edited or deleted directly in the shared Google Calendar and ccroom
	// put it back. It is recorded (status unchanged) so the drift is seen.
	ActionRestore Action = "restore"
)

// Step is one row of the SOP table as the state machine enforces it.
type Step struct {
	Action Action
	Number string   // the SOP's step number(s), for the logbook
	From   []Status // states the action may be taken in
	Roles  []Role   // any of these roles may take it
}

// Steps is the SOP as a table. Inform's target depends on the Kabid's decision.
var Steps = []Step{
	{ActionSubmit, "1", nil, []Role{RoleApplicant}},
	{ActionForward, "2", []Status{StatusSubmitted}, []Role{RoleSecretary}},
	{ActionDispose, "3", []Status{StatusForwarded}, []Role{RoleHead}},
	{ActionCheck, "4-5", []Status{StatusDisposed}, []Role{RoleKabid}},
	{ActionRelay, "6", []Status{StatusChecked}, []Role{RoleHead}},
	{ActionInform, "7", []Status{StatusRelayed}, []Role{RoleSecretary}},
	{ActionPrepare, "8", []Status{StatusApproved}, []Role{RoleKabid}},
	{ActionReport, "9", []Status{StatusPrepared}, []Role{RoleVidcon}},
	{ActionClose, "10", []Status{StatusReported}, []Role{RoleKabid}},
	{ActionCancel, "", []Status{StatusSubmitted, StatusForwarded, StatusDisposed, StatusChecked,
		StatusRelayed, StatusApproved, StatusPrepared}, []Role{RoleApplicant, RoleSecretary}},
	{ActionExpire, "", []Status{StatusSubmitted, StatusForwarded, StatusDisposed, StatusChecked,
		StatusRelayed}, []Role{RoleSystem}},
}

// RoleSystem is the daemon itself, which expires requests whose start passed.
const RoleSystem Role = "system"

// InChain reports whether a is a step of the SOP's chain (not a reschedule or
// a restore, which are recorded but hand the turn to nobody).
func (a Action) InChain() bool {
	_, ok := StepFor(a)
	return ok
}

// StepFor returns the step of action a.
func StepFor(a Action) (Step, bool) {
	for _, s := range Steps {
		if s.Action == a {
			return s, true
		}
	}
	return Step{}, false
}

// Standards are the SOP's time standards ("mutu baku") per action: how long the
// actor has, from the moment it became their turn.
type Standards map[Action]time.Duration

// DefaultStandards are the SOP table's minutes (steps 4 and 5 together).
func DefaultStandards() Standards {
	return Standards{
		ActionSubmit:  60 * time.Minute,
		ActionForward: 5 * time.Minute,
		ActionDispose: 5 * time.Minute,
		ActionCheck:   10 * time.Minute,
		ActionRelay:   10 * time.Minute,
		ActionInform:  5 * time.Minute,
		ActionPrepare: 30 * time.Minute,
		ActionReport:  10 * time.Minute,
		ActionClose:   10 * time.Minute,
	}
}

// Errors of the state machine. The web layer maps ErrForbidden to 403,
// ErrInvalidTransition to 409 and ErrInvalidAct to 422.
var (
	ErrForbidden         = errors.New("forbidden")
	ErrInvalidTransition = errors.New("invalid transition")
	ErrInvalidAct        = errors.New("invalid act")
)

// ActError explains why an act was refused; it wraps one of the errors above and
// names the offending field when there is one.
type ActError struct {
	Err     error
	Field   string
	Message string
}

func (e *ActError) Error() string { return e.Message }
func (e *ActError) Unwrap() error { return e.Err }

func refuse(act Act, err error, field string, m sopMessage, args ...any) error {
	return &ActError{Err: err, Field: field, Message: locale.For(act.Language).Get(string(m), args...)}
}

// Act is an action someone wants to take on a request.
type Act struct {
	Action   Action
	Decision Decision
	Note     string
	Actor    Actor
	At       time.Time
	Language string         // of the refusal messages: "id" (default) or "en"
	Location *time.Location // the office time zone, for times in messages; UTC when nil
	// Readiness is the checklist of ready and prepare (nil: none given);
	// Usage the report of report (usage.go).
	Readiness []ReadyItem
	Usage     *Usage
}

func (a Act) zone() *time.Location {
	if a.Location == nil {
		return time.UTC
	}
	return a.Location
}

// Apply checks act against the SOP and, when allowed, moves r to its next state
// and returns the transition to record. turnSince is when the step became the
// actor's turn (the time of the previous transition); it measures the step
// against its standard. Apply changes r only when it returns no error. Rules
// that need the calendar (the re-check at check and inform) are the caller's.
func Apply(r *Request, act Act, turnSince time.Time, std Standards) (Transition, error) {
	if act.Action == ActionReady {
		return applyReady(r, act)
	}
	step, ok := StepFor(act.Action)
	if !ok || act.Action == ActionSubmit {
		return Transition{}, refuse(act, ErrInvalidAct, "action", sopUnknownAction, act.Action)
	}
	p := locale.For(act.Language)
	role, ok := pickRole(step, act.Actor)
	if !ok {
		return Transition{}, refuse(act, ErrForbidden, "action", sopForbidden, act.Action.Step(p), rolesWord(step.Roles, p))
	}
	if !contains(step.From, r.Status) {
		return Transition{}, refuse(act, ErrInvalidTransition, "action", sopWrongOrder, act.Action.Step(p), r.Status.Word(p))
	}
	if err := checkTiming(r, act); err != nil {
		return Transition{}, err
	}
	if err := checkDecision(act); err != nil {
		return Transition{}, err
	}
	if err := checkRecords(r, &act); err != nil {
		return Transition{}, err
	}
	to := target(r, act)
	t := Transition{
		RequestID: r.ID, Action: act.Action, From: r.Status, To: to,
		UserID: act.Actor.UserID, Actor: act.Actor.Name, Role: role,
		Decision: act.Decision, Note: act.Note, At: act.At,
		Standard: std[act.Action], Readiness: act.Readiness, Usage: act.Usage,
	}
	if !turnSince.IsZero() && act.At.After(turnSince) {
		t.Took = act.At.Sub(turnSince)
	}
	if act.Action == ActionCheck {
		r.Decision = act.Decision
	}
	r.Status = to
	r.Sequence++
	r.UpdatedAt = act.At
	return t, nil
}

// Submitted returns the first transition of a new request.
func Submitted(r *Request, at time.Time, std Standards) Transition {
	r.Status = StatusSubmitted
	return Transition{
		RequestID: r.ID, Action: ActionSubmit, To: StatusSubmitted,
		Actor: r.ContactName, Role: RoleApplicant, At: at, Standard: std[ActionSubmit],
	}
}

func target(r *Request, act Act) Status {
	switch act.Action {
	case ActionForward:
		return StatusForwarded
	case ActionDispose:
		return StatusDisposed
	case ActionCheck:
		return StatusChecked
	case ActionRelay:
		return StatusRelayed
	case ActionInform:
		if r.Decision == DecisionAvailable {
			return StatusApproved
		}
		return StatusRejected
	case ActionPrepare:
		return StatusPrepared
	case ActionReport:
		return StatusReported
	case ActionClose:
		return StatusClosed
	case ActionCancel:
		return StatusCancelled
	}
	return StatusExpired
}

func checkTiming(r *Request, act Act) error {
	switch act.Action {
	case ActionReport:
		if act.At.Before(r.End) {
			return refuse(act, ErrInvalidTransition, "action", sopReportEarly, FormatMoment(r.End, act.zone(), act.Language))
		}
	case ActionPrepare, ActionCancel:
		if !act.At.Before(r.End) {
			return refuse(act, ErrInvalidTransition, "action", sopAfterEnd, act.Action.Step(locale.For(act.Language)))
		}
	case ActionExpire:
		if act.At.Before(r.Start) {
			return refuse(act, ErrInvalidTransition, "action", sopNotStarted)
		}
	}
	return nil
}

func checkDecision(act Act) error {
	if act.Action != ActionCheck {
		if act.Decision != "" {
			return refuse(act, ErrInvalidAct, "decision", sopDecisionOnlyCheck)
		}
		return nil
	}
	switch act.Decision {
	case DecisionAvailable:
		return nil
	case DecisionUnavailable:
		if act.Note == "" {
			return refuse(act, ErrInvalidAct, "note", sopReasonRequired)
		}
		return nil
	}
	return refuse(act, ErrInvalidAct, "decision", sopDecisionValues)
}

func pickRole(step Step, a Actor) (Role, bool) {
	for _, r := range step.Roles {
		if a.Holds(r) {
			return r, true
		}
	}
	return "", false
}

func contains(list []Status, s Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

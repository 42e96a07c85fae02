package mail

import (
	"encoding/json"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// Kind is the outbox kind of mail jobs.
const Kind = "mail"

// Event is what an email tells: a step of the chain, or a scheduled notice.
type Event string

// The events that send email (issue "Email through the chain", "Who hears what").
const (
	EventReceipt    Event = "receipt" // the applicant's copy of "submitted"
	EventSubmitted  Event = "submitted"
	EventForwarded  Event = "forwarded"
	EventDisposed   Event = "disposed"
	EventChecked    Event = "checked"
	EventRelayed    Event = "relayed"
	EventApproved   Event = "approved"
	EventRejected   Event = "rejected"
	EventReadiness  Event = "readiness"  // the day before an approved booking
	EventReportDue  Event = "report_due" // after the end
	EventReported   Event = "reported"
	EventClosed     Event = "closed"
	EventCancelled  Event = "cancelled"
	EventExpired    Event = "expired"     // the start passed before the chain decided
	EventReminder   Event = "reminder"    // a step past its standard
	EventEscalation Event = "escalation"  // a step past EscalateAfter times its standard
	EventSigninLink Event = "signin_link" // a sign-in link a member of staff asked for (signin.go)

	// A standing conflict (conflict.go): found, to the Kabid with the
	// decision's link; gone by itself, to the Kabid; a move or a cancel
	// decided, to the secretary with the carry-out's link.
	EventConflict        Event = "conflict"
	EventConflictClosed  Event = "conflict_closed"
	EventConflictDecided Event = "conflict_decided"
	// EventRescheduled tells the applicant their booking's time changed (a
	// conflict's move, or the secretary's change of one occurrence).
	EventRescheduled Event = "rescheduled"
	// The scheduled notices of a conflict left waiting past
	// office.ConflictStandard: a reminder to the Kabid and an escalation to
	// the head, a reminder to the secretary who has a decision to carry out.
	EventConflictReminder   Event = "conflict_reminder"
	EventConflictEscalation Event = "conflict_escalation"
	EventCarryOutReminder   Event = "carry_out_reminder"
)

// payload is a mail job's JSON: what to tell. A transition's job needs only
// the event (the transition is the job's); a reminder names the step and
// the transition that made it someone's turn.
type payload struct {
	Event  Event          `json:"event"`
	Action booking.Action `json:"action,omitempty"` // the late step (reminder, escalation)
	Turn   int64          `json:"turn,omitempty"`   // the transition it waits since
	Times  int            `json:"times,omitempty"`  // escalation: how many standards
	// Conflict is the standing conflict a scheduled conflict notice is
	// about; Turn is then the transition that found or decided it.
	Conflict int64 `json:"conflict,omitempty"`
	// Link is the sign-in link to email (EventSigninLink): its user, expiry
	// and nonce; the worker signs it when it writes the email, so the
	// database never holds a usable link.
	Link *office.SigninLink `json:"link,omitempty"`
}

// transitionEvents says which transitions send email.
var transitionEvents = map[booking.Action]Event{
	booking.ActionSubmit:  EventSubmitted,
	booking.ActionForward: EventForwarded,
	booking.ActionDispose: EventDisposed,
	booking.ActionCheck:   EventChecked,
	booking.ActionRelay:   EventRelayed,
	booking.ActionReport:  EventReported,
	booking.ActionClose:   EventClosed,
	booking.ActionCancel:  EventCancelled,
	booking.ActionExpire:  EventExpired,

	booking.ActionConflict:       EventConflict,
	booking.ActionConflictClosed: EventConflictClosed,
	booking.ActionDecideConflict: EventConflictDecided,
	booking.ActionReschedule:     EventRescheduled,
}

// Plan is the mail's store.JobPlanner: one job per transition that tells
// anyone anything. The job names no recipient: the handler finds them when
// it runs (who holds the role then), so a job stays small and a retry sends
// to the same people.
func Plan(r booking.Request, t booking.Transition) []store.Job {
	ev, ok := transitionEvents[t.Action]
	if t.Action == booking.ActionInform {
		ev, ok = EventRejected, true
		if t.To == booking.StatusApproved {
			ev = EventApproved
		}
	}
	if t.Action == booking.ActionDecideConflict && !carriedOut(t.Decision) {
		ok = false // a keep resolves the conflict: nobody has anything to do
	}
	if !ok {
		return nil
	}
	return []store.Job{{
		Kind:      Kind,
		DedupeKey: fmt.Sprintf("mail:t:%d", t.ID),
		Payload:   mustJSON(payload{Event: ev}),
	}}
}

// carriedOut reports whether the Kabid's decision d on a conflict waits for
// the secretary: a move or a cancel.
func carriedOut(d booking.Decision) bool {
	c := booking.ConflictDecision(d)
	return c == booking.ConflictMove || c == booking.ConflictCancel
}

func mustJSON(p payload) []byte {
	b, err := json.Marshal(p)
	if err != nil {
		panic("mail: payload: " + err.Error()) // a struct of strings and ints always encodes
	}
	return b
}

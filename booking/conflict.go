package booking

// The acts around a standing conflict (a problem that arose after a booking
// was checked: a Google event, a holiday, a change of the config). None is
// a step of the SOP's chain: they are recorded in the history and the
// logbook, but hand the chain's turn to nobody.
const (
	// ActionConflict: the system found a standing conflict (its note is the cause).
	ActionConflict Action = "conflict"
	// ActionConflictClosed: the cause went away by itself (the Google event
	// deleted, the closed date removed); the system closed the conflict.
	ActionConflictClosed Action = "conflict_closed"
	// ActionDecideConflict: the Kabid decided to keep, move or cancel.
	ActionDecideConflict Action = "decide_conflict"
	// ActionCarryOutConflict names the secretary's signed link that carries
	// out a move or a cancel; the act itself is recorded as a reschedule
	// (move, or cancel of one occurrence of a series) or a cancel.
	ActionCarryOutConflict Action = "carry_out_conflict"
)

// OutsideChain lists the actions recorded in a request's history that are
// not steps of the chain: they never start or end anybody's turn.
var OutsideChain = []Action{ActionReschedule, ActionRestore, ActionReady,
	ActionConflict, ActionConflictClosed, ActionDecideConflict}

// ConflictDecision is the Kabid's decision on a standing conflict.
type ConflictDecision string

// The Kabid's decisions.
const (
	ConflictKeep   ConflictDecision = "keep"   // the booking stands (a note says why)
	ConflictMove   ConflictDecision = "move"   // to one of the alternatives or another free time
	ConflictCancel ConflictDecision = "cancel" // with a note
)

// ConflictResolution says how a standing conflict ended.
type ConflictResolution string

// How a conflict ends.
const (
	ResolvedKept      ConflictResolution = "kept"      // the Kabid kept the booking
	ResolvedMoved     ConflictResolution = "moved"     // the secretary moved it
	ResolvedCancelled ConflictResolution = "cancelled" // the secretary cancelled it
	ResolvedVanished  ConflictResolution = "vanished"  // the cause went away by itself
	ResolvedWithdrawn ConflictResolution = "withdrawn" // the booking was cancelled, ended or moved otherwise
)

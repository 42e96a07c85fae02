package booking

// sopMessage is the catalogue key (package locale) of a refusal of the
// state machine.
type sopMessage string

const (
	sopUnknownAction     sopMessage = "sop.unknown_action"
	sopForbidden         sopMessage = "sop.forbidden"
	sopWrongOrder        sopMessage = "sop.wrong_order"
	sopReportEarly       sopMessage = "sop.report_early"
	sopAfterEnd          sopMessage = "sop.after_end"
	sopNotStarted        sopMessage = "sop.not_started"
	sopDecisionOnlyCheck sopMessage = "sop.decision_only_check"
	sopReasonRequired    sopMessage = "sop.reason_required"
	sopDecisionValues    sopMessage = "sop.decision_values"
)

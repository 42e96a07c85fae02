package booking

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pelalawan/ccroom/locale"
)

// Steps 8 and 9 of the SOP carry records, not only a note: the readiness
// checklist of the requested equipment (step 8) and the usage report
// (step 9).
//
// Step 8 is the Kabid's and the vidcon team's together. The vidcon team
// records the checklist with ActionReady: an act outside the chain (like a
// reschedule, it changes no status and hands the turn to nobody, so the
// prepare step is still timed from the approval), which they may repeat
// while the booking is approved. The Kabid's prepare confirms a checklist:
// the one it carries, or, when it carries none, the latest the vidcon team
// recorded (the web layer copies it). A checklist with an item not ready
// needs that item's note, and a prepare confirming one needs the Kabid's
// note too (what is done about it).

// ActionReady is the vidcon team's readiness checklist, before the Kabid's
// prepare (step 8). It is recorded but is not a step of the chain: it is
// not in Steps, so InChain is false.
const ActionReady Action = "ready"

// ReadyStep is who may record the checklist, and when.
var ReadyStep = Step{Action: ActionReady, Number: "8", From: []Status{StatusApproved}, Roles: []Role{RoleVidcon}}

// StepOrRecord returns the step of a, ReadyStep included.
func StepOrRecord(a Action) (Step, bool) {
	if a == ActionReady {
		return ReadyStep, true
	}
	return StepFor(a)
}

// ReadyItem is one requested item of equipment on the readiness checklist.
type ReadyItem struct {
	Name  string `json:"name"`
	Ready bool   `json:"ready"`
	Note  string `json:"note,omitempty"`
}

// Condition is the state of an item of equipment after its use.
type Condition string

// The conditions of the usage report.
const (
	ConditionGood   Condition = "baik"
	ConditionBroken Condition = "rusak"
	ConditionLost   Condition = "hilang"
)

// Conditions lists the conditions, in the order a form offers them.
var Conditions = []Condition{ConditionGood, ConditionBroken, ConditionLost}

// UsedItem is the condition of one item of equipment after the use.
type UsedItem struct {
	Name      string    `json:"name"`
	Condition Condition `json:"condition"`
	Note      string    `json:"note,omitempty"`
}

// Usage is the vidcon team's usage report (step 9).
type Usage struct {
	Start      time.Time  `json:"actual_start"`
	End        time.Time  `json:"actual_end"`
	Attendance int        `json:"attendance"`
	Equipment  []UsedItem `json:"equipment"`
	Problems   string     `json:"problems"`
}

// NotReady counts the checklist's items that are not ready.
func NotReady(items []ReadyItem) int {
	n := 0
	for _, it := range items {
		if !it.Ready {
			n++
		}
	}
	return n
}

// Limits of the records' texts and numbers.
const (
	MaxItemNote   = 500
	MaxProblems   = 2000
	MaxAttendance = 100000
)

// Refusals of the records (keys of the catalogue, locale/translations/usage.*.json).
const (
	sopRecordNotHere     sopMessage = "sop.record_not_here"
	sopChecklistRequired sopMessage = "sop.checklist_required"
	sopItemMissing       sopMessage = "sop.item_missing"
	sopItemUnknown       sopMessage = "sop.item_unknown"
	sopItemTwice         sopMessage = "sop.item_twice"
	sopItemNoteRequired  sopMessage = "sop.item_note_required"
	sopPrepareNote       sopMessage = "sop.prepare_note_required"
	sopTextTooLong       sopMessage = "sop.text_too_long"
	sopTextControl       sopMessage = "sop.text_control"
	sopUsageRequired     sopMessage = "sop.usage_required"
	sopActualRequired    sopMessage = "sop.actual_required"
	sopActualOrder       sopMessage = "sop.actual_order"
	sopActualEarly       sopMessage = "sop.actual_early"
	sopActualFuture      sopMessage = "sop.actual_future"
	sopAttendanceRange   sopMessage = "sop.attendance_range"
	sopConditionValues   sopMessage = "sop.condition_values"
	sopConditionNote     sopMessage = "sop.condition_note_required"
)

// applyReady records the vidcon team's checklist: status unchanged, no
// standard, nothing timed.
func applyReady(r *Request, act Act) (Transition, error) {
	p := act.printer()
	role, ok := pickRole(ReadyStep, act.Actor)
	if !ok {
		return Transition{}, refuse(act, ErrForbidden, "action", sopForbidden, act.Action.Step(p), rolesWord(ReadyStep.Roles, p))
	}
	if !contains(ReadyStep.From, r.Status) {
		return Transition{}, refuse(act, ErrInvalidTransition, "action", sopWrongOrder, act.Action.Step(p), r.Status.Word(p))
	}
	if !act.At.Before(r.End) {
		return Transition{}, refuse(act, ErrInvalidTransition, "action", sopAfterEnd, act.Action.Step(p))
	}
	if act.Decision != "" {
		return Transition{}, refuse(act, ErrInvalidAct, "decision", sopDecisionOnlyCheck)
	}
	if err := checkRecords(r, &act); err != nil {
		return Transition{}, err
	}
	return Transition{
		RequestID: r.ID, Action: ActionReady, From: r.Status, To: r.Status,
		UserID: act.Actor.UserID, Actor: act.Actor.Name, Role: role,
		Note: act.Note, At: act.At, Readiness: act.Readiness,
	}, nil
}

// checkRecords checks the records act carries against r, cleaning their
// texts in place: a checklist only at ready and prepare, a usage report
// only at report and required there.
func checkRecords(r *Request, act *Act) error {
	switch act.Action {
	case ActionReady, ActionPrepare:
		if act.Usage != nil {
			return refuse(*act, ErrInvalidAct, "usage", sopRecordNotHere, act.Action.Step(act.printer()))
		}
		if act.Readiness == nil {
			if act.Action == ActionReady && len(r.Equipment) > 0 {
				return refuse(*act, ErrInvalidAct, "readiness", sopChecklistRequired)
			}
			return nil
		}
		return checkChecklist(r, act)
	case ActionReport:
		if act.Readiness != nil {
			return refuse(*act, ErrInvalidAct, "readiness", sopRecordNotHere, act.Action.Step(act.printer()))
		}
		return checkUsage(r, act)
	}
	if act.Readiness != nil {
		return refuse(*act, ErrInvalidAct, "readiness", sopRecordNotHere, act.Action.Step(act.printer()))
	}
	if act.Usage != nil {
		return refuse(*act, ErrInvalidAct, "usage", sopRecordNotHere, act.Action.Step(act.printer()))
	}
	return nil
}

// checkChecklist: every requested item once, in any order, no other; a
// note for an item not ready; the Kabid's note on a prepare with one.
func checkChecklist(r *Request, act *Act) error {
	items := make([]ReadyItem, len(act.Readiness))
	copy(items, act.Readiness)
	for i := range items {
		items[i].Name = strings.TrimSpace(items[i].Name)
		field := fmt.Sprintf("readiness[%d]", i)
		if err := checkItems(r, *act, items[i].Name, i, field, func(j int) string { return items[j].Name }); err != nil {
			return err
		}
		var err error
		if items[i].Note, err = cleanText(*act, field+".note", items[i].Note, MaxItemNote); err != nil {
			return err
		}
		if !items[i].Ready && items[i].Note == "" {
			return refuse(*act, ErrInvalidAct, field+".note", sopItemNoteRequired, items[i].Name)
		}
	}
	if err := missingItem(r, *act, "readiness", len(items), func(j int) string { return items[j].Name }); err != nil {
		return err
	}
	if act.Action == ActionPrepare && NotReady(items) > 0 && strings.TrimSpace(act.Note) == "" {
		return refuse(*act, ErrInvalidAct, "note", sopPrepareNote)
	}
	act.Readiness = items
	return nil
}

// checkUsage: the actual times in order and not in the future, the
// attendance in range, the condition of every requested item once (a note
// unless baik), the problems' text.
func checkUsage(r *Request, act *Act) error {
	if act.Usage == nil {
		return refuse(*act, ErrInvalidAct, "usage", sopUsageRequired)
	}
	u := *act.Usage
	switch {
	case u.Start.IsZero():
		return refuse(*act, ErrInvalidAct, "usage.actual_start", sopActualRequired)
	case u.End.IsZero():
		return refuse(*act, ErrInvalidAct, "usage.actual_end", sopActualRequired)
	case !u.End.After(u.Start):
		return refuse(*act, ErrInvalidAct, "usage.actual_end", sopActualOrder)
	case u.Start.Before(r.Start.Add(-ActualSlack)): // a use cannot begin a day before its booking
		return refuse(*act, ErrInvalidAct, "usage.actual_start", sopActualEarly)
	case !act.At.IsZero() && u.End.After(act.At):
		return refuse(*act, ErrInvalidAct, "usage.actual_end", sopActualFuture)
	case u.Attendance < 0 || u.Attendance > MaxAttendance:
		return refuse(*act, ErrInvalidAct, "usage.attendance", sopAttendanceRange, MaxAttendance)
	}
	items := make([]UsedItem, len(u.Equipment))
	copy(items, u.Equipment)
	for i := range items {
		items[i].Name = strings.TrimSpace(items[i].Name)
		field := fmt.Sprintf("usage.equipment[%d]", i)
		if err := checkItems(r, *act, items[i].Name, i, field, func(j int) string { return items[j].Name }); err != nil {
			return err
		}
		switch items[i].Condition {
		case ConditionGood, ConditionBroken, ConditionLost:
		default:
			return refuse(*act, ErrInvalidAct, field+".condition", sopConditionValues)
		}
		var err error
		if items[i].Note, err = cleanText(*act, field+".note", items[i].Note, MaxItemNote); err != nil {
			return err
		}
		if items[i].Condition != ConditionGood && items[i].Note == "" {
			return refuse(*act, ErrInvalidAct, field+".note", sopConditionNote, items[i].Name)
		}
	}
	if err := missingItem(r, *act, "usage.equipment", len(items), func(j int) string { return items[j].Name }); err != nil {
		return err
	}
	var err error
	if u.Problems, err = cleanText(*act, "usage.problems", u.Problems, MaxProblems); err != nil {
		return err
	}
	u.Equipment = items
	act.Usage = &u
	return nil
}

// checkItems refuses the i-th item's name when the request asked for no
// such equipment or when an earlier item named it.
func checkItems(r *Request, act Act, name string, i int, field string, nameOf func(int) string) error {
	if !requested(r, name) {
		return refuse(act, ErrInvalidAct, field+".name", sopItemUnknown, name)
	}
	for j := range i {
		if nameOf(j) == name {
			return refuse(act, ErrInvalidAct, field+".name", sopItemTwice, name)
		}
	}
	return nil
}

// missingItem refuses a list of n items (each requested, none twice) that
// lacks a requested item.
func missingItem(r *Request, act Act, field string, n int, nameOf func(int) string) error {
	for _, need := range r.Equipment {
		found := false
		for j := range n {
			found = found || nameOf(j) == need.Name
		}
		if !found {
			return refuse(act, ErrInvalidAct, field, sopItemMissing, need.Name)
		}
	}
	return nil
}

func requested(r *Request, name string) bool {
	for _, n := range r.Equipment {
		if n.Name == name {
			return true
		}
	}
	return false
}

// cleanText trims s and refuses it too long or holding control characters
// other than line breaks and tabs.
func cleanText(act Act, field, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > limit {
		return "", refuse(act, ErrInvalidAct, field, sopTextTooLong, limit)
	}
	if strings.ContainsFunc(s, func(c rune) bool {
		return c != '\n' && c != '\r' && c != '\t' && (unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c))
	}) {
		return "", refuse(act, ErrInvalidAct, field, sopTextControl)
	}
	return s, nil
}

func (a Act) printer() *locale.Printer { return locale.For(a.Language) }

// RecordLines are t's records as a history or an email lists them, in p's
// language: each item of a checklist ("computer: Siap"), and the usage
// report's time, attendance, each item's condition and the problems.
func RecordLines(p *locale.Printer, t Transition, loc *time.Location) []string {
	var out []string
	for _, it := range t.Readiness {
		out = append(out, withNote(it.Name+": "+ReadyWord(p, it.Ready), it.Note))
	}
	if u := t.Usage; u != nil {
		out = append(out, p.Get("usereport.line.time", FormatSpan(u.Start, u.End, loc, p.Lang())),
			p.Get("usereport.line.attendance", u.Attendance))
		for _, it := range u.Equipment {
			out = append(out, withNote(it.Name+": "+it.Condition.Word(p), it.Note))
		}
		problems := u.Problems
		if problems == "" {
			problems = p.Get("word.none")
		}
		out = append(out, p.Get("usereport.line.problems", problems))
	}
	return out
}

// ReadyWord is an item's readiness in words: "Siap", "Belum siap".
func ReadyWord(p *locale.Printer, ready bool) string {
	if ready {
		return p.Get("readiness.ready")
	}
	return p.Get("readiness.not_ready")
}

// Word is the condition in words: "Baik", "Rusak", "Hilang".
func (c Condition) Word(p *locale.Printer) string {
	return word(p, "usereport.condition.", string(c), "")
}

// withNote is s followed by the note in brackets, when there is one.
func withNote(s, note string) string {
	if note == "" {
		return s
	}
	return s + " (" + note + ")"
}

// ActualSlack is how long before its booked start a use may have begun, as
// its usage report says (a setup the evening before).
const ActualSlack = 24 * time.Hour

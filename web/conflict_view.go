package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// standingView is a standing conflict as a page shows it
// (templates/part_conflict.html): the cause in the reader's language, the
// occurrence in its way, when it was found, the Kabid's decision and how
// it ended; with the form its reader may fill, if any.
type standingView struct {
	ID           int64
	Anchor       string // the element id, "conflict-12"
	Open, Late   bool
	State        string // waiting for whom, or how it ended
	Details      []detail
	Alternatives []string // the free times of the same length, when no form offers them
	Decide       *decideForm
	CarryOut     *carryForm
}

// decideForm is the Kabid's decision on a conflict: keep, one of the
// alternatives, another time, or cancel; a note for keep and cancel.
type decideForm struct {
	Action           string // where it posts
	TokenName, Token string // the form token's field: csrf on a link's page, form_token on staff pages
	Choices          []option
	Date, Start, End string // another time
	Note             string
	Errors           map[string]string // by field: choice, time, note
}

// carryForm is the secretary's button that carries out the Kabid's move
// or cancel.
type carryForm struct {
	Action, TokenName, Token, Button string
	Danger                           bool
}

// choiceKeep, choiceCancel and choiceOther are the decision form's choices
// besides the alternatives ("at:START/END").
const (
	choiceKeep   = "keep"
	choiceCancel = "cancel"
	choiceOther  = "other"
	choiceAt     = "at:"
)

// newStandingView words c for p's reader at now; standard is the time the
// Kabid has to decide.
func newStandingView(p *locale.Printer, c store.Conflict, loc *time.Location, now time.Time, standard time.Duration) standingView {
	v := standingView{ID: c.ID, Anchor: conflictAnchor(c.ID), Open: c.Open(), State: conflictState(p, c)}
	v.Details = []detail{
		{p.Get("conflictweb.cause"), conflictCause(p, c)},
		{p.Get("conflictweb.occurrence"), booking.FormatSpan(c.Start, c.End, loc, p.Lang())},
		{p.Get("conflictweb.found"), booking.FormatMoment(c.FoundAt, loc, p.Lang())},
	}
	if c.AwaitsKabid() {
		var age string
		age, v.Late = conflictAge(p, c, now, standard)
		v.Details = append(v.Details, detail{p.Get("conflictweb.waiting"), age})
	}
	if c.Decision != "" {
		v.Details = append(v.Details, detail{p.Get("conflictweb.decision"), decisionWords(p, c, loc)})
	}
	if c.Note != "" {
		v.Details = append(v.Details, detail{p.Get("conflictweb.note"), c.Note})
	}
	if c.Resolution != "" {
		by := ""
		if c.ResolvedBy != "" {
			by = p.Get("conflictweb.by", c.ResolvedBy, booking.FormatMoment(c.ResolvedAt, loc, p.Lang()))
		} else {
			by = booking.FormatMoment(c.ResolvedAt, loc, p.Lang())
		}
		v.Details = append(v.Details, detail{p.Get("conflictweb.resolution"),
			p.Get("conflictweb.resolved."+string(c.Resolution)) + ", " + by})
	}
	if c.AwaitsKabid() {
		for _, s := range c.Suggestions {
			v.Alternatives = append(v.Alternatives, booking.FormatSpan(s.Start, s.End, loc, p.Lang()))
		}
	}
	return v
}

// conflictAge says how long c has waited for the Kabid since it was
// found, against standard, and whether it is late.
func conflictAge(p *locale.Printer, c store.Conflict, now time.Time, standard time.Duration) (string, bool) {
	age := max(now.Sub(c.FoundAt), 0)
	return p.Get("conflictweb.age", duration(p, age), duration(p, standard)), standard > 0 && age > standard
}

// conflictAnchor is the element id of conflict id on a request's page.
func conflictAnchor(id int64) string { return "conflict-" + strconv.FormatInt(id, 10) }

// conflictCause is the cause in p's language.
func conflictCause(p *locale.Printer, c store.Conflict) string {
	if p.Lang() == locale.English && c.CauseEN != "" {
		return c.CauseEN
	}
	return c.Cause
}

// conflictState says whom c waits for, or how it ended.
func conflictState(p *locale.Printer, c store.Conflict) string {
	switch {
	case c.AwaitsKabid():
		return p.Get("conflictweb.state.kabid")
	case c.AwaitsSecretary():
		return p.Get("conflictweb.state.secretary")
	case c.Resolution != "":
		return p.Get("conflictweb.state.resolved") + ": " + p.Get("conflictweb.resolved."+string(c.Resolution))
	}
	return p.Get("conflictweb.state.resolved")
}

// decisionWords is the Kabid's decision: what, where to, by whom and when.
func decisionWords(p *locale.Printer, c store.Conflict, loc *time.Location) string {
	what := p.Get("conflictweb.decided." + string(c.Decision))
	if c.Decision == booking.ConflictMove {
		what = p.Get("conflictweb.decided.move_to", booking.FormatSpan(c.MoveStart, c.MoveEnd, loc, p.Lang()))
	}
	if c.DecidedBy == "" {
		return what
	}
	return what + ", " + p.Get("conflictweb.by", c.DecidedBy, booking.FormatMoment(c.DecidedAt, loc, p.Lang()))
}

// newDecideForm is the Kabid's form on c, posting to action.
func newDecideForm(p *locale.Printer, c store.Conflict, loc *time.Location, action, tokenName, token string) *decideForm {
	f := &decideForm{Action: action, TokenName: tokenName, Token: token, Errors: map[string]string{}}
	f.Choices = append(f.Choices, option{Value: choiceKeep, Label: p.Get("conflictweb.choice.keep")})
	for _, s := range c.Suggestions {
		f.Choices = append(f.Choices, option{Value: slotChoice(s, loc),
			Label: p.Get("conflictweb.choice.move", booking.FormatSpan(s.Start, s.End, loc, p.Lang()))})
	}
	f.Choices = append(f.Choices,
		option{Value: choiceOther, Label: p.Get("conflictweb.choice.other")},
		option{Value: choiceCancel, Label: p.Get("conflictweb.choice.cancel")})
	return f
}

// slotChoice is the value of an alternative's choice: "at:START/END".
func slotChoice(s booking.Slot, loc *time.Location) string {
	return choiceAt + s.Start.In(loc).Format(time.RFC3339) + "/" + s.End.In(loc).Format(time.RFC3339)
}

// newCarryForm is the secretary's button on c, posting to action.
func newCarryForm(p *locale.Printer, c store.Conflict, action, tokenName, token string) *carryForm {
	return &carryForm{Action: action, TokenName: tokenName, Token: token,
		Button: p.Get("conflictweb.carry." + string(c.Decision)), Danger: c.Decision == booking.ConflictCancel}
}

// refill puts the posted choice, times and note back in f, with the
// refusal msg at its field.
func (f *decideForm) refill(get func(string) string, field, msg string) {
	choice := get("choice")
	for i := range f.Choices {
		f.Choices[i].Selected = f.Choices[i].Value == choice
	}
	f.Date, f.Start, f.End, f.Note = get("date"), get("start"), get("end"), get("note")
	switch {
	case field == "note":
		f.Errors["note"] = msg
	case (field == "start" || field == "end" || field == "date") && choice == choiceOther:
		f.Errors["time"] = msg
	default:
		f.Errors["choice"] = msg
	}
}

// decisionOf reads a posted decision form: the choice as posted, and the
// decision it makes.
func decisionOf(get func(string) string, loc *time.Location) (choice string, d office.ConflictDecision, err error) {
	choice = strings.TrimSpace(get("choice"))
	d.Note = get("note")
	switch {
	case choice == choiceKeep || choice == choiceCancel:
		d.Decision = booking.ConflictDecision(choice)
	case choice == choiceOther:
		d.Decision = booking.ConflictMove
		d.Start, d.End, err = formSpan(get("date"), get("start"), get("end"), loc)
	case strings.HasPrefix(choice, choiceAt):
		d.Decision = booking.ConflictMove
		start, end, _ := strings.Cut(strings.TrimPrefix(choice, choiceAt), "/")
		var e1, e2 error
		d.Start, e1 = time.Parse(time.RFC3339, start)
		d.End, e2 = time.Parse(time.RFC3339, end)
		if e1 != nil || e2 != nil {
			err = invalid("decision", "the chosen time cannot be read")
		}
	default:
		err = invalid("decision", "decision must be keep, move or cancel")
	}
	return choice, d, err
}

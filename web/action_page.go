package web

import (
	"strconv"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// actionPage is what the page of a signed action link shows: the request
// and the form of the step, or why the link does nothing
// (templates/action.html). Its language is the official's.
type actionPage struct {
	pageHead
	Message string // an outcome or a refusal, in a box above the rest
	Error   bool
	Details []detail
	Lists   []itemList
	Form    *actionForm
	// Conflict is the standing conflict of a conflict link, with its form
	// (conflict_link.go).
	Conflict *standingView
}

// actionForm posts the step back to the same link.
type actionForm struct {
	Action   string // the URL
	CSRF     string
	Button   string // the step, as the email's button said it
	Decision bool   // the Kabid's available / unavailable choice
	// Step is the link's action; Checklist and Usage the records of steps 8
	// and 9 its form takes (usage_view.go), as on the staff page.
	Step      string
	Checklist *checklistForm
	Usage     *usageForm
	Note      string // the note posted, shown again after a refusal
	NoteError string
}

// newActionPage is an action page with no request shown yet. The link's
// URL is a secret.
func newActionPage(p *locale.Printer) *actionPage {
	return &actionPage{pageHead: pageHead{Lang: p.Lang(), Title: p.Get("link.title"), Private: true}}
}

// refused is the page saying msg, an error.
func refused(p *locale.Printer, msg string) *actionPage {
	page := newActionPage(p)
	page.Message, page.Error = msg, true
	return page
}

// summary lists the request's particulars for an official: the applicant's
// contact too, and the status in words.
func summary(p *locale.Printer, r booking.Request, room string, loc *time.Location) []detail {
	return []detail{
		{p.Get("field.number"), booking.Number(r.ID)}, {p.Get("field.event"), r.Title},
		{p.Get("field.organization"), r.Organization},
		{p.Get("field.applicant"), r.ContactName + ", " + r.ContactEmail},
		{p.Get("field.when"), booking.FormatSpan(r.Start, r.End, loc, p.Lang())},
		{p.Get("field.room"), room}, {p.Get("field.participants"), strconv.Itoa(r.Participants)},
		{p.Get("field.equipment"), needs(p, r.Equipment)}, {p.Get("field.status"), r.Status.Word(p)},
	}
}

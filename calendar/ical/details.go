package ical

import (
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// staffEvent is the staff view of a booking: the title whatever the visibility,
// the details in DESCRIPTION and a URL to the request's page.
func staffEvent(e Entry, opt Options) event {
	r := &e.Request
	summary := r.Title
	if strings.TrimSpace(summary) == "" {
		summary = PublicSummary(r, opt.Language)
	}
	ev := event{
		Listing:     listing(e, opt, summary),
		description: details(r, opt.Language),
	}
	if opt.RequestURL != nil {
		ev.url = opt.RequestURL(r.ID)
	}
	return ev
}

// details is the DESCRIPTION for staff: one "label: value" line per field
// that has a value.
func details(r *booking.Request, lang string) string {
	p := locale.For(lang)
	var b strings.Builder
	line := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			b.WriteString(label + ": " + value + "\n")
		}
	}
	line(p.Get("field.organization"), r.Organization)
	line(p.Get("field.contact"), joinNonEmpty(", ", r.ContactName, r.ContactEmail, r.ContactPhone))
	if r.Participants > 0 {
		line(p.Get("field.participants"), strconv.Itoa(r.Participants))
	}
	line(p.Get("field.equipment"), equipmentText(r.Equipment))
	line(p.Get("field.status"), r.Status.Word(p))
	line(p.Get("field.letter_number"), r.LetterNumber)
	if r.Visibility == booking.VisibilityPublic {
		line(p.Get("field.visibility"), p.Get("visibility.public"))
	} else {
		line(p.Get("field.visibility"), p.Get("visibility.private"))
	}
	line(p.Get("field.notes"), r.Notes)
	return strings.TrimSuffix(b.String(), "\n")
}

// equipmentText lists the equipment asked for, e.g. "computer (2), internet (1)".
func equipmentText(needs []booking.Need) string {
	parts := make([]string, 0, len(needs))
	for _, n := range needs {
		parts = append(parts, n.Name+" ("+strconv.Itoa(n.Count)+")")
	}
	return strings.Join(parts, ", ")
}

// joinNonEmpty joins the values that are not blank.
func joinNonEmpty(sep string, values ...string) string {
	kept := values[:0:0]
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			kept = append(kept, v)
		}
	}
	return strings.Join(kept, sep)
}

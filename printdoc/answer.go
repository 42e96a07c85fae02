package printdoc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
)

// Answer is the office's answer to the applicant (SOP step 7) as a letter
// on its letterhead: its number (office.letter_number), the date it was
// told, the applicant's organization and letter number, the decision (with
// the Kabid's reason when the room cannot be lent), the room, the date and
// hours, and the head's signature block (office.head_*). ErrNotYet before
// the secretary informed the applicant.
func Answer(src Source) ([]byte, error) {
	inform, ok := last(src.History, booking.ActionInform)
	if !ok {
		return nil, ErrNotYet
	}
	r, o := src.Request, src.Office
	number := booking.Number(r.ID)
	s := newSheet(src, "document.answer.title", inform.At)
	p := s.p
	s.letterhead(o)

	// The date line stands right, above the letter's particulars.
	s.pdf.SetX(sigX)
	s.pdf.MultiCell(sigW, lineH, clean(o.City)+", "+s.longDate(inform.At), "", "L", false)
	s.gap(2)
	s.rows(marginL, 22, []row{
		{label: p.Get("document.letter.number"), value: o.LetterNo(number, inform.At.In(s.loc).Year())},
		{label: p.Get("document.letter.nature"), value: p.Get("document.letter.ordinary")},
		{label: p.Get("document.letter.attachment"), value: "-"},
		{label: p.Get("document.letter.subject"), value: p.Get("document.answer.subject")},
	})
	s.gap(lineH)

	// The addressee, on the left (Permendagri 1/2023).
	for _, l := range []string{
		p.Get("document.answer.to", clean(r.Organization)),
		p.Get("document.answer.attention", clean(r.ContactName)),
		p.Get("document.answer.at"),
	} {
		s.pdf.MultiCell(textW, lineH, l, "", "L", false)
	}
	s.pdf.SetX(marginL + 8)
	s.pdf.CellFormat(textW-8, lineH, p.Get("document.answer.place"), "", 1, "L", false, 0, "")
	s.gap(lineH)

	approved := inform.To == booking.StatusApproved
	decision := p.Get("document.decision.rejected")
	if approved {
		decision = p.Get("document.decision.approved")
	}
	s.para(p.Get("document.answer.salutation"))
	s.gap(1)
	opening := p.Get("document.answer.opening_request", s.longDate(r.CreatedAt))
	if n := clean(r.LetterNumber); n != "" {
		opening = p.Get("document.answer.opening_letter", n)
	}
	s.flow(run{text: opening + " "}, run{text: decision, bold: true},
		run{text: " " + p.Get("document.answer.particulars")})
	s.gap(1.5)
	s.rows(marginL+8, 42, answerRows(s, src, decision))
	s.gap(2)
	if approved {
		s.para(p.Get("document.answer.approved"))
	} else {
		s.para(p.Get("document.answer.rejected"))
	}
	s.gap(1.5)
	s.para(p.Get("document.answer.closing"))
	s.gap(lineH)
	s.signature("", o.HeadPosition, o.HeadName, o.HeadNIP)
	return s.bytes()
}

// answerRows are the particulars of the answer: the request, what it asks
// for, and the decision with its reason and note.
func answerRows(s *sheet, src Source, decision string) []row {
	p, r := s.p, src.Request
	rs := []row{
		{label: p.Get("document.field.number"), value: booking.Number(r.ID)},
		{label: p.Get("document.field.activity"), value: r.Title},
		{label: p.Get("document.field.room"), value: src.Room},
	}
	if len(src.Occurrences) > 1 {
		lines := make([]string, len(src.Occurrences))
		for i, o := range src.Occurrences {
			date, hours := s.when(o.Start, o.End)
			lines[i] = strconv.Itoa(i+1) + ". " + strings.TrimSuffix(date+", "+hours, ", ")
		}
		rs = append(rs, row{label: p.Get("document.field.schedule"), value: strings.Join(lines, "\n")})
	} else {
		date, hours := s.when(r.Start, r.End)
		rs = append(rs, row{label: p.Get("document.field.date"), value: date})
		if hours != "" {
			rs = append(rs, row{label: p.Get("document.field.time"), value: hours})
		}
	}
	rs = append(rs,
		row{label: p.Get("document.field.participants"), value: p.Get("document.field.people", r.Participants)},
		row{label: p.Get("document.field.equipment"), value: equipment(p.Get("document.none"), r.Equipment)},
		row{label: p.Get("document.field.decision"), value: decision, bold: true},
	)
	if check, ok := last(src.History, booking.ActionCheck); ok && check.Decision == booking.DecisionUnavailable && check.Note != "" {
		rs = append(rs, row{label: p.Get("document.field.reason"), value: check.Note})
	}
	if inform, _ := last(src.History, booking.ActionInform); inform.Note != "" {
		rs = append(rs, row{label: p.Get("document.field.note"), value: inform.Note})
	}
	return rs
}

// equipment lists the equipment asked for: "computer, projector (2)".
func equipment(none string, needs []booking.Need) string {
	if len(needs) == 0 {
		return none
	}
	parts := make([]string, len(needs))
	for i, n := range needs {
		parts[i] = n.Name
		if n.Count > 1 {
			parts[i] = fmt.Sprintf("%s (%d)", n.Name, n.Count)
		}
	}
	return strings.Join(parts, ", ")
}

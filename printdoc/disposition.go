package printdoc

import (
	"strings"

	"github.com/pelalawan/ccroom/booking"
)

// The disposition sheet's boxes: padding inside, and the least height of
// the note's box, room for a handwritten one.
const (
	boxPad     = 1.6
	noteHeight = 24.0
)

// Disposition is the head's disposition sheet (lembar disposisi, SOP step
// 3) on the office's letterhead: the request as received (from whom, their
// letter number, when, the agenda number CC-000012, what for and when),
// the instruction to the Kabid to check the room, the note, the date of
// the disposition and the signature of whoever disposed ("Plt." before the
// position when they were acting). ErrNotYet before the head disposed.
func Disposition(src Source) ([]byte, error) {
	dispose, ok := last(src.History, booking.ActionDispose)
	if !ok {
		return nil, ErrNotYet
	}
	r, o := src.Request, src.Office
	s := newSheet(src, "document.disposition.title", dispose.At)
	p := s.p
	s.letterhead(o)
	s.fit(p.Get("document.disposition.heading"), 13, textW)
	s.pdf.CellFormat(textW, 7, p.Get("document.disposition.heading"), "", 1, "C", false, 0, "")
	s.gap(3)

	received := r.CreatedAt
	if submit, ok := last(src.History, booking.ActionSubmit); ok {
		received = submit.At
	}
	date, hours := s.when(r.Start, r.End)
	schedule := strings.TrimSuffix(date+", "+hours, ", ")
	if len(src.Occurrences) > 1 {
		schedule = p.Get("document.disposition.sessions", schedule, len(src.Occurrences))
	}
	letter := clean(r.LetterNumber)
	if letter == "" {
		letter = "-"
	}
	from := clean(r.Organization)
	if c := clean(r.ContactName); c != "" {
		from += " (" + c + ")"
	}
	labelW := 42.0
	for _, rw := range []row{
		{label: p.Get("document.disposition.from"), value: from},
		{label: p.Get("document.disposition.letter_number"), value: letter},
		{label: p.Get("document.disposition.received"), value: s.longDate(received) + ", " + s.clock(received) + " " + s.zone(received)},
		{label: p.Get("document.disposition.agenda"), value: booking.Number(r.ID), bold: true},
		{label: p.Get("document.letter.nature"), value: p.Get("document.letter.ordinary")},
		{label: p.Get("document.letter.subject"), value: p.Get("document.disposition.subject", clean(src.Room), clean(r.Title))},
		{label: p.Get("document.field.schedule"), value: schedule},
		{label: p.Get("document.field.participants"), value: p.Get("document.field.people", r.Participants)},
		{label: p.Get("document.field.equipment"), value: equipment(p.Get("document.none"), r.Equipment)},
	} {
		s.boxRow(labelW, rw)
	}
	s.boxRow(labelW, row{label: p.Get("document.disposition.to"), value: p.Get("document.disposition.kabid"), bold: true})
	s.box(p.Get("document.disposition.instruction"), p.Get("document.disposition.check"), 0)
	note := clean(dispose.Note)
	if note == "" {
		note = "-"
	}
	s.box(p.Get("document.field.note"), note, noteHeight)
	s.boxRow(labelW, row{label: p.Get("document.disposition.date"),
		value: s.longDate(dispose.At) + ", " + s.clock(dispose.At) + " " + s.zone(dispose.At)})
	s.gap(lineH)

	position := o.HeadPosition
	if src.Acting {
		position = p.Get("document.acting", position)
	}
	nip := ""
	if clean(dispose.Actor) == clean(o.HeadName) {
		nip = o.HeadNIP
	}
	s.signature(clean(o.City)+", "+s.longDate(dispose.At), position, dispose.Actor, nip)
	return s.bytes()
}

// boxRow is a row of the sheet's table: the label and the value in cells
// with borders.
func (s *sheet) boxRow(labelW float64, r row) {
	valueW := textW - labelW
	value := clean(r.value)
	style := ""
	if r.bold {
		style = "B"
	}
	s.font(style, bodySize)
	n := len(s.pdf.SplitText(value, valueW-2*boxPad))
	s.font("", bodySize)
	n = max(n, len(s.pdf.SplitText(clean(r.label), labelW-2*boxPad)), 1)
	h := float64(n)*lineH + 2*boxPad
	s.room(h)
	y := s.pdf.GetY()
	s.pdf.SetLineWidth(0.25)
	s.pdf.Rect(marginL, y, labelW, h, "D")
	s.pdf.Rect(marginL+labelW, y, valueW, h, "D")
	s.pdf.SetXY(marginL+boxPad, y+boxPad)
	s.pdf.MultiCell(labelW-2*boxPad, lineH, clean(r.label), "", "L", false)
	s.font(style, bodySize)
	s.pdf.SetXY(marginL+labelW+boxPad, y+boxPad)
	s.pdf.MultiCell(valueW-2*boxPad, lineH, value, "", "L", false)
	s.font("", bodySize)
	s.pdf.SetY(y + h)
}

// box is a full-width box of the sheet: a heading in bold, then text, at
// least minH high.
func (s *sheet) box(heading, text string, minH float64) {
	text = clean(text)
	s.font("", bodySize)
	n := len(s.pdf.SplitText(text, textW-2*boxPad))
	h := max(float64(n+1)*lineH+2*boxPad+1, minH)
	s.room(h)
	y := s.pdf.GetY()
	s.pdf.SetLineWidth(0.25)
	s.pdf.Rect(marginL, y, textW, h, "D")
	s.font("B", bodySize)
	s.pdf.SetXY(marginL+boxPad, y+boxPad)
	s.pdf.CellFormat(textW-2*boxPad, lineH, clean(heading), "", 2, "L", false, 0, "")
	s.font("", bodySize)
	s.pdf.SetXY(marginL+boxPad, y+boxPad+lineH+1)
	s.pdf.MultiCell(textW-2*boxPad, lineH, text, "", "L", false)
	s.pdf.SetY(y + h)
}

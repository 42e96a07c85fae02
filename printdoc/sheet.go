package printdoc

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/locale"
)

// The page: A4 portrait in millimetres, with the margins of an Indonesian
// official letter (wider on the binding side).
const (
	pageW    = 210.0
	marginL  = 25.0
	marginR  = 20.0
	marginT  = 15.0
	marginB  = 22.0
	textW    = pageW - marginL - marginR
	bodySize = 11.0 // points
	lineH    = 5.6  // millimetres, single spacing of bodySize
	// The signature block (and the date line above the letter) stands in
	// the right part of the page.
	sigX    = 115.0
	sigW    = pageW - marginR - sigX
	signGap = 20.0 // room to sign and stamp
	// family is the embedded font's name in the document.
	family = "DejaVu"
)

// sheet is a document being drawn: the PDF and the words of its language.
type sheet struct {
	pdf *fpdf.Fpdf
	p   *locale.Printer
	loc *time.Location
}

// newSheet starts an A4 document titled by the key title, dated at (its creation
// date, so the same request gives the same bytes), with a footer naming
// the request's number and the page.
func newSheet(src Source, title string, at time.Time) *sheet {
	loc := src.Location
	if loc == nil {
		loc = time.UTC
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(true, marginB)
	pdf.SetCellMargin(0)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetCatalogSort(true)
	s := &sheet{pdf: pdf, p: locale.For(src.Lang), loc: loc}
	pdf.SetTitle(s.p.Get(title, booking.Number(src.Request.ID)), true)
	pdf.SetAuthor(clean(src.Office.Name), true)
	pdf.SetCreator("ccroom", true)
	pdf.SetProducer("ccroom", true)
	pdf.SetLang(s.p.Get("document.lang"))
	pdf.AliasNbPages("{nb}")
	number := booking.Number(src.Request.ID)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-marginB + 8)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(textW, 4, s.p.Get("document.footer", number, pdf.PageNo(), "{nb}"), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	s.font("", bodySize)
	return s
}

// bytes finishes the document.
func (s *sheet) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := s.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("printdoc: %w", err)
	}
	return b.Bytes(), nil
}

func (s *sheet) font(style string, size float64) { s.pdf.SetFont(family, style, size) }

// fit sets the bold font at size, smaller when text would not fit in w.
func (s *sheet) fit(text string, size, w float64) {
	for ; size > 7; size -= 0.5 {
		s.font("B", size)
		if s.pdf.GetStringWidth(text) <= w {
			return
		}
	}
}

// letterhead draws the office's letterhead (kop surat): its lines centred
// in capitals, the last (the office itself) the largest, the address under
// them, and the double rule that closes it.
func (s *sheet) letterhead(o config.Office) {
	lines := o.LetterheadLines()
	for i, l := range lines {
		text, size := strings.ToUpper(clean(l)), 13.0
		if i == len(lines)-1 {
			size = 15
		}
		s.fit(text, size, textW)
		s.pdf.CellFormat(textW, 6.5, text, "", 1, "C", false, 0, "")
	}
	if a := clean(o.Address); a != "" {
		s.font("", 9)
		s.pdf.MultiCell(textW, 4.5, a, "", "C", false)
	}
	y := s.pdf.GetY() + 2
	s.pdf.SetLineWidth(0.8)
	s.pdf.Line(marginL, y, pageW-marginR, y)
	s.pdf.SetLineWidth(0.25)
	s.pdf.Line(marginL, y+1.3, pageW-marginR, y+1.3)
	s.pdf.SetY(y + 6)
	s.font("", bodySize)
}

// room makes sure h millimetres are left on the page, or starts another.
func (s *sheet) room(h float64) {
	_, pageH := s.pdf.GetPageSize()
	if s.pdf.GetY()+h > pageH-marginB {
		s.pdf.AddPage()
	}
}

// gap moves down by h millimetres.
func (s *sheet) gap(h float64) { s.pdf.SetY(s.pdf.GetY() + h) }

// para writes a justified paragraph across the text width.
func (s *sheet) para(text string) {
	s.font("", bodySize)
	s.pdf.MultiCell(textW, lineH, clean(text), "", "J", false)
}

// run is a piece of a paragraph in one style.
type run struct {
	text string
	bold bool
}

// flow writes a paragraph of runs of mixed styles, left-aligned.
func (s *sheet) flow(runs ...run) {
	s.pdf.SetX(marginL)
	for _, r := range runs {
		style := ""
		if r.bold {
			style = "B"
		}
		s.font(style, bodySize)
		s.pdf.Write(lineH, spaced(r.text))
	}
	s.pdf.Ln(lineH)
	s.font("", bodySize)
}

// row is a line of a table of particulars: label, colon, value.
type row struct {
	label, value string
	bold         bool // the value in bold
}

// rows writes particulars at x with labels labelW wide; a value wraps
// within the rest of the text width, and may hold line breaks.
func (s *sheet) rows(x, labelW float64, rs []row) {
	valueX := x + labelW + 4
	valueW := pageW - marginR - valueX
	for _, r := range rs {
		value := cleanLines(r.value)
		style := ""
		if r.bold {
			style = "B"
		}
		s.font(style, bodySize)
		// A row starts where its first lines fit; a long one (a series'
		// sessions) goes on over the page.
		n := len(s.pdf.SplitText(value, valueW))
		s.room(float64(min(max(n, 1), 3)) * lineH)
		y := s.pdf.GetY()
		s.font("", bodySize)
		s.pdf.SetXY(x, y)
		s.pdf.CellFormat(labelW, lineH, clean(r.label), "", 0, "L", false, 0, "")
		s.pdf.CellFormat(4, lineH, ":", "", 0, "L", false, 0, "")
		s.font(style, bodySize)
		s.pdf.SetXY(valueX, y)
		s.pdf.MultiCell(valueW, lineH, value, "", "L", false)
	}
	s.font("", bodySize)
}

// signature draws a signature block in the right part of the page: the
// date line when given, the position, room to sign, the name underlined
// (a dotted line to write it when unknown) and the NIP when known.
func (s *sheet) signature(dateLine, position, name, nip string) {
	s.font("", bodySize)
	n := len(s.pdf.SplitText(clean(position)+",", sigW)) + 2
	if dateLine != "" {
		n++
	}
	s.room(float64(n)*lineH + signGap)
	if dateLine != "" {
		s.pdf.SetX(sigX)
		s.pdf.MultiCell(sigW, lineH, clean(dateLine), "", "L", false)
	}
	s.pdf.SetX(sigX)
	s.pdf.MultiCell(sigW, lineH, clean(position)+",", "", "L", false)
	s.gap(signGap)
	s.pdf.SetX(sigX)
	if name = clean(name); name == "" {
		s.pdf.CellFormat(sigW, lineH, "(.......................................)", "", 1, "L", false, 0, "")
	} else {
		s.font("BU", bodySize)
		s.pdf.MultiCell(sigW, lineH, name, "", "L", false)
		s.font("", bodySize)
	}
	if nip = clean(nip); nip != "" {
		s.pdf.SetX(sigX)
		s.pdf.CellFormat(sigW, lineH, s.p.Get("document.nip", nip), "", 1, "L", false, 0, "")
	}
}

// longDate is a date as letters write it: "20 November 2026".
func (s *sheet) longDate(t time.Time) string {
	t = t.In(s.loc)
	month := s.p.Get("calendar.month." + strings.ToLower(t.Month().String()))
	return s.p.Get("document.date", t.Day(), month, t.Year())
}

// dayDate is a date with its weekday: "Kamis, 10 Desember 2026".
func (s *sheet) dayDate(t time.Time) string {
	return s.p.Get("weekday."+strings.ToLower(t.In(s.loc).Weekday().String())) + ", " + s.longDate(t)
}

// clock is a time of day as letters write it: "09.00".
func (s *sheet) clock(t time.Time) string { return t.In(s.loc).Format(s.p.Get("document.clock")) }

// zone is the office zone's abbreviation at t: "WIB".
func (s *sheet) zone(t time.Time) string { return t.In(s.loc).Format("MST") }

// when is a span's date and hours: ("Kamis, 10 Desember 2026",
// "09.00–11.00 WIB"); a span over midnight is one line with both dates.
func (s *sheet) when(start, end time.Time) (date, hours string) {
	a, b := start.In(s.loc), end.In(s.loc)
	if a.YearDay() == b.YearDay() && a.Year() == b.Year() {
		return s.dayDate(a), s.clock(a) + "–" + s.clock(b) + " " + s.zone(b)
	}
	return s.p.Get("document.span", s.dayDate(a), s.clock(a), s.dayDate(b), s.clock(b), s.zone(b)), ""
}

// clean makes a value printable on one line: control characters become
// spaces, and a character beyond the font's plane (an emoji) is dropped.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.Map(printable, s)), " ")
}

// spaced is clean that keeps a space at either end, where a run of a
// paragraph meets the next.
func spaced(s string) string {
	c := clean(s)
	if c != "" && strings.HasPrefix(strings.Map(printable, s), " ") {
		c = " " + c
	}
	if c != "" && strings.HasSuffix(strings.Map(printable, s), " ") {
		c += " "
	}
	return c
}

// cleanLines is clean for each line of s, keeping its line breaks.
func cleanLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}

func printable(r rune) rune {
	switch {
	case r > 0xFFFF:
		return -1
	case unicode.IsControl(r) || unicode.Is(unicode.Zs, r):
		return ' '
	}
	return r
}

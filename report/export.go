package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/locale"
)

// The media types of the report's formats.
const (
	TypeJSON = "application/json"
	TypeCSV  = "text/csv; charset=utf-8"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// words is the language of the files: Indonesian, as the office files its
// reports (the JSON carries codes, not words).
var words = locale.For(locale.Indonesian)

// FileName is the report's file name for a download: "kepatuhan-sop-2026-11.xlsx".
func (c *Compliance) FileName(ext string) string {
	return "kepatuhan-sop-" + c.Month + "." + ext
}

// WriteJSON writes the report as JSON.
func (c *Compliance) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteCSV writes the report as CSV for a spreadsheet, as the logbook's CSV
// is written: UTF-8 with a byte order mark, Indonesian words, CRLF line
// ends, every cell a spreadsheet would run as a formula defused. Each table
// is a section: its title on a row of its own, its header, its rows and an
// empty row. Durations are whole minutes and shares whole percents (a
// decimal mark reads differently in every spreadsheet's locale); the
// workbook keeps them exact.
func (c *Compliance) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	write := func(cells ...string) {
		for i := range cells {
			cells[i] = defuse(cells[i])
		}
		_ = cw.Write(cells) // the error stays in cw (Error)
	}
	write(words.Get("report.compliance.title"), MonthName(words, c.From))
	for _, t := range c.Tables(words) {
		write()
		write(t.Title)
		write(t.Header...)
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, cell := range row {
				cells[i] = cell.csv(c.Location())
			}
			write(cells...)
		}
	}
	cw.Flush()
	return cw.Error()
}

func (cell Cell) csv(loc *time.Location) string {
	if cell.Null {
		return ""
	}
	switch cell.Kind {
	case Count, Percent:
		return strconv.FormatInt(int64(math.Round(cell.N)), 10)
	case Minutes:
		return strconv.FormatInt(int64(math.Round(cell.N/60)), 10)
	case Moment:
		return cell.T.In(loc).Format(time.DateTime)
	}
	return cell.S
}

// defuse keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with = + - @ tab or CR gets an apostrophe.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes the report as a workbook: one sheet per table (the
// summary first), a bold header row, durations as minutes with one
// decimal, shares as percentages and times as dates of the office zone.
func (c *Compliance) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range c.Tables(words) {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return err
		}
		if err := c.writeSheet(f, t, styles); err != nil {
			return fmt.Errorf("sheet %s: %w", t.Sheet, err)
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

type sheetStyles struct{ title, header, minutes, percent, moment int }

func newStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	mins, pct, moment := "0.0", "0.0%", "dd-mm-yyyy hh:mm"
	for _, x := range []struct {
		to    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.minutes, excelize.Style{CustomNumFmt: &mins}},
		{&s.percent, excelize.Style{CustomNumFmt: &pct}},
		{&s.moment, excelize.Style{CustomNumFmt: &moment}},
	} {
		if *x.to, err = f.NewStyle(&x.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

// writeSheet writes t on its sheet: the report's title and month on row 1,
// the table's title on row 2, the header on row 4 and the rows below.
func (c *Compliance) writeSheet(f *excelize.File, t Table, st sheetStyles) error {
	sh := t.Sheet
	set := func(col, row int, v any, style int) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sh, ref, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(sh, ref, ref, style)
		}
		return nil
	}
	title := words.Get("report.compliance.title") + " – " + MonthName(words, c.From)
	if err := set(1, 1, title, st.title); err != nil {
		return err
	}
	if err := set(1, 2, t.Title, st.title); err != nil {
		return err
	}
	const first = 4
	for i, h := range t.Header {
		if err := set(i+1, first, h, st.header); err != nil {
			return err
		}
	}
	for r, row := range t.Rows {
		for i, cell := range row {
			v, style := cell.xlsx(c.Location(), st)
			if v == nil {
				continue
			}
			if err := set(i+1, first+1+r, v, style); err != nil {
				return err
			}
		}
	}
	for i, h := range t.Header {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := max(12, min(float64(len([]rune(h)))+2, 40))
		for _, row := range t.Rows {
			if row[i].Kind == Text {
				width = max(width, min(float64(len([]rune(row[i].S)))+2, 50))
			}
		}
		if err := f.SetColWidth(sh, col, col, width); err != nil {
			return err
		}
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: first, TopLeftCell: fmt.Sprintf("A%d", first+1),
		ActivePane: "bottomLeft"})
}

// xlsx is the cell's value and style in the workbook: numbers as numbers,
// a time as the date and time it reads in the office zone.
func (cell Cell) xlsx(loc *time.Location, st sheetStyles) (any, int) {
	if cell.Null {
		return nil, 0
	}
	switch cell.Kind {
	case Count:
		return int64(cell.N), 0
	case Minutes:
		return math.Round(cell.N/60*1000) / 1000, st.minutes
	case Percent:
		return math.Round(cell.N*10) / 1000, st.percent
	case Moment:
		w := cell.T.In(loc)
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC), st.moment
	}
	return cell.S, 0
}

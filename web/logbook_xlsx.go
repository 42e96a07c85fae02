package web

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// logbookWidths are the widths of the workbook's columns (in characters),
// by column key; a column without one is logbookWidth wide.
var logbookWidths = map[string]float64{
	"logbook.no": 6, "logbook.time": 17, "logbook.request": 12, "logbook.title": 40, "logbook.room": 24,
	"logbook.organization": 28, "logbook.step": 8, "logbook.action": 24, "logbook.from": 20, "logbook.to": 20,
	"logbook.actor": 26, "logbook.role": 18, "logbook.decision": 14, "logbook.note": 50, "logbook.took": 10,
	"logbook.standard": 10, "logbook.late": 10, "logbook.readiness": 36, "logbook.actual_start": 17,
	"logbook.actual_end": 17, "logbook.attendance": 10, "logbook.condition": 36, "logbook.problems": 40,
}

const logbookWidth = 18

// logbookWrapped are the columns of long text, wrapped in their cells.
var logbookWrapped = map[string]bool{"logbook.title": true, "logbook.note": true, "logbook.readiness": true,
	"logbook.condition": true, "logbook.problems": true}

// logbookDates are the columns of date-times: the CSV writes them as
// 2026-12-01 09:05:00 on the office's clock; the workbook as date-times.
var logbookDates = map[string]bool{"logbook.time": true, "logbook.actual_start": true, "logbook.actual_end": true}

// logbookNumbers are the columns of whole numbers besides No and the minutes.
var logbookNumbers = map[string]bool{"logbook.attendance": true}

// WriteLogbookXLSX writes the logbook entries of the month starting at month
// as an Excel workbook with the CSV's columns (logbookColumns, in
// Indonesian): one sheet "Buku log 2026-11", its header row bold, frozen and
// filterable, each column's width set, the time a real date-time in loc,
// the request as its number (CC-000012), durations as whole minutes. The
// API, the staff's page and `ccroom logbook export` use it.
func WriteLogbookXLSX(w io.Writer, month time.Time, entries []store.LogEntry, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := logbookWords.Get("logbook.xlsx_sheet", month.In(loc).Format("2006-01"))
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	header := logbookHeader()
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	for i, e := range entries {
		row := logbookCells(i+1, e, loc)
		if err := f.SetSheetRow(sheet, cellName(1, i+2), &row); err != nil {
			return err
		}
	}
	if err := styleLogbookSheet(f, sheet, len(entries)); err != nil {
		return err
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: sheet, Creator: "ccroom", Language: "id-ID"})
	_, err := f.WriteTo(w)
	return err
}

// logbookCells is one entry as the workbook's cells: the CSV's row
// (logbookRow), with typed values where a spreadsheet should compute on
// them and the free text as written (a workbook's text cell is never run as
// a formula, so it needs no apostrophe). A column the CSV gains keeps the
// CSV's cell.
func logbookCells(n int, e store.LogEntry, loc *time.Location) []any {
	csvRow := logbookRow(n, e, loc)
	cells := make([]any, len(csvRow))
	for i, c := range csvRow {
		cells[i] = c
		if i >= len(logbookColumns) {
			continue
		}
		switch logbookColumns[i] {
		case "logbook.no":
			cells[i] = n
		case "logbook.time":
			cells[i] = excelTime(e.At, loc)
		case "logbook.request":
			cells[i] = booking.Number(e.RequestID)
		case "logbook.title":
			cells[i] = e.Title
		case "logbook.room":
			cells[i] = cmp.Or(e.RoomName, e.Room)
		case "logbook.organization":
			cells[i] = e.Organization
		case "logbook.actor":
			cells[i] = e.Actor
		case "logbook.note":
			cells[i] = e.Note
		case "logbook.took":
			cells[i] = wholeMinutes(e.Took)
		case "logbook.standard":
			cells[i] = wholeMinutes(e.Standard)
		default:
			cells[i] = typedCell(logbookColumns[i], c)
		}
	}
	return cells
}

// typedCell is the CSV's cell c of column key as the workbook holds it: a
// date-time or a number in the columns that hold them, else the text.
func typedCell(key, c string) any {
	switch {
	case logbookDates[key]:
		if t, err := time.ParseInLocation(time.DateTime, c, time.UTC); err == nil {
			return t
		}
	case logbookNumbers[key]:
		if n, err := strconv.ParseInt(c, 10, 64); err == nil {
			return n
		}
	}
	return c
}

// excelTime is t as the office's clock shows it: a workbook's date-time has
// no zone, and excelize counts from UTC, so the wall clock in loc is given
// as UTC.
func excelTime(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// wholeMinutes is d in whole minutes as a number, nil (an empty cell) when
// zero, as the CSV's minutes.
func wholeMinutes(d time.Duration) any {
	if d <= 0 {
		return nil
	}
	return int64(math.Round(d.Minutes()))
}

// styleLogbookSheet sets the header's style, freezes it under a filter,
// sizes the columns and formats the times and long texts of rows data rows.
func styleLogbookSheet(f *excelize.File, sheet string, rows int) error {
	cols := len(logbookHeader())
	last := cellName(cols, 1)
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF4FA"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "0B5394", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	if err != nil {
		return err
	}
	dateFormat := "dd-mm-yyyy hh:mm"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	top, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last, head); err != nil {
		return err
	}
	for i := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		key := ""
		if i < len(logbookColumns) {
			key = logbookColumns[i]
		}
		if err := f.SetColWidth(sheet, name, name, cmp.Or(logbookWidths[key], logbookWidth)); err != nil {
			return err
		}
		if rows == 0 {
			continue
		}
		style := top
		switch {
		case logbookDates[key]:
			style = date
		case logbookWrapped[key]:
			style = wrap
		}
		if err := f.SetCellStyle(sheet, cellName(i+1, 2), cellName(i+1, rows+1), style); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	return f.AutoFilter(sheet, "A1:"+cellName(cols, rows+1), nil)
}

// cellName is the A1 name of column col, row row (both from 1).
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// writeLogbookXLSX sends the entries of the month starting at month as an
// XLSX attachment. It renders first, so a failure is still a proper error.
func (h *handler) writeLogbookXLSX(w http.ResponseWriter, month time.Time, entries []store.LogEntry) error {
	var buf bytes.Buffer
	if err := WriteLogbookXLSX(&buf, month, entries, h.loc()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition",
		fmt.Sprintf("attachment; filename=\"logbook-%s.xlsx\"", month.Format("2006-01")))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

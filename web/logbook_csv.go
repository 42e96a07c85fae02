package web

import (
	"cmp"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// logbookColumns are the catalogue keys of the CSV's columns.
var logbookColumns = []string{
	"logbook.no", "logbook.time", "logbook.request", "logbook.title", "logbook.room", "logbook.organization",
	"logbook.step", "logbook.action", "logbook.from", "logbook.to", "logbook.actor", "logbook.role",
	"logbook.decision", "logbook.note", "logbook.took", "logbook.standard", "logbook.late",
	// The records of steps 8 and 9 (usage_view.go), empty on other rows.
	"logbook.readiness", "logbook.actual_start", "logbook.actual_end", "logbook.attendance",
	"logbook.condition", "logbook.problems",
}

// logbookWords is the language of the CSV: Indonesian, as the office's paper
// logbook was.
var logbookWords = locale.For(locale.Indonesian)

// logbookHeader names the CSV's columns.
func logbookHeader() []string {
	out := make([]string, len(logbookColumns))
	for i, k := range logbookColumns {
		out[i] = logbookWords.Get(k)
	}
	return out
}

// utf8BOM makes spreadsheet programs read the file as UTF-8.
const utf8BOM = "\ufeff"

// WriteLogbookCSV writes the logbook entries as CSV for a spreadsheet: UTF-8
// with a byte order mark, a header row of Indonesian column names, CRLF line
// ends, times in loc, and every cell that a spreadsheet would run as a
// formula (= + - @, tab, CR) prefixed with an apostrophe. The API and
// `ccroom logbook export` both use it.
func WriteLogbookCSV(w io.Writer, entries []store.LogEntry, loc *time.Location) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(logbookHeader()); err != nil {
		return err
	}
	for i, e := range entries {
		if err := cw.Write(logbookRow(i+1, e, loc)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// logbookRow is one entry as CSV cells, each made safe for a spreadsheet.
func logbookRow(n int, e store.LogEntry, loc *time.Location) []string {
	p := logbookWords
	step, _ := booking.StepOrRecord(e.Action)
	row := []string{
		strconv.Itoa(n), e.At.In(loc).Format(time.DateTime), booking.Number(e.RequestID),
		e.Title, cmp.Or(e.RoomName, e.Room), e.Organization, step.Number,
		e.Action.Word(p), e.From.Word(p), e.To.Word(p), e.Actor, e.Role.Word(p), e.Decision.Word(p), e.Note,
		minutes(e.Took), minutes(e.Standard), yesNo(p, e.Late()),
	}
	row = append(row, recordCells(p, e.Transition, loc)...)
	for i, cell := range row {
		row[i] = defuseFormula(cell)
	}
	return row
}

// defuseFormula keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with = + - @ tab or CR gets a leading apostrophe.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// minutes writes a duration in whole minutes (a decimal point would read as
// a thousands separator in an Indonesian spreadsheet); empty when zero.
func minutes(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return strconv.FormatInt(int64(math.Round(d.Minutes())), 10)
}

func yesNo(p *locale.Printer, b bool) string {
	if b {
		return p.Get("word.yes")
	}
	return p.Get("word.no")
}

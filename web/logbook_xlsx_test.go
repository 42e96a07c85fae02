package web

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/booking"
)

// TestLogbookXLSX: the API's workbook has the CSV's columns, a sheet named
// for the month, the number as CC-000012, the time a date-time in the
// office's zone, durations as numbers, formulas kept as text, the header
// bold and frozen; Accept chooses it, JSON stays the default and CSV what
// it was.
func TestLogbookXLSX(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("=HYPERLINK(\"http://evil\")", day(12, 15, 9, 0), 2))
		e.clock.advance(7 * time.Minute)
		e.act(id, "secretary", "forward", "", "- proyektor dicek", 200)

		res := e.do("GET", "/api/v1/logbook?month=2026-11", nil, append(e.as("head"), "Accept", xlsxType)...)
		if res.status != 200 || res.header.Get("Content-Type") != xlsxType ||
			res.header.Get("Content-Disposition") != `attachment; filename="logbook-2026-11.xlsx"` {
			t.Fatalf("xlsx: %d %v", res.status, res.header)
		}
		f, rows := readLogbookXLSX(t, res.body, "Buku log 2026-11", 2)
		if rows[1][2] != "CC-000001" || rows[1][3] != `=HYPERLINK("http://evil")` || rows[1][4] != booking.DefaultRoom().Name ||
			rows[2][7] != "Meneruskan ke Kepala Dinas" || rows[2][10] != "Bapak secretary" || rows[2][13] != "- proyektor dicek" {
			t.Errorf("xlsx rows: %q", rows)
		}
		sheet := f.GetSheetList()[0]
		checkXLSXTime(t, f, sheet, "B3", day(11, 20, 9, 7))
		if formula, _ := f.GetCellFormula(sheet, "D2"); formula != "" {
			t.Errorf("the title became a formula: %q", formula)
		}
		col := func(key string) string { return string(rune('A' + slices.Index(logbookColumns, key))) }
		took, standard := col("logbook.took"), col("logbook.standard")
		for _, c := range []string{"A3", took + "3", standard + "3"} {
			if typ, _ := f.GetCellType(sheet, c); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s is not a number: type %d", c, typ)
			}
		}
		if got, _ := f.GetCellValue(sheet, took+"3"); got != "7" {
			t.Errorf("took: %q, want 7", got)
		}

		// ?format=xlsx too; JSON by default and CSV as before.
		if byQuery := e.do("GET", "/api/v1/logbook?month=2026-11&format=xlsx", nil, e.as("secretary")...); byQuery.header.Get("Content-Type") != xlsxType {
			t.Errorf("format=xlsx: %v", byQuery.header)
		}
		js := e.do("GET", "/api/v1/logbook?month=2026-11", nil, append(e.as("head"), "Accept", "application/json, */*")...)
		if js.status != 200 || js.header.Get("Content-Type") != "application/json" && !bytes.HasPrefix(js.body, []byte("[")) {
			t.Errorf("json: %d %v %s", js.status, js.header, js.body)
		}
		csv := e.do("GET", "/api/v1/logbook?month=2026-11", nil, append(e.as("head"), "Accept", "text/csv")...)
		if got := parseCSV(t, csv.body); csv.header.Get("Content-Disposition") != `attachment; filename="logbook-2026-11.csv"` ||
			len(got) != 3 || got[1][2] != booking.Number(id) || got[1][3] != `'=HYPERLINK("http://evil")` {
			t.Errorf("csv: %v %q", csv.header, got)
		}
		if bad := e.do("GET", "/api/v1/logbook?month=2026-11&format=pdf", nil, e.as("head")...); bad.status != 422 {
			t.Errorf("format=pdf: %d", bad.status)
		}
		if anon := e.do("GET", "/api/v1/logbook?month=2026-11", nil, "Accept", xlsxType); anon.status != 401 {
			t.Errorf("xlsx without a token: %d", anon.status)
		}
	})
}

// readLogbookXLSX opens a logbook workbook and checks its frame: one sheet
// named sheet, the CSV's header bold and frozen over n rows, widths set.
func readLogbookXLSX(t *testing.T, body []byte, sheet string, n int) (*excelize.File, [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheet}) {
		t.Fatalf("sheets %q, want %q", got, sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 1+n || !slices.Equal(rows[0], logbookHeader()) {
		t.Fatalf("rows (%v): %q", err, rows)
	}
	if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v", panes)
	}
	if id, _ := f.GetCellStyle(sheet, "A1"); id == 0 {
		t.Error("the header has no style")
	} else if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold {
		t.Errorf("the header is not bold: %+v", st)
	}
	if w, _ := f.GetColWidth(sheet, "D"); w != 40 {
		t.Errorf("title column %v wide, want 40", w)
	}
	return f, rows
}

// checkXLSXTime: cell holds at as a number formatted as a date-time, read
// as the office's clock shows it.
func checkXLSXTime(t *testing.T, f *excelize.File, sheet, cell string, at time.Time) {
	t.Helper()
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s is not a date-time number: %q", cell, raw)
	}
	got, _ := excelize.ExcelDateToTime(serial, false)
	wall := at.In(wib)
	if !got.Round(time.Second).Equal(time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, time.UTC)) {
		t.Errorf("%s reads %v, want %v", cell, got, wall)
	}
	id, _ := f.GetCellStyle(sheet, cell)
	if st, _ := f.GetStyle(id); st.CustomNumFmt == nil || *st.CustomNumFmt != "dd-mm-yyyy hh:mm" {
		t.Errorf("%s is not formatted as a date-time: %+v", cell, st)
	}
	if shown, _ := f.GetCellValue(sheet, cell); shown != wall.Format("02-01-2006 15:04") {
		t.Errorf("%s shows %q", cell, shown)
	}
}

// TestTypedCell: the CSV's date-times and counts become the workbook's;
// other text stays text, and a cell that does not read stays as written.
func TestTypedCell(t *testing.T) {
	for _, c := range []struct {
		key, cell string
		want      any
	}{
		{"logbook.actual_start", "2026-12-01 09:05:00", time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)},
		{"logbook.actual_end", "", ""},
		{"logbook.attendance", "42", int64(42)},
		{"logbook.attendance", "", ""},
		{"logbook.problems", "12", "12"},
		{"logbook.step", "3", "3"},
	} {
		if got := typedCell(c.key, c.cell); got != c.want {
			t.Errorf("typedCell(%s, %q) = %#v, want %#v", c.key, c.cell, got, c.want)
		}
	}
}

// TestLogbookXLSXUsage: the usage report's columns (step 9) in the
// workbook: actual start and end as date-times, attendance a number, the
// conditions and problems as the CSV words them.
func TestLogbookXLSXUsage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, _ := e.approvedRequest("Rapat Koordinasi Percepatan Penurunan Stunting")
	e.clock.advance(10 * time.Minute)
	e.actBody(id, "kabid", map[string]any{"action": "prepare"}, 200)
	e.clock.set(day(12, 1, 11, 30))
	e.actBody(id, "vidcon", reportBody(nil), 200)

	res := e.do("GET", "/api/v1/logbook?month=2026-12", nil, append(e.as("head"), "Accept", xlsxType)...)
	f, rows := readLogbookXLSX(t, res.body, "Buku log 2026-12", 1)
	csv := parseCSV(t, e.do("GET", "/api/v1/logbook?month=2026-12&format=csv", nil, e.as("head")...).body)
	sheet, row := f.GetSheetList()[0], rows[1]
	col := func(key string) (string, int) {
		i := slices.Index(logbookColumns, key)
		if i < 0 {
			t.Fatalf("no column %s", key)
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		return name, i
	}
	start, _ := col("logbook.actual_start")
	end, _ := col("logbook.actual_end")
	checkXLSXTime(t, f, sheet, start+"2", day(12, 1, 9, 10))
	checkXLSXTime(t, f, sheet, end+"2", day(12, 1, 10, 55))
	attendance, _ := col("logbook.attendance")
	if raw, _ := f.GetCellValue(sheet, attendance+"2", excelize.Options{RawCellValue: true}); raw != "18" {
		t.Errorf("attendance %q", raw)
	} else if typ, _ := f.GetCellType(sheet, attendance+"2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("attendance is not a number: %d", typ)
	}
	for _, key := range []string{"logbook.condition", "logbook.problems", "logbook.action"} {
		if _, i := col(key); row[i] != csv[1][i] || row[i] == "" {
			t.Errorf("%s: %q, the CSV's %q", key, row[i], csv[1][i])
		}
	}
}

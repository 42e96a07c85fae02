package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
)

// submitNow files one request in the database of dir, now, and returns the
// month of its submission in the office's zone and the time it was filed.
func submitNow(t *testing.T, dir string) (string, time.Time) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	config.AddFlags(fs)
	if err := fs.Parse([]string{"--data-dir", dir}); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.Options{Flags: fs, LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	off, st, err := daemon.Open(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	loc := off.Location()
	start := time.Now().In(loc).AddDate(0, 0, 14)
	for start.Weekday() != time.Wednesday {
		start = start.AddDate(0, 0, 1)
	}
	start = time.Date(start.Year(), start.Month(), start.Day(), 9, 0, 0, 0, loc)
	room := off.Rooms()[0]
	s, err := off.Submit(t.Context(), booking.Request{
		Room: room.ID, Title: "Rapat Koordinasi Stunting", Organization: "Dinas Kesehatan",
		ContactName: "Siti Aminah", ContactEmail: "siti@example.org", ContactPhone: "0812-7777-1234",
		Start: start, End: start.Add(2 * time.Hour), Participants: 10, Visibility: booking.VisibilityPrivate,
		LetterNumber: "005/DINKES/XI/2026",
	}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := off.Logbook(t.Context(), start.AddDate(-1, 0, 0), start)
	if err != nil || len(entries) != 1 || entries[0].RequestID != s.Request.ID {
		t.Fatalf("logbook: %v %+v", err, entries)
	}
	at := entries[0].At.In(loc)
	return at.Format("2006-01"), at
}

// TestLogbookExportXLSX: `ccroom logbook export --format xlsx` writes the
// workbook with the CSV's columns, the number as CC-000001 and the time as a
// date-time on the office's clock; an unknown format is a usage error.
func TestLogbookExportXLSX(t *testing.T) {
	dir := t.TempDir()
	month, at := submitNow(t, dir)
	file := filepath.Join(dir, "lb.xlsx")
	if code, _, errs := run(t, dir, "", "logbook", "export", "--month", month, "--format", "xlsx", "-o", file); code != exitOK {
		t.Fatalf("export: %d %q", code, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	sheet := "Buku log " + month
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheet}) {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows (%v): %q", err, rows)
	}
	// The same header as the CSV's.
	code, out, _ := run(t, dir, "", "logbook", "export", "--month", month)
	header := strings.Split(strings.SplitN(strings.TrimPrefix(out, "\ufeff"), "\r\n", 2)[0], ",")
	if code != exitOK || !slices.Equal(rows[0], header) || rows[0][1] != "Waktu" {
		t.Errorf("header %q, CSV's %q", rows[0], header)
	}
	if rows[1][0] != "1" || rows[1][2] != "CC-000001" || rows[1][3] != "Rapat Koordinasi Stunting" || rows[1][5] != "Dinas Kesehatan" {
		t.Errorf("row %q", rows[1])
	}
	raw, _ := f.GetCellValue(sheet, "B2", excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("the time is not a number: %q", raw)
	}
	got, _ := excelize.ExcelDateToTime(serial, false)
	want := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.UTC)
	if d := got.Sub(want); d < -time.Second || d > time.Second {
		t.Errorf("time reads %v, want %v", got, want)
	}
	if shown, _ := f.GetCellValue(sheet, "B2"); shown != at.Format("02-01-2006 15:04") {
		t.Errorf("time shows %q, want %q", shown, at.Format("02-01-2006 15:04"))
	}
	if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	if code, _, errs := run(t, dir, "", "logbook", "export", "--month", month, "--format", "ods"); code != exitUsage ||
		!strings.Contains(errs, "csv, json or xlsx") {
		t.Errorf("--format ods: %d %q", code, errs)
	}
}

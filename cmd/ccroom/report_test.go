package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReportCompliance: the report of a month in each format, and the
// command line's mistakes as usage errors.
func TestReportCompliance(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "", "report", "compliance", "--month", "2026-11")
	var c struct {
		Month string `json:"month"`
		Steps []struct {
			Action string `json:"action"`
			Count  int    `json:"count"`
		} `json:"steps"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &c) != nil || c.Month != "2026-11" || len(c.Steps) != 8 {
		t.Fatalf("json: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, dir, "", "report", "compliance", "--month", "2026-11", "--format", "csv")
	if code != exitOK || !strings.HasPrefix(out, "\ufeffLaporan Kepatuhan SOP,November 2026\r\n") {
		t.Fatalf("csv: %d %q", code, out)
	}
	file := filepath.Join(dir, "kepatuhan.xlsx")
	if code, _, errs = run(t, dir, "", "report", "compliance", "--month", "2026-11", "--format", "xlsx", "-o", file); code != exitOK {
		t.Fatalf("xlsx: %d %q", code, errs)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Langkah SOP", "B5"); v != "Teruskan ke Kepala Dinas" {
		t.Errorf("the workbook's first step is %q", v)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("the file: %v %v", fi, err)
	}
	for _, bad := range [][]string{
		{"report", "compliance", "--month", "2026-13"},
		{"report", "compliance", "--month", "2026-11", "--format", "pdf"},
		{"report", "compliance"},
	} {
		if code, _, errs := run(t, dir, "", bad...); code != exitUsage || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errs)
		}
	}
}

package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/report"
)

// complianceMonth makes November's logbook: a request forwarded 7 minutes
// after it came (late, the standard is 5), then disposed in 2.
func complianceMonth(e *env) {
	id, _ := e.submit(application("Rapat Koordinasi Stunting", day(12, 10, 9, 0), 2))
	e.clock.advance(7 * time.Minute)
	e.act(id, "secretary", "forward", "", "", http.StatusOK)
	e.clock.advance(2 * time.Minute)
	e.act(id, "head", "dispose", "", "", http.StatusOK)
}

// TestComplianceAPI: the report as JSON, CSV and XLSX by Accept, for staff
// only, and a month that is not one refused.
func TestComplianceAPI(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		complianceMonth(e)
		path := "/api/v1/reports/compliance?month=2026-11"
		if res := e.do("GET", path, nil); res.status != http.StatusUnauthorized {
			t.Fatalf("without a token: %d", res.status)
		}
		if res := e.do("GET", path, nil, e.as("former")...); res.status != http.StatusForbidden {
			t.Fatalf("a former head: %d", res.status)
		}
		res := e.do("GET", path, nil, e.as("vidcon")...)
		m := res.json(t)
		steps := m["steps"].([]any)
		forward := steps[0].(map[string]any)
		late := m["late_steps"].([]any)
		if res.status != http.StatusOK || forward["count"] != 1.0 || forward["late"] != 1.0 || len(late) != 1 ||
			late[0].(map[string]any)["number"] != "CC-000001" || late[0].(map[string]any)["took_seconds"] != 420.0 {
			t.Fatalf("JSON: %d %s", res.status, res.body)
		}
		res = e.do("GET", path, nil, append(e.as("head"), "Accept", "text/csv")...)
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!bytes.HasPrefix(res.body, []byte("\ufeffLaporan Kepatuhan SOP,November 2026\r\n")) ||
			!bytes.Contains(res.body, []byte("\r\nCC-000001,Rapat Koordinasi Stunting,2,Teruskan ke Kepala Dinas,Bapak secretary,Sekretariat,2026-11-20 09:07:00,7,5\r\n")) ||
			!strings.Contains(res.header.Get("Content-Disposition"), `filename="kepatuhan-sop-2026-11.csv"`) {
			t.Fatalf("CSV: %d %v\n%s", res.status, res.header, res.body)
		}
		res = e.do("GET", path, nil, append(e.as("head"), "Accept", report.TypeXLSX)...)
		if res.status != http.StatusOK || res.header.Get("Content-Type") != report.TypeXLSX {
			t.Fatalf("XLSX: %d %v", res.status, res.header)
		}
		f, err := excelize.OpenReader(bytes.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if v, _ := f.GetCellValue("Langkah Terlambat", "A5"); v != "CC-000001" {
			t.Errorf("the workbook's late step: %q", v)
		}
		if v, _ := f.GetCellValue("Langkah SOP", "I6"); v != "100.0%" {
			t.Errorf("the workbook's dispose share: %q", v)
		}
		for _, bad := range []string{"/api/v1/reports/compliance", "/api/v1/reports/compliance?month=2026-13",
			"/api/v1/reports/compliance?month=2026-11&format=pdf"} {
			if res := e.do("GET", bad, nil, e.as("head")...); res.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", bad, res.status)
			}
		}
	})
}

// TestCompliancePage: the staff's page with its chart and tables, last
// month by default, its downloads, in English too; signed in only.
func TestCompliancePage(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	complianceMonth(e)
	v := e.visitor()
	if res := v.get("/staff/reports/compliance?month=2026-11"); res.status != http.StatusSeeOther ||
		!strings.HasPrefix(res.header.Get("Location"), "/login") {
		t.Fatalf("signed out: %d %v", res.status, res.header)
	}
	v.signIn("kabid")
	res := v.get("/staff/reports/compliance?month=2026-11")
	page := string(res.body)
	for _, want := range []string{
		"<title>Laporan Kepatuhan SOP – November 2026</title>", `<svg viewBox="0 0 400 404"`,
		`<rect x="0" y="22" width="0" height="18" fill="#a61b1b"/>`, ">0%</text>",
		`<td data-label="Nomor Permohonan">CC-000001</td>`, `<td data-label="Pelaksana">Bapak secretary</td>`,
		`<td data-label="Durasi (menit)" class="n">7</td>`, "Tidak ada pada bulan ini.",
		`href="/staff/reports/compliance.xlsx?month=2026-11"`, `href="/staff/reports/compliance?month=2026-10"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if res.status != http.StatusOK || strings.Contains(page, "style=") || len(res.body) > 50<<10 {
		t.Fatalf("page: %d, %d bytes\n%s", res.status, len(res.body), page)
	}
	if res := v.get("/staff/reports/compliance"); !strings.Contains(string(res.body), "Oktober 2026") {
		t.Errorf("the default month is not last month")
	}
	if res := v.get("/staff/reports/compliance?month=2026-11&lang=en"); !strings.Contains(string(res.body), "SOP compliance report – November 2026") {
		t.Errorf("the English page:\n%s", res.body)
	}
	if res := v.get("/staff/reports/compliance?month=nope"); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.body), `aria-invalid="true"`) {
		t.Errorf("a bad month: %d", res.status)
	}
	res = v.get("/staff/reports/compliance.xlsx?month=2026-11")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != report.TypeXLSX {
		t.Errorf("the workbook: %d %v", res.status, res.header)
	}
	res = v.get("/staff/reports/compliance.csv?month=2026-11")
	if res.status != http.StatusOK || !bytes.Contains(res.body, []byte("CC-000001")) {
		t.Errorf("the CSV: %d", res.status)
	}
}

package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
)

// TestLogbook: the month's transitions as JSON and as a CSV a spreadsheet
// opens (BOM, Indonesian header, CRLF, formulas defused); staff only.
func TestLogbook(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("=HYPERLINK(\"http://evil\")", day(12, 15, 9, 0), 2))
		e.approve(id)

		res := e.do("GET", "/api/v1/logbook?month=2026-11", nil, append(e.as("head"), "Accept", "text/csv")...)
		if res.status != 200 || res.header.Get("Content-Disposition") != `attachment; filename="logbook-2026-11.csv"` {
			t.Fatalf("csv: %d %v %s", res.status, res.header, res.body)
		}
		rows := parseCSV(t, res.body)
		if !slices.Equal(rows[0], logbookHeader()) || len(rows) != 1+6 {
			t.Fatalf("csv rows: %q", rows)
		}
		if title := rows[1][3]; title != `'=HYPERLINK("http://evil")` {
			t.Errorf("formula not defused: %q", title)
		}
		if rows[1][1] != "2026-11-20 09:00:00" || rows[1][4] != booking.DefaultRoom().Name ||
			rows[4][7] != "Memeriksa jadwal" || rows[4][12] != "Tersedia" {
			t.Errorf("csv content: %q", rows[1:])
		}
		checkLogbookAccess(t, e)
	})
}

// parseCSV checks the BOM and CRLF line ends and parses the rest.
func parseCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\xef\xbb\xbf"))
	if !ok || !bytes.HasSuffix(rest, []byte("\r\n")) || bytes.Count(rest, []byte("\n")) != bytes.Count(rest, []byte("\r\n")) {
		t.Fatalf("not UTF-8 with BOM and CRLF: %q", body)
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// checkLogbookAccess: JSON by default, 401/403/422 where due.
func checkLogbookAccess(t *testing.T, e *env) {
	t.Helper()
	js := e.do("GET", "/api/v1/logbook?month=2026-11", nil, e.as("secretary")...)
	if js.status != 200 || !strings.HasPrefix(string(js.body), "[") || strings.Count(string(js.body), `"action"`) != 6 {
		t.Errorf("json: %d %s", js.status, js.body)
	}
	csvByQuery := e.do("GET", "/api/v1/logbook?month=2026-11&format=csv", nil, e.as("secretary")...)
	if !strings.HasPrefix(csvByQuery.header.Get("Content-Type"), "text/csv") {
		t.Errorf("format=csv: %v", csvByQuery.header)
	}
	for _, c := range []struct {
		query  string
		hdr    []string
		status int
	}{
		{"?month=2026-11", nil, 401},
		{"?month=2026-11", e.as("former"), 403},
		{"?month=2026-13", e.as("head"), 422},
		{"", e.as("head"), 422},
	} {
		if res := e.do("GET", "/api/v1/logbook"+c.query, nil, c.hdr...); res.status != c.status {
			t.Errorf("logbook %s: %d %s, want %d", c.query, res.status, res.body, c.status)
		}
	}
}

// TestMetricsAndHealth: /healthz, /readyz and /metrics, with requests
// counted by route pattern and status.
func TestMetricsAndHealth(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		e.submit(application("Rapat", day(12, 16, 9, 0), 1))
		e.do("GET", "/api/v1/requests/1", nil)
		e.do("GET", "/nowhere", nil)
		for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
			if res := e.do("GET", path, nil); res.status != 200 || string(res.body) != want {
				t.Errorf("%s: %d %q", path, res.status, res.body)
			}
		}
		res := e.do("GET", "/metrics", nil)
		for _, want := range []string{
			`ccroom_http_requests_total{route="POST /api/v1/requests",status="201"} 1`,
			`ccroom_http_requests_total{route="GET /api/v1/requests/{id}",status="404"} 1`,
			`ccroom_http_requests_total{route="unmatched",status="404"} 1`,
			`ccroom_http_request_duration_seconds_count{route="GET /healthz"} 1`,
			`ccroom_transitions_total{action="submit"} 1`,
		} {
			if !strings.Contains(string(res.body), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if res.status != http.StatusOK {
			t.Errorf("metrics: %d", res.status)
		}
	})
}

package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestReportSaysHowManyMore: a request that 12 earlier ones wait for the same
// hour before lists the first of them, and its page and JSON say how many
// more there are.
func TestReportSaysHowManyMore(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	for i := range 12 {
		e.submit(application(fmt.Sprintf("Rapat %d", i), day(12, 17, 9, 0), 1))
	}
	id, token := e.submit(application("Rapat terakhir", day(12, 17, 9, 0), 1))
	view := e.do("GET", fmt.Sprintf("%s?token=%s", requestPath(id), token), nil).json(t)
	warnings, _ := view["warnings"].([]any)
	if total, _ := view["warnings_total"].(float64); total != 12 || len(warnings) != 10 {
		t.Fatalf("JSON: %d warnings listed, total %v", len(warnings), view["warnings_total"])
	}
	page := string(e.do("GET", fmt.Sprintf("/requests/%d?token=%s", id, token), nil).body)
	if !strings.Contains(page, "Dan 2 permohonan lain yang masih diproses untuk waktu yang sama.") {
		t.Errorf("the page does not say how many more:\n%s", page)
	}
	en := string(e.do("GET", fmt.Sprintf("/requests/%d?token=%s&lang=en", id, token), nil).body)
	if !strings.Contains(en, "And 2 more requests still in process for the same time.") {
		t.Errorf("the English page does not say how many more")
	}
}

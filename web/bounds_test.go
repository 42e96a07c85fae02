package web

import (
	"net/http"
	"net/url"
	"testing"
)

// TestOutlandishParameters: a page number past any list, a month in the
// year 9999 or a grant dated in the year 0 are refused or clamped, never a
// 500.
func TestOutlandishParameters(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	admin := e.adminVisitor()
	for path, want := range map[string]int{
		"/staff/admin/users?page=9223372036854775807": http.StatusOK,
		"/staff/logbook?page=368934881474191035":      http.StatusOK,
		"/staff/logbook?month=9999-12":                http.StatusUnprocessableEntity,
		"/staff/reports/compliance?month=9999-12":     http.StatusUnprocessableEntity,
	} {
		if res := admin.get(path); res.status != want {
			t.Errorf("GET %s: %d, want %d", path, res.status, want)
		}
	}
	for _, month := range []string{"9999-12", "0001-01"} {
		if res := e.do("GET", "/api/v1/reports/compliance?month="+month, nil, e.as("admin")...); res.status != http.StatusUnprocessableEntity {
			t.Errorf("GET /api/v1/reports/compliance?month=%s: %d", month, res.status)
		}
		if res := e.do("GET", "/api/v1/logbook?month="+month, nil, e.as("admin")...); res.status != http.StatusUnprocessableEntity {
			t.Errorf("GET /api/v1/logbook?month=%s: %d", month, res.status)
		}
	}
	u, err := e.store.UserByEmail(t.Context(), "kabid@diskominfo.example.go.id")
	if err != nil {
		t.Fatal(err)
	}
	page := admin.get(adminUserPath(u.ID))
	res := admin.post(adminUserPath(u.ID), url.Values{"form_token": {hiddenField(t, page.body, "form_token")},
		"name": {"Bapak kabid"}, "role": {"kabid"}, "acting_role": {"head"},
		"acting_from": {"0000-01-01"}, "acting_until": {"9999-12-31"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("a grant dated 0000-01-01 to 9999-12-31: %d", res.status)
	}
}

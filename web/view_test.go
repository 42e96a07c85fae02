package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// TestApplicantSeesRolesNotNames: the applicant's JSON view of their request
// names each step's role, as the tracking page does, never the staff member
// who took it; staff with a bearer token still read the names.
func TestApplicantSeesRolesNotNames(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Rapat Evaluasi", day(12, 3, 9, 0), 2))
		e.act(id, "secretary", "forward", "", "", http.StatusOK)
		e.act(id, "head", "dispose", "", "Mohon dicek", http.StatusOK)
		roles := func(lang string) []string {
			p := locale.For(lang)
			return []string{booking.RoleApplicant.Word(p), booking.RoleSecretary.Word(p), booking.RoleHead.Word(p)}
		}
		cases := []struct {
			name, query string
			hdr         []string
			want        []string // actor of submit, forward, dispose
		}{
			{"applicant", "?token=" + token, nil, roles("id")},
			{"applicant in English", "?lang=en&token=" + token, nil, roles("en")},
			{"applicant by header", "", []string{"X-Tracking-Token", token}, roles("id")},
			{"staff", "", e.as("kabid"), []string{"Siti Aminah", "Bapak secretary", "Bapak head"}},
		}
		for _, c := range cases {
			res := e.do("GET", requestPath(id)+c.query, nil, c.hdr...)
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d %s", c.name, res.status, res.body)
			}
			if got := actors(t, res.json(t)); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("%s: actors %q, want %q", c.name, got, c.want)
			}
		}
		res := e.do("POST", requestPath(id)+"/transitions?token="+token, map[string]string{"action": "cancel"})
		if res.status != http.StatusOK || strings.Contains(string(res.body), "Bapak") {
			t.Errorf("applicant's cancel answers %d with staff names: %s", res.status, res.body)
		}
	})
}

// actors lists the actor of each step of a request view's history.
func actors(t *testing.T, view map[string]any) []string {
	t.Helper()
	var out []string
	for _, h := range view["history"].([]any) {
		out = append(out, h.(map[string]any)["actor"].(string))
	}
	return out
}

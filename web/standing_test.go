package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// regentsVisit is the title of the Google event that lands on a booking.
const regentsVisit = "Kunjungan Bupati"

// standingConflict approves a booking of title on at (2 hours), then
// imports a Google event over its second hour and watches: the booking's
// one open conflict.
func (e *env) standingConflict(title string, at time.Time) (int64, store.Conflict) {
	e.t.Helper()
	id, _ := e.submit(application(title, at, 2))
	e.approve(id)
	ev := store.ExternalEvent{CalendarID: "shared@group.calendar.google.com", EventID: "visit-" + strconv.FormatInt(id, 10),
		Room: "command-center", Title: regentsVisit, Start: at.Add(time.Hour), End: at.Add(3 * time.Hour),
		UpdatedAt: e.clock.Now()}
	if err := e.store.SyncExternal(e.t.Context(), store.ExternalSync{CalendarID: ev.CalendarID,
		Upsert: []store.ExternalEvent{ev}, At: e.clock.Now()}); err != nil {
		e.t.Fatalf("SyncExternal: %v", err)
	}
	if _, err := e.office.Watch(e.t.Context(), office.Scope{All: true}); err != nil {
		e.t.Fatalf("Watch: %v", err)
	}
	cs, err := e.office.RequestConflicts(e.t.Context(), id)
	if err != nil || len(cs) != 1 || !cs[0].AwaitsKabid() {
		e.t.Fatalf("conflicts of %d: %v %+v", id, err, cs)
	}
	return id, cs[0]
}

// conflictLink signs conflict c's link of action for the user named who.
func (e *env) conflictLink(c store.Conflict, who string, action booking.Action) string {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.t.Context(), who+"@diskominfo.example.go.id")
	if err != nil {
		e.t.Fatal(err)
	}
	return e.office.ConflictLink(c, action, u.ID, e.clock.Now().Add(24*time.Hour))
}

// conflictNow is conflict id as stored now.
func (e *env) conflictNow(id int64) store.Conflict {
	e.t.Helper()
	c, err := e.office.Conflict(e.t.Context(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// wantError wants res to be status with the error code and field.
func wantError(t *testing.T, what string, res response, status int, code, field string) {
	t.Helper()
	gotCode, gotField := res.errorOf(t)
	if res.status != status || gotCode != code || gotField != field {
		t.Errorf("%s: %d %s/%s, want %d %s/%s: %s", what, res.status, gotCode, gotField, status, code, field, res.body)
	}
}

// mustJSON decodes a 200 answer's body into v.
func mustJSON(t *testing.T, res response, v any) {
	t.Helper()
	if res.status != http.StatusOK {
		t.Fatalf("%d %s, want 200", res.status, res.body)
	}
	if err := json.Unmarshal(res.body, v); err != nil {
		t.Fatalf("%v: %s", err, res.body)
	}
}

// TestConflictsAPI: the list of standing conflicts is staff's, filtered by
// status, times in the office zone; a request shows its conflicts to staff
// and not to the applicant.
func TestConflictsAPI(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, c := e.standingConflict("Rapat Koordinasi", day(12, 7, 9, 0))
		wantError(t, "no token", e.do("GET", "/api/v1/conflicts", nil), http.StatusUnauthorized, "unauthorized", "")
		wantError(t, "former head", e.do("GET", "/api/v1/conflicts", nil, e.as("former")...), http.StatusForbidden, "forbidden", "")
		wantError(t, "bad status", e.do("GET", "/api/v1/conflicts?status=closed", nil, e.as("kabid")...),
			http.StatusUnprocessableEntity, "invalid", "status")

		for _, q := range []string{"", "?status=open"} {
			res := e.do("GET", "/api/v1/conflicts"+q, nil, e.as("vidcon")...)
			var list []map[string]any
			mustJSON(t, res, &list)
			if len(list) != 1 {
				t.Fatalf("list%s: %s", q, res.body)
			}
			got := list[0]
			want := map[string]any{"id": float64(c.ID), "request_id": float64(id), "status": "open", "code": "overlap",
				"start": "2026-12-07T09:00:00+07:00", "found_at": "2026-11-20T09:00:00+07:00", "room": "command-center"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("list%s: %s = %v, want %v", q, k, got[k], v)
				}
			}
			if s, _ := got["suggestions"].([]any); len(s) == 0 || got["cause"] == "" || got["cause_en"] == "" {
				t.Errorf("list%s: no cause or suggestions: %v", q, got)
			}
			if _, ok := got["decision"]; ok {
				t.Errorf("an undecided conflict has a decision: %v", got)
			}
		}
		res := e.do("GET", "/api/v1/conflicts?status=resolved", nil, e.as("head")...)
		if res.status != http.StatusOK || string(res.body) != "[]\n" {
			t.Errorf("resolved: %d %s, want []", res.status, res.body)
		}

		staff := e.do("GET", requestPath(id), nil, e.as("secretary")...).json(t)
		if sc, _ := staff["standing_conflicts"].([]any); len(sc) != 1 || sc[0].(map[string]any)["id"] != float64(c.ID) {
			t.Errorf("staff's request: standing_conflicts = %v", staff["standing_conflicts"])
		}
		req, err := e.store.Request(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		applicant := e.do("GET", requestPath(id)+"?token="+e.office.TrackingToken(req.UID), nil).json(t)
		if _, ok := applicant["standing_conflicts"]; ok || applicant["id"] != float64(id) {
			t.Errorf("the applicant reads the standing conflicts: %v", applicant)
		}
		res = e.do("GET", requestPath(id)+"?token="+e.office.TrackingToken(req.UID), nil)
		track := e.do("GET", "/requests/"+strconv.FormatInt(id, 10)+"?token="+e.office.TrackingToken(req.UID), nil)
		for what, r := range map[string]response{"API": res, "page": track} {
			if r.status != http.StatusOK || strings.Contains(string(r.body), regentsVisit) || strings.Contains(string(r.body), `"conflict"`) {
				t.Errorf("the applicant's %s names the conflict's cause: %d %s", what, r.status, r.body)
			}
		}
		if !strings.Contains(string(e.do("GET", requestPath(id), nil, e.as("head")...).body), `"action":"conflict"`) {
			t.Error("staff do not read the conflict in the history")
		}
	})
}

// TestConflictDecisionAPI: the Kabid decides, the secretary carries out;
// other roles get 403, a missing note 422 at note, a second decision 409;
// the carried-out move moves the booking.
func TestConflictDecisionAPI(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, c := e.standingConflict("Rapat Koordinasi", day(12, 7, 9, 0))
		path := "/api/v1/conflicts/" + strconv.FormatInt(c.ID, 10)
		alt := c.Suggestions[0]
		move := map[string]string{"decision": "move", "start": alt.Start.Format(time.RFC3339), "end": alt.End.Format(time.RFC3339)}
		wantError(t, "no token", e.do("POST", path+"/decision", move), http.StatusUnauthorized, "unauthorized", "")
		wantError(t, "secretary decides", e.do("POST", path+"/decision", move, e.as("secretary")...), http.StatusForbidden, "forbidden", "")
		wantError(t, "keep without note", e.do("POST", path+"/decision", map[string]string{"decision": "keep"}, e.as("kabid")...),
			http.StatusUnprocessableEntity, "invalid", "note")
		wantError(t, "unknown decision", e.do("POST", path+"/decision", map[string]string{"decision": "ignore"}, e.as("kabid")...),
			http.StatusUnprocessableEntity, "invalid", "decision")
		wantError(t, "unknown field", e.do("POST", path+"/decision", map[string]string{"decision": "keep", "reason": "x"}, e.as("kabid")...),
			http.StatusBadRequest, "malformed", "reason")
		wantError(t, "unknown conflict", e.do("POST", "/api/v1/conflicts/999/decision", move, e.as("kabid")...),
			http.StatusNotFound, "not_found", "")
		wantError(t, "carry out undecided", e.do("POST", path+"/carry-out", nil, e.as("secretary")...),
			http.StatusConflict, "invalid_transition", "")

		res := e.do("POST", path+"/decision", move, e.as("kabid")...)
		var got map[string]any
		mustJSON(t, res, &got)
		if got["decision"] != "move" || got["move_start"] != alt.Start.In(wib).Format(time.RFC3339) || got["status"] != "open" {
			t.Errorf("decided: %s", res.body)
		}
		wantError(t, "decide twice", e.do("POST", path+"/decision", move, e.as("kabid")...),
			http.StatusConflict, "invalid_transition", "")
		wantError(t, "Kabid carries out", e.do("POST", path+"/carry-out", nil, e.as("kabid")...), http.StatusForbidden, "forbidden", "")

		res = e.do("POST", path+"/carry-out", nil, e.as("secretary")...)
		mustJSON(t, res, &got)
		if got["status"] != "resolved" || got["resolution"] != "moved" {
			t.Errorf("carried out: %s", res.body)
		}
		req, err := e.store.Request(t.Context(), id)
		if err != nil || !req.Start.Equal(alt.Start) || req.Status != booking.StatusApproved {
			t.Errorf("the booking after the move: %v %s %s, want %s approved", err, req.Start, req.Status, alt.Start)
		}
	})
}

// TestHolidaysAPI: the imported holidays of a year, in date order; a bad
// year is 422 at year.
func TestHolidaysAPI(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		list := []booking.Holiday{{Date: day(12, 25, 0, 0), Name: "Hari Raya Natal"},
			{Date: day(12, 24, 0, 0), Name: "Cuti Bersama Natal"}, {Date: time.Date(2027, 1, 1, 0, 0, 0, 0, wib), Name: "Tahun Baru"}}
		if _, _, err := e.office.ImportHolidays(t.Context(), "libur.ics", list); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"abc", "1800", "2026.5"} {
			wantError(t, "year "+q, e.do("GET", "/api/v1/holidays?year="+q, nil), http.StatusUnprocessableEntity, "invalid", "year")
		}
		var got []holidayView
		mustJSON(t, e.do("GET", "/api/v1/holidays?year=2026", nil), &got)
		want := []holidayView{{"2026-12-24", "Cuti Bersama Natal"}, {"2026-12-25", "Hari Raya Natal"}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("2026: %+v, want %+v", got, want)
		}
		mustJSON(t, e.do("GET", "/api/v1/holidays", nil), &got)
		if len(got) != 3 {
			t.Errorf("all years: %+v", got)
		}
		mustJSON(t, e.do("GET", "/api/v1/holidays?year=2030", nil), &got)
		if got == nil || len(got) != 0 {
			t.Errorf("2030: %+v, want []", got)
		}
	})
}

// actorOf is the user named who as the office sees them today.
func (e *env) actorOf(who string) booking.Actor {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.t.Context(), who+"@diskominfo.example.go.id")
	if err != nil {
		e.t.Fatal(err)
	}
	return e.office.ActorFor(u)
}

// officeMove is the Kabid's decision to move to s.
func officeMove(s booking.Slot) office.ConflictDecision {
	return office.ConflictDecision{Decision: booking.ConflictMove, Start: s.Start, End: s.End}
}

package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// The application() request asks for a computer and a sound system; these
// tests book it 2026-12-01 09:00-11:00 WIB.

// approvedRequest submits a request and walks it to approved through the API.
func (e *env) approvedRequest(title string) (int64, string) {
	e.t.Helper()
	id, token := e.submit(application(title, day(12, 1, 9, 0), 2))
	for _, s := range []struct{ who, action, decision string }{
		{"secretary", "forward", ""}, {"head", "dispose", ""}, {"kabid", "check", "available"},
		{"head", "relay", ""}, {"secretary", "inform", ""},
	} {
		e.clock.advance(time.Minute)
		e.act(id, s.who, s.action, s.decision, "", http.StatusOK)
	}
	return id, token
}

// actBody posts a transition body as who and wants status want.
func (e *env) actBody(id int64, who string, body map[string]any, want int) response {
	e.t.Helper()
	res := e.do("POST", requestPath(id)+"/transitions", body, e.as(who)...)
	if res.status != want {
		e.t.Fatalf("%v by %s: %d %s, want %d", body["action"], who, res.status, res.body, want)
	}
	return res
}

// fullUsage is a complete usage report of the request booked 09:00-11:00.
func fullUsage() map[string]any {
	return map[string]any{
		"actual_start": "2026-12-01T09:10:00+07:00", "actual_end": "2026-12-01T10:55:00+07:00", "attendance": 18,
		"equipment": []any{
			map[string]any{"name": "computer", "condition": "baik"},
			map[string]any{"name": "sound-system", "condition": "rusak", "note": "Mikrofon nirkabel mati"},
		},
		"problems": "Listrik padam 5 menit pukul 10.00",
	}
}

// reportBody is the report with usage, changed by f.
func reportBody(f func(u map[string]any)) map[string]any {
	u := fullUsage()
	if f != nil {
		f(u)
	}
	return map[string]any{"action": "report", "usage": u}
}

// recordForm is what the forms of steps 8 and 9 post for the application()
// request: every item ready, or the report of fullUsage.
func recordForm(action string) url.Values {
	switch action {
	case "ready", "prepare":
		return url.Values{"ready_0": {"yes"}, "ready_1": {"yes"}}
	case "report":
		return url.Values{"actual_date": {"2026-12-01"}, "actual_start": {"09:10"}, "actual_end": {"10:55"},
			"attendance": {"18"}, "cond_0": {"baik"}, "cond_1": {"rusak"}, "cond_note_1": {"Mikrofon nirkabel mati"},
			"problems": {"Listrik padam 5 menit pukul 10.00"}}
	}
	return nil
}

// TestUsageAPIRefusals: each missing or invalid part of a checklist or a
// report is refused, naming its field, and nothing is recorded.
func TestUsageAPIRefusals(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	id, _ := e.approvedRequest("Rapat Koordinasi Percepatan Penurunan Stunting")
	allReady := []any{map[string]any{"name": "computer", "ready": true}, map[string]any{"name": "sound-system", "ready": true}}
	for _, c := range []struct {
		name   string
		who    string
		body   map[string]any
		status int
		field  string
	}{
		{"ready without list", "vidcon", map[string]any{"action": "ready"}, 422, "readiness"},
		{"ready missing an item", "vidcon", map[string]any{"action": "ready", "readiness": allReady[:1]}, 422, "readiness"},
		{"ready without ready", "vidcon", map[string]any{"action": "ready", "readiness": []any{map[string]any{"name": "computer"}, allReady[1]}}, 422, "readiness[0].ready"},
		{"ready not ready without note", "vidcon", map[string]any{"action": "ready", "readiness": []any{allReady[0],
			map[string]any{"name": "sound-system", "ready": false}}}, 422, "readiness[1].note"},
		{"ready unknown item", "vidcon", map[string]any{"action": "ready", "readiness": []any{allReady[0], allReady[1],
			map[string]any{"name": "projector", "ready": true}}}, 422, "readiness[2].name"},
		{"ready by the Kabid", "kabid", map[string]any{"action": "ready", "readiness": allReady}, 403, "action"},
		{"ready item key case", "vidcon", map[string]any{"action": "ready", "readiness": []any{map[string]any{"Name": "computer", "ready": true}, allReady[1]}}, 400, "readiness[0]"},
		{"ready item unknown key", "vidcon", map[string]any{"action": "ready", "readiness": []any{map[string]any{"name": "computer", "ready": true, "ok": 1}, allReady[1]}}, 400, "readiness[0].ok"},
		{"ready not an array", "vidcon", map[string]any{"action": "ready", "readiness": "all"}, 400, "readiness"},
		{"ready as a string", "vidcon", map[string]any{"action": "ready", "readiness": []any{map[string]any{"name": "computer", "ready": "yes"}, allReady[1]}}, 400, "readiness[0].ready"},
		{"prepare not ready without note", "kabid", map[string]any{"action": "prepare", "readiness": []any{allReady[0],
			map[string]any{"name": "sound-system", "ready": false, "note": "Kabel putus"}}}, 422, "note"},
		{"prepare with usage", "kabid", map[string]any{"action": "prepare", "usage": fullUsage()}, 422, "usage"},
		{"forward with a checklist", "secretary", map[string]any{"action": "forward", "readiness": allReady}, 409, "action"},
	} {
		res := e.do("POST", requestPath(id)+"/transitions", c.body, e.as(c.who)...)
		if res.status != c.status || apiField(t, res) != c.field {
			t.Errorf("%s: %d %s, want %d naming %s", c.name, res.status, res.body, c.status, c.field)
		}
	}
	if got := e.statusOf(id); got != booking.StatusApproved {
		t.Fatalf("status %s after the refusals", got)
	}
	e.clock.advance(time.Minute)
	e.actBody(id, "kabid", map[string]any{"action": "prepare", "readiness": allReady}, http.StatusOK)
	e.clock.set(day(12, 1, 11, 30))
	for _, c := range []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"no usage", map[string]any{"action": "report", "note": "Hadir 20 orang"}, 422, "usage"},
		{"no actual start", reportBody(func(u map[string]any) { delete(u, "actual_start") }), 422, "usage.actual_start"},
		{"no actual end", reportBody(func(u map[string]any) { delete(u, "actual_end") }), 422, "usage.actual_end"},
		{"start not RFC 3339", reportBody(func(u map[string]any) { u["actual_start"] = "2026-12-01 09:10" }), 422, "usage.actual_start"},
		{"end before start", reportBody(func(u map[string]any) { u["actual_end"] = "2026-12-01T09:00:00+07:00" }), 422, "usage.actual_end"},
		{"end in the future", reportBody(func(u map[string]any) { u["actual_end"] = "2026-12-01T12:00:00+07:00" }), 422, "usage.actual_end"},
		{"no attendance", reportBody(func(u map[string]any) { delete(u, "attendance") }), 422, "usage.attendance"},
		{"null attendance", reportBody(func(u map[string]any) { u["attendance"] = nil }), 422, "usage.attendance"},
		{"negative attendance", reportBody(func(u map[string]any) { u["attendance"] = -3 }), 422, "usage.attendance"},
		{"attendance a fraction", reportBody(func(u map[string]any) { u["attendance"] = 2.5 }), 400, "usage.attendance"},
		{"attendance a string", reportBody(func(u map[string]any) { u["attendance"] = "18" }), 400, "usage.attendance"},
		{"no equipment", reportBody(func(u map[string]any) { delete(u, "equipment") }), 422, "usage.equipment"},
		{"equipment missing one", reportBody(func(u map[string]any) { u["equipment"] = u["equipment"].([]any)[:1] }), 422, "usage.equipment"},
		{"condition unknown", reportBody(func(u map[string]any) {
			u["equipment"].([]any)[0].(map[string]any)["condition"] = "good"
		}), 422, "usage.equipment[0].condition"},
		{"condition missing", reportBody(func(u map[string]any) {
			delete(u["equipment"].([]any)[0].(map[string]any), "condition")
		}), 422, "usage.equipment[0].condition"},
		{"rusak without note", reportBody(func(u map[string]any) {
			delete(u["equipment"].([]any)[1].(map[string]any), "note")
		}), 422, "usage.equipment[1].note"},
		{"hilang without note", reportBody(func(u map[string]any) {
			u["equipment"].([]any)[0].(map[string]any)["condition"] = "hilang"
		}), 422, "usage.equipment[0].note"},
		{"unknown key", reportBody(func(u map[string]any) { u["weather"] = "cerah" }), 400, "usage.weather"},
		{"key in another case", reportBody(func(u map[string]any) { u["Attendance"] = u["attendance"]; delete(u, "attendance") }), 400, "usage"},
		{"usage not an object", map[string]any{"action": "report", "usage": []any{1}}, 400, "usage"},
		{"report with a checklist", map[string]any{"action": "report", "usage": fullUsage(), "readiness": allReady}, 422, "readiness"},
	} {
		res := e.do("POST", requestPath(id)+"/transitions", c.body, e.as("vidcon")...)
		if res.status != c.status || apiField(t, res) != c.field {
			t.Errorf("%s: %d %s, want %d naming %s", c.name, res.status, res.body, c.status, c.field)
		}
	}
	if got := e.statusOf(id); got != booking.StatusPrepared {
		t.Fatalf("status %s after the refused reports", got)
	}
}

// apiField is the field an API error names.
func apiField(t *testing.T, res response) string {
	t.Helper()
	m := res.json(t)
	errm, _ := m["error"].(map[string]any)
	f, _ := errm["field"].(string)
	return f
}

// TestUsageAPIAccepted: the vidcon team's checklist, the Kabid's prepare
// confirming it (no list in its body), a full report; all read back in the
// request's history and in the logbook CSV, with the prepare still timed
// from the approval.
func TestUsageAPIAccepted(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.approvedRequest("Rapat Koordinasi Percepatan Penurunan Stunting")
		e.clock.advance(10 * time.Minute)
		e.actBody(id, "vidcon", map[string]any{"action": "ready", "readiness": []any{
			map[string]any{"name": "sound-system", "ready": false, "note": "Kabel mikrofon putus"},
			map[string]any{"name": "computer", "ready": true}}}, http.StatusOK)
		e.clock.advance(10 * time.Minute)
		e.actBody(id, "kabid", map[string]any{"action": "prepare", "note": "Kabel dipinjam dari Bagian Umum"}, http.StatusOK)
		e.clock.set(day(12, 1, 11, 30))
		e.actBody(id, "vidcon", reportBody(nil), http.StatusOK)

		m := e.do("GET", requestPath(id), nil, e.as("head")...).json(t)
		history, _ := m["history"].([]any)
		var ready, prepare, report map[string]any
		for _, h := range history {
			h := h.(map[string]any)
			switch h["action"] {
			case "ready":
				ready = h
			case "prepare":
				prepare = h
			case "report":
				report = h
			}
		}
		if ready == nil || prepare == nil || report == nil {
			t.Fatalf("history: %v", history)
		}
		if l, _ := prepare["readiness"].([]any); len(l) != 2 || l[0].(map[string]any)["note"] != "Kabel mikrofon putus" {
			t.Errorf("the prepare did not confirm the vidcon team's list: %v", prepare)
		}
		if took := prepare["took_seconds"].(float64); took != 20*60 {
			t.Errorf("the prepare took %vs, want 1200 (from the approval, not from the checklist)", took)
		}
		u, _ := report["usage"].(map[string]any)
		if u["attendance"] != 18.0 || u["actual_start"] != "2026-12-01T09:10:00+07:00" || u["problems"] != "Listrik padam 5 menit pukul 10.00" {
			t.Errorf("usage read back: %v", u)
		}
		app := e.do("GET", requestPath(id)+"?token="+token, nil).json(t)
		for _, h := range app["history"].([]any) {
			if _, ok := h.(map[string]any)["usage"]; ok {
				t.Errorf("the applicant reads the usage report: %v", h)
			}
		}

		var rows [][]string
		for _, month := range []string{"2026-11", "2026-12"} {
			res := e.do("GET", "/api/v1/logbook?month="+month, nil, append(e.as("head"), "Accept", "text/csv")...)
			got, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.body, []byte(utf8BOM)))).ReadAll()
			if err != nil || res.status != http.StatusOK {
				t.Fatalf("logbook %s: %d %v", month, res.status, err)
			}
			rows = append(rows, got[1:]...)
		}
		head := logbookHeader()
		col := func(name string) int {
			for i, h := range head {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %q in %v", name, head)
			return -1
		}
		found := map[string][]string{}
		for _, r := range rows {
			found[r[col("Tindakan")]] = r
		}
		rep := found[booking.ActionReport.Word(logbookWords)]
		if rep == nil || rep[col("Mulai Sebenarnya")] != "2026-12-01 09:10:00" || rep[col("Selesai Sebenarnya")] != "2026-12-01 10:55:00" ||
			rep[col("Jumlah Hadir")] != "18" || rep[col("Kondisi Peralatan")] != "computer: Baik; sound-system: Rusak (Mikrofon nirkabel mati)" ||
			rep[col("Kendala")] != "Listrik padam 5 menit pukul 10.00" {
			t.Errorf("the report's row: %q", rep)
		}
		prep := found[booking.ActionPrepare.Word(logbookWords)]
		if prep == nil || prep[col("Kesiapan Peralatan")] != "sound-system: Belum siap (Kabel mikrofon putus); computer: Siap" || prep[col("Jumlah Hadir")] != "" {
			t.Errorf("the prepare's row: %q", prep)
		}
		rd := found[booking.ActionReady.Word(logbookWords)]
		if rd == nil || rd[col("Langkah SOP")] != "8" {
			t.Errorf("the checklist's row: %q", rd)
		}
	})
}

// TestUsagePages: by the staff pages, the vidcon team fills the checklist,
// the Kabid sees it filled in his prepare form, a not-ready item needs his
// note (the page says so beside the field), and after the end the vidcon
// team's report with a missing attendance is refused beside that field,
// then taken; the history shows the records.
func TestUsagePages(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.approvedRequest("Rapat Koordinasi Percepatan Penurunan Stunting")
		vid, kabid := e.visitor(), e.visitor()
		vid.signIn("vidcon")
		kabid.signIn("kabid")
		path := staffRequestPath(id)

		page := string(vid.staffGet(path))
		for _, want := range []string{`id="form-ready"`, `name="ready_0" value="yes"`, `name="ready_1" value="no"`,
			"Tim Vidcon belum mengisi daftar kesiapan.", `for="ready-item-1-note"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the vidcon team's page lacks %s", want)
			}
		}
		if strings.Contains(page, `id="form-prepare"`) {
			t.Error("the vidcon team is offered the Kabid's prepare")
		}
		post := func(v *visitor, action string, f url.Values) response {
			f.Set("form_token", hiddenField(t, v.staffGet(path), "form_token"))
			f.Set("action", action)
			return v.post(path+"/transitions", f)
		}
		// A not-ready item without its note: refused beside the note.
		res := post(vid, "ready", url.Values{"ready_0": {"yes"}, "ready_1": {"no"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="ready-item-1-note" name="ready_note_1" maxlength="500" value="" aria-invalid="true" aria-describedby="ready-item-1-error"`) ||
			!strings.Contains(string(res.body), `<p class="field-error" id="ready-item-1-error">Catatan wajib diisi untuk &#34;sound-system&#34;.</p>`) {
			t.Fatalf("ready without the note: %d\n%s", res.status, res.body)
		}
		// An item not chosen: refused on its choice.
		if res := post(vid, "ready", url.Values{"ready_0": {"yes"}}); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.body), `aria-describedby="ready-item-1-error"`) {
			t.Fatalf("ready with an item not chosen: %d", res.status)
		}
		e.clock.advance(5 * time.Minute)
		if res := post(vid, "ready", url.Values{"ready_0": {"yes"}, "ready_1": {"no"}, "ready_note_1": {"Kabel mikrofon putus"}}); res.status != http.StatusSeeOther {
			t.Fatalf("ready: %d\n%s", res.status, res.body)
		}
		if got := e.statusOf(id); got != booking.StatusApproved {
			t.Fatalf("the checklist moved the status to %s", got)
		}

		page = string(kabid.staffGet(path))
		for _, want := range []string{`id="form-prepare"`, `name="ready_1" value="no" checked`, `value="Kabel mikrofon putus"`,
			"Diisi oleh Bapak vidcon"} {
			if !strings.Contains(page, want) {
				t.Errorf("the Kabid's prepare form lacks %s", want)
			}
		}
		f := url.Values{"ready_0": {"yes"}, "ready_1": {"no"}, "ready_note_1": {"Kabel mikrofon putus"}}
		res = post(kabid, "prepare", f)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="prepare-note" name="note" maxlength="2000" aria-invalid="true"`) {
			t.Fatalf("prepare with an item not ready and no note: %d\n%s", res.status, res.body)
		}
		f.Set("note", "Kabel dipinjam dari Bagian Umum")
		if res := post(kabid, "prepare", f); res.status != http.StatusSeeOther {
			t.Fatalf("prepare: %d\n%s", res.status, res.body)
		}

		e.clock.set(day(12, 1, 11, 30))
		page = string(vid.staffGet(path))
		for _, want := range []string{`id="form-report"`, `name="actual_date" value="2026-12-01"`, `name="actual_start" value="09:00"`,
			`name="cond_1" value="hilang"`, `for="usage-attendance"`, `for="usage-problems"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the report form lacks %s", want)
			}
		}
		f = recordForm("report")
		f.Del("attendance")
		res = post(vid, "report", f)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `aria-invalid="true" aria-describedby="usage-attendance-error"`) ||
			!strings.Contains(string(res.body), `value="Listrik padam 5 menit pukul 10.00"`) && !strings.Contains(string(res.body), `>Listrik padam 5 menit pukul 10.00</textarea>`) {
			t.Fatalf("report without attendance: %d\n%s", res.status, res.body)
		}
		f = recordForm("report")
		f.Del("cond_note_1")
		if res := post(vid, "report", f); res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `aria-describedby="usage-item-1-error"`) {
			t.Fatalf("report with a damaged item and no note: %d\n%s", res.status, res.body)
		}
		if res := post(vid, "report", recordForm("report")); res.status != http.StatusSeeOther {
			t.Fatalf("report: %d\n%s", res.status, res.body)
		}
		text := flat(string(kabid.staffGet(path)))
		for _, want := range []string{"sound-system: Belum siap (Kabel mikrofon putus)", "Jumlah hadir: 18 orang",
			"sound-system: Rusak (Mikrofon nirkabel mati)", "Kendala: Listrik padam 5 menit pukul 10.00", "Waktu penggunaan:"} {
			if !strings.Contains(text, want) {
				t.Errorf("the history lacks %q", want)
			}
		}
		en := flat(string(kabid.staffGet(path + "?lang=en")))
		if !strings.Contains(en, "Attendance: 18 people") || !strings.Contains(en, "sound-system: Damaged (Mikrofon nirkabel mati)") {
			t.Errorf("the English history lacks the report: %s", en)
		}
	})
}

// TestLogbookRowWithoutRecords: a row with no record (any step, or a
// report written before the usage report) has empty record cells.
func TestLogbookRowWithoutRecords(t *testing.T) {
	cells := recordCells(logbookWords, booking.Transition{Action: booking.ActionReport, Note: "Hadir 20 orang"}, wib)
	if len(cells) != 6 || strings.Join(cells, "") != "" {
		t.Errorf("cells %q", cells)
	}
	if len(logbookHeader()) != len(logbookRow(1, store.LogEntry{Transition: booking.Transition{Action: booking.ActionForward}}, wib)) {
		t.Error("the header and a row differ in length")
	}
}

// TestUsageByLinks: from their email links, the vidcon team fills the
// checklist (a not-ready item without its note is refused with the form
// again, as posted, the link still usable), the Kabid confirms it, and
// after the end the vidcon team files the report (refused without the
// attendance, then taken).
func TestUsageByLinks(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.approvedRequest("Rapat Koordinasi Percepatan Penurunan Stunting")
		ready := e.link(id, "vidcon", booking.ActionReady, 48*time.Hour)
		res := e.do("GET", "/act/"+ready, nil)
		wantPage(t, "ready page", res, http.StatusOK, `name="ready_1" value="no"`)
		csrf := e.office.ActionFormToken(ready)
		wantPage(t, "ready without form token", e.post(ready, url.Values{"ready_0": {"yes"}, "ready_1": {"yes"}}), http.StatusForbidden, "tidak sah")
		res = e.post(ready, url.Values{"csrf": {csrf}, "ready_0": {"yes"}, "ready_1": {"no"}})
		wantPage(t, "ready without note", res, http.StatusUnprocessableEntity, `aria-describedby="ready-item-1-error"`)
		if !strings.Contains(string(res.body), `name="ready_1" value="no" checked`) || !strings.Contains(string(res.body), `name="csrf" value="`+csrf) {
			t.Errorf("the refused checklist's form is not shown again as posted:\n%s", res.body)
		}
		wantPage(t, "ready", e.post(ready, url.Values{"csrf": {csrf}, "ready_0": {"yes"}, "ready_1": {"no"}, "ready_note_1": {"Kabel putus"}}),
			http.StatusOK, "Disetujui")
		wantPage(t, "ready again", e.post(ready, url.Values{"csrf": {csrf}, "ready_0": {"yes"}, "ready_1": {"yes"}}), http.StatusGone, "sudah pernah digunakan")

		prepare := e.link(id, "kabid", booking.ActionPrepare, 48*time.Hour)
		res = e.do("GET", "/act/"+prepare, nil)
		wantPage(t, "prepare page", res, http.StatusOK, `value="Kabel putus"`)
		pc := e.office.ActionFormToken(prepare)
		res = e.post(prepare, url.Values{"csrf": {pc}, "ready_0": {"yes"}, "ready_1": {"no"}, "ready_note_1": {"Kabel putus"}})
		wantPage(t, "prepare without note", res, http.StatusUnprocessableEntity, `id="prepare-note" name="note" maxlength="2000" aria-invalid="true"`)
		wantPage(t, "prepare", e.post(prepare, url.Values{"csrf": {pc}, "ready_0": {"yes"}, "ready_1": {"no"}, "ready_note_1": {"Kabel putus"},
			"note": {"Pinjam dari Bagian Umum"}}), http.StatusOK, "status permohonan sekarang: Disiapkan.")

		e.clock.set(day(12, 1, 11, 30))
		report := e.link(id, "vidcon", booking.ActionReport, 48*time.Hour)
		wantPage(t, "report page", e.do("GET", "/act/"+report, nil), http.StatusOK, `name="cond_1" value="hilang"`)
		f := recordForm("report")
		f.Set("csrf", e.office.ActionFormToken(report))
		f.Set("attendance", "")
		wantPage(t, "report without attendance", e.post(report, f), http.StatusUnprocessableEntity, `aria-describedby="usage-attendance-error"`)
		f.Set("attendance", "18")
		wantPage(t, "report", e.post(report, f), http.StatusOK, "status permohonan sekarang: Dilaporkan.")
		if e.statusOf(id) != booking.StatusReported {
			t.Fatalf("status %s", e.statusOf(id))
		}
		h, err := e.store.History(t.Context(), id)
		if err != nil || h[len(h)-1].Usage == nil || h[len(h)-1].Usage.Attendance != 18 || h[len(h)-2].Readiness == nil {
			t.Fatalf("history: %+v %v", h, err)
		}
	})
}

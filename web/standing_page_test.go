package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestConflictLinkDecide: the Kabid's link shows the report and the
// decision form and changes nothing on GET; a keep without a note is 422
// with the refusal at the note, the link still usable; a move to an
// alternative decides; the secretary's link then carries it out and the
// booking moves; each link then shows what became of the conflict.
func TestConflictLinkDecide(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, c := e.standingConflict("Rapat <b>Koordinasi</b>", day(12, 7, 9, 0))
		token := e.conflictLink(c, "kabid", booking.ActionDecideConflict)
		alt := slotChoice(c.Suggestions[0], wib)
		res := e.do("GET", "/act/"+token, nil)
		wantPage(t, "show", res, http.StatusOK, "Menunggu keputusan Kabid")
		for _, s := range []string{`Acara di Google Calendar &#34;Kunjungan Bupati&#34;`, `value="keep"`, `value="cancel"`,
			`value="other"`, `value="` + strings.ReplaceAll(alt, "+", "&#43;") + `"`, "Rapat &lt;b&gt;Koordinasi&lt;/b&gt;", e.office.ActionFormToken(token)} {
			if !strings.Contains(string(res.body), s) {
				t.Errorf("the page lacks %q", s)
			}
		}
		csrf := e.office.ActionFormToken(token)
		wantPage(t, "no form token", e.post(token, url.Values{"choice": {"keep"}, "note": {"Tetap"}}), http.StatusForbidden, "tidak sah")
		res = e.post(token, url.Values{"choice": {"keep"}, "csrf": {csrf}})
		wantPage(t, "keep without note", res, http.StatusUnprocessableEntity, `id="conflict-1-note-error">Tulis catatan`)
		if !strings.Contains(string(res.body), `value="keep" checked`) {
			t.Error("the refused form lost its choice")
		}
		res = e.post(token, url.Values{"choice": {"other"}, "date": {"2026-12-09"}, "start": {"9"}, "end": {"11:00"}, "csrf": {csrf}})
		wantPage(t, "another time unreadable", res, http.StatusUnprocessableEntity, `id="conflict-1-time-error">`)
		if got := e.conflictNow(c.ID); got.Decision != "" {
			t.Fatalf("a refused decision was recorded: %+v", got)
		}
		res = e.post(token, url.Values{"choice": {alt}, "note": {"Ruang dipakai Bupati"}, "csrf": {csrf}})
		wantPage(t, "move", res, http.StatusOK, "Keputusan Anda telah dicatat.")
		if strings.Contains(string(res.body), "<form method=\"post\" action=\"/act/") {
			t.Error("the page after the decision still has a form")
		}
		if got := e.conflictNow(c.ID); got.Decision != booking.ConflictMove || !got.MoveStart.Equal(c.Suggestions[0].Start) {
			t.Fatalf("after the move: %+v", got)
		}
		wantPage(t, "used", e.do("GET", "/act/"+token, nil), http.StatusGone, "Menunggu pelaksanaan oleh Sekretariat")

		carry := e.conflictLink(c, "secretary", booking.ActionCarryOutConflict)
		res = e.do("GET", "/act/"+carry, nil)
		wantPage(t, "carry show", res, http.StatusOK, "Laksanakan pemindahan")
		if !strings.Contains(flat(string(res.body)), "Dipindahkan ke") {
			t.Errorf("the secretary does not read the decision: %s", flat(string(res.body)))
		}
		wantPage(t, "carry", e.post(carry, url.Values{"csrf": {e.office.ActionFormToken(carry)}}), http.StatusOK, "telah dilaksanakan")
		if req, _ := e.store.Request(t.Context(), id); !req.Start.Equal(c.Suggestions[0].Start) {
			t.Errorf("the booking starts %s, want %s", req.Start, c.Suggestions[0].Start)
		}
		e.clock.advance(time.Minute)
		late := e.conflictLink(c, "kabid", booking.ActionDecideConflict) // a second link, after the end
		wantPage(t, "settled", e.do("GET", "/act/"+late, nil), http.StatusConflict, "Selesai: pemakaian dipindahkan")
		res = e.post(late, url.Values{"choice": {"keep"}, "note": {"x"}, "csrf": {e.office.ActionFormToken(late)}})
		wantPage(t, "settled POST", res, http.StatusConflict, "sudah diputuskan")
	})
}

// TestConflictLinkKeep: keep with a note resolves the conflict; the
// secretary's link of a conflict that waits for the Kabid has no button.
func TestConflictLinkKeep(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		_, c := e.standingConflict("Rapat Koordinasi", day(12, 7, 9, 0))
		carry := e.conflictLink(c, "secretary", booking.ActionCarryOutConflict)
		res := e.do("GET", "/act/"+carry, nil)
		wantPage(t, "carry too early", res, http.StatusConflict, "Menunggu keputusan Kabid")
		if strings.Contains(string(res.body), "<button") && strings.Contains(string(res.body), "Laksanakan") {
			t.Error("a carry-out button before the decision")
		}
		token := e.conflictLink(c, "kabid", booking.ActionDecideConflict)
		res = e.post(token, url.Values{"choice": {"keep"}, "note": {"Kunjungan Bupati di ruang lain"}, "csrf": {e.office.ActionFormToken(token)}})
		wantPage(t, "keep", res, http.StatusOK, "Selesai: pemakaian tetap dilaksanakan")
		if got := e.conflictNow(c.ID); got.Resolution != booking.ResolvedKept || got.Note != "Kunjungan Bupati di ruang lain" {
			t.Errorf("after keep: %+v", got)
		}
		wantPage(t, "forged", e.do("GET", "/act/"+token[:len(token)-2]+"xx", nil), http.StatusForbidden, "tidak sah")
	})
}

// TestConflictInbox: the inbox's "Konflik" section comes first for whom
// the conflict waits: the Kabid before the decision, the secretary after
// a move, the head always; the vidcon team never.
func TestConflictInbox(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, c := e.standingConflict("Rapat Koordinasi", day(12, 7, 9, 0))
		inbox := func(who string) string {
			v := e.visitor()
			v.signIn(who)
			return string(v.staffGet("/staff"))
		}
		first := func(page string) string {
			i := strings.Index(page, `<section class="inbox" id="`)
			if i < 0 {
				return ""
			}
			rest := page[i+len(`<section class="inbox" id="`):]
			return rest[:strings.Index(rest, `"`)]
		}
		pages := map[string]string{}
		for _, who := range []string{"kabid", "head", "secretary", "vidcon"} {
			pages[who] = inbox(who)
		}
		for _, who := range []string{"kabid", "head"} {
			if first(pages[who]) != "conflicts" {
				t.Errorf("%s: the first section is %q, want conflicts", who, first(pages[who]))
			}
			if got := numbers(t, []byte(pages[who]), "conflicts"); !slices.Equal(got, []string{num(id)}) {
				t.Errorf("%s: conflicts %v", who, got)
			}
			if !strings.Contains(pages[who], `href="/staff/requests/1#conflict-1"`) || !strings.Contains(pages[who], regentsVisit) {
				t.Errorf("%s: the row does not link the conflict or name its cause", who)
			}
		}
		for _, who := range []string{"secretary", "vidcon"} {
			if strings.Contains(pages[who], `id="conflicts"`) {
				t.Errorf("%s sees the conflicts section before the decision", who)
			}
		}
		e.clock.advance(10 * time.Minute)
		if page := inbox("kabid"); !strings.Contains(flat(page), "(standar 5 menit) Terlambat") {
			t.Errorf("a conflict past its standard is not late: %s", flat(page))
		}
		alt := c.Suggestions[0]
		if _, err := e.office.DecideConflict(t.Context(), c.ID, officeMove(alt), e.actorOf("kabid")); err != nil {
			t.Fatal(err)
		}
		if page := inbox("secretary"); first(page) != "conflicts" || !strings.Contains(page, "Menunggu pelaksanaan oleh Sekretariat") {
			t.Errorf("the secretary does not see the decided move first")
		}
		if page := inbox("kabid"); strings.Contains(page, `id="conflicts"`) {
			t.Error("the Kabid still sees the decided conflict")
		}
	})
}

// TestConflictStaffRequestPage: the request's page shows its conflict to
// every role, the decision form to the Kabid only, the carry-out button to
// the secretary once a move is decided; the forms post back with 303, a
// refusal shows the page again at its field.
func TestConflictStaffRequestPage(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, c := e.standingConflict("Rapat Koordinasi", day(12, 7, 9, 0))
		path := staffRequestPath(id)
		decide := path + "/conflicts/1/decision"
		views := map[string]*visitor{}
		for _, who := range []string{"kabid", "head", "secretary"} {
			views[who] = e.visitor()
			views[who].signIn(who)
			page := string(views[who].staffGet(path))
			if !strings.Contains(page, `id="conflict-1"`) || !strings.Contains(flat(page), "Penyebab Acara di Google Calendar") {
				t.Errorf("%s does not see the conflict: %s", who, flat(page))
			}
			if has := strings.Contains(page, `action="`+decide+`"`); has != (who == "kabid") {
				t.Errorf("%s: decision form %v", who, has)
			}
		}
		kabid := views["kabid"]
		token := hiddenField(t, kabid.staffGet(path), "form_token")
		res := kabid.post(decide, url.Values{"form_token": {token}, "choice": {"cancel"}, "note": {" "}})
		wantPage(t, "cancel without note", res, http.StatusUnprocessableEntity, `id="conflict-1-note-error">Tulis catatan`)
		if res := views["secretary"].post(decide, url.Values{"form_token": {hiddenField(t, views["secretary"].staffGet(path), "form_token")},
			"choice": {"keep"}, "note": {"x"}}); res.status != http.StatusForbidden {
			t.Errorf("the secretary decides: %d", res.status)
		}
		if res := kabid.post(decide, url.Values{"choice": {"keep"}, "note": {"x"}}); res.status != http.StatusForbidden {
			t.Errorf("no form token: %d", res.status)
		}
		if res := kabid.post(staffRequestPath(id+1)+"/conflicts/1/decision", url.Values{"form_token": {token}, "choice": {"keep"}, "note": {"x"}}); res.status != http.StatusNotFound {
			t.Errorf("another request's path: %d", res.status)
		}
		res = kabid.post(decide, url.Values{"form_token": {token}, "choice": {"other"}, "date": {"2026-12-08"},
			"start": {"13:00"}, "end": {"15:00"}, "note": {"Pindah ke Selasa"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != path+"?done=conflict_decided#conflict-1" {
			t.Fatalf("decide: %d %s %s", res.status, res.header.Get("Location"), res.body)
		}
		if page := flat(string(kabid.staffGet(path + "?done=conflict_decided"))); !strings.Contains(page, "Keputusan Anda telah dicatat.") ||
			!strings.Contains(page, "Dipindahkan ke") {
			t.Errorf("after the decision: %s", page)
		}
		sec := views["secretary"]
		page := sec.staffGet(path)
		carry := path + "/conflicts/1/carry-out"
		if !strings.Contains(string(page), `action="`+carry+`"`) {
			t.Fatalf("the secretary has no carry-out button")
		}
		res = sec.post(carry, url.Values{"form_token": {hiddenField(t, page, "form_token")}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("carry out: %d %s", res.status, res.body)
		}
		if req, _ := e.store.Request(t.Context(), id); !req.Start.Equal(day(12, 8, 13, 0)) {
			t.Errorf("the booking starts %s, want 8 December 13:00", req.Start)
		}
		if got := e.conflictNow(c.ID); got.Resolution != booking.ResolvedMoved {
			t.Errorf("after the carry-out: %+v", got)
		}
		if page := string(sec.staffGet(path)); strings.Contains(page, `action="`+carry+`"`) || !strings.Contains(page, "Selesai: pemakaian dipindahkan") {
			t.Errorf("after the carry-out the page: %s", flat(page))
		}
	})
}

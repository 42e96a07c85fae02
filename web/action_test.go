package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// link signs an action link for the user named who.
func (e *env) link(id int64, who string, a booking.Action, valid time.Duration) string {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.t.Context(), who+"@diskominfo.example.go.id")
	if err != nil {
		e.t.Fatal(err)
	}
	return e.office.SignAction(office.ActionLink{RequestID: id, Action: a, UserID: u.ID, Expires: e.clock.Now().Add(valid)})
}

// post sends the link's form.
func (e *env) post(token string, form url.Values) response {
	e.t.Helper()
	return e.do("POST", "/act/"+token, form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
}

func (e *env) status(id int64) string {
	e.t.Helper()
	r, err := e.store.Request(e.t.Context(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(r.Status)
}

func wantPage(t *testing.T, what string, res response, status int, text string) {
	t.Helper()
	if res.status != status || !strings.Contains(string(res.body), text) {
		t.Errorf("%s: %d, want %d with %q:\n%s", what, res.status, status, text, res.body)
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
}

// TestActionLink: the Kabid's link shows the conflict report and the
// decision form; GET changes nothing; a POST without the form token, or
// with a decision the SOP refuses, changes nothing and leaves the link
// usable; the good POST acts once, and the link is spent.
func TestActionLink(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("Rapat <b>Koordinasi</b>", day(12, 1, 9, 0), 2))
		e.act(id, "secretary", "forward", "", "", http.StatusOK)
		e.act(id, "head", "dispose", "", "", http.StatusOK)
		token := e.link(id, "kabid", booking.ActionCheck, time.Hour)

		for range 2 {
			res := e.do("GET", "/act/"+token, nil)
			wantPage(t, "show", res, http.StatusOK, "Bentrok dengan jadwal")
			for _, s := range []string{`value="available"`, `value="unavailable"`, e.office.ActionFormToken(token), "Rapat &lt;b&gt;Koordinasi&lt;/b&gt;"} {
				if !strings.Contains(string(res.body), s) {
					t.Errorf("the page lacks %q", s)
				}
			}
		}
		if e.status(id) != "disposed" {
			t.Fatalf("GET changed the request: %s", e.status(id))
		}
		csrf := e.office.ActionFormToken(token)
		wantPage(t, "no form token", e.post(token, url.Values{"decision": {"available"}}), http.StatusForbidden, "tidak sah")
		wantPage(t, "no reason", e.post(token, url.Values{"decision": {"unavailable"}, "csrf": {csrf}}), http.StatusUnprocessableEntity, "belum dapat dicatat")
		if e.status(id) != "disposed" {
			t.Fatalf("a refused POST changed the request: %s", e.status(id))
		}
		wantPage(t, "act", e.post(token, url.Values{"decision": {"available"}, "note": {"Ruang siap"}, "csrf": {csrf}}), http.StatusOK, "status permohonan sekarang: Diperiksa Kabid.")
		if e.status(id) != "checked" {
			t.Fatalf("status %s, want checked", e.status(id))
		}
		wantPage(t, "reuse", e.post(token, url.Values{"decision": {"available"}, "csrf": {csrf}}), http.StatusGone, "sudah pernah digunakan")
		wantPage(t, "show used", e.do("GET", "/act/"+token, nil), http.StatusGone, "sudah pernah digunakan")
		if e.status(id) != "checked" {
			t.Fatalf("status %s after reuse", e.status(id))
		}
	})
}

// TestActionLinkRefusals: forged, expired, another user's, a former
// official's and an outdated link change nothing.
func TestActionLinkRefusals(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
		good := e.link(id, "secretary", booking.ActionForward, time.Hour)
		payload, sig, _ := strings.Cut(good, ".")
		raw, _ := base64.RawURLEncoding.DecodeString(payload)
		kabid := e.link(id, "kabid", booking.ActionForward, time.Hour)
		kabidUser := strings.Split(mustDecode(t, strings.Split(kabid, ".")[0]), ".")[3]
		f := strings.Split(string(raw), ".")
		f[3] = kabidUser // the secretary's signature on the Kabid's id
		swapped := base64.RawURLEncoding.EncodeToString([]byte(strings.Join(f, "."))) + "." + sig

		cases := []struct {
			name, token string
			status      int
			text        string
		}{
			{"garbage", "not-a-token", http.StatusForbidden, "tidak sah"},
			{"user swapped", swapped, http.StatusForbidden, "tidak sah"},
			{"signature cut", payload + "." + sig[:10], http.StatusForbidden, "tidak sah"},
			{"expired", e.link(id, "secretary", booking.ActionForward, -time.Minute), http.StatusGone, "kedaluwarsa"},
			{"another role's user", kabid, http.StatusForbidden, "tidak lagi memegang peran"},
			{"former head", e.link(id, "former", booking.ActionForward, time.Hour), http.StatusForbidden, "tidak lagi memegang peran"},
		}
		for _, c := range cases {
			res := e.post(c.token, url.Values{"csrf": {e.office.ActionFormToken(c.token)}})
			wantPage(t, c.name, res, c.status, c.text)
			if e.status(id) != "submitted" {
				t.Fatalf("%s changed the request: %s", c.name, e.status(id))
			}
		}
		e.act(id, "secretary", "forward", "", "", http.StatusOK)
		wantPage(t, "outdated GET", e.do("GET", "/act/"+good, nil), http.StatusConflict, "sudah tidak dapat dilakukan")
		wantPage(t, "outdated POST", e.post(good, url.Values{"csrf": {e.office.ActionFormToken(good)}}), http.StatusConflict, "sudah tidak dapat dilakukan")
	})
}

func mustDecode(t *testing.T, s string) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSummaryEquipment: the official's summary names the equipment asked
// for, and says "tidak ada" when none was, never a blank.
func TestSummaryEquipment(t *testing.T) {
	p := locale.For("id")
	for _, c := range []struct {
		needs []booking.Need
		want  string
	}{
		{nil, "tidak ada"},
		{[]booking.Need{{Name: "computer", Count: 2}, {Name: "sound-system", Count: 1}}, "computer (2), sound-system (1)"},
	} {
		r := booking.Request{ID: 7, Equipment: c.needs, Start: day(12, 1, 9, 0), End: day(12, 1, 10, 0)}
		var got string
		for _, d := range summary(p, r, "Ruang", wib) {
			if d.Label == p.Get("field.equipment") {
				got = d.Value
			}
		}
		if got != c.want {
			t.Errorf("equipment %v: %q, want %q", c.needs, got, c.want)
		}
	}
}

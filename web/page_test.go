package web

import (
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// inline matches what the pages' Content-Security-Policy forbids: a style
// element or attribute, an inline script (a script element without a src
// from the site's own static files), an event handler attribute.
var inline = regexp.MustCompile(`(?i)<style|\sstyle\s*=|<script(?:[^>]*>\s*[^<\s]|\s+src="[^{/])|\son[a-z]+\s*=|javascript:`)

// TestTemplatesHaveNoInlineStyleOrScript: no template holds what the CSP
// refuses, so every page renders as designed under it.
func TestTemplatesHaveNoInlineStyleOrScript(t *testing.T) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) < 5 {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		if m := inline.Find(b); m != nil {
			t.Errorf("%s holds %q", f, m)
		}
	}
}

// tags and codes: a page's text is its HTML without tags; a status code as
// a word of its own (a hyphenated "re-checked" is English, not a code).
var (
	tags        = regexp.MustCompile(`<[^>]*>`)
	statusWords = regexp.MustCompile(`(?:^|[^\w-])(submitted|forwarded|disposed|checked|relayed|approved|rejected|prepared|reported|closed|cancelled|expired)(?:$|[^\w-])`)
)

// missingKey is how a key the catalogue lacks shows (locale.Printer.Get).
var missingKey = regexp.MustCompile(`![a-z_]+\.[a-z0-9_.]+`)

// textOf is what a person reads of a page.
func textOf(page string) string { return html.UnescapeString(tags.ReplaceAllString(page, " ")) }

// rawStatus is the status code the text shows, if any: in Indonesian any
// of them in any case; in English (whose words "Approved", "Closed" are
// the codes' twins) a code as the API writes it, in lower case.
func rawStatus(lang, text string) string {
	if lang == "id" {
		text = strings.ToLower(text)
	}
	if m := statusWords.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// chainHistory is a history in which every step of the SOP was taken, by
// every role, with both decisions.
func chainHistory(at time.Time) []booking.Transition {
	var h []booking.Transition
	for i, s := range booking.Steps {
		t := booking.Transition{Action: s.Action, Role: s.Roles[0], At: at.Add(time.Duration(i) * time.Minute)}
		if s.Action == booking.ActionCheck {
			t.Decision = booking.DecisionUnavailable
		}
		h = append(h, t)
	}
	return append(h, booking.Transition{Action: booking.ActionCheck, Role: booking.RoleKabid,
		Decision: booking.DecisionAvailable, At: at}, booking.Transition{Action: booking.ActionReschedule,
		Role: booking.RoleSecretary, At: at}, booking.Transition{Action: booking.ActionRestore, Role: booking.RoleSystem, At: at})
}

// TestPagesNameNoStatusCode: the applicant's page and an action link's page
// of a request in any status, in either language, show the status in words
// and never its code, whatever the history holds.
func TestPagesNameNoStatusCode(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	h := &handler{office: e.office, store: e.store}
	r := httptest.NewRequest("GET", "/requests/1?token=x", nil)
	for _, lang := range []string{"id", "en"} {
		p := locale.For(lang)
		for _, s := range booking.Statuses {
			v := office.View{Request: booking.Request{ID: 1, Title: "Rapat Koordinasi", Organization: "Dinas Kesehatan",
				ContactName: "Siti", ContactEmail: "siti@example.org", Room: "command-center", Status: s,
				Start: day(12, 1, 9, 0), End: day(12, 1, 11, 0), Participants: 20}, History: chainHistory(day(11, 20, 9, 0))}
			track := httptest.NewRecorder()
			if err := h.trackPageOf(r, v, audience{lang: lang}, "x").render(track, http.StatusOK); err != nil {
				t.Fatal(err)
			}
			act := h.actionPage(p, v)
			act.Message = p.Get("link.done", s.Word(p))
			act.Form = &actionForm{Action: "/act/x", Button: booking.ActionCheck.Step(p), Decision: true}
			link := httptest.NewRecorder()
			if err := act.render(link, http.StatusOK); err != nil {
				t.Fatal(err)
			}
			for name, body := range map[string]string{"applicant's page": track.Body.String(), "action page": link.Body.String()} {
				text := textOf(body)
				if code := rawStatus(lang, text); code != "" {
					t.Errorf("%s %s of a %s request shows the code %q:\n%s", lang, name, s, code, text)
				}
				if m := inline.FindString(body); m != "" {
					t.Errorf("%s %s holds %q", lang, name, m)
				}
				if m := missingKey.FindString(text); m != "" {
					t.Errorf("%s %s shows the missing key %q", lang, name, m)
				}
			}
			if !strings.Contains(textOf(link.Body.String()), s.Word(p)) {
				t.Errorf("%s action page of a %s request lacks %q", lang, s, s.Word(p))
			}
			if want := p.Get("track.status", s.Detail(p)); !strings.Contains(track.Body.String(), html.EscapeString(want)) {
				t.Errorf("%s applicant's page of a %s request lacks %q", lang, s, want)
			}
		}
	}
}

package mail

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// statusCode matches a status as the API spells it, as a word of its own.
var statusCode = regexp.MustCompile(`\b(submitted|forwarded|disposed|checked|relayed|approved|rejected|prepared|reported|closed|cancelled|expired)\b`)

// links are the URLs of a letter, left out of what a person reads as words.
var links = regexp.MustCompile(`https?://\S+`)

// TestLettersNameNoStatusCode: a letter about a request in any status, to
// the applicant or to an official, in either language, says the status in
// words and never shows its code.
func TestLettersNameNoStatusCode(t *testing.T) {
	e := newEnv(t)
	for _, lang := range []string{"id", "en"} {
		p := locale.For(lang)
		for _, s := range booking.Statuses {
			r := booking.Request{ID: 7, UID: "abc", Title: "Rapat Koordinasi", Organization: "Dinas Kesehatan",
				ContactName: "Siti", ContactEmail: "siti@example.org", Room: "command-center", Status: s,
				Start: day(12, 10, 9, 0), End: day(12, 10, 11, 0), Participants: 20, Language: lang}
			for _, d := range []delivery{
				{to: e.mailer.applicant(&r), event: EventReceipt},
				{to: e.mailer.staff(e.users["head"]), event: EventForwarded, action: booking.ActionDispose},
			} {
				d.to.lang = lang
				j := &job{Job: store.Job{ID: 1, RequestID: 7}, p: payload{Event: d.event}, r: r}
				l, err := e.mailer.letter(t.Context(), j, d)
				if err != nil {
					t.Fatal(err)
				}
				text, html, err := l.render()
				if err != nil {
					t.Fatal(err)
				}
				for part, body := range map[string]string{"text": text, "html": html} {
					words := links.ReplaceAllString(body, "")
					if code := statusCode.FindString(words); code != "" {
						t.Errorf("%s %s %s letter about a %s request shows %q:\n%s", lang, d.event, part, s, code, body)
					}
					if !strings.Contains(body, p.Get("field.status")) || !strings.Contains(body, s.Word(p)) {
						t.Errorf("%s %s %s letter lacks the status %q:\n%s", lang, d.event, part, s.Word(p), body)
					}
				}
			}
		}
	}
}

// TestLetterSignedByOffice: letters close with the office's name (the
// configured one, else the default configuration's), not the program's
// nor the sender's.
func TestLetterSignedByOffice(t *testing.T) {
	e := newEnv(t)
	e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	for _, m := range e.smtp.take() {
		text := m.parts["text/plain"]
		if !strings.HasSuffix(strings.TrimSpace(text), "Hormat kami,\nDinas Komunikasi dan Informatika Kabupaten Pelalawan") {
			t.Errorf("to %v: the letter is not signed by the office:\n%s", m.to, text)
		}
		if !strings.Contains(m.parts["text/html"], "Hormat kami,<br>Dinas Komunikasi dan Informatika Kabupaten Pelalawan</p>") {
			t.Errorf("to %v: the HTML letter is not signed by the office", m.to)
		}
	}
	opt := e.mailer.opt
	opt.OfficeName = "Dinas Kesehatan\nKabupaten Siak"
	m, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	if m.opt.OfficeName != "Dinas Kesehatan Kabupaten Siak" {
		t.Errorf("office name %q", m.opt.OfficeName)
	}
}

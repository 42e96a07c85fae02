package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// letter is one email's content, in the form of an office letter: a
// salutation, the opening, what happened, the request's details, lists (the
// conflict report, free alternatives), the action buttons, other links, the closing and
// the office's name. Both parts are rendered from it by the templates under
// templates/ (the layout holds the salutation and the closing, letter the
// rest); every value is data, so the HTML part escapes whatever a title or a
// name holds.
type letter struct {
	Lang       string // "id" or "en": the words of the templates
	Subject    string
	Name       string // the recipient, as the salutation names them
	Paragraphs []string
	Details    []detail
	Sections   []section
	Actions    []link // buttons: the signed action link, the tracking page
	Links      []link // plain links after the buttons: the staff's page of the request
	Signature  string // the office that writes
}

type detail struct{ Label, Value string }

type section struct {
	Title string
	Items []string
}

type link struct{ Label, URL string }

//go:embed templates
var templateFS embed.FS

// letterTemplates are the letter's two parts in one language.
type letterTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// letters holds the templates of every language of the catalogue, parsed
// once when the program starts; t in a template words a catalogue key.
var letters = mustParseLetters()

func mustParseLetters() map[string]letterTemplates {
	out := map[string]letterTemplates{}
	for _, lang := range locale.Languages() {
		p := locale.For(lang)
		text := texttemplate.Must(texttemplate.New("layout.txt").Funcs(texttemplate.FuncMap{"t": p.Get}).
			ParseFS(templateFS, "templates/layout.txt", "templates/letter.txt"))
		html := htmltemplate.Must(htmltemplate.New("layout.html").Funcs(htmltemplate.FuncMap{"t": p.Get}).
			ParseFS(templateFS, "templates/layout.html", "templates/letter.html"))
		out[lang] = letterTemplates{text: text, html: html}
	}
	return out
}

// render returns the plain text and the HTML of l.
func (l *letter) render() (text, html string, err error) {
	tpl, ok := letters[l.Lang]
	if !ok {
		return "", "", fmt.Errorf("mail: no templates in language %q", l.Lang)
	}
	var t, h bytes.Buffer
	if err := tpl.text.Execute(&t, l); err != nil {
		return "", "", err
	}
	if err := tpl.html.Execute(&h, l); err != nil {
		return "", "", err
	}
	return strings.TrimLeft(t.String(), "\n"), h.String(), nil
}

// oneLine removes line breaks and other control characters, so a text can go
// into a header (the subject) or a list item.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029
	}), " ")
}

// usageSections are the records the emails up the chain pass on (SOP steps
// 9 and 10): the usage report, to the Kabid who forwards it and to the
// head it is forwarded to, and the readiness checklist confirmed at step 8
// when an item was not ready. None for a report filed before the usage
// report had its fields.
func (m *Mailer) usageSections(p *locale.Printer, j *job, ev Event) []section {
	if ev != EventReported && ev != EventClosed {
		return nil
	}
	loc := m.off.Location()
	var out []section
	if t, ok := find(j.history, booking.ActionReport); ok && t.Usage != nil {
		out = append(out, section{p.Get("field.report"), oneLines(booking.RecordLines(p, t, loc))})
	}
	if t, ok := find(j.history, booking.ActionPrepare); ok && booking.NotReady(t.Readiness) > 0 {
		out = append(out, section{p.Get("readiness.legend"), oneLines(booking.RecordLines(p, t, loc))})
	}
	return out
}

// oneLines is each of list on one line.
func oneLines(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = oneLine(s)
	}
	return out
}

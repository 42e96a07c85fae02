package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// letter is one email's content, in the form of an office letter: a
// salutation, the opening, what happened, the request's details, lists (the
// conflict report, free alternatives), the action buttons and the closing.
// Both parts are rendered from it; every value is data, so the HTML part
// escapes whatever a title or a name holds.
type letter struct {
	Lang       string
	Subject    string
	Greeting   string
	Opening    string
	Paragraphs []string
	Details    []detail
	Sections   []section
	Actions    []link
	Closing    string
	Regards    string
	Signature  string
}

type detail struct{ Label, Value string }

type section struct {
	Title string
	Items []string
}

type link struct{ Label, URL string }

//go:embed templates
var templateFS embed.FS

var (
	textLetter = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/letter.txt"))
	htmlLetter = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/letter.html"))
)

// render returns the plain text and the HTML of l.
func (l *letter) render() (text, html string, err error) {
	var t, h bytes.Buffer
	if err := textLetter.Execute(&t, l); err != nil {
		return "", "", err
	}
	if err := htmlLetter.Execute(&h, l); err != nil {
		return "", "", err
	}
	return strings.TrimLeft(t.String(), "\n"), h.String(), nil
}

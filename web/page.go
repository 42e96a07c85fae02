package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/pelalawan/ccroom/locale"
)

// The HTML pages are the files of templates/: layout.html (the head, the
// language link, the heading and the blocks the pages share) and one file
// per page that fills its "content" block, with the parts several pages
// share in files named part_*.html (part_records.html). They are parsed once when the
// program starts, once per language: t in a template words a catalogue key
// (package locale) in the page's language, asset names a static file's URL,
// webcal passes a webcal:// link through html/template.
//
//go:embed templates
var templateFS embed.FS

// pages holds every page's template by language, then by name ("track").
var pages = mustParsePages()

func mustParsePages() map[string]map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range locale.Languages() {
		out[lang] = map[string]*template.Template{}
		for _, file := range names {
			name := strings.TrimSuffix(path.Base(file), ".html")
			if name == "layout" || strings.HasPrefix(name, "part_") {
				continue
			}
			out[lang][name] = template.Must(template.New("layout.html").Funcs(pageFuncs(lang)).
				ParseFS(templateFS, "templates/layout.html", "templates/part_*.html", file))
		}
	}
	return out
}

// pageFuncs are the functions of the templates in lang.
func pageFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":         locale.For(lang).Get,
		"asset":     assetURL,
		"webcal":    func(u string) template.URL { return template.URL(u) },
		"otherLang": otherLang,
		"scoped":    func(id string, v any) scoped { return scoped{ID: id, V: v} },
	}
}

// pageHead is what the layout shows of every page.
type pageHead struct {
	Lang  string // "id" or "en"
	Title string
	// Other is the page in the other language, "" for no link.
	Other string
	// Private pages carry a secret in their URL (a tracking token, a signed
	// link) or show a signed-in member of staff's business: no referrer
	// leaves them, no robot indexes them, nothing caches them.
	Private bool
	// Staff is the signed-in member of staff, whose pages show the staff's
	// navigation; nil on the public pages.
	Staff *staffBar
	// Section is the navigation link of this page ("calendar", "inbox",
	// ...), marked as the current one.
	Section string
	// Wide pages (the calendar's grid) take the screen's width on a large
	// screen; the others keep a readable column.
	Wide bool
	// Scripts are static script files the page loads (deferred), by their
	// name in static/ ("app.js"). Every page works without them.
	Scripts []string
}

// staffBar is what the staff's navigation shows: who is signed in, the
// form token of the sign-out button, and whether to link the administration.
type staffBar struct {
	Name, FormToken string
	Admin           bool // holds the admin role today: the administration link
}

// head returns the pageHead, so that renderPage takes any page.
func (p *pageHead) head() *pageHead { return p }

// page is the data of a page's template.
type page interface{ head() *pageHead }

// detail is one row of a page's table: a label and its value.
type detail struct{ Label, Value string }

// itemList is a titled list of a page (the conflicts, the free slots).
type itemList struct {
	Title string
	Items []string
}

// renderPage writes the page name with data and status. It renders first,
// so a template that fails leaves no half page behind a 200.
func renderPage(w http.ResponseWriter, status int, name string, data page) error {
	hd := data.head()
	tpl, ok := pages[locale.Normalize(hd.Lang)][name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, data); err != nil {
		return fmt.Errorf("web: page %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if hd.Private {
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// otherLang is the language a page's language link switches to.
func otherLang(lang string) string {
	if locale.Normalize(lang) == locale.English {
		return locale.Indonesian
	}
	return locale.English
}

// scoped hands a shared template part its data and the name its fields'
// ids start with ({{template "checklist" (scoped $a .)}}).
type scoped struct {
	ID string
	V  any
}

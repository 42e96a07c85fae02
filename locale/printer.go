package locale

import (
	"fmt"
	"strings"
)

// Printer words texts in one language. It is a small value, safe for
// concurrent use; For returns one of two shared printers.
type Printer struct {
	lang  string
	texts map[string]string
}

var printers = map[string]*Printer{
	Indonesian: {lang: Indonesian, texts: catalogue[Indonesian]},
	English:    {lang: English, texts: catalogue[English]},
}

// For is the printer of lang: English for "en...", Indonesian otherwise.
func For(lang string) *Printer { return printers[Normalize(lang)] }

// Lang is the printer's language, "id" or "en".
func (p *Printer) Lang() string { return p.lang }

// English reports whether the printer words English.
func (p *Printer) English() bool { return p.lang == English }

// Get is the text of key with args in place of its verbs. A key the
// catalogue lacks (the tests see to it that none is used) comes back as
// "!key", so that it shows instead of passing for a word.
func (p *Printer) Get(key string, args ...any) string {
	s, ok := p.texts[key]
	if !ok {
		return "!" + key
	}
	if len(args) == 0 && !strings.Contains(s, "%") {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether the catalogue has key in the printer's language.
func (p *Printer) Has(key string) bool {
	_, ok := p.texts[key]
	return ok
}

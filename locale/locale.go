// Package locale holds every word a person reads, in Indonesian (the office's
// language, the default) and English: one catalogue, one JSON file per
// language and area under translations/ (id.json, staff.id.json, ...; the
// language is the name's last part), embedded and parsed once when the
// program starts; a key lives in one file only. A text is looked up by a key ("status.approved"); a text may hold
// fmt verbs, the same verbs in both languages.
//
// The package imports only the standard library, so the pure booking package
// can word its refusals with it.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// The languages of the catalogue. Indonesian is the default: whatever is not
// English is read as Indonesian.
const (
	Indonesian = "id"
	English    = "en"
)

//go:embed translations/*.json
var files embed.FS

// catalogue is every text by language, then by key; read-only once built.
var catalogue = mustLoad()

// mustLoad parses the embedded translations. A file that does not parse is
// a fault of the build, which the package's tests catch.
func mustLoad() map[string]map[string]string {
	c, err := load(files)
	if err != nil {
		panic(err)
	}
	return c
}

// load reads every translations/[AREA.]LANG.json of fsys. A key found in two
// files of one language is an error.
func load(fsys embed.FS) (map[string]map[string]string, error) {
	names, err := fsys.ReadDir("translations")
	if err != nil {
		return nil, fmt.Errorf("locale: %w", err)
	}
	c := map[string]map[string]string{}
	for _, n := range names {
		data, err := fsys.ReadFile(path.Join("translations", n.Name()))
		if err != nil {
			return nil, fmt.Errorf("locale: %w", err)
		}
		texts := map[string]string{}
		if err := json.Unmarshal(data, &texts); err != nil {
			return nil, fmt.Errorf("locale: %s: %w", n.Name(), err)
		}
		base := strings.TrimSuffix(n.Name(), ".json")
		lang := base[strings.LastIndex(base, ".")+1:]
		if c[lang] == nil {
			c[lang] = map[string]string{}
		}
		for k, v := range texts {
			if _, dup := c[lang][k]; dup {
				return nil, fmt.Errorf("locale: %s: key %q is in another %s file too", n.Name(), k, lang)
			}
			c[lang][k] = v
		}
	}
	return c, nil
}

// Languages lists the catalogue's languages, sorted.
func Languages() []string {
	var langs []string
	for l := range catalogue {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	return langs
}

// Keys lists the keys of lang's file, sorted.
func Keys(lang string) []string {
	var keys []string
	for k := range catalogue[lang] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Text is the raw text of key in lang, verbs unexpanded, and whether the
// file has it.
func Text(lang, key string) (string, bool) {
	s, ok := catalogue[lang][key]
	return s, ok
}

// Normalize is the catalogue's language for a language tag: English for
// "en", "en-US", "EN_gb", ...; Indonesian for anything else.
func Normalize(lang string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), English) {
		return English
	}
	return Indonesian
}

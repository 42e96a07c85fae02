package locale_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/locale"
)

// TestLanguages: the catalogue has exactly Indonesian and English.
func TestLanguages(t *testing.T) {
	if got := locale.Languages(); !slices.Equal(got, []string{"en", "id"}) {
		t.Fatalf("languages %v, want [en id]", got)
	}
}

// TestEveryKeyInEveryLanguage: no key is in one file and not the other.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	id, en := locale.Keys("id"), locale.Keys("en")
	if len(id) < 100 {
		t.Fatalf("only %d keys in id.json", len(id))
	}
	for _, k := range id {
		if _, ok := locale.Text("en", k); !ok {
			t.Errorf("%q is in id.json but not in en.json", k)
		}
	}
	for _, k := range en {
		if _, ok := locale.Text("id", k); !ok {
			t.Errorf("%q is in en.json but not in id.json", k)
		}
	}
}

// mayBeEmpty are the texts one language leaves out on purpose: an English
// letter has no opening line.
var mayBeEmpty = map[string]bool{"en letter.opening": true}

// TestNoEmptyText: a blank text is a translation someone forgot.
func TestNoEmptyText(t *testing.T) {
	for _, lang := range locale.Languages() {
		for _, k := range locale.Keys(lang) {
			if s, _ := locale.Text(lang, k); strings.TrimSpace(s) == "" && !mayBeEmpty[lang+" "+k] {
				t.Errorf("%s %q is empty", lang, k)
			}
		}
	}
}

// verb matches one fmt verb: flags, an explicit argument index, width,
// precision and the verb letter; "%%" is a literal percent sign.
var verb = regexp.MustCompile(`%[-+# 0]*(?:\[(\d+)\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?([a-zA-Z%])`)

// verbsOf lists the verbs of s as "argument:verb", in the order fmt
// consumes them (an explicit index moves the next one on).
func verbsOf(s string) []string {
	var out []string
	next := 1
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		out = append(out, fmt.Sprintf("%d:%s", next, m[2]))
		next++
	}
	return out
}

// TestVerbsMatch: both languages use the same verbs for the same arguments,
// and a text rendered with such arguments shows no fmt error.
func TestVerbsMatch(t *testing.T) {
	for _, k := range locale.Keys("id") {
		id, _ := locale.Text("id", k)
		en, _ := locale.Text("en", k)
		vi, ve := verbsOf(id), verbsOf(en)
		if a, b := sorted(vi), sorted(ve); !slices.Equal(a, b) {
			t.Errorf("%q: verbs %v in id, %v in en", k, a, b)
			continue
		}
		args := sampleArgs(vi)
		for _, lang := range []string{"id", "en"} {
			if got := locale.For(lang).Get(k, args...); strings.Contains(got, "%!") {
				t.Errorf("%s %q renders %q", lang, k, got)
			}
		}
	}
}

func sorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

// sampleArgs makes an argument of the right kind for each verb.
func sampleArgs(verbs []string) []any {
	var args []any
	for _, v := range verbs {
		n, letter, _ := strings.Cut(v, ":")
		i, _ := strconv.Atoi(n)
		for len(args) < i {
			args = append(args, nil)
		}
		if letter == "d" {
			args[i-1] = 7
		} else {
			args[i-1] = "x"
		}
	}
	return args
}

// TestFor: English for every English tag, Indonesian for anything else.
func TestFor(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "en", "en-US": "en", "EN": "en", " en_GB ": "en",
		"": "id", "id": "id", "id-ID": "id", "fr": "id", "ms": "id",
	} {
		p := locale.For(lang)
		if p.Lang() != want {
			t.Errorf("For(%q).Lang() = %q, want %q", lang, p.Lang(), want)
		}
	}
	if got := locale.For("en").Get("status.approved"); got != "Approved" {
		t.Errorf("en status.approved = %q", got)
	}
	if got := locale.For("id").Get("track.title", "CC-000001"); got != "Permohonan CC-000001" {
		t.Errorf("id track.title = %q", got)
	}
}

// TestMissingKeyShows: a key the catalogue lacks shows as itself, marked,
// never as an empty string.
func TestMissingKeyShows(t *testing.T) {
	p := locale.For("id")
	if got := p.Get("no.such.key"); got != "!no.such.key" {
		t.Errorf("Get of a missing key = %q", got)
	}
	if p.Has("no.such.key") || !p.Has("status.submitted") {
		t.Error("Has is wrong")
	}
}

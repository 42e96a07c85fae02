package office

import (
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestValidateRefusesInvisibleText: a required text made only of invisible
// characters (zero-width, format, soft hyphen, no-break or other spaces,
// fillers, lone combining marks) is refused like an empty one; a text with
// one visible character among them passes.
func TestValidateRefusesInvisibleText(t *testing.T) {
	off, _ := testOffice(t)
	start := time.Date(2026, 12, 10, 9, 0, 0, 0, wib)
	invisible := map[string]string{
		"zero-width space": "\u200b\u200b", "zero-width joiners": "\u200c\u200d",
		"word joiner": "\u2060", "byte order mark": "\ufeff", "soft hyphen": "\u00ad",
		"no-break space": "\u00a0", "ideographic space": "\u3000", "hangul filler": "\u3164",
		"braille blank": "\u2800", "combining mark": "\u0301", "mixed": " \u200b\u00a0\ufeff\u2060 ",
		"variation selector": "\ufe0f", "tag characters": "\U000E0041\U000E0042",
	}
	for _, field := range []string{"title", "organization", "contact_name"} {
		for name, text := range invisible {
			r := request(start)
			set(&r, field, text)
			var fe *FieldError
			if err := off.Validate(&r); !errors.As(err, &fe) || fe.Field != field || fe.Code != "invalid" {
				t.Errorf("%s of %s (%q): %v, want invalid %s", field, name, text, err, field)
			}
		}
	}
	for _, text := range []string{"\u200bRapat\u200b", "A", "会議", "1", "#", "\u00e9"} {
		r := request(start)
		r.Title = text
		if err := off.Validate(&r); err != nil {
			t.Errorf("title %q refused: %v", text, err)
		}
	}
}

// set puts text in the request's field named by its JSON name.
func set(r *booking.Request, field, text string) {
	switch field {
	case "title":
		r.Title = text
	case "organization":
		r.Organization = text
	case "contact_name":
		r.ContactName = text
	}
}

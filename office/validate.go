package office

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelalawan/ccroom/booking"
)

// textLimits are the longest texts a request may carry, in characters.
var textLimits = []struct {
	field     string
	get       func(*booking.Request) string
	max       int
	required  bool
	multiline bool
}{
	{"title", func(r *booking.Request) string { return r.Title }, 200, true, false},
	{"organization", func(r *booking.Request) string { return r.Organization }, 200, true, false},
	{"contact_name", func(r *booking.Request) string { return r.ContactName }, 100, true, false},
	{"contact_email", func(r *booking.Request) string { return r.ContactEmail }, 254, true, false},
	{"contact_phone", func(r *booking.Request) string { return r.ContactPhone }, 32, false, false},
	{"letter_number", func(r *booking.Request) string { return r.LetterNumber }, 100, false, false},
	{"notes", func(r *booking.Request) string { return r.Notes }, 2000, false, true},
	{"recurrence", func(r *booking.Request) string { return r.Recurrence }, 200, false, false},
}

// Validate checks the fields of a new request that no booking rule covers:
// required texts, lengths, control characters, the email address, the room,
// visibility and language. It normalizes defaults (visibility private,
// language id) and trims spaces.
func (o *Office) Validate(r *booking.Request) error {
	trimAll(r)
	for _, l := range textLimits {
		if err := checkText(l.field, l.get(r), l.max, l.required, l.multiline); err != nil {
			return err
		}
	}
	if a, err := mail.ParseAddress(r.ContactEmail); err != nil || a.Address != r.ContactEmail {
		return invalid("contact_email", "%q is not an email address", r.ContactEmail)
	}
	if _, ok := o.rooms[r.Room]; !ok {
		return invalid("room", "unknown room %q", r.Room)
	}
	if r.Start.IsZero() || r.End.IsZero() {
		return invalid("start", "start and end are required")
	}
	if r.Participants < 1 {
		return invalid("participants", "at least 1 participant")
	}
	return validateChoices(r)
}

func validateChoices(r *booking.Request) error {
	switch r.Visibility {
	case "":
		r.Visibility = booking.VisibilityPrivate
	case booking.VisibilityPublic, booking.VisibilityPrivate:
	default:
		return invalid("visibility", "visibility must be \"public\" or \"private\"")
	}
	switch r.Language {
	case "":
		r.Language = "id"
	case "id", "en":
	default:
		return invalid("language", "language must be \"id\" or \"en\"")
	}
	for _, n := range r.Equipment {
		if n.Name == "" || hasControl(n.Name) || len(n.Name) > 64 {
			return invalid("equipment", "an equipment name is required")
		}
	}
	return nil
}

func trimAll(r *booking.Request) {
	for _, p := range []*string{&r.Room, &r.Title, &r.Organization, &r.ContactName,
		&r.ContactEmail, &r.ContactPhone, &r.LetterNumber, &r.Notes, &r.Recurrence} {
		*p = strings.TrimSpace(*p)
	}
}

func checkText(field, v string, max int, required, multiline bool) error {
	switch {
	case required && !hasVisible(v):
		return invalid(field, "%s is required", field)
	case !utf8.ValidString(v):
		return invalid(field, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(v) > max:
		return invalid(field, "%s is longer than %d characters", field, max)
	case multiline && hasControl(strings.NewReplacer("\n", "", "\r", "", "\t", "").Replace(v)):
		return invalid(field, "%s contains control characters", field)
	case !multiline && hasControl(v):
		return invalid(field, "%s contains control characters", field)
	}
	return nil
}

// hasControl reports whether s holds a control character (C0, C1, DEL), a
// bidi override or a line/paragraph separator: nothing a title or a name needs, and the raw material
// of header injection.
func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
	}) >= 0
}

// hasVisible reports whether s holds a character that shows: a letter, a
// digit, a punctuation mark or a symbol, other than those that render as
// nothing (the Hangul fillers, the blank Braille pattern). Spaces, zero-width
// and other format characters (U+200B, U+2060, U+FEFF, the soft hyphen),
// variation selectors and combining marks alone make a required text no
// less empty.
func hasVisible(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) &&
			!unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) && r != '\u2800'
	}) >= 0
}

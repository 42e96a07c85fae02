package ical

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
)

// personal returns every value of r that a public feed must not carry; the
// title too when the applicant did not make it public.
func personal(r *booking.Request) []string {
	v := []string{r.ContactName, r.ContactEmail, r.ContactPhone, r.LetterNumber, r.Notes}
	if r.Visibility != booking.VisibilityPublic {
		v = append(v, r.Title)
	}
	return v
}

// TestPublicFeedCarriesNoPersonalData greps the public feed, unfolded, both
// as written (escaped) and as a parser reads it (unescaped), for every
// personal field of every booking.
func TestPublicFeedCarriesNoPersonalData(t *testing.T) {
	entries := allEntries(t)
	b := encode(t, &Feed{Options: testOptions(t), View: ViewPublic, Entries: entries})
	raw := unfold(b)
	values := decodedValues(t, b)
	for _, e := range entries {
		for _, p := range personal(&e.Request) {
			if strings.Contains(raw, string(appendText(nil, p))) || strings.Contains(values, expectedText(p)) {
				t.Errorf("the public feed carries %q of request %d", p, e.Request.ID)
			}
		}
	}
	for _, name := range []string{"DESCRIPTION", "URL", "ORGANIZER", "ATTENDEE", "/requests/"} {
		if strings.Contains(raw, name) {
			t.Errorf("the public feed has %s", name)
		}
	}
}

// decodedValues returns every property value of every event, unescaped by
// go-ical where the value is TEXT, one per line.
func decodedValues(t *testing.T, b []byte) string {
	var all []string
	for _, ev := range decode(t, b).Events() {
		for name, props := range ev.Props {
			for _, p := range props {
				v := p.Value
				if s, err := ev.Props.Text(name); err == nil {
					v = s
				}
				all = append(all, v)
			}
		}
	}
	return strings.Join(all, "\n")
}

func TestPublicSummary(t *testing.T) {
	r := booking.Request{Title: "Rapat Rahasia", Organization: " Dinas Kesehatan ", Visibility: booking.VisibilityPrivate}
	tests := []struct {
		vis  booking.Visibility
		org  string
		lang string
		want string
	}{
		{booking.VisibilityPrivate, "Dinas Kesehatan", "id", "Terpakai – Dinas Kesehatan"},
		{booking.VisibilityPrivate, "Dinas Kesehatan", "en", "Reserved – Dinas Kesehatan"},
		{"", "Dinas Kesehatan", "", "Terpakai – Dinas Kesehatan"},
		{booking.VisibilityPrivate, "  ", "id", "Terpakai"},
		{booking.VisibilityPublic, "Dinas Kesehatan", "en", "Rapat Rahasia"},
	}
	for _, tt := range tests {
		r.Visibility, r.Organization = tt.vis, tt.org
		if got := PublicSummary(&r, tt.lang); got != tt.want {
			t.Errorf("PublicSummary(%q, %q, %s) = %q, want %q", tt.vis, tt.org, tt.lang, got, tt.want)
		}
	}
}

// TestListingHasNoPersonalField pins down Listing's fields: a new field must
// be added here on purpose, after asking whether anyone may see it.
func TestListingHasNoPersonalField(t *testing.T) {
	want := []string{"UID", "Sequence", "Status", "Summary", "Location", "Start", "End",
		"Recurrence", "Exceptions", "Created", "Modified"}
	var got []string
	for f := range reflect.TypeFor[Listing]().Fields() {
		got = append(got, f.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Listing's fields are %v, want %v: is the new field public?", got, want)
	}
	for f := range reflect.TypeFor[Exception]().Fields() {
		if f.Type.Kind() == reflect.String {
			t.Errorf("Exception has a text field %s, which the public feed would carry", f.Name)
		}
	}
}

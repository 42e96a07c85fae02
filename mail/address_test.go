package mail

import (
	"fmt"
	"net/mail"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
)

// TestApplicantNames: an applicant's name with quotes (an odd number of
// them), backslashes, commas or letters outside ASCII still gets the
// receipt, through a real SMTP server, with the name intact in the To
// header and in the salutation.
func TestApplicantNames(t *testing.T) {
	e := newEnv(t)
	names := []string{
		`Siti "Ani`,
		`Budi Santoso\`,
		`Aminah, S.Kom., M.T.`,
		`Dr. "Ir." Hj. Siti\ Rahma`,
		`Réné "Ñoño" Ğül\`,
		`Иван "Ко`,
		`Ahmad (Kepala Seksi) <Bidang>`,
	}
	for i, name := range names {
		r := booking.Request{Room: "command-center", Title: "Rapat", Organization: "Dinas Kesehatan",
			ContactName: name, ContactEmail: fmt.Sprintf("pemohon%d@example.org", i),
			Start: day(12, 10+i, 9, 0), End: day(12, 10+i, 11, 0), Participants: 10,
			Visibility: booking.VisibilityPrivate}
		if _, err := e.off.Submit(t.Context(), r, "", nil); err != nil {
			t.Fatalf("submit %q: %v", name, err)
		}
	}
	e.drain()
	got := map[string]*received{}
	for _, m := range e.smtp.take() {
		got[m.to[0]] = m
	}
	for i, name := range names {
		addr := fmt.Sprintf("pemohon%d@example.org", i)
		m := got[addr]
		if m == nil {
			t.Errorf("%q: no receipt arrived", name)
			continue
		}
		to, err := mail.ParseAddress(m.header.Get("To"))
		if err != nil || to.Name != name || to.Address != addr {
			t.Errorf("%q: To %q reads as %+v (%v)", name, m.header.Get("To"), to, err)
		}
		if !strings.Contains(m.parts["text/plain"], "Yth. Bapak/Ibu "+name+",") {
			t.Errorf("%q: the salutation lost the name:\n%s", name, m.parts["text/plain"])
		}
	}
}

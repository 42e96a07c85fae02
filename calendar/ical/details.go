package ical

import (
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
)

// staffEvent is the staff view of a booking: the title whatever the visibility,
// the details in DESCRIPTION and a URL to the request's page.
func staffEvent(e Entry, opt Options) event {
	r := &e.Request
	summary := r.Title
	if strings.TrimSpace(summary) == "" {
		summary = PublicSummary(r, opt.Language)
	}
	ev := event{
		Listing:     listing(e, opt, summary),
		description: details(r, opt.Language),
	}
	if opt.RequestURL != nil {
		ev.url = opt.RequestURL(r.ID)
	}
	return ev
}

// labels are the words of the staff description in one language.
type labels struct {
	organization, contact, participants, equipment string
	status, letter, visibility, notes              string
	public, private                                string
}

// labelsFor returns the labels in lang: "en" for English, Indonesian otherwise.
func labelsFor(lang string) labels {
	if lang == "en" {
		return labels{"Organization", "Contact", "Participants", "Equipment",
			"Status", "Letter number", "Visibility", "Notes", "public", "private"}
	}
	return labels{"Instansi", "Kontak", "Peserta", "Peralatan",
		"Status", "Nomor surat", "Visibilitas", "Catatan", "publik", "privat"}
}

// details is the DESCRIPTION for staff: one "label: value" line per field
// that has a value.
func details(r *booking.Request, lang string) string {
	l := labelsFor(lang)
	var b strings.Builder
	line := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			b.WriteString(label + ": " + value + "\n")
		}
	}
	line(l.organization, r.Organization)
	line(l.contact, joinNonEmpty(", ", r.ContactName, r.ContactEmail, r.ContactPhone))
	if r.Participants > 0 {
		line(l.participants, strconv.Itoa(r.Participants))
	}
	line(l.equipment, equipmentText(r.Equipment))
	line(l.status, statusWord(r.Status, lang))
	line(l.letter, r.LetterNumber)
	if r.Visibility == booking.VisibilityPublic {
		line(l.visibility, l.public)
	} else {
		line(l.visibility, l.private)
	}
	line(l.notes, r.Notes)
	return strings.TrimSuffix(b.String(), "\n")
}

// equipmentText lists the equipment asked for, e.g. "computer (2), internet (1)".
func equipmentText(needs []booking.Need) string {
	parts := make([]string, 0, len(needs))
	for _, n := range needs {
		parts = append(parts, n.Name+" ("+strconv.Itoa(n.Count)+")")
	}
	return strings.Join(parts, ", ")
}

// joinNonEmpty joins the values that are not blank.
func joinNonEmpty(sep string, values ...string) string {
	kept := values[:0:0]
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			kept = append(kept, v)
		}
	}
	return strings.Join(kept, sep)
}

// statusWord names a state of the SOP chain for people.
func statusWord(s booking.Status, lang string) string {
	id, en := statusWords(s)
	if lang == "en" {
		return en
	}
	return id
}

// statusWords returns the Indonesian and English names of a state.
func statusWords(s booking.Status) (id, en string) {
	switch s {
	case booking.StatusSubmitted:
		return "Diajukan", "Submitted"
	case booking.StatusForwarded:
		return "Diteruskan ke Kepala", "Forwarded to the head of office"
	case booking.StatusDisposed:
		return "Didisposisi ke Kabid", "Disposed to the Kabid"
	case booking.StatusChecked:
		return "Diperiksa Kabid", "Checked by the Kabid"
	case booking.StatusRelayed:
		return "Diteruskan ke Sekretariat", "Relayed to the secretary"
	case booking.StatusApproved:
		return "Disetujui", "Approved"
	case booking.StatusRejected:
		return "Ditolak", "Rejected"
	case booking.StatusPrepared:
		return "Disiapkan", "Prepared"
	case booking.StatusReported:
		return "Dilaporkan", "Reported"
	case booking.StatusClosed:
		return "Selesai", "Closed"
	case booking.StatusCancelled:
		return "Dibatalkan", "Cancelled"
	case booking.StatusExpired:
		return "Kedaluwarsa", "Expired"
	}
	return string(s), string(s)
}

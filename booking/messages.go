package booking

import (
	"fmt"
	"strings"
)

// msgKey names a message of the catalogue below.
type msgKey int

// The messages a check can give. Each has the same verbs, in the same order,
// in both languages.
const (
	msgStartMissing msgKey = iota
	msgEndBeforeStart
	msgParticipants
	msgRecurrence
	msgRecSyntax
	msgRecPart
	msgRecDuplicate
	msgRecFreq
	msgRecInterval
	msgRecCount
	msgRecCountUntil
	msgRecOrdinal
	msgRecStart
	msgRecUntil
	msgRecTooMany
	msgRecRange
	msgLead
	msgLeadWorking
	msgPast
	msgCapacity
	msgEquipUnknown
	msgEquipTooMany
	msgEquipCount
	msgDurationMin
	msgDurationMax
	msgHours
	msgClosed
	msgHorizon
	msgAffected
	msgAndMore
	msgBooking
	msgExternal
	msgBufferNote
	msgPending
)

// message is one entry of the catalogue: formal Indonesian, and English.
type message struct{ id, en string }

var catalogue = [...]message{
	msgStartMissing:   {"Waktu mulai wajib diisi.", "The start is required."},
	msgEndBeforeStart: {"Waktu selesai harus setelah waktu mulai.", "The end must be after the start."},
	msgParticipants:   {"Jumlah peserta paling sedikit 1 orang.", "There must be at least 1 participant."},
	msgRecurrence:     {"Aturan pengulangan tidak valid: %s.", "The recurrence rule is invalid: %s."},
	msgRecSyntax:      {"bagian \"%s\" tidak dapat dibaca", "the part \"%s\" cannot be read"},
	msgRecPart: {"bagian %s tidak didukung (yang didukung: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, WKST)",
		"the part %s is not supported (supported: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, WKST)"},
	msgRecDuplicate: {"bagian %s disebut lebih dari sekali", "the part %s appears more than once"},
	msgRecFreq:      {"FREQ harus DAILY, WEEKLY, atau MONTHLY", "FREQ must be DAILY, WEEKLY or MONTHLY"},
	msgRecInterval:  {"INTERVAL untuk FREQ=%s harus antara 1 dan %d", "INTERVAL with FREQ=%s must be between 1 and %d"},
	msgRecCount:     {"COUNT harus antara 1 dan %d", "COUNT must be between 1 and %d"},
	msgRecCountUntil: {"COUNT dan UNTIL tidak boleh dipakai bersamaan",
		"COUNT and UNTIL cannot be used together"},
	msgRecOrdinal: {"BYDAY dengan urutan (misalnya 2MO) hanya berlaku untuk FREQ=MONTHLY, dengan urutan -5 sampai 5",
		"BYDAY with a position (such as 2MO) is allowed only with FREQ=MONTHLY, from -5 to 5"},
	msgRecStart: {"waktu mulai harus merupakan pertemuan pertama menurut aturan (harinya harus sesuai dengan BYDAY)",
		"the start must be the rule's first occurrence (its day must match BYDAY)"},
	msgRecUntil:   {"UNTIL lebih awal daripada waktu mulai", "UNTIL is before the start"},
	msgRecTooMany: {"aturan menghasilkan lebih dari %d pertemuan", "the rule yields more than %d occurrences"},
	msgRecRange:   {"waktu mulai berada di luar rentang yang didukung", "the start is outside the supported range"},
	msgLead: {"Permohonan harus diajukan paling lambat %d hari sebelum pemakaian (tanggal paling awal: %s).",
		"A request must be submitted at least %d days before the use (earliest date: %s)."},
	msgLeadWorking: {"Permohonan harus diajukan paling lambat %d hari kerja sebelum pemakaian (tanggal paling awal: %s).",
		"A request must be submitted at least %d working days before the use (earliest date: %s)."},
	msgPast: {"Waktu mulai sudah lewat.", "The start has already passed."},
	msgCapacity: {"Jumlah peserta (%d orang) melebihi kapasitas %s (%d orang).",
		"The %d participants exceed the capacity of %s (%d people)."},
	msgEquipUnknown: {"Peralatan \"%s\" tidak tersedia di %s.", "The equipment \"%s\" is not available in %s."},
	msgEquipTooMany: {"Peralatan \"%s\" diminta %d unit, sedangkan yang tersedia %d unit.",
		"The equipment \"%s\": %d requested, but only %d available."},
	msgEquipCount:  {"Jumlah peralatan \"%s\" paling sedikit 1.", "The number of \"%s\" must be at least 1."},
	msgDurationMin: {"Lama pemakaian paling singkat %s.", "A booking must last at least %s."},
	msgDurationMax: {"Lama pemakaian paling lama %s.", "A booking may last at most %s."},
	msgHours: {"Pemakaian harus berada dalam jam layanan, pukul %s-%s %s.",
		"The use must lie within the opening hours, %s-%s %s."},
	msgClosed: {"Ruang tutup pada %s.", "The room is closed on %s."},
	msgHorizon: {"Pemakaian hanya dapat diajukan paling jauh %d hari ke depan (sampai %s).",
		"A room can be requested at most %d days ahead (until %s)."},
	msgAffected:   {" Pertemuan yang terkena: %s.", " Occurrences affected: %s."},
	msgAndMore:    {"%s, dan %d lainnya", "%s, and %d more"},
	msgBooking:    {"Bentrok dengan pemakaian yang telah disetujui%s pada %s%s.", "Conflicts with the approved booking%s on %s%s."},
	msgExternal:   {"Bentrok dengan acara di kalender bersama%s pada %s%s.", "Conflicts with the event%s in the shared calendar on %s%s."},
	msgBufferNote: {" (termasuk jeda persiapan %s)", " (including the %s setup buffer)"},
	msgPending: {"Sudah ada permohonan lain%s yang masih diproses untuk %s; permohonan yang diajukan lebih dahulu didahulukan.",
		"Another request%s, still in process, asks for %s; the earlier request comes first."},
}

// english reports whether lang asks for English ("en", "en-US", ...).
// Everything else gets the office's language, Indonesian.
func english(lang string) bool {
	return strings.EqualFold(lang, "en") || strings.HasPrefix(strings.ToLower(lang), "en-")
}

// say renders message k in lang.
func say(lang string, k msgKey, args ...any) string {
	m := catalogue[k]
	if english(lang) {
		return fmt.Sprintf(m.en, args...)
	}
	return fmt.Sprintf(m.id, args...)
}

// quoted renders a title for a message: ` "Title"`, or nothing when empty.
func quoted(title string) string {
	if title == "" {
		return ""
	}
	return ` "` + title + `"`
}

// bracketed renders a title in parentheses: ` ("Title")`, or nothing.
func bracketed(title string) string {
	if title == "" {
		return ""
	}
	return ` ("` + title + `")`
}

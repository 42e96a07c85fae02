package mail

import (
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// words are the fixed texts of a letter in one language.
type words struct {
	dear, opening, closing, regards string
	// labels of the details, in the order they are shown
	number, title, organization, applicant, when, room, participants, equipment,
	letterNumber, recurrence, status, decision, note, report string
	conflicts, warnings, suggestions, track, none, noConflict string
	available, unavailable                                    string
	lang, dateLayout                                          string
	steps                                                     map[Event]string
	actions                                                   map[booking.Action]string
	intro                                                     map[Event]string
}

// english reports whether lang asks for English.
func english(lang string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en")
}

// wordsFor returns the texts of lang: English for "en...", else Indonesian.
func wordsFor(lang string) *words {
	if english(lang) {
		return &wordsEN
	}
	return &wordsID
}

var wordsID = words{
	dear: "Yth. Bapak/Ibu %s", opening: "Dengan hormat,",
	closing: "Demikian disampaikan, atas perhatiannya diucapkan terima kasih.",
	regards: "Hormat kami,",
	number:  "Nomor", title: "Acara", organization: "Instansi", applicant: "Pemohon",
	when: "Waktu", room: "Ruang", participants: "Jumlah peserta", equipment: "Peralatan",
	letterNumber: "Nomor surat", recurrence: "Pengulangan", status: "Status",
	decision: "Hasil pengecekan", note: "Catatan", report: "Laporan penggunaan",
	conflicts: "Bentrok dengan jadwal berikut", warnings: "Perhatian",
	suggestions: "Alternatif waktu yang masih kosong", track: "Ikuti perkembangan permohonan",
	none: "-", noConflict: "tidak ada", available: "tersedia", unavailable: "tidak tersedia",
	lang: "id", dateLayout: "02-01-2006",
	steps: map[Event]string{
		EventReceipt: "Tanda terima permohonan", EventSubmitted: "Permohonan baru untuk diteruskan",
		EventForwarded: "Permohonan untuk didisposisi", EventDisposed: "Disposisi ke Kabid",
		EventChecked: "Hasil pengecekan Kabid", EventRelayed: "Ketersediaan ruang untuk disampaikan",
		EventApproved: "Permohonan disetujui", EventRejected: "Permohonan tidak dapat dipenuhi",
		EventReadiness: "Kesiapan ruang dan peralatan", EventReportDue: "Mohon laporan penggunaan ruang",
		EventReported: "Laporan penggunaan untuk diteruskan", EventClosed: "Laporan penggunaan ruang",
		EventCancelled: "Permohonan dibatalkan", EventReminder: "Pengingat", EventEscalation: "Eskalasi",
		EventExpired: "Permohonan kedaluwarsa",
	},
	actions: map[booking.Action]string{
		booking.ActionForward: "Teruskan ke Kepala Dinas", booking.ActionDispose: "Disposisi ke Kabid",
		booking.ActionCheck: "Laporkan hasil pengecekan", booking.ActionRelay: "Teruskan ke Sekretariat",
		booking.ActionInform: "Sampaikan kepada pemohon", booking.ActionPrepare: "Konfirmasi kesiapan",
		booking.ActionReport: "Isi laporan penggunaan", booking.ActionClose: "Teruskan laporan ke Kepala Dinas",
	},
	intro: map[Event]string{
		EventReceipt:    "Permohonan peminjaman ruang Saudara telah kami terima dengan nomor %[1]s dan akan diproses sesuai SOP. Perkembangannya dapat diikuti melalui tautan di bawah ini.",
		EventSubmitted:  "Telah masuk permohonan peminjaman ruang %[1]s dengan rincian di bawah ini. Mohon kiranya diteruskan kepada Kepala Dinas.",
		EventForwarded:  "Sekretariat meneruskan permohonan peminjaman ruang %[1]s berikut. Mohon kiranya didisposisikan kepada Kabid untuk pengecekan ulang jadwal.",
		EventDisposed:   "Kepala Dinas mendisposisikan permohonan %[1]s berikut untuk pengecekan ulang jadwal dan kesiapan ruang. Hasil pengecekan jadwal saat ini tercantum di bawah.",
		EventChecked:    "Kabid telah melakukan pengecekan ulang atas permohonan %[1]s: ruang dinyatakan %[2]s. Mohon kiranya diteruskan kepada Sekretariat.",
		EventRelayed:    "Kepala Dinas meneruskan hasil pengecekan atas permohonan %[1]s: ruang dinyatakan %[2]s. Mohon kiranya disampaikan kepada pemohon.",
		EventApproved:   "Dengan ini kami sampaikan bahwa permohonan peminjaman ruang Saudara nomor %[1]s DISETUJUI. Undangan kalender terlampir agar jadwal tercatat di kalender Saudara.",
		EventRejected:   "Dengan menyesal kami sampaikan bahwa permohonan peminjaman ruang Saudara nomor %[1]s tidak dapat dipenuhi.",
		EventReadiness:  "Ruang akan digunakan untuk kegiatan %[1]s pada %[2]s. Mohon dipastikan kesiapan petugas dan seluruh peralatan.",
		EventReportDue:  "Penggunaan ruang untuk kegiatan %[1]s telah selesai. Mohon disampaikan laporan penggunaan (jumlah peserta, kondisi peralatan, kendala).",
		EventReported:   "Tim Vidcon telah menyampaikan laporan penggunaan ruang untuk kegiatan %[1]s. Mohon kiranya diteruskan kepada Kepala Dinas.",
		EventClosed:     "Kabid meneruskan laporan penggunaan ruang untuk kegiatan %[1]s sebagai berikut.",
		EventCancelled:  "Permohonan peminjaman ruang %[1]s berikut telah dibatalkan.",
		EventExpired:    "Permohonan peminjaman ruang %[1]s berikut dinyatakan kedaluwarsa: waktu kegiatan (%[2]s) tiba sebelum permohonan selesai diproses sesuai SOP. Bila ruang masih diperlukan, permohonan baru dapat diajukan.",
		EventReminder:   "Permohonan %[1]s menunggu tindakan Bapak/Ibu (%[2]s) sejak %[3]s, melewati standar waktu SOP %[4]d menit.",
		EventEscalation: "Langkah \"%[2]s\" atas permohonan %[1]s belum dilaksanakan sejak %[3]s, melewati %[5]d kali standar waktu SOP (%[4]d menit).",
	},
}

var wordsEN = words{
	dear: "Dear %s", opening: "",
	closing: "Thank you for your attention.", regards: "Kind regards,",
	number: "Number", title: "Event", organization: "Organization", applicant: "Applicant",
	when: "Time", room: "Room", participants: "Participants", equipment: "Equipment",
	letterNumber: "Letter number", recurrence: "Repeats", status: "Status",
	decision: "Re-check result", note: "Note", report: "Usage report",
	conflicts: "Conflicts with", warnings: "Note", suggestions: "Free alternatives",
	track: "Follow your request", none: "-", noConflict: "none", available: "available", unavailable: "unavailable",
	lang: "en", dateLayout: "2 Jan 2006",
	steps: map[Event]string{
		EventReceipt: "Request received", EventSubmitted: "New request to forward",
		EventForwarded: "Request to dispose", EventDisposed: "Disposed to the Kabid",
		EventChecked: "The Kabid's re-check", EventRelayed: "Availability to inform the applicant",
		EventApproved: "Request approved", EventRejected: "Request declined",
		EventReadiness: "Readiness of the room", EventReportDue: "Usage report due",
		EventReported: "Usage report to forward", EventClosed: "Usage report",
		EventCancelled: "Request cancelled", EventReminder: "Reminder", EventEscalation: "Escalation",
		EventExpired: "Request expired",
	},
	actions: map[booking.Action]string{
		booking.ActionForward: "Forward to the head of office", booking.ActionDispose: "Dispose to the Kabid",
		booking.ActionCheck: "Report the re-check", booking.ActionRelay: "Relay to the secretariat",
		booking.ActionInform: "Inform the applicant", booking.ActionPrepare: "Confirm readiness",
		booking.ActionReport: "File the usage report", booking.ActionClose: "Forward the report to the head",
	},
	intro: map[Event]string{
		EventReceipt:    "We have received your request to borrow the room, number %[1]s; it will be processed as the SOP says. You can follow it with the link below.",
		EventSubmitted:  "A new request to borrow the room, %[1]s, has arrived. Please forward it to the head of office.",
		EventForwarded:  "The secretariat forwards request %[1]s below. Please dispose it to the Kabid for a re-check of the schedule.",
		EventDisposed:   "The head of office disposes request %[1]s below for a re-check of the schedule and the room. The schedule's current check is shown below.",
		EventChecked:    "The Kabid re-checked request %[1]s: the room is %[2]s. Please relay this to the secretariat.",
		EventRelayed:    "The head of office relays the re-check of request %[1]s: the room is %[2]s. Please inform the applicant.",
		EventApproved:   "We are pleased to tell you that your request %[1]s to borrow the room is APPROVED. A calendar invitation is attached.",
		EventRejected:   "We regret to tell you that your request %[1]s to borrow the room cannot be granted.",
		EventReadiness:  "The room will be used for %[1]s on %[2]s. Please make sure the staff and all equipment are ready.",
		EventReportDue:  "The use of the room for %[1]s has ended. Please file the usage report (attendance, state of the equipment, problems).",
		EventReported:   "The vidcon team filed the usage report of %[1]s. Please forward it to the head of office.",
		EventClosed:     "The Kabid forwards the usage report of %[1]s.",
		EventCancelled:  "Request %[1]s below has been cancelled.",
		EventExpired:    "Request %[1]s below has expired: its time (%[2]s) came before it had been through the SOP's chain. If the room is still needed, a new request can be made.",
		EventReminder:   "Request %[1]s has been waiting for your action (%[2]s) since %[3]s, past the SOP's standard of %[4]d minutes.",
		EventEscalation: "The step \"%[2]s\" of request %[1]s has not been taken since %[3]s, %[5]d times past the SOP's standard (%[4]d minutes).",
	},
}

// date renders t's date in loc: "10-12-2026" or "10 Dec 2026".
func (w *words) date(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(w.dateLayout)
}

// span renders a booking's time: "Kamis, 10-12-2026 09:00-11:00 WIB".
func (w *words) span(start, end time.Time, loc *time.Location) string {
	return booking.FormatSpan(start, end, loc, w.lang)
}

// moment renders an instant: "10-12-2026 09:00 WIB".
func (w *words) moment(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(w.dateLayout + " 15:04 MST")
}

// oneLine removes line breaks and other control characters, so a text can go
// into a header (the subject) or a list item.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029
	}), " ")
}

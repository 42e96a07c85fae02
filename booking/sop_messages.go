package booking

// sopMessage is a refusal of the state machine in formal Indonesian and in
// English, with the same verbs in the same order.
type sopMessage struct{ id, en string }

var (
	sopUnknownAction = sopMessage{"Tindakan %q tidak dikenal.", "Unknown action %q."}
	sopForbidden     = sopMessage{"Tindakan %q hanya dapat dilakukan oleh peran %s.", "Action %q needs the role %s."}
	sopWrongOrder    = sopMessage{"Tindakan %q tidak dapat dilakukan saat permohonan berstatus %s.",
		"Action %q is not possible while the request is %s."}
	sopReportEarly = sopMessage{"Laporan penggunaan baru dapat dibuat setelah kegiatan selesai (%s).",
		"The usage report can be filed only after the event ends (%s)."}
	sopAfterEnd = sopMessage{"Tindakan %q tidak dapat dilakukan setelah kegiatan selesai.",
		"Action %q is not possible after the event ended."}
	sopNotStarted        = sopMessage{"Waktu mulai permohonan belum lewat.", "The request's start has not passed."}
	sopDecisionOnlyCheck = sopMessage{"Keputusan hanya diberikan pada tindakan \"check\".",
		"A decision is given only with the action \"check\"."}
	sopReasonRequired = sopMessage{"Alasan (catatan) wajib diisi bila ruangan tidak tersedia.",
		"The reason (note) is required when the room is unavailable."}
	sopDecisionValues = sopMessage{"Keputusan harus \"available\" (tersedia) atau \"unavailable\" (tidak tersedia).",
		"The decision must be \"available\" or \"unavailable\"."}
)

package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// actionPage is what the page of a signed action link shows: the request
// and the form of the step, or why the link does nothing.
type actionPage struct {
	Lang    string
	Title   string
	Message string // an outcome or a refusal, in a box above the rest
	Error   bool
	Details [][2]string
	Lists   []actionList
	Form    *actionForm
}

type actionList struct {
	Title string
	Items []string
}

// actionForm posts the step back to the same link.
type actionForm struct {
	Action      string // the URL
	CSRF        string
	Button      string
	Decision    bool   // the Kabid's available / unavailable choice
	NoteLabel   string // the label of the note field
	Available   string
	Unavailable string
}

var actionTemplate = template.Must(template.New("action").Parse(pageTop + `
textarea{width:100%;box-sizing:border-box;font-size:1em;min-height:5em}
label{display:block;margin:8px 0}
` + pageMid + `<h1>{{.Title}}</h1>
{{if .Message}}<p class="msg{{if .Error}} err{{end}}">{{.Message}}</p>{{end}}
{{if .Details}}<table>{{range .Details}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table>{{end}}
{{range .Lists}}<h2 style="font-size:1.05em">{{.Title}}</h2><ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{with .Form}}<form method="post" action="{{.Action}}">
<input type="hidden" name="csrf" value="{{.CSRF}}">
{{if .Decision}}<label><input type="radio" name="decision" value="available" required> {{.Available}}</label>
<label><input type="radio" name="decision" value="unavailable"> {{.Unavailable}}</label>{{end}}
<label>{{.NoteLabel}}<br><textarea name="note" maxlength="2000"></textarea></label>
<button type="submit">{{.Button}}</button>
</form>{{end}}
</main></body>
</html>
`))

// render writes the page with status.
func (p *actionPage) render(w http.ResponseWriter, status int) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	return actionTemplate.Execute(w, p)
}

// actionWords are the page's texts in one language.
type actionWords struct {
	lang, title, done, forged, expired, used, forbidden, moved, failed       string
	number, event, org, applicant, when, room, participants, equipment, note string
	conflicts, warnings, suggestions, none, available, unavailable, status   string
	decisionNote                                                             string
	buttons                                                                  map[booking.Action]string
	layout                                                                   string
}

var actionID = actionWords{
	lang: "id", title: "Tindak lanjut permohonan", done: "Terima kasih. Langkah telah tercatat; status permohonan sekarang: %s.",
	forged:    "Tautan ini tidak sah. Tidak ada yang diubah.",
	expired:   "Tautan ini sudah kedaluwarsa. Tidak ada yang diubah; silakan gunakan aplikasi atau minta tautan baru.",
	used:      "Tautan ini sudah pernah digunakan. Tidak ada yang diubah.",
	forbidden: "Bapak/Ibu tidak lagi memegang peran untuk langkah ini. Tidak ada yang diubah.",
	moved:     "Langkah ini sudah tidak dapat dilakukan (sudah dilaksanakan atau permohonan sudah berpindah tahap). Tidak ada yang diubah.",
	failed:    "Langkah belum dapat dicatat: %s",
	number:    "Nomor", event: "Acara", org: "Instansi", applicant: "Pemohon", when: "Waktu", room: "Ruang",
	participants: "Jumlah peserta", equipment: "Peralatan", note: "Catatan (opsional)", status: "Status",
	conflicts: "Bentrok dengan jadwal", warnings: "Perhatian", suggestions: "Alternatif waktu yang masih kosong",
	none: "tidak ada", available: "Ruang tersedia", unavailable: "Ruang tidak tersedia",
	decisionNote: "Catatan (wajib jika tidak tersedia)",
	buttons: map[booking.Action]string{
		booking.ActionForward: "Teruskan ke Kepala Dinas", booking.ActionDispose: "Disposisi ke Kabid",
		booking.ActionCheck: "Laporkan hasil pengecekan", booking.ActionRelay: "Teruskan ke Sekretariat",
		booking.ActionInform: "Sampaikan kepada pemohon", booking.ActionPrepare: "Konfirmasi kesiapan",
		booking.ActionReport: "Kirim laporan penggunaan", booking.ActionClose: "Teruskan laporan ke Kepala Dinas",
	},
	layout: "02-01-2006 15:04",
}

var actionEN = actionWords{
	lang: "en", title: "Act on a request", done: "Thank you. The step is recorded; the request is now %s.",
	forged:    "This link is not valid. Nothing was changed.",
	expired:   "This link has expired. Nothing was changed; use the application or ask for a new link.",
	used:      "This link was used already. Nothing was changed.",
	forbidden: "You no longer hold the role this step needs. Nothing was changed.",
	moved:     "This step cannot be taken any more (it was taken, or the request moved on). Nothing was changed.",
	failed:    "The step could not be recorded: %s",
	number:    "Number", event: "Event", org: "Organization", applicant: "Applicant", when: "Time", room: "Room",
	participants: "Participants", equipment: "Equipment", note: "Note (optional)", status: "Status",
	conflicts: "Conflicts with", warnings: "Note", suggestions: "Free alternatives",
	none: "none", available: "The room is available", unavailable: "The room is unavailable",
	decisionNote: "Note (required when unavailable)",
	buttons: map[booking.Action]string{
		booking.ActionForward: "Forward to the head of office", booking.ActionDispose: "Dispose to the Kabid",
		booking.ActionCheck: "Report the re-check", booking.ActionRelay: "Relay to the secretariat",
		booking.ActionInform: "Inform the applicant", booking.ActionPrepare: "Confirm readiness",
		booking.ActionReport: "File the usage report", booking.ActionClose: "Forward the report to the head",
	},
	layout: "2 Jan 2006 15:04",
}

func actionWordsFor(lang string) *actionWords {
	if strings.HasPrefix(lang, "en") {
		return &actionEN
	}
	return &actionID
}

// span renders a time span in the office zone, as the emails do.
func (aw *actionWords) span(start, end time.Time, loc *time.Location) string {
	return booking.FormatSpan(start, end, loc, aw.lang)
}

// summary lists the request's particulars.
func (aw *actionWords) summary(r booking.Request, room string, loc *time.Location) [][2]string {
	var eq []string
	for _, n := range r.Equipment {
		eq = append(eq, fmt.Sprintf("%s (%d)", n.Name, n.Count))
	}
	return [][2]string{
		{aw.number, booking.Number(r.ID)}, {aw.event, r.Title}, {aw.org, r.Organization},
		{aw.applicant, r.ContactName + ", " + r.ContactEmail}, {aw.when, aw.span(r.Start, r.End, loc)},
		{aw.room, room}, {aw.participants, fmt.Sprint(r.Participants)},
		{aw.equipment, strings.Join(eq, ", ")}, {aw.status, string(r.Status)},
	}
}

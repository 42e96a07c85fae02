package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// trackPage is the applicant's page of their request, which the receipt
// email links to: the request, its status in words, its history and, while
// the applicant may still cancel it, the cancel form.
type trackPage struct {
	Lang     string
	Title    string
	Message  string // an outcome or a refusal, in a box above the rest
	Error    bool
	Status   string // the status in words
	Details  [][2]string
	Lists    []actionList
	History  []trackStep
	HistoryT string // the history's heading
	Form     *trackForm
	Other    string // the page in the other language
	OtherT   string
}

// trackStep is one step of the history as the applicant reads it: when,
// what and by which role, and the note (the Kabid's reason, ...).
type trackStep struct {
	When, What, Note string
}

// trackForm posts the cancel back with the tracking token and the form
// token derived from it.
type trackForm struct {
	Action, Token, CSRF, Button, Hint string
}

var trackTemplate = template.Must(template.New("track").Parse(pageTop + `
h2{font-size:1.05em;margin-top:1.5em}
.status{font-size:1.15em;padding:10px 12px;border-left:4px solid #0b5394;background:#eef4fa}
table{border-collapse:collapse;width:100%}
ol{padding-left:1.4em}
li{margin:6px 0}
.when{color:#555;font-size:.9em;display:block}
.note{display:block;font-style:italic}
button{background:#a61b1b}
.hint{color:#555;font-size:.9em}
.lang{float:right;font-size:.9em}
` + pageMid + `{{if .Other}}<a class="lang" href="{{.Other}}">{{.OtherT}}</a>{{end}}
<h1>{{.Title}}</h1>
{{if .Message}}<p class="msg{{if .Error}} err{{end}}" id="message">{{.Message}}</p>{{end}}
{{if .Status}}<p class="status" id="status">{{.Status}}</p>{{end}}
{{if .Details}}<table>{{range .Details}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table>{{end}}
{{range .Lists}}<h2>{{.Title}}</h2><ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .History}}<h2>{{.HistoryT}}</h2><ol id="history">{{range .History}}<li><span class="when">{{.When}}</span>{{.What}}{{if .Note}}<span class="note">{{.Note}}</span>{{end}}</li>{{end}}</ol>{{end}}
{{with .Form}}<form method="post" action="{{.Action}}" id="cancel">
<input type="hidden" name="token" value="{{.Token}}">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<button type="submit">{{.Button}}</button>
<p class="hint">{{.Hint}}</p>
</form>{{end}}
</main></body>
</html>
`))

// render writes the page with status. The URL holds the tracking token, a
// secret: no referrer leaves the page, no robot indexes it, nothing caches it.
func (p *trackPage) render(w http.ResponseWriter, status int) error {
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Robots-Tag", "noindex")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	return trackTemplate.Execute(w, p)
}

// trackWords are the page's own texts in one language; the request's
// labels are the action pages' (actionWords).
type trackWords struct {
	title, notFound, notFoundMsg, history, status, cancel, cancelHint, cancelled string
	forged, tooLate, failed, occurrences, violations, otherLang                  string
	statuses, actions, roles, decisions                                          map[string]string
}

var trackID = trackWords{
	title: "Permohonan %s", notFound: "Permohonan tidak ditemukan",
	notFoundMsg: "Tautan ini tidak sah atau permohonan tidak ditemukan. Periksa kembali tautan pada email tanda terima.",
	history:     "Riwayat", status: "Status: %s",
	cancel: "Batalkan permohonan", cancelHint: "Pembatalan tidak dapat diurungkan.",
	cancelled:   "Permohonan telah dibatalkan.",
	forged:      "Formulir tidak sah atau sudah usang. Tidak ada yang diubah; silakan muat ulang halaman ini.",
	tooLate:     "Permohonan ini tidak dapat dibatalkan lagi. Tidak ada yang diubah.",
	failed:      "Terjadi kesalahan; tidak ada yang diubah. Silakan coba lagi nanti.",
	occurrences: "Jadwal pertemuan", violations: "Tidak memenuhi ketentuan",
	otherLang: "English",
	statuses: map[string]string{
		"submitted": "Diajukan, menunggu diteruskan oleh Sekretariat",
		"forwarded": "Diteruskan ke Kepala Dinas, menunggu disposisi",
		"disposed":  "Didisposisikan ke Kabid, menunggu pengecekan jadwal",
		"checked":   "Jadwal telah diperiksa Kabid, menunggu diteruskan ke Sekretariat",
		"relayed":   "Hasil pengecekan diteruskan ke Sekretariat, menunggu pemberitahuan kepada pemohon",
		"approved":  "Disetujui",
		"rejected":  "Tidak dapat dipenuhi",
		"prepared":  "Disetujui; ruang dan peralatan telah disiapkan",
		"reported":  "Kegiatan selesai; laporan penggunaan telah dibuat",
		"closed":    "Selesai",
		"cancelled": "Dibatalkan",
		"expired":   "Kedaluwarsa (belum diputuskan sampai waktu mulai)",
	},
	actions: actionLabels, roles: roleLabels, decisions: decisionLabels,
}

var trackEN = trackWords{
	title: "Request %s", notFound: "Request not found",
	notFoundMsg: "This link is not valid or the request does not exist. Check the link in the receipt email.",
	history:     "History", status: "Status: %s",
	cancel: "Cancel the request", cancelHint: "A cancellation cannot be undone.",
	cancelled:   "The request has been cancelled.",
	forged:      "The form is not valid or out of date. Nothing was changed; please reload this page.",
	tooLate:     "This request can no longer be cancelled. Nothing was changed.",
	failed:      "Something went wrong; nothing was changed. Please try again later.",
	occurrences: "Sessions", violations: "Rules not met",
	otherLang: "Bahasa Indonesia",
	statuses: map[string]string{
		"submitted": "Submitted, waiting to be forwarded by the secretariat",
		"forwarded": "Forwarded to the head of office, waiting for the disposition",
		"disposed":  "Disposed to the Kabid, waiting for the re-check of the schedule",
		"checked":   "Re-checked by the Kabid, waiting to be relayed to the secretariat",
		"relayed":   "Relayed to the secretariat, waiting to be told to the applicant",
		"approved":  "Approved",
		"rejected":  "Declined",
		"prepared":  "Approved; the room and the equipment are ready",
		"reported":  "The event is over; the usage report is filed",
		"closed":    "Closed",
		"cancelled": "Cancelled",
		"expired":   "Expired (not decided before the start)",
	},
	actions: map[string]string{
		"submit": "Request submitted", "forward": "Forwarded to the head of office",
		"dispose": "Disposed to the Kabid", "check": "Schedule re-checked",
		"relay": "Relayed to the secretariat", "inform": "Applicant informed",
		"prepare": "Readiness confirmed", "report": "Usage reported",
		"close": "Report forwarded to the head of office", "cancel": "Cancelled", "expire": "Expired",
		"reschedule": "One session rescheduled",
	},
	roles: map[string]string{
		"applicant": "Applicant", "secretary": "Secretary", "head": "Head of office",
		"kabid": "Head of division (Kabid)", "vidcon": "Vidcon team", "admin": "Administrator", "system": "System",
	},
	decisions: map[string]string{"available": "Available", "unavailable": "Not available"},
}

func trackWordsFor(lang string) *trackWords {
	if strings.HasPrefix(lang, "en") {
		return &trackEN
	}
	return &trackID
}

// showTrack answers GET /requests/{id}?token=TRACKING, the applicant's page
// of their request. A missing or wrong token, and an unknown id, answer the
// same 404 page, so nobody learns whether a request exists. A GET changes
// nothing.
func (h *handler) showTrack(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	token := trackingToken(r)
	if err != nil || token == "" {
		return h.trackNotFound(w, r)
	}
	v, err := h.office.Lookup(r.Context(), id, token)
	if err != nil {
		return h.trackFailed(w, r, err)
	}
	aud := h.applicantAudience(r, v.Request.Language)
	page := h.trackPageOf(r, v, aud, token)
	if r.URL.Query().Get("done") == "cancelled" && v.Request.Status == booking.StatusCancelled {
		page.Message = trackWordsFor(aud.lang).cancelled
	}
	return page.render(w, http.StatusOK)
}

// trackPageOf is request v as its applicant reads it, in aud's language.
func (h *handler) trackPageOf(r *http.Request, v office.View, aud audience, token string) *trackPage {
	aw, tw, loc := actionWordsFor(aud.lang), trackWordsFor(aud.lang), h.loc()
	req := v.Request
	number := booking.Number(req.ID)
	page := &trackPage{
		Lang: aw.lang, Title: fmt.Sprintf(tw.title, number), HistoryT: tw.history,
		Status: fmt.Sprintf(tw.status, label(tw.statuses, string(req.Status))),
	}
	room := h.office.RoomName(req.Room)
	var eq []string
	for _, n := range req.Equipment {
		eq = append(eq, fmt.Sprintf("%s (%d)", n.Name, n.Count))
	}
	if len(eq) == 0 {
		eq = []string{aw.none}
	}
	page.Details = [][2]string{
		{aw.number, number}, {aw.event, req.Title}, {aw.org, req.Organization},
		{aw.room, room}, {aw.when, aw.span(req.Start, req.End, loc)},
		{aw.participants, strconv.Itoa(req.Participants)}, {aw.equipment, strings.Join(eq, ", ")},
	}
	if len(v.Occurrences) > 1 {
		occ := actionList{Title: tw.occurrences}
		for _, s := range v.Occurrences {
			occ.Items = append(occ.Items, aw.span(s.Start, s.End, loc))
		}
		page.Lists = append(page.Lists, occ)
	}
	page.Lists = append(page.Lists, applicantReport(aw, tw, v.Report, aud, loc)...)
	for _, t := range v.History {
		what := label(tw.actions, string(t.Action)) + " (" + label(tw.roles, string(t.Role)) + ")"
		if t.Decision != "" {
			what += ": " + label(tw.decisions, string(t.Decision))
		}
		page.History = append(page.History, trackStep{
			When: t.At.In(loc).Format(aw.layout + " MST"), What: what, Note: t.Note,
		})
	}
	if h.applicantMayCancel(req) {
		q := url.Values{}
		if l := r.URL.Query().Get("lang"); l == "en" || l == "id" {
			q.Set("lang", l)
		}
		action := fmt.Sprintf("/requests/%d/cancel", req.ID)
		if len(q) > 0 {
			action += "?" + q.Encode()
		}
		page.Form = &trackForm{Action: action, Token: token, CSRF: h.office.TrackFormToken(token),
			Button: tw.cancel, Hint: tw.cancelHint}
	}
	other := "en"
	if aud.lang == "en" {
		other = "id"
	}
	page.Other = trackURL(req.ID, token, other, "")
	page.OtherT = tw.otherLang
	return page
}

// applicantMayCancel says whether the cancel form is shown: the SOP lets the
// applicant cancel from these states, and only before the event ends.
func (h *handler) applicantMayCancel(req booking.Request) bool {
	step, _ := booking.StepFor(booking.ActionCancel)
	return slices.Contains(step.From, req.Status) && slices.Contains(step.Roles, booking.RoleApplicant) &&
		h.office.Now().Before(req.End)
}

// applicantReport is the live conflict report as the applicant may read it:
// other requests' titles hidden (in the conflicts and in the messages).
func applicantReport(aw *actionWords, tw *trackWords, rep booking.Report, aud audience, loc *time.Location) []actionList {
	var lists []actionList
	redact := aud.redactor(rep)
	if len(rep.Violations) > 0 {
		l := actionList{Title: tw.violations}
		for _, v := range rep.Violations {
			l.Items = append(l.Items, redact.Replace(v.Message))
		}
		lists = append(lists, l)
	}
	if cs := conflictsFor(rep.Conflicts, aud, loc); len(cs) > 0 {
		l := actionList{Title: aw.conflicts}
		for _, c := range cs {
			l.Items = append(l.Items, c.Title+": "+aw.span(c.Start, c.End, loc))
		}
		lists = append(lists, l)
	}
	if ws := violationsFor(rep.Warnings, redact, loc); len(ws) > 0 {
		l := actionList{Title: aw.warnings}
		for _, w := range ws {
			l.Items = append(l.Items, w.Message)
		}
		lists = append(lists, l)
	}
	if len(rep.Suggestions) > 0 && (len(rep.Conflicts) > 0 || len(rep.Violations) > 0) {
		l := actionList{Title: aw.suggestions}
		for _, s := range rep.Suggestions {
			l.Items = append(l.Items, aw.span(s.Start, s.End, loc))
		}
		lists = append(lists, l)
	}
	return lists
}

// trackURL is the path of the applicant's page, with the tracking token and,
// when set, the language and the outcome to announce.
func trackURL(id int64, token, lang, done string) string {
	p := fmt.Sprintf("/requests/%d?token=%s", id, url.QueryEscape(token))
	if lang != "" {
		p += "&lang=" + url.QueryEscape(lang)
	}
	if done != "" {
		p += "&done=" + url.QueryEscape(done)
	}
	return p
}

// trackNotFound is the 404 page: the same for an unknown id, a missing token
// and a wrong one.
func (h *handler) trackNotFound(w http.ResponseWriter, r *http.Request) error {
	aud := h.audienceOf(r)
	tw := trackWordsFor(aud.lang)
	page := &trackPage{Lang: aud.lang, Title: tw.notFound, Message: tw.notFoundMsg, Error: true}
	return page.render(w, http.StatusNotFound)
}

// trackFailed answers a lookup that failed: not found as the 404 page,
// anything else logged and a 500 page that says nothing changed.
func (h *handler) trackFailed(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return h.trackNotFound(w, r)
	}
	h.log.ErrorContext(r.Context(), "applicant page", "path", r.URL.Path, "err", err)
	aud := h.audienceOf(r)
	tw := trackWordsFor(aud.lang)
	page := &trackPage{Lang: aud.lang, Title: tw.notFound, Message: tw.failed, Error: true}
	return page.render(w, http.StatusInternalServerError)
}

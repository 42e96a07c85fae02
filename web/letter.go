package web

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// The applicant's letter of request (step 1 of the SOP): one PDF per
// request, kept in the database (store.LetterStore). It comes with the
// request form (form.go, letter_form.go) or by PUT /api/v1/requests/{id}/letter
// (the applicant's tracking token, or the secretary), and may be replaced
// while the request is submitted; once the secretary forwards it, it is
// the letter the chain decided on. Staff and the applicant download it as an
// attachment; no public page or feed names it.

const (
	// maxLetter is the largest letter accepted: 5 MB as a phone or a PC
	// counts them.
	maxLetter = 5 << 20
	// maxLetterForm is the largest request form read: the form's fields,
	// and a letter up to twice the limit, which is read, dropped and
	// refused with the form shown again as typed; a larger body is refused
	// at once (413) and the form is lost.
	maxLetterForm = 2*maxLetter + maxBody
	// letterTransfer is how long the upload or download of a letter may
	// take, beyond the server's read and write timeouts: 5 MB at about
	// 150 kbit/s, a slow mobile connection.
	letterTransfer = 5 * time.Minute
	// letterField is the request form's file input.
	letterField = "letter"
)

// largerBodies are the routes whose body may be larger than maxBody
// (bodyLimit): the letter's upload, alone and with the request form.
var largerBodies = map[string]int64{
	"PUT /api/v1/requests/{id}/letter": maxLetter,
	"POST /requests":                   maxLetterForm,
}

// letterRoutes registers the letter's upload and downloads.
func (s *Server) letterRoutes() {
	h := s.h
	s.handle("PUT /api/v1/requests/{id}/letter", h.putLetter)
	s.handle("GET /api/v1/requests/{id}/letter", h.showLetter)
	s.page("GET /staff/requests/{id}/letter.pdf", h.staffLetter)
}

// isPDF reports whether b is a PDF by its content: it starts with the PDF
// header, http.DetectContentType agrees, and an end-of-file marker is in
// its last 1024 bytes (where readers look for it). The name and the
// declared type of a file say nothing.
func isPDF(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("%PDF-")) || http.DetectContentType(b) != "application/pdf" {
		return false
	}
	return bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF"))
}

// Refusals of a letter, for the API.
var (
	errLetterType = &apiError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
		Field: letterField, Message: "the letter must be a PDF file"}
	errLetterClosed = &apiError{Status: http.StatusConflict, Code: "letter_closed",
		Message: "the letter can no longer be replaced: the secretary has forwarded the request"}
	errLetterSecretary = &apiError{Status: http.StatusForbidden, Code: "forbidden",
		Message: "only the secretary or the applicant may upload the letter"}
)

// letterView is a stored letter as the API answers an upload.
type letterView struct {
	RequestID  int64  `json:"request_id"`
	Number     string `json:"number"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"`
	UploadedAt string `json:"uploaded_at"`
	Download   string `json:"download"`
}

// putLetter is PUT /api/v1/requests/{id}/letter, the body a PDF of at most
// 5 MB: the applicant (tracking token) or the secretary (bearer token)
// attaches the request's letter, or replaces it while the request is
// submitted (201 for the first, 200 for a replacement). Anyone else gets
// 404 (403 for staff who are not the secretary); a body that is not a PDF
// is 415, a larger one 413, and one after the forward 409. A refused
// upload stores nothing.
func (h *handler) putLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	by, req, err := h.letterUploader(r, id)
	if err != nil {
		return err
	}
	if req.Status != booking.StatusSubmitted {
		return errLetterClosed
	}
	extendDeadlines(w, true)
	data, err := io.ReadAll(r.Body) // bodyLimit: at most maxLetter, else 413
	if err != nil {
		return err
	}
	if !isPDF(data) {
		return errLetterType
	}
	l, replaced, err := h.store.PutLetter(r.Context(), id, data, by, h.office.Now())
	if errors.Is(err, store.ErrLetterClosed) {
		return errLetterClosed
	}
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if replaced {
		status = http.StatusOK
	}
	w.Header().Set("Location", h.baseURL+letterAPIPath(id))
	return writeJSON(w, status, letterView{
		RequestID: id, Number: booking.Number(id), Size: l.Size, SHA256: hex.EncodeToString(l.SHA256),
		UploadedAt: l.UploadedAt.In(h.loc()).Format(time.RFC3339), Download: letterAPIPath(id),
	})
}

// letterUploader says who uploads request id's letter: the secretary by
// their bearer token (their user id), or the applicant by the tracking
// token (0). It returns the request as stored.
func (h *handler) letterUploader(r *http.Request, id int64) (int64, booking.Request, error) {
	if u, ok := userFrom(r); ok && h.office.IsStaff(u) {
		if !slices.Contains(h.office.ActorFor(u).Roles, booking.RoleSecretary) {
			return 0, booking.Request{}, errLetterSecretary
		}
		req, err := h.store.Request(r.Context(), id)
		return u.ID, req, err
	}
	token := trackingToken(r)
	if token == "" {
		return 0, booking.Request{}, store.ErrNotFound
	}
	_, req, err := h.applicantOf(r, id, token)
	return 0, req, err
}

// showLetter is GET /api/v1/requests/{id}/letter: the letter as an
// attachment, for staff (bearer token) and the request's applicant
// (tracking token). Anyone else, and a request without a letter, get 404.
func (h *handler) showLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	if !h.audienceOf(r).staff {
		token := trackingToken(r)
		if token == "" {
			return store.ErrNotFound
		}
		if _, _, err := h.applicantOf(r, id, token); err != nil {
			return err
		}
	}
	return h.sendLetter(w, r, id)
}

// staffLetter is GET /staff/requests/{id}/letter.pdf: the letter for the
// signed-in member of staff (the staff request page links it).
func (h *handler) staffLetter(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.sessionUser(r); err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	return h.sendLetter(w, r, id)
}

// sendLetter writes request id's letter: a PDF to save, never shown inline
// nor kept by any cache (nosniff is on every response).
func (h *handler) sendLetter(w http.ResponseWriter, r *http.Request, id int64) error {
	l, data, err := h.store.LetterFile(r.Context(), id)
	if err != nil {
		return err
	}
	extendDeadlines(w, false)
	hdr := w.Header()
	hdr.Set("Content-Type", "application/pdf")
	hdr.Set("Content-Disposition", `attachment; filename="`+letterFileName(id)+`"`)
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("ETag", `"`+hex.EncodeToString(l.SHA256)+`"`)
	http.ServeContent(w, r, "", l.UploadedAt, bytes.NewReader(data))
	return nil
}

// letterFileName is the name a letter is saved under: surat-CC-000012.pdf.
func letterFileName(id int64) string { return "surat-" + booking.Number(id) + ".pdf" }

// letterAPIPath is the API's path of request id's letter.
func letterAPIPath(id int64) string {
	return "/api/v1/requests/" + strconv.FormatInt(id, 10) + "/letter"
}

// extendDeadlines gives a letter's transfer letterTransfer from now: the
// body's read too when reading, and the answer's write. The server's
// timeouts are meant for forms and JSON, not for 5 MB over a phone.
func extendDeadlines(w http.ResponseWriter, reading bool) {
	rc, until := http.NewResponseController(w), time.Now().Add(letterTransfer)
	if reading {
		_ = rc.SetReadDeadline(until) // not supported (a test recorder): the server's timeouts hold
	}
	_ = rc.SetWriteDeadline(until)
}

// letterLink is a request's letter as a page links it: where to download
// it, and its size and time of upload in words.
type letterLink struct {
	Href, Size, Uploaded string
}

// letterLinkOf is the link to request id's letter at href, worded by p;
// nil when the request has none.
func (h *handler) letterLinkOf(ctx context.Context, id int64, href string, p *locale.Printer) (*letterLink, error) {
	l, err := h.store.LetterInfo(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &letterLink{Href: href, Size: letterSize(l.Size, p.Lang()),
		Uploaded: booking.FormatMoment(l.UploadedAt, h.loc(), p.Lang())}, nil
}

// staffLetterLink is the staff request page's link to request id's letter
// (GET /staff/requests/{id}/letter.pdf); nil when it has none.
func (h *handler) staffLetterLink(ctx context.Context, id int64, p *locale.Printer) (*letterLink, error) {
	return h.letterLinkOf(ctx, id, fmt.Sprintf("/staff/requests/%d/letter.pdf", id), p)
}

// letterSize words a size as a file manager shows it: "245 KB", "1,2 MB"
// (a decimal comma in Indonesian).
func letterSize(n int64, lang string) string {
	if n < 1<<20 {
		return strconv.FormatInt(max(1, (n+1023)>>10), 10) + " KB"
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	if lang == locale.Indonesian {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " MB"
}

package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/printdoc"
)

// The printed documents of a request, for signed-in staff (package
// printdoc): the answer to the applicant once the secretary informed them,
// and the head's disposition sheet once the head disposed. Before its step
// a document is 404, on the error page saying why.

// documentRoutes registers the documents' routes.
func (s *Server) documentRoutes() {
	h := s.h
	s.page("GET /staff/requests/{id}/answer.pdf", h.showAnswerPDF)
	s.page("GET /staff/requests/{id}/disposition.pdf", h.showDispositionPDF)
}

// showAnswerPDF is GET /staff/requests/{id}/answer.pdf.
func (h *handler) showAnswerPDF(w http.ResponseWriter, r *http.Request) error {
	return h.document(w, r, "no_answer", "the applicant has not been told the decision yet",
		printdoc.Answer, printdoc.AnswerName)
}

// showDispositionPDF is GET /staff/requests/{id}/disposition.pdf.
func (h *handler) showDispositionPDF(w http.ResponseWriter, r *http.Request) error {
	return h.document(w, r, "no_disposition", "the head has not disposed of the request yet",
		printdoc.Disposition, printdoc.DispositionName)
}

// document answers a document of the request in the path, made by build
// and named by name; notYet (the error page's words, error.CODE) and why
// are the 404 of a document whose step has not been taken.
func (h *handler) document(w http.ResponseWriter, r *http.Request, notYet, why string,
	build func(printdoc.Source) ([]byte, error), name func(int64) string) error {
	if _, err := h.sessionUser(r); err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	src, err := h.documentSource(r, id)
	if err != nil {
		return err
	}
	doc, err := build(src)
	if errors.Is(err, printdoc.ErrNotYet) {
		return &apiError{Status: http.StatusNotFound, Code: notYet, Message: why}
	}
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", `inline; filename="`+name(id)+`"`)
	hd.Set("Content-Length", strconv.Itoa(len(doc)))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Security-Policy", documentCSP)
	_, err = w.Write(doc)
	return err
}

// documentList is the staff request page's section of printed documents:
// its title and a link to each document whose step was taken.
type documentList struct {
	Title string
	Links []linkItem
}

// documentLinks is the section of request id's printed documents whose
// step was taken, in the chain's order, for the staff request page
// (staff_request.html); nil before the head disposed.
func documentLinks(p *locale.Printer, id int64, history []booking.Transition) *documentList {
	var links []linkItem
	for _, d := range []struct {
		action    booking.Action
		key, file string
	}{
		{booking.ActionDispose, "document.link.disposition", "disposition.pdf"},
		{booking.ActionInform, "document.link.answer", "answer.pdf"},
	} {
		if slices.ContainsFunc(history, func(t booking.Transition) bool { return t.Action == d.action }) {
			links = append(links, linkItem{Text: p.Get(d.key), Link: staffRequestPath(id) + "/" + d.file})
		}
	}
	if len(links) == 0 {
		return nil
	}
	return &documentList{Title: p.Get("document.link.title"), Links: links}
}

// documentCSP replaces the pages' policy on a PDF: Chromium shows a PDF
// inline through an <embed> of it in a page of its own, which object-src
// 'none' (from default-src 'none') blocks, and sizes it with inline styles
// (crbug.com/271452). Nothing else may load, and no one may frame it.
const documentCSP = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// documentSource reads what request id's documents are made from.
func (h *handler) documentSource(r *http.Request, id int64) (printdoc.Source, error) {
	ctx := r.Context()
	req, err := h.store.Request(ctx, id)
	if err != nil {
		return printdoc.Source{}, err
	}
	history, err := h.store.History(ctx, id)
	if err != nil {
		return printdoc.Source{}, err
	}
	occ, err := h.store.Occurrences(ctx, id)
	if err != nil {
		return printdoc.Source{}, err
	}
	src := printdoc.Source{Office: h.documentOffice(), Request: req, History: history, Occurrences: occ,
		Room: h.office.RoomName(req.Room), Location: h.loc(), Lang: locale.Indonesian}
	for i := len(history) - 1; i >= 0; i-- {
		if t := history[i]; t.Action == booking.ActionDispose {
			if u, err := h.store.User(ctx, t.UserID); err == nil {
				src.Acting = acting(u, t.At, h.loc())
			}
			break
		}
	}
	return src, nil
}

// documentOffice is the office the documents show: the configured one, or
// the default office under the pages' name when none was given.
func (h *handler) documentOffice() config.Office {
	if h.documents.Name != "" {
		return h.documents
	}
	o := config.Default().Office
	if h.officeName != "" {
		o.Name = h.officeName
	}
	return o
}

// acting reports whether u held the head's role at t only for a period,
// as an acting head (Plt.) does, and not for good.
func acting(u booking.User, t time.Time, loc *time.Location) bool {
	bounded := false
	for _, g := range u.Grants {
		if g.Role != booking.RoleHead || !g.ActiveOn(t, loc) {
			continue
		}
		if g.From.IsZero() && g.Until.IsZero() {
			return false
		}
		bounded = true
	}
	return bounded
}

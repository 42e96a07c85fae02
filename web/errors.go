package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// apiError is a failure the web layer itself decides: its status, code and
// the field at fault.
type apiError struct {
	Status  int
	Code    string
	Field   string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// malformed is a body or parameter the API cannot read (400).
func malformed(field, format string, args ...any) error {
	return &apiError{Status: http.StatusBadRequest, Code: "malformed", Field: field,
		Message: fmt.Sprintf(format, args...)}
}

// formError is the failure of reading a form: 413 for a body over the
// limit (a chunked one is only found too large while read), else 400.
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return malformed("form", "the form cannot be read")
}

// invalid is a readable value that is not acceptable (422).
func invalid(field, format string, args ...any) error {
	return &office.FieldError{Code: booking.CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// ruleBody is the error body of a broken booking rule: the error and, next
// to it, the conflict report the caller can act on.
type ruleBody struct {
	Error errorDetail `json:"error"`
	reportView
	Violations []booking.Violation `json:"violations"`
}

// fail writes err as the response: the one place where errors become status
// codes. A canceled request gets no body; anything unexpected is logged and
// answered 500 with a generic message.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		w.WriteHeader(499) // the client went away; nginx's "client closed request"
		return
	}
	var re *office.RuleError
	if errors.As(err, &re) {
		status, body := h.ruleFailure(r, re)
		_ = writeJSON(w, status, body)
		return
	}
	status, detail := classify(err, h.audienceOf(r).lang)
	if status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "internal error", slog.String("method", r.Method),
			slog.String("route", infoFrom(r.Context()).routeLabel()), slog.Any("err", err))
	}
	_ = writeJSON(w, status, errorBody{Error: detail})
}

// classify maps an error to its status and error detail; lang is the
// language of the messages the web layer words itself.
func classify(err error, lang string) (int, errorDetail) {
	var (
		api   *apiError
		field *office.FieldError
		act   *booking.ActError
		rec   *booking.RecurrenceError
		big   *http.MaxBytesError
	)
	switch {
	case errors.As(err, &rec):
		v := rec.Violation(lang)
		return http.StatusUnprocessableEntity, errorDetail{Code: string(v.Code), Message: v.Message, Field: v.Field}
	case errors.As(err, &big):
		return http.StatusRequestEntityTooLarge, errorDetail{Code: "too_large",
			Message: fmt.Sprintf("the body is larger than %d bytes", big.Limit)}
	case errors.As(err, &api):
		return api.Status, errorDetail{Code: api.Code, Message: api.Message, Field: api.Field}
	case errors.As(err, &field):
		return http.StatusUnprocessableEntity, errorDetail{Code: string(field.Code), Message: field.Message, Field: field.Field}
	case errors.As(err, &act):
		return classifyAct(act)
	}
	return classifySentinel(err)
}

// classifyAct maps a refusal of the SOP state machine.
func classifyAct(e *booking.ActError) (int, errorDetail) {
	d := errorDetail{Message: e.Message, Field: e.Field}
	switch {
	case errors.Is(e, booking.ErrForbidden):
		d.Code = "forbidden"
		return http.StatusForbidden, d
	case errors.Is(e, booking.ErrInvalidTransition):
		d.Code = "invalid_transition"
		return http.StatusConflict, d
	}
	d.Code = string(booking.CodeInvalid)
	return http.StatusUnprocessableEntity, d
}

// classifySentinel maps the sentinel errors of the other packages.
func classifySentinel(err error) (int, errorDetail) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, errorDetail{Code: "not_found", Message: "not found"}
	case errors.Is(err, store.ErrIdempotencyMismatch):
		return http.StatusUnprocessableEntity, errorDetail{Code: "idempotency_mismatch",
			Message: "this Idempotency-Key was used with a different request", Field: "Idempotency-Key"}
	case errors.Is(err, office.ErrUnauthenticated):
		return http.StatusUnauthorized, errorDetail{Code: "unauthorized", Message: "a valid bearer token is required"}
	case errors.Is(err, booking.ErrForbidden):
		return http.StatusForbidden, errorDetail{Code: "forbidden", Message: "not allowed"}
	case errors.Is(err, booking.ErrInvalidTransition):
		return http.StatusConflict, errorDetail{Code: "invalid_transition", Message: "not possible now"}
	case errors.Is(err, booking.ErrInvalidAct), errors.Is(err, office.ErrInvalid):
		return http.StatusUnprocessableEntity, errorDetail{Code: "invalid", Message: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, errorDetail{Code: "unavailable", Message: "the server is busy; try again"}
	}
	return http.StatusInternalServerError, errorDetail{Code: "internal", Message: "internal error"}
}

// ruleFailure renders a broken booking rule: 409 for an overlap, 422 for the
// others, with the report filtered for the caller (the public reads no other
// booking's title, not even in the message).
func (h *handler) ruleFailure(r *http.Request, re *office.RuleError) (int, ruleBody) {
	aud, loc := h.audienceOf(r), h.loc()
	body := ruleBody{
		Error:      errorDetail{Code: string(re.Code), Message: re.Message, Field: re.Field},
		reportView: newReportView(re.Report, aud, loc),
		Violations: violationsFor(re.Report.Violations, aud.redactor(re.Report), loc),
	}
	if re.Code != booking.CodeOverlap {
		return http.StatusUnprocessableEntity, body
	}
	if !aud.staff && len(re.Report.Conflicts) > 0 {
		body.Error.Message = overlapMessage(re.Report.Conflicts[0], aud.lang, loc)
	}
	return http.StatusConflict, body
}

// overlapMessage says when the room is taken without saying by what.
func overlapMessage(c booking.Conflict, lang string, loc *time.Location) string {
	p := locale.For(lang)
	start, end := c.Start.In(loc), c.End.In(loc)
	return p.Get("rule.overlap.public", start.Format(p.Get("format.datetime")), end.Format("15:04"))
}

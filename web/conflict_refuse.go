package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
)

// conflictRefusal words a refused decision or carry-out in p's language,
// with the status and the field at fault: 403 a role not held today, 409
// decided already or a move onto taken time, 422 a note or a time. ok is
// false for what is no refusal. note is the note as posted.
func conflictRefusal(p *locale.Printer, err error, note string) (stepRefusal, bool) {
	e, ok := staffRefusal(p, err)
	if !ok {
		return e, false
	}
	var fe *office.FieldError
	switch {
	case errors.Is(err, booking.ErrForbidden):
		e.message = p.Get("link.forbidden")
	case errors.Is(err, booking.ErrInvalidTransition):
		e.status, e.message = http.StatusConflict, p.Get("conflictweb.error.settled")
	case errors.As(err, &fe):
		e.field, e.message = fe.Field, conflictFieldWords(p, fe.Field, note)
	}
	return e, true
}

// conflictFieldWords is the refusal of a decision's field, in p's
// language (the office words its checks in English, for the API).
func conflictFieldWords(p *locale.Printer, field, note string) string {
	switch field {
	case "note":
		if strings.TrimSpace(note) == "" {
			return p.Get("conflictweb.error.note")
		}
		return p.Get("staff.error.note")
	case "end":
		return p.Get("conflictweb.error.end")
	case "start", "date":
		return p.Get("conflictweb.error.time")
	}
	return p.Get("conflictweb.error.choice")
}

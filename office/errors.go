package office

import (
	"errors"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// RuleError refuses a request because it breaks a rule. It carries the whole
// conflict report, so the caller can show the conflicts and the free slots.
type RuleError struct {
	Code    booking.Code
	Field   string
	Message string
	Report  booking.Report
}

func (e *RuleError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// ErrInvalid wraps a field that fails validation (code "invalid", 422).
var ErrInvalid = errors.New("invalid")

// FieldError names the field of a request that is not acceptable.
type FieldError struct {
	Code    booking.Code // booking.CodeInvalid, or a more precise rule code
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }
func (e *FieldError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &FieldError{Code: booking.CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// refusal turns a failing report into the error of its first hard failure:
// overlap first (a 409 the Kabid can act on), then the first violation.
func refusal(rep booking.Report, lang string, loc *time.Location) *RuleError {
	if len(rep.Violations) > 0 {
		v := rep.Violations[0]
		return &RuleError{Code: v.Code, Field: v.Field, Message: v.Message, Report: rep}
	}
	c := rep.Conflicts[0]
	start, end := c.Start.In(loc), c.End.In(loc)
	msg := fmt.Sprintf("Ruangan sudah terpakai oleh %q (%s s.d. %s).", c.Title,
		start.Format("02-01-2006 15:04"), end.Format("15:04"))
	if lang == "en" {
		msg = fmt.Sprintf("The room is taken by %q (%s to %s).", c.Title,
			start.Format("2006-01-02 15:04"), end.Format("15:04"))
	}
	return &RuleError{Code: booking.CodeOverlap, Field: "start", Message: msg, Report: rep}
}

// errNotFound is store.ErrNotFound, so a wrong tracking token looks exactly
// like an unknown request.
var errNotFound = store.ErrNotFound

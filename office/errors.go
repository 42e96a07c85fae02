package office

import (
	"errors"
	"fmt"

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
// a violation (422) before an overlap (409), as booking.Report.Refusal orders them.
func refusal(rep booking.Report) *RuleError {
	v, _ := rep.Refusal()
	return &RuleError{Code: v.Code, Field: v.Field, Message: v.Message, Report: rep}
}

// errNotFound is store.ErrNotFound, so a wrong tracking token looks exactly
// like an unknown request.
var errNotFound = store.ErrNotFound

package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// The secretary's change of one occurrence posts to the same path as the
// steps, with one of these actions.
const (
	actionMoveOccurrence   = "move_occurrence"
	actionRemoveOccurrence = "remove_occurrence"
)

// doStaffTransition is POST /staff/requests/{id}/transitions: the form of
// a step (action, decision, note) or of an occurrence change (action,
// original, date, start, end), taken through office as the API takes it,
// by the signed-in member of staff in the roles they hold today. On
// success 303 back to the request's page, which says what was done; on a
// refusal the page again with the refusal in words and the status that
// says why (403 wrong role, 409 someone acted first or an overlap, 422 a
// note or a field).
func (h *handler) doStaffTransition(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	if err := h.checkForm(r); err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	lang := h.pageLang(r)
	action := strings.TrimSpace(r.PostForm.Get("action"))
	actor := h.office.ActorFor(u)
	switch action {
	case actionMoveOccurrence, actionRemoveOccurrence:
		err = h.staffChangeOccurrence(r, id, action, actor)
	default:
		err = h.staffAct(r, id, booking.Act{
			Action: booking.Action(action), Decision: booking.Decision(strings.TrimSpace(r.PostForm.Get("decision"))),
			Note: r.PostForm.Get("note"), Actor: actor, Language: lang,
		})
	}
	if err != nil {
		return h.staffRefused(w, r, u, id, action, err)
	}
	h.log.InfoContext(r.Context(), "step taken on the staff page", "request", id, "action", action, "user", u.ID)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, staffRequestPath(id)+"?done="+action, http.StatusSeeOther)
	return nil
}

// staffAct takes the step of a form, with the records the forms of steps 8
// and 9 carry (the readiness checklist, the usage report).
func (h *handler) staffAct(r *http.Request, id int64, act booking.Act) error {
	switch act.Action {
	case booking.ActionReady, booking.ActionPrepare, booking.ActionReport:
		req, err := h.store.Request(r.Context(), id)
		if err != nil {
			return err
		}
		act.Readiness, act.Usage, err = formRecords(locale.For(act.Language), r.PostForm, req, act.Action, h.loc())
		if err != nil {
			return err
		}
	}
	_, err := h.office.Act(r.Context(), id, act)
	return err
}

// staffChangeOccurrence removes or moves one occurrence, as the form says.
func (h *handler) staffChangeOccurrence(r *http.Request, id int64, action string, actor booking.Actor) error {
	loc := h.loc()
	f := r.PostForm
	c := office.OccurrenceChange{Remove: action == actionRemoveOccurrence}
	var err error
	if c.Original, err = time.Parse(time.RFC3339, f.Get("original")); err != nil {
		return invalid("original", "choose an occurrence")
	}
	if !c.Remove {
		if c.Start, c.End, err = formSpan(f.Get("date"), f.Get("start"), f.Get("end"), loc); err != nil {
			return err
		}
	}
	_, err = h.office.ChangeOccurrence(r.Context(), id, c, actor)
	return err
}

// formSpan reads a date (2026-12-08) and two times (13:00, 15:00) in loc.
func formSpan(date, start, end string, loc *time.Location) (time.Time, time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(date), loc)
	if err != nil {
		return time.Time{}, time.Time{}, invalid("date", "date must be YYYY-MM-DD")
	}
	s, err1 := time.Parse("15:04", strings.TrimSpace(start))
	e, err2 := time.Parse("15:04", strings.TrimSpace(end))
	if err1 != nil || err2 != nil {
		return time.Time{}, time.Time{}, invalid("start", "times must be HH:MM")
	}
	at := func(t time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	}
	return at(s), at(e), nil
}

// staffRefused shows the request's page again with the refusal; what is
// no refusal goes on to failPage.
func (h *handler) staffRefused(w http.ResponseWriter, r *http.Request, u booking.User, id int64, action string, err error) error {
	p := locale.For(h.pageLang(r))
	e, ok := staffRefusal(p, err)
	if !ok {
		return err
	}
	page, perr := h.staffRequestPage(r, u, id)
	if perr != nil {
		return perr
	}
	page.Message, page.Error = e.message, true
	f := r.PostForm
	switch {
	case action == actionMoveOccurrence || action == actionRemoveOccurrence:
		if page.Change != nil {
			page.Change.Error = e.message
			page.Change.Date, page.Change.Start, page.Change.End = f.Get("date"), f.Get("start"), f.Get("end")
			for i := range page.Change.Options {
				page.Change.Options[i].Selected = page.Change.Options[i].Value == f.Get("original")
			}
		}
	default:
		for i := range page.Forms {
			if page.Forms[i].Action == action {
				page.Forms[i].Note = f.Get("note")
				if e.field == "note" || e.field == "decision" {
					page.Forms[i].NoteError = e.message
				}
				page.Forms[i].refill(f, e.field, ownWords(err, e.message))
			}
		}
	}
	return renderPage(w, e.status, "staff_request", page)
}

// stepRefusal is what a refused step shows on the request's page: the
// status, the words, and the field at fault.
type stepRefusal struct {
	status         int
	message, field string
}

// staffRefusal words a refused step; ok false for a failure that is no
// refusal (an unknown request, a broken database).
func staffRefusal(p *locale.Printer, err error) (stepRefusal, bool) {
	var ae *booking.ActError
	var re *office.RuleError
	var fe *office.FieldError
	var e stepRefusal
	switch {
	case errors.As(err, &ae):
		e.message, e.field = p.Get("link.failed", ae.Message), ae.Field
		e.status = http.StatusUnprocessableEntity
		if errors.Is(err, booking.ErrForbidden) {
			e.status = http.StatusForbidden
		} else if errors.Is(err, booking.ErrInvalidTransition) {
			e.status = http.StatusConflict
		}
	case errors.Is(err, booking.ErrForbidden):
		e.status, e.message = http.StatusForbidden, p.Get("error.forbidden")
	case errors.As(err, &re):
		e.status, e.message, e.field = http.StatusUnprocessableEntity, p.Get("link.failed", re.Message), re.Field
		if re.Code == booking.CodeOverlap {
			e.status = http.StatusConflict
		}
	case errors.As(err, &fe):
		e.status, e.message, e.field = http.StatusUnprocessableEntity, p.Get("link.failed", fe.Message), fe.Field
		if key := "staff.error." + fe.Field; p.Has(key) { // the office words its checks in English, for the API
			e.message = p.Get(key)
		}
	case errors.Is(err, store.ErrNoOccurrence):
		e.status, e.message, e.field = http.StatusConflict, p.Get("staff.no_occurrence"), "original"
	default:
		return e, false
	}
	return e, true
}

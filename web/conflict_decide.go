package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// decisionWire is the body of POST /api/v1/conflicts/{id}/decision.
type decisionWire struct {
	Decision string `json:"decision"` // keep, move or cancel
	Note     string `json:"note"`
	Start    string `json:"start"` // move: the new start and end (RFC 3339)
	End      string `json:"end"`
}

// decideConflict is POST /api/v1/conflicts/{id}/decision: the Kabid's
// decision on an open conflict. 403 for another role, 409 when decided
// already or when a move lands on taken time (the body is the conflict
// report, as a refused submission's), 422 for a missing note or time. The
// answer is the conflict.
func (h *handler) decideConflict(w http.ResponseWriter, r *http.Request) error {
	u, err := h.requireStaff(r)
	if err != nil {
		return err
	}
	id, err := conflictID(r)
	if err != nil {
		return err
	}
	var body decisionWire
	if err := decodeStrict(r.Body, &body); err != nil {
		return err
	}
	d := office.ConflictDecision{Decision: booking.ConflictDecision(strings.TrimSpace(body.Decision)), Note: body.Note}
	if body.Start != "" {
		if d.Start, err = parseInstant("start", body.Start); err != nil {
			return err
		}
	}
	if body.End != "" {
		if d.End, err = parseInstant("end", body.End); err != nil {
			return err
		}
	}
	c, err := h.office.DecideConflict(r.Context(), id, d, h.office.ActorFor(u))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, conflictIn(c, h.loc()))
}

// carryOutConflict is POST /api/v1/conflicts/{id}/carry-out: the
// secretary carries out the Kabid's move or cancel. 403 for another role,
// 409 when there is nothing to carry out or the move's time is taken now.
func (h *handler) carryOutConflict(w http.ResponseWriter, r *http.Request) error {
	u, err := h.requireStaff(r)
	if err != nil {
		return err
	}
	id, err := conflictID(r)
	if err != nil {
		return err
	}
	c, err := h.office.CarryOutConflict(r.Context(), id, h.office.ActorFor(u))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, conflictIn(c, h.loc()))
}

// conflictID reads the {id} of a conflict's path; one that is not a
// positive number names none (404).
func conflictID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, store.ErrNotFound
	}
	return id, nil
}

package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// listConflicts is GET /api/v1/conflicts?status=open|resolved: staff only,
// a JSON array of the standing conflicts, the newest first, times in the
// office zone. No status lists them all; another is 422 at status.
func (h *handler) listConflicts(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.requireStaff(r); err != nil {
		return err
	}
	q, err := strictQuery(r)
	if err != nil {
		return err
	}
	cs, err := h.office.Conflicts(r.Context(), strings.TrimSpace(q.Get("status")))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, conflictsIn(cs, h.loc()))
}

// conflictsIn is cs with every time in loc; never nil, so an empty list
// is [] in JSON.
func conflictsIn(cs []store.Conflict, loc *time.Location) []store.Conflict {
	out := make([]store.Conflict, len(cs))
	for i, c := range cs {
		out[i] = conflictIn(c, loc)
	}
	return out
}

// conflictIn is c with its times in loc (a zero time stays zero, so it is
// left out of the JSON).
func conflictIn(c store.Conflict, loc *time.Location) store.Conflict {
	c.Start, c.End, c.FoundAt = c.Start.In(loc), c.End.In(loc), c.FoundAt.In(loc)
	c.DecidedAt, c.ResolvedAt = c.DecidedAt.In(loc), c.ResolvedAt.In(loc)
	c.MoveStart, c.MoveEnd = c.MoveStart.In(loc), c.MoveEnd.In(loc)
	c.Suggestions = slotsIn(c.Suggestions, loc)
	return c
}

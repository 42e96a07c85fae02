package web

import (
	"net/http"

	"github.com/pelalawan/ccroom/booking"
)

// listRequests is GET /api/v1/requests?status=&from=&to=&room=: staff only,
// a JSON array of the requests that match, times in the office zone.
func (h *handler) listRequests(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.requireStaff(r); err != nil {
		return err
	}
	q, err := strictQuery(r)
	if err != nil {
		return err
	}
	f, err := h.parseFilter(q)
	if err != nil {
		return err
	}
	reqs, err := h.store.Requests(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]booking.Request, len(reqs))
	for i, req := range reqs {
		out[i] = requestIn(req, h.loc())
	}
	return writeJSON(w, http.StatusOK, out)
}

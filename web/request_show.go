package web

import (
	"net/http"

	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// showRequest is GET /api/v1/requests/{id}: the request with its status,
// occurrences, live conflict report and history (staff: and its standing
// conflicts). Staff see any request; the
// applicant sees theirs with its tracking token; anyone else gets 404, so
// nobody learns whether an id exists.
func (h *handler) showRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	v, aud, err := h.viewFor(r, id)
	if err != nil {
		return err
	}
	view := newRequestView(v, aud, h.loc())
	if !aud.staff {
		return writeJSON(w, http.StatusOK, view)
	}
	cs, err := h.office.RequestConflicts(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, staffRequestView{requestView: view, StandingConflicts: conflictsIn(cs, h.loc())})
}

// staffRequestView is a request as staff read it: with its standing
// conflicts, open and resolved, oldest first. The applicant reads them in
// their email, not here: a conflict's cause names other people's events.
type staffRequestView struct {
	requestView
	StandingConflicts []store.Conflict `json:"standing_conflicts"`
}

// viewFor loads request id as the caller may see it, and says who they are.
func (h *handler) viewFor(r *http.Request, id int64) (office.View, audience, error) {
	aud := h.audienceOf(r)
	if aud.staff {
		v, err := h.office.View(r.Context(), id)
		return v, aud, err
	}
	token := trackingToken(r)
	if token == "" {
		return office.View{}, aud, store.ErrNotFound
	}
	v, err := h.office.Lookup(r.Context(), id, token)
	if err != nil {
		return office.View{}, aud, err
	}
	return v, h.applicantAudience(r, v.Request.Language), nil
}

// applicantAudience is the applicant reading their request: hidden titles in
// the request's language unless ?lang= says otherwise.
func (h *handler) applicantAudience(r *http.Request, lang string) audience {
	setLang(r, lang)
	return h.audienceOf(r)
}

package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

// transitionWire is the body of POST /api/v1/requests/{id}/transitions.
// Readiness is the checklist of steps 8 (ready, prepare), Usage the report
// of step 9 (report); both are read strictly (usage_input.go).
type transitionWire struct {
	Action    string          `json:"action"`
	Decision  string          `json:"decision"`
	Note      string          `json:"note"`
	Readiness json.RawMessage `json:"readiness"`
	Usage     json.RawMessage `json:"usage"`
}

// createTransition is POST /api/v1/requests/{id}/transitions: takes an SOP
// step. A staff user acts in the roles they hold today; the applicant acts
// (cancel is the only step theirs) with the tracking token. The state machine
// answers 403 for a wrong role and 409 for a wrong order; the re-check of the
// schedule answers 409 overlap. The answer is the request as GET shows it.
func (h *handler) createTransition(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	var t transitionWire
	if err := decodeStrict(r.Body, &t); err != nil {
		return err
	}
	act, err := parseAct(t)
	if err != nil {
		return err
	}
	aud := h.audienceOf(r)
	if act.Actor, aud, err = h.actor(r, id, aud); err != nil {
		return err
	}
	act.Language = aud.lang
	if err := h.confirmLastReadiness(r.Context(), id, &act); err != nil {
		return err
	}
	if _, err := h.office.Act(r.Context(), id, act); err != nil {
		return err
	}
	v, err := h.office.View(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newRequestView(v, aud, h.loc()))
}

// actor is who takes the step: the bearer user, or the applicant proving the
// request is theirs with its token (a wrong token is 404), else 401.
func (h *handler) actor(r *http.Request, id int64, aud audience) (booking.Actor, audience, error) {
	if u, ok := userFrom(r); ok {
		return h.office.ActorFor(u), aud, nil
	}
	token := trackingToken(r)
	if token == "" {
		return booking.Actor{}, aud, office.ErrUnauthenticated
	}
	a, req, err := h.applicantOf(r, id, token)
	if err != nil {
		return booking.Actor{}, aud, err
	}
	return a, h.applicantAudience(r, req.Language), nil
}

// parseAct reads the act from the body. The note is checked by office.Act,
// for every way an act arrives.
func parseAct(t transitionWire) (booking.Act, error) {
	act := booking.Act{
		Action:   booking.Action(strings.TrimSpace(t.Action)),
		Decision: booking.Decision(strings.TrimSpace(t.Decision)),
		Note:     t.Note,
	}
	if act.Action == "" {
		return act, invalid("action", "action is required")
	}
	var err error
	if act.Readiness, err = decodeReadiness(t.Readiness); err != nil {
		return act, err
	}
	if act.Usage, err = decodeUsage(t.Usage); err != nil {
		return act, err
	}
	return act, nil
}

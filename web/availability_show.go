package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
)

// availabilityView is the answer of GET /api/v1/availability.
type availabilityView struct {
	Available bool `json:"available"`
	reportView
	Violations []booking.Violation `json:"violations"`
}

// showAvailability is GET /api/v1/availability?room=&start=&end=
// &participants=&equipment=computer,sound-system:2&recurrence=: anyone asks
// whether a request would pass every rule now. The public reads the time of
// a conflict but not its title ("Terpakai", or "Reserved" with ?lang=en).
func (h *handler) showAvailability(w http.ResponseWriter, r *http.Request) error {
	q, err := strictQuery(r)
	if err != nil {
		return err
	}
	req, err := availabilityQuery(q)
	if err != nil {
		return err
	}
	c, err := h.office.Candidate(req)
	if err != nil {
		return err
	}
	rep, err := h.office.Check(r.Context(), c)
	if err != nil {
		return err
	}
	aud, loc := h.audienceOf(r), h.loc()
	return writeJSON(w, http.StatusOK, availabilityView{
		Available:  rep.Available(),
		reportView: newReportView(rep, aud, loc),
		Violations: violationsFor(rep.Violations, aud.redactor(rep), loc),
	})
}

// availabilityQuery reads the candidate of an availability question.
func availabilityQuery(q url.Values) (booking.Request, error) {
	req := booking.Request{
		Room:       strings.TrimSpace(q.Get("room")),
		Recurrence: trimRRulePrefix(q.Get("recurrence")),
		Language:   q.Get("lang"),
	}
	if req.Room == "" {
		return req, invalid("room", "room is required")
	}
	var err error
	if req.Start, req.End, err = parseSpan(queryPlus(q.Get("start")), queryPlus(q.Get("end"))); err != nil {
		return req, err
	}
	if req.Participants, err = queryParticipants(q.Get("participants")); err != nil {
		return req, err
	}
	req.Equipment, err = parseEquipmentQuery(q.Get("equipment"))
	return req, err
}

// queryParticipants reads the optional participant count; 1 when absent.
func queryParticipants(v string) (int, error) {
	if strings.TrimSpace(v) == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > maxParticipants {
		return 0, invalid("participants", "participants must be a whole number from 1 to %d", maxParticipants)
	}
	return n, nil
}

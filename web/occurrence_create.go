package web

import (
	"net/http"
	"strings"

	"github.com/pelalawan/ccroom/office"
)

// occurrenceWire is the body of POST /api/v1/requests/{id}/occurrences.
type occurrenceWire struct {
	Original string `json:"original"` // the occurrence's start as the rule gave it
	Action   string `json:"action"`   // "remove" or "move"
	Start    string `json:"start"`    // move: the new start and end
	End      string `json:"end"`
}

// changeOccurrence is POST /api/v1/requests/{id}/occurrences: the secretary
// removes one occurrence of a recurring booking (EXDATE in the feeds) or
// moves it (RECURRENCE-ID). A move is checked like a submission (409
// overlap, 422 for the other rules); the answer is the request as GET shows it.
func (h *handler) changeOccurrence(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	u, err := h.requireStaff(r)
	if err != nil {
		return err
	}
	var body occurrenceWire
	if err := decodeStrict(r.Body, &body); err != nil {
		return err
	}
	c, err := parseOccurrenceChange(body)
	if err != nil {
		return err
	}
	if _, err := h.office.ChangeOccurrence(r.Context(), id, c, h.office.ActorFor(u)); err != nil {
		return err
	}
	v, err := h.office.View(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newRequestView(v, h.audienceOf(r), h.loc()))
}

// parseOccurrenceChange reads the body's action and times.
func parseOccurrenceChange(b occurrenceWire) (office.OccurrenceChange, error) {
	var c office.OccurrenceChange
	var err error
	if c.Original, err = parseInstant("original", b.Original); err != nil {
		return c, err
	}
	switch strings.TrimSpace(b.Action) {
	case "remove":
		c.Remove = true
		return c, nil
	case "move":
		c.Start, c.End, err = parseSpan(b.Start, b.End)
		return c, err
	case "":
		return c, invalid("action", "action is required: remove or move")
	}
	return c, invalid("action", "action must be remove or move")
}

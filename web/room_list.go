package web

import (
	"net/http"

	"github.com/pelalawan/ccroom/booking"
)

// listRooms is GET /api/v1/rooms: anyone reads the rooms, with their
// capacity and equipment (name -> how many).
func (h *handler) listRooms(w http.ResponseWriter, r *http.Request) error {
	rooms := h.office.Rooms()
	out := make([]booking.Room, len(rooms))
	for i, room := range rooms {
		if room.Equipment == nil {
			room.Equipment = map[string]int{}
		}
		out[i] = room
	}
	return writeJSON(w, http.StatusOK, out)
}

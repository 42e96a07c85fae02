package booking

// Room is a room that can be borrowed, with its capacity and the equipment it
// holds (name -> how many are in stock and working).
type Room struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Capacity  int            `json:"capacity"`
	Equipment map[string]int `json:"equipment"`
}

// DisplayName is how people name the room: its name, else its id.
func (r Room) DisplayName() string {
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}

// DefaultRoom is the Pelalawan Command Center as the SOP describes it: the room
// with computers, the internet network and a sound system.
func DefaultRoom() Room {
	return Room{
		ID:       "command-center",
		Name:     "Ruang Pelalawan Command Center",
		Capacity: 50,
		Equipment: map[string]int{
			"computer":     10,
			"internet":     1,
			"sound-system": 1,
		},
	}
}

package browser

import (
	"strconv"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// standingConflict puts an event of the shared Google calendar titled
// title over start-end on approved booking id, beside the running daemon
// (the same database), and watches: it returns the booking's open
// conflict and the Kabid's signed link to decide it.
func (s *site) standingConflict(id int64, title string, start, end time.Time) (store.Conflict, string) {
	s.t.Helper()
	ctx := s.t.Context()
	off, st, err := daemon.Open(ctx, s.cfg, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	defer st.Close()
	ev := store.ExternalEvent{CalendarID: "shared@group.calendar.google.com", EventID: "event-" + strconv.FormatInt(id, 10),
		Room: "command-center", Title: title, Start: start, End: end, UpdatedAt: time.Now()}
	if err := st.SyncExternal(ctx, store.ExternalSync{CalendarID: ev.CalendarID, Upsert: []store.ExternalEvent{ev}, At: time.Now()}); err != nil {
		s.t.Fatal(err)
	}
	if _, err := off.Watch(ctx, office.Scope{All: true}); err != nil {
		s.t.Fatal(err)
	}
	cs, err := off.RequestConflicts(ctx, id)
	if err != nil || len(cs) == 0 {
		s.t.Fatalf("no conflict on %d: %v", id, err)
	}
	kabid, err := st.UserByEmail(ctx, staffEmail(booking.RoleKabid))
	if err != nil {
		s.t.Fatal(err)
	}
	return cs[0], off.ConflictLink(cs[0], booking.ActionDecideConflict, kabid.ID, time.Now().Add(24*time.Hour))
}

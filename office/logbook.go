package office

import (
	"context"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// Logbook returns every act recorded with a time in [from, to), oldest
// first, each naming its room as people know it.
func (o *Office) Logbook(ctx context.Context, from, to time.Time) ([]store.LogEntry, error) {
	entries, err := o.opt.Store.Logbook(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("logbook: %w", err)
	}
	for i := range entries {
		if r, ok := o.rooms[entries[i].Room]; ok {
			entries[i].RoomName = r.Name
		}
	}
	return entries, nil
}

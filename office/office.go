// Package office runs the procedure against the store: it checks requests with
// the booking rules on the room's live calendar, submits them, moves them through
// the SOP chain (re-checking the rules atomically where the SOP re-checks the
// schedule), authenticates staff and applicants, and expires requests whose
// start passed undecided. The web API, the CLI and the daemon's workers all go
// through it, so the procedure is enforced in one place.
package office

import (
	"sync/atomic"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// Options configure an Office.
type Options struct {
	Store     store.Store
	Rules     booking.Rules
	Rooms     []booking.Room
	Standards booking.Standards
	// Secret keys the applicants' tracking tokens (HMAC); at least 32 bytes.
	Secret []byte
	// Now is the clock; time.Now when nil. Tests move it.
	Now func() time.Time
	// Metrics, when set, counts transitions and rule failures.
	Metrics *Metrics
	// ConflictStandard is the time standard of a decision on a standing
	// conflict (config conflicts.standard); 5 minutes when 0.
	ConflictStandard time.Duration
}

// Office is the procedure bound to a store. It is safe for concurrent use.
type Office struct {
	opt     Options
	rooms   map[string]booking.Room
	changes atomic.Uint64 // see Changes
	// holidays are the imported holidays (RefreshHolidays), added to the
	// configured rules' closed dates.
	holidays atomic.Pointer[[]booking.Holiday]
}

// New returns an Office over opt.Store.
func New(opt Options) *Office {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Standards == nil {
		opt.Standards = booking.DefaultStandards()
	}
	rooms := make(map[string]booking.Room, len(opt.Rooms))
	for _, r := range opt.Rooms {
		rooms[r.ID] = r
	}
	return &Office{opt: opt, rooms: rooms}
}

// Rooms returns the configured rooms in configuration order.
func (o *Office) Rooms() []booking.Room { return o.opt.Rooms }

// Room returns the room with id, or ok=false.
func (o *Office) Room(id string) (booking.Room, bool) {
	r, ok := o.rooms[id]
	return r, ok
}

// RoomName is how people name room id: its name, else the id itself.
func (o *Office) RoomName(id string) string {
	if r, ok := o.rooms[id]; ok {
		return r.DisplayName()
	}
	return id
}

// Rules returns the rules the office checks against: the configured ones
// with the imported holidays.
func (o *Office) Rules() booking.Rules {
	r := o.opt.Rules
	if h := o.holidays.Load(); h != nil {
		r.Holidays = *h
	}
	return r
}

// ConflictStandard is the time standard of the Kabid's decision on a
// standing conflict, and of the secretary carrying it out.
func (o *Office) ConflictStandard() time.Duration {
	if o.opt.ConflictStandard <= 0 {
		return 5 * time.Minute
	}
	return o.opt.ConflictStandard
}

// Store returns the underlying store.
func (o *Office) Store() store.Store { return o.opt.Store }

// Now returns the office clock's time.
func (o *Office) Now() time.Time { return o.opt.Now() }

// Location is the office time zone.
func (o *Office) Location() *time.Location {
	if o.opt.Rules.Location == nil {
		return time.UTC
	}
	return o.opt.Rules.Location
}

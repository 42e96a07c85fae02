// Package store keeps ccroom's state: users and their roles and tokens, requests
// with their occurrences and history, and the logbook. One interface, two
// engines: SQLite (the embedded default, pure Go) and PostgreSQL. Migrations are
// embedded, versioned and applied at Open; a database newer than the binary is
// refused.
//
// Both engines share one set of SQL statements over database/sql (SQLite
// through modernc.org/sqlite, PostgreSQL through pgx's stdlib driver). Times
// are stored as integer nanoseconds since the Unix epoch, so every instant
// reads back exactly (time.Equal) and in UTC. With SQLite, writes go through a
// single connection whose transactions begin IMMEDIATE, so writers queue in Go
// and never see SQLITE_BUSY, while a pool of read-only connections reads
// beside them (WAL). With PostgreSQL, Submit and Act lock the room's row in
// room_locks, so writes to one room are serialized and other rooms run in
// parallel.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrNotFound: no such row (also for a tracking token that does not match).
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a unique value (a user's email) is taken.
	ErrDuplicate = errors.New("already exists")
	// ErrIdempotencyMismatch: an Idempotency-Key reused with a different body.
	ErrIdempotencyMismatch = errors.New("idempotency key reused with a different request")
	// ErrSchemaTooNew: the database was migrated by a newer ccroom.
	ErrSchemaTooNew = errors.New("database schema is newer than this ccroom")
)

// Calendar reads a room's busy time inside the current transaction. Busy returns
// approved bookings (Kind booking) and requests still in the chain (Kind
// pending) of room whose occurrences overlap [from, to), one Busy per
// occurrence, sorted by start.
type Calendar interface {
	Busy(ctx context.Context, room string, from, to time.Time) ([]booking.Busy, error)
	// Overlap returns what overlaps [from, to) in room as
	// booking.OverlapCalendar answers it, leaving out request exclude (when
	// not 0): the bookings and imported events in full, by start; the first
	// limit occurrences of requests still in the chain (all when limit < 0),
	// by start, then end, then request; and how many of those there are in
	// all, and of how many requests.
	Overlap(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error)
	// OverlapListed is Overlap without the count: its totals are those of
	// the pending occurrences listed. Counting takes as long as there are
	// pending occurrences in the window; a check that only decides needs
	// none of it.
	OverlapListed(ctx context.Context, room string, from, to time.Time, exclude int64, limit int) (booking.Overlap, error)
	// Occurrences returns the occurrences of request id that take place
	// (removed ones left out, moved ones at their new time), by start.
	Occurrences(ctx context.Context, id int64) ([]booking.Slot, error)
}

// Submission is a new request as the store writes it.
type Submission struct {
	// Request is the new request; the caller fills its UID and Status. Submit
	// fills in ID, and CreatedAt and UpdatedAt when zero.
	Request     *booking.Request
	Occurrences []booking.Slot // every occurrence (one for a single request)
	Transition  booking.Transition
	// IdempotencyKey, when set, makes a retry return the first request:
	// Submit then returns it with replayed=true and writes nothing.
	IdempotencyKey string
	BodyHash       []byte // fingerprint of the body sent with the key
}

// CheckFunc is run inside the write transaction, with the room's calendar as it
// is in that transaction; an error aborts the transaction and is returned as is.
type CheckFunc func(ctx context.Context, cal Calendar) error

// ActFunc decides a transition inside the write transaction. It gets the request
// as stored, when its current step began (the last transition's time) and the
// room's calendar; it may change the request and returns the transition to
// record. An error aborts the transaction and is returned as is.
type ActFunc func(ctx context.Context, r *booking.Request, turnSince time.Time, cal Calendar) (booking.Transition, error)

// Filter selects requests for a list. Zero fields do not filter.
type Filter struct {
	Status []booking.Status
	Room   string
	From   time.Time // occurrences ending after From
	To     time.Time // occurrences starting before To
	Limit  int
}

// LogEntry is one line of the logbook: a transition with the request it moved.
type LogEntry struct {
	booking.Transition
	Title        string    `json:"title"`
	Room         string    `json:"room"`
	RoomName     string    `json:"room_name,omitempty"` // filled by office.Logbook
	Organization string    `json:"organization"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
}

// Store is ccroom's persistence. Every write that must not race with another
// (a submission, a transition) runs in one write transaction that serializes
// against every other write to the same room, so a rule re-checked inside it
// sees a calendar nobody else can change before the commit.
type Store interface {
	// Ping checks that the database answers and its schema is current.
	Ping(ctx context.Context) error
	// SchemaVersion returns the applied migration version and the binary's latest.
	SchemaVersion(ctx context.Context) (applied, latest int, err error)
	Close() error

	CreateUser(ctx context.Context, u *booking.User) error // fills ID, CreatedAt; ErrDuplicate on email
	SetGrants(ctx context.Context, userID int64, grants []booking.Grant) error
	SetPassword(ctx context.Context, userID int64, hash string) error
	SetLanguage(ctx context.Context, userID int64, lang string) error // users_language.go
	User(ctx context.Context, id int64) (booking.User, error)
	UserByEmail(ctx context.Context, email string) (booking.User, error)
	Users(ctx context.Context) ([]booking.User, error)
	// AddAPIToken stores the SHA-256 hash of a new bearer token of the user.
	AddAPIToken(ctx context.Context, userID int64, hash []byte, at time.Time) error
	// UserByAPIToken finds the user holding the token with this hash.
	UserByAPIToken(ctx context.Context, hash []byte) (booking.User, error)

	// Submit writes a new request, its occurrences and its first transition,
	// after check accepts it inside the same transaction.
	Submit(ctx context.Context, s Submission, check CheckFunc) (r booking.Request, replayed bool, err error)
	// Act runs fn on request id inside a write transaction and stores the
	// request and the transition fn returns. ErrNotFound for an unknown id.
	Act(ctx context.Context, id int64, fn ActFunc) (booking.Request, error)

	Request(ctx context.Context, id int64) (booking.Request, error)
	Requests(ctx context.Context, f Filter) ([]booking.Request, error)
	History(ctx context.Context, id int64) ([]booking.Transition, error)
	// Busy reads the calendar outside a write transaction (availability checks).
	Calendar
	// Overdue returns the ids of requests still in the chain whose start is not after now.
	Overdue(ctx context.Context, now time.Time) ([]int64, error)
	// Logbook returns every transition with At in [from, to), oldest first.
	Logbook(ctx context.Context, from, to time.Time) ([]LogEntry, error)

	JobStore      // the transactional outbox (jobs.go)
	FeedStore     // what the iCal feeds read (feeds.go)
	MailStore     // the mail's sent log and single-use links (mail.go)
	GoogleStore   // the Google sync's state (google.go)
	SessionStore  // the web's staff sessions and sign-ins (sessions.go)
	InboxStore    // the staff's inbox (inbox.go)
	LetterStore   // the applicant's letter of request (letters.go)
	AdminStore    // the administrator's pages and commands (admin.go)
	ConflictStore // standing conflicts and holidays (conflicts.go)
}

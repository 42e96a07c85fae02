package store

import (
	"context"
	"database/sql"
)

// dialect is what differs between the engines. The SQL of the queries is
// shared: both accept $1 placeholders, RETURNING and ON CONFLICT, and times are
// stored as integer nanoseconds in both.
type dialect interface {
	// migrations returns the engine's schema, an append-only ordered list:
	// version n is migrations()[n-1].
	migrations() []string
	// lockSchema serializes migrations between processes, inside tx.
	lockSchema(ctx context.Context, tx *sql.Tx) error
	// lockRoom makes tx the only write transaction of room until it ends.
	lockRoom(ctx context.Context, tx *sql.Tx, room string) error
	// lockJobs makes tx the only claim of jobs of kind until it ends, so two
	// replicas claiming at once cannot each lease a job of the same request.
	lockJobs(ctx context.Context, tx *sql.Tx, kind string) error
	// forUpdate is the suffix that locks the rows a SELECT reads in a write
	// transaction ("" where the transaction already excludes every writer).
	forUpdate() string
	// isUnique reports whether err is a unique constraint violation.
	isUnique(err error) bool
	// isForeignKey reports whether err is a foreign key violation.
	isForeignKey(err error) bool
}

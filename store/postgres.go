package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// postgresMaxConns bounds the pool. A write transaction waiting for a room's
// lock holds a connection, so the bound also bounds the waiting transactions
// the server sees; the others wait in Go.
const postgresMaxConns = 16

// migrationLockKey is the advisory lock that serializes migrations of the
// database between processes ("ccroom" in ASCII).
const migrationLockKey = 0x6363726f6f6d

// openPostgres opens a pool through pgx's database/sql driver.
func openPostgres(ctx context.Context, dsn string) (*sqlStore, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(postgresMaxConns)
	db.SetMaxIdleConns(postgresMaxConns / 2)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("store: open postgres: %w", err), db.Close())
	}
	return &sqlStore{dialect: postgresDialect{}, write: db, read: db}, nil
}

// postgresDialect serializes the writes to a room with a row lock on the
// room's row in room_locks, held until the transaction ends. Writes to other
// rooms run in parallel. Every write transaction takes the room lock first,
// then the rows it changes, so they cannot deadlock.
type postgresDialect struct{}

func (postgresDialect) migrations() []string {
	return withLater(postgresMigrations, func(m engineSQL) string { return m.postgres })
}

func (postgresDialect) lockSchema(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLockKey))
	return err
}

func (postgresDialect) lockRoom(ctx context.Context, tx *sql.Tx, room string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO room_locks (room) VALUES ($1) ON CONFLICT (room) DO NOTHING`, room)
	if err != nil {
		return fmt.Errorf("lock room %q: %w", room, err)
	}
	var got string
	err = tx.QueryRowContext(ctx, `SELECT room FROM room_locks WHERE room = $1 FOR UPDATE`, room).Scan(&got)
	if err != nil {
		return fmt.Errorf("lock room %q: %w", room, err)
	}
	return nil
}

// lockJobs takes a transaction-level advisory lock named after kind.
func (postgresDialect) lockJobs(ctx context.Context, tx *sql.Tx, kind string) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "ccroom-jobs:"+kind); err != nil {
		return fmt.Errorf("lock %s jobs: %w", kind, err)
	}
	return nil
}

func (postgresDialect) forUpdate() string           { return " FOR UPDATE" }
func (postgresDialect) isUnique(err error) bool     { return pgCode(err, "23505") }
func (postgresDialect) isForeignKey(err error) bool { return pgCode(err, "23503") }

func pgCode(err error, code string) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == code
}

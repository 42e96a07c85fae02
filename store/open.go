package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The database drivers Open accepts (config key database.driver).
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Open connects to the database, applies the pending migrations and returns
// the Store. driver is DriverSQLite or DriverPostgres. For SQLite, dsn is a
// file path (data/ccroom.db) or a file: URI; the parent directory is created
// and the pragmas ccroom needs (WAL, busy_timeout, foreign keys, immediate
// write transactions) are added. For PostgreSQL, dsn is a pgx connection
// string (postgres://user@host/db?sslmode=disable). A database migrated by a
// newer ccroom is refused with ErrSchemaTooNew.
func Open(ctx context.Context, driver, dsn string) (Store, error) {
	s, err := connect(ctx, driver, dsn)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.migrate(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	if err := s.prepare(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// Migrate applies the pending migrations and closes the database: the work of
// `ccroom migrate`. It returns the schema version found and the one left.
// Open migrates too; Migrate exists to do it alone and report what it did.
func Migrate(ctx context.Context, driver, dsn string) (from, to int, err error) {
	s, err := connect(ctx, driver, dsn)
	if err != nil {
		return 0, 0, err
	}
	from, to, err = s.migrate(ctx)
	return from, to, errors.Join(err, s.Close())
}

// connect opens the engine named by driver, without migrating.
func connect(ctx context.Context, driver, dsn string) (*sqlStore, error) {
	switch driver {
	case DriverSQLite:
		return openSQLite(ctx, dsn)
	case DriverPostgres:
		return openPostgres(ctx, dsn)
	}
	return nil, fmt.Errorf("store: unknown database driver %q (want %s or %s)",
		driver, DriverSQLite, DriverPostgres)
}

// sqlStore implements Store for both engines with one set of SQL statements;
// what differs between SQLite and PostgreSQL is behind dialect.
//
// Writes go through write and reads through read. With SQLite, write holds one
// connection, so write transactions queue inside Go instead of fighting for
// the database lock, while read holds several (WAL: readers never block the
// writer). With PostgreSQL both are the same pool and Submit and Act lock the
// room's row in room_locks.
type sqlStore struct {
	dialect   dialect
	write     *sql.DB
	read      *sql.DB
	writeBusy *busyStmts // the overlap queries prepared on write
	readBusy  *busyStmts // and on read
	planner   planner    // which jobs a transition enqueues
	writers   queue      // SQLite: the write transactions wait their turn here, in order
}

// prepare prepares the overlap queries on both pools, once the schema is there.
func (s *sqlStore) prepare(ctx context.Context) (err error) {
	if s.writeBusy, err = prepareBusy(ctx, s.write); err != nil {
		return err
	}
	s.readBusy = s.writeBusy
	if s.read != s.write {
		s.readBusy, err = prepareBusy(ctx, s.read)
	}
	return err
}

// Close closes the database.
func (s *sqlStore) Close() error {
	err := s.writeBusy.close()
	if s.readBusy != s.writeBusy {
		err = errors.Join(err, s.readBusy.close())
	}
	if s.read == s.write {
		return errors.Join(err, s.write.Close())
	}
	return errors.Join(err, s.read.Close(), s.write.Close())
}

// Ping checks that the database answers and its schema is the binary's.
func (s *sqlStore) Ping(ctx context.Context) error {
	applied, latest, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if applied > latest {
		return fmt.Errorf("store: schema version %d, this ccroom knows %d: %w", applied, latest, ErrSchemaTooNew)
	}
	if applied < latest {
		return fmt.Errorf("store: schema version %d, want %d: run ccroom migrate", applied, latest)
	}
	return nil
}

// SchemaVersion returns the applied migration version and the binary's latest.
func (s *sqlStore) SchemaVersion(ctx context.Context) (applied, latest int, err error) {
	applied, err = appliedVersion(ctx, s.read)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	return applied, len(s.dialect.migrations()), nil
}

// inTx runs fn in a write transaction and commits when fn returns nil. An
// error of fn rolls back and is returned unchanged, so a rule's error reaches
// the caller as the rule made it.
func (s *sqlStore) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	release, err := s.writers.enter(ctx)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", what, err)
	}
	defer release()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", what, err)
	}
	defer func() { _ = tx.Rollback() }() // after Commit a no-op; on a panic it frees the connection
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", what, err)
	}
	return nil
}

// queue lets write transactions through one at a time in the order they
// came. database/sql gives a freed connection to a waiter picked at random,
// so with SQLite's single writer connection a burst of submissions would be
// served in any order and the unlucky ones wait many turns; waiters on a
// channel are served first come, first served. A nil queue lets everyone
// through (PostgreSQL, whose room locks order the writers).
type queue chan struct{}

// enter waits for the turn of the caller, or for ctx to end; release ends it.
func (q queue) enter(ctx context.Context) (release func(), err error) {
	if q == nil {
		return func() {}, nil
	}
	select {
	case q <- struct{}{}:
		return func() { <-q }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// querier is what *sql.DB and *sql.Tx share: the reads run on either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

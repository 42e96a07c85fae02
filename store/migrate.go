package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// createSchemaTable records the applied migrations, one row per version; the
// schema's version is the highest.
const createSchemaTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	applied_ns BIGINT  NOT NULL
)`

// migrate applies the pending migrations in one transaction, so a failure
// leaves the schema as it was. It refuses a database newer than the binary.
func (s *sqlStore) migrate(ctx context.Context) (from, to int, err error) {
	all := s.dialect.migrations()
	err = s.inTx(ctx, "migrate", func(tx *sql.Tx) error {
		if err := s.dialect.lockSchema(ctx, tx); err != nil {
			return fmt.Errorf("store: migrate: lock: %w", err)
		}
		if _, err := tx.ExecContext(ctx, createSchemaTable); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		if from, err = appliedVersion(ctx, tx); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		if from > len(all) {
			return fmt.Errorf("store: database schema version %d, this ccroom knows %d: %w",
				from, len(all), ErrSchemaTooNew)
		}
		for v := from + 1; v <= len(all); v++ {
			if err := applyMigration(ctx, tx, v, all[v-1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return from, from, err
	}
	return from, len(all), nil
}

// applyMigration runs migration version v and records it.
func applyMigration(ctx context.Context, tx *sql.Tx, v int, stmts string) error {
	if _, err := tx.ExecContext(ctx, stmts); err != nil {
		return fmt.Errorf("store: migration %d: %w", v, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_ns) VALUES ($1, $2)`,
		v, time.Now().UnixNano())
	if err != nil {
		return fmt.Errorf("store: record migration %d: %w", v, err)
	}
	return nil
}

// appliedVersion returns the highest applied migration, 0 for none.
func appliedVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

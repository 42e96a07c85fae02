// Package pgtest gives each test a PostgreSQL schema of its own, so tests of
// several packages share one server (CCROOM_TEST_POSTGRES) without seeing
// each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Schema creates a schema named prefix and a random suffix on the server of
// admin (a PostgreSQL DSN, URL or key=value), drops it when the test ends,
// and returns admin's DSN with the search_path set to it.
func Schema(tb testing.TB, admin, prefix string) string {
	tb.Helper()
	name := prefix + strings.ToLower(rand.Text()[:12])
	exec := func(ctx context.Context, stmt string) error {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, stmt)
		return err
	}
	if err := exec(tb.Context(), "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if err := exec(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	if !strings.Contains(admin, "://") {
		return admin + " search_path=" + name
	}
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pelalawan/ccroom/store"
)

// forEachStore runs test once per engine, in parallel subtests.
func forEachStore(t *testing.T, test func(t *testing.T, e *env)) {
	t.Helper()
	engines := map[string]func(t *testing.T) (string, string){"sqlite": sqliteDSN}
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		engines["postgres"] = func(t *testing.T) (string, string) { return store.DriverPostgres, freshSchema(t, admin) }
	}
	for name, dsn := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, newEnv(t, dsn))
		})
	}
}

func sqliteDSN(t *testing.T) (string, string) {
	return store.DriverSQLite, filepath.Join(t.TempDir(), "ccroom.db")
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freshSchema creates a PostgreSQL schema for one test, dropped at its end,
// and returns admin's DSN with the search_path set to it.
func freshSchema(t *testing.T, admin string) string {
	t.Helper()
	name := "ccroom_web_" + strings.ToLower(rand.Text()[:12])
	exec := func(ctx context.Context, stmt string) error {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, stmt)
		return err
	}
	if err := exec(t.Context(), "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { _ = exec(context.Background(), "DROP SCHEMA "+name+" CASCADE") })
	if !strings.Contains(admin, "://") {
		return admin + " search_path=" + name
	}
	u := must(url.Parse(admin))
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

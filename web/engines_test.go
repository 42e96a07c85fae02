package web

import (
	"bytes"
	"github.com/pelalawan/ccroom/internal/pgtest"
	"os"
	"path/filepath"
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
	return pgtest.Schema(t, admin, "ccroom_web_")
}

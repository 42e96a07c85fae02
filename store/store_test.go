package store

import (
	"database/sql"
	"fmt"
	"github.com/pelalawan/ccroom/internal/pgtest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// The conformance suite runs every test against SQLite, and against
// PostgreSQL too when CCROOM_TEST_POSTGRES holds a DSN; each test gets a fresh
// database (a file in t.TempDir(), or a schema of its own).

// testEngine makes fresh databases of one engine.
type testEngine struct {
	name      string
	driver    string // for Open
	sqlDriver string // for database/sql, to reach the tables directly
	fresh     func(tb testing.TB) string
}

func testEngines() []testEngine {
	engines := []testEngine{{
		name: "sqlite", driver: DriverSQLite, sqlDriver: "sqlite",
		fresh: func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "data", "ccroom.db") },
	}}
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		engines = append(engines, testEngine{
			name: "postgres", driver: DriverPostgres, sqlDriver: "pgx",
			fresh: func(tb testing.TB) string { return freshSchema(tb, admin) },
		})
	}
	return engines
}

// forEachEngine runs test in parallel subtests, one per engine, each with a
// freshly opened and migrated Store.
func forEachEngine(t *testing.T, test func(t *testing.T, s Store)) {
	t.Helper()
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			test(t, openTest(t, e, e.fresh(t)))
		})
	}
}

// openTest opens dsn and closes it when the test ends.
func openTest(t *testing.T, e testEngine, dsn string) Store {
	t.Helper()
	s, err := Open(t.Context(), e.driver, dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// rawDB opens dsn with database/sql, to reach the tables directly.
func rawDB(t *testing.T, e testEngine, dsn string) *sql.DB {
	t.Helper()
	if e.driver == DriverSQLite {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o750); err != nil {
			t.Fatal(err)
		}
		dsn = "file:" + dsn + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(e.sqlDriver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// freshSchema creates a schema of its own for the test, drops it at the end,
// and returns the admin DSN with its search_path set to it.
func freshSchema(t testing.TB, admin string) string {
	return pgtest.Schema(t, admin, "ccroom_test_")
}

// wib is the office time zone (Asia/Jakarta, UTC+7), without tzdata.
var wib = time.FixedZone("WIB", 7*60*60)

// at is a time on 2026-12-d in WIB with nanoseconds, to test round trips.
func at(d, hour, minute int) time.Time {
	return time.Date(2026, 12, d, hour, minute, 0, 123456789, wib)
}

// testRequest returns a request of room from start for length.
func testRequest(uid, room string, start time.Time, length time.Duration) *booking.Request {
	return &booking.Request{
		UID: uid, Room: room, Title: "Rapat " + uid, Organization: "Diskominfo",
		ContactName: "Sari", ContactEmail: "sari@example.id", ContactPhone: "+62 811 000",
		Start: start, End: start.Add(length), Participants: 20,
		Equipment:  []booking.Need{{Name: "computer", Count: 2}},
		Visibility: booking.VisibilityPublic, LetterNumber: "005/123", Notes: "catatan",
		Language: "id",
	}
}

// submitTest submits r with status st, at its start minus a week.
func submitTest(t *testing.T, s Store, r *booking.Request, st booking.Status, occ ...booking.Slot) booking.Request {
	t.Helper()
	tr := booking.Submitted(r, r.Start.Add(-7*24*time.Hour), booking.DefaultStandards())
	r.Status = st
	got, replayed, err := s.Submit(t.Context(), Submission{Request: r, Occurrences: occ, Transition: tr}, nil)
	if err != nil || replayed {
		t.Fatalf("Submit %s: %v (replayed %v)", r.UID, err, replayed)
	}
	return got
}

// sameRequest fails unless a and b are equal, times compared as instants.
func sameRequest(t *testing.T, got, want booking.Request) {
	t.Helper()
	if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) ||
		!got.CreatedAt.Equal(want.CreatedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("times: got %v %v %v %v, want %v %v %v %v", got.Start, got.End, got.CreatedAt,
			got.UpdatedAt, want.Start, want.End, want.CreatedAt, want.UpdatedAt)
	}
	got.Start, got.End, got.CreatedAt, got.UpdatedAt = want.Start, want.End, want.CreatedAt, want.UpdatedAt
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("request:\n got %+v\nwant %+v", got, want)
	}
}

package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestSQLiteDSN(t *testing.T) {
	for _, tc := range []struct {
		dsn, path string
		memory    bool
		writer    []string // in the writer's URI
	}{
		{"data/ccroom.db?_txlock=deferred", "data/ccroom.db", false, []string{"file:data/ccroom.db?", "_txlock=immediate",
			"busy_timeout%2810000%29", "journal_mode%28WAL%29", "foreign_keys%281%29"}},
		{"/var/lib/cc room/x.db", "/var/lib/cc room/x.db", false, []string{"file:/var/lib/cc room/x.db?"}},
		{"file:data/x.db?mode=rwc", "data/x.db", false, []string{"mode=rwc", "_txlock=immediate"}},
		{"file:///abs/x.db", "/abs/x.db", false, []string{"file:/abs/x.db?"}},
		{"file:a%3Fb.db?_txlock=exclusive&_pragma=busy_timeout(5)", "a?b.db", false,
			[]string{"file:a%3fb.db?", "_txlock=exclusive", "busy_timeout%285%29"}},
		{":memory:", ":memory:", true, nil},
		{"file::memory:", ":memory:", true, nil},
		{"file:x?mode=memory&cache=shared", "x", true, nil},
	} {
		loc, err := parseSQLiteDSN(tc.dsn)
		if err != nil {
			t.Errorf("%q: %v", tc.dsn, err)
			continue
		}
		if loc.path != tc.path || loc.memory != tc.memory {
			t.Errorf("%q: path %q memory %v, want %q %v", tc.dsn, loc.path, loc.memory, tc.path, tc.memory)
		}
		w := loc.dsn(true)
		for _, want := range tc.writer {
			if !strings.Contains(w, want) {
				t.Errorf("%q: writer URI %q lacks %q", tc.dsn, w, want)
			}
		}
		if strings.Count(w, "busy_timeout") != 1 {
			t.Errorf("%q: writer URI %q sets busy_timeout more than once", tc.dsn, w)
		}
		if r := loc.dsn(false); !strings.Contains(r, "query_only%281%29") || strings.Contains(r, "_txlock") {
			t.Errorf("%q: reader URI %q", tc.dsn, r)
		}
	}
	if _, err := parseSQLiteDSN(""); err == nil {
		t.Error("an empty DSN was accepted")
	}
}

func TestSQLitePragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "ccroom.db")
	s := openTest(t, testEngine{driver: DriverSQLite}, path).(*sqlStore)
	ctx := t.Context()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.write.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("writer: PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	var queryOnly string
	if err := s.read.QueryRowContext(ctx, "PRAGMA query_only").Scan(&queryOnly); err != nil || queryOnly != "1" {
		t.Errorf("reader: query_only = %q, %v", queryOnly, err)
	}
	if _, err := s.read.ExecContext(ctx, `DELETE FROM users`); err == nil {
		t.Error("the reader pool wrote")
	}
}

func TestSQLiteMemory(t *testing.T) {
	s := openTest(t, testEngine{driver: DriverSQLite}, ":memory:")
	r := submitTest(t, s, testRequest("uid-1", "cc", at(7, 9, 0), time.Hour), booking.StatusApproved)
	if _, err := s.Act(t.Context(), r.ID, approveIfFree(at(2, 9, 0))); err == nil {
		t.Error("an approved request was informed again")
	}
	if busy, err := s.Busy(t.Context(), "cc", at(7, 0, 0), at(8, 0, 0)); err != nil || len(busy) != 1 {
		t.Errorf("Busy: %+v, %v", busy, err)
	}
}

// TestSQLiteTwoProcesses writes from two Stores on one file at once, as the
// CLI does while the daemon runs: busy_timeout makes them wait, not fail.
func TestSQLiteTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ccroom.db")
	e := testEngine{driver: DriverSQLite}
	stores := []Store{openTest(t, e, path), openTest(t, e, path)}
	errs, took := race(40, func(i int) error {
		u := booking.User{Email: fmt.Sprintf("u%d@example.id", i), Name: "U"}
		return stores[i%2].CreateUser(t.Context(), &u)
	})
	t.Logf("40 users created through two stores: %v", took)
	for i, err := range errs {
		if err != nil {
			t.Errorf("user %d: %v", i, err)
		}
	}
	if users, err := stores[0].Users(t.Context()); err != nil || len(users) != 40 {
		t.Errorf("Users: %d, %v", len(users), err)
	}
}

// TestSQLiteCheckpoint checks that no read, prepared statements included,
// keeps a snapshot open after it returns: the WAL can be checkpointed whole.
func TestSQLiteCheckpoint(t *testing.T) {
	s := openTest(t, testEngine{driver: DriverSQLite}, filepath.Join(t.TempDir(), "ccroom.db")).(*sqlStore)
	r := submitTest(t, s, testRequest("uid-1", "cc", at(7, 9, 0), time.Hour), booking.StatusApproved)
	for range 3 {
		if _, err := s.Busy(t.Context(), "cc", at(7, 0, 0), at(8, 0, 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Request(t.Context(), r.ID); err != nil {
			t.Fatal(err)
		}
	}
	var busy, logPages, checkpointed int
	err := s.write.QueryRowContext(t.Context(), "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &checkpointed)
	if err != nil || busy != 0 {
		t.Errorf("wal_checkpoint: busy %d, %v", busy, err)
	}
}

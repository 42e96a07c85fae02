package store

import (
	"database/sql"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestMigrate(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			ctx, dsn := t.Context(), e.fresh(t)
			latest := len(connectDialect(e).migrations())
			if from, to, err := Migrate(ctx, e.driver, dsn); err != nil || from != 0 || to != latest {
				t.Fatalf("Migrate a new database: %d -> %d, %v; want 0 -> %d", from, to, err, latest)
			}
			if from, to, err := Migrate(ctx, e.driver, dsn); err != nil || from != latest || to != latest {
				t.Fatalf("Migrate again: %d -> %d, %v; want %d -> %d", from, to, err, latest, latest)
			}
			s := openTest(t, e, dsn)
			if applied, known, err := s.SchemaVersion(ctx); err != nil || applied != latest || known != latest {
				t.Errorf("SchemaVersion: %d, %d, %v", applied, known, err)
			}
			if err := s.Ping(ctx); err != nil {
				t.Errorf("Ping: %v", err)
			}
		})
	}
}

func TestSchemaTooNew(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			ctx, dsn := t.Context(), e.fresh(t)
			s := openTest(t, e, dsn)
			newer := len(connectDialect(e).migrations()) + 1
			if _, err := rawDB(t, e, dsn).ExecContext(ctx,
				`INSERT INTO schema_migrations (version, applied_ns) VALUES ($1, 0)`, newer); err != nil {
				t.Fatal(err)
			}
			if err := s.Ping(ctx); !errors.Is(err, ErrSchemaTooNew) {
				t.Errorf("Ping: %v, want ErrSchemaTooNew", err)
			}
			if s, err := Open(ctx, e.driver, dsn); !errors.Is(err, ErrSchemaTooNew) {
				t.Errorf("Open: %v, want ErrSchemaTooNew", err)
				if err == nil {
					s.Close()
				}
			}
			if _, _, err := Migrate(ctx, e.driver, dsn); !errors.Is(err, ErrSchemaTooNew) {
				t.Errorf("Migrate: %v, want ErrSchemaTooNew", err)
			}
		})
	}
}

// TestUpgradeFromFrozenV1 builds a database of schema version 1 from its
// frozen copy, with data, then opens it: the migrations since must apply, the
// data must read back, and the schema must be the one a new database gets.
func TestUpgradeFromFrozenV1(t *testing.T) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			dsn := e.fresh(t)
			raw := frozenV1(t, e, dsn)
			insertV1Data(t, raw)
			s := openTest(t, e, dsn)
			checkV1Data(t, s)

			fresh := e.fresh(t)
			openTest(t, e, fresh)
			if got, want := schemaOf(t, e, raw), schemaOf(t, e, rawDB(t, e, fresh)); !reflect.DeepEqual(got, want) {
				t.Errorf("upgraded schema differs from a new one:\n got %q\nwant %q", got, want)
			}
		})
	}
}

var v1Start = time.Date(2026, 12, 7, 2, 0, 0, 5, time.UTC)

func insertV1Data(t *testing.T, db *sql.DB) {
	t.Helper()
	start, end := v1Start.UnixNano(), v1Start.Add(time.Hour).UnixNano()
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO users (id, email, email_key, name, created_ns) VALUES (1, 'Head@x.id', 'head@x.id', 'Head', 1)`, nil},
		{`INSERT INTO role_grants (user_id, role, from_ns, until_ns) VALUES (1, 'head', NULL, $1)`, []any{end}},
		{`INSERT INTO api_tokens (user_id, hash, created_ns) VALUES (1, $1, 1)`, []any{[]byte("hash")}},
		{`INSERT INTO requests (id, uid, room, title, organization, contact_name, contact_email,
			contact_phone, start_ns, end_ns, participants, equipment, visibility, letter_number, notes,
			recurrence, language, status, decision, sequence, created_ns, updated_ns)
			VALUES (1, 'u1', 'cc', 'Rapat', 'Org', 'Sari', 's@x.id', '1', $1, $2, 5,
			'[{"name":"computer","count":1}]', 'public', 'L', 'N', '', 'id', 'approved', 'available', 3, 1, 2)`,
			[]any{start, end}},
		{`INSERT INTO occurrences (request_id, room, start_ns, end_ns) VALUES (1, 'cc', $1, $2)`, []any{start, end}},
		{`INSERT INTO transitions (request_id, action, from_status, to_status, user_id, actor, role,
			decision, note, at_ns, took_ns, standard_ns) VALUES (1, 'submit', '', 'submitted', NULL, 'Sari',
			'applicant', '', '', 1, 0, 3600000000000)`, nil},
		{`INSERT INTO idempotency_keys (key, body_hash, request_id, created_ns) VALUES ('k', $1, 1, 1)`,
			[]any{[]byte("body")}},
	} {
		if _, err := db.ExecContext(t.Context(), stmt.sql, stmt.args...); err != nil {
			t.Fatalf("%s: %v", stmt.sql, err)
		}
	}
}

func checkV1Data(t *testing.T, s Store) {
	t.Helper()
	ctx := t.Context()
	u, err := s.UserByAPIToken(ctx, []byte("hash"))
	if err != nil || u.Email != "Head@x.id" || len(u.Grants) != 1 || !u.Grants[0].Until.Equal(v1Start.Add(time.Hour)) {
		t.Errorf("user of v1: %+v, %v", u, err)
	}
	busy, err := s.Busy(ctx, "cc", v1Start, v1Start.Add(time.Minute))
	if err != nil || len(busy) != 1 || busy[0].Kind != booking.BusyBooking || !busy[0].Start.Equal(v1Start) {
		t.Errorf("busy of v1: %+v, %v", busy, err)
	}
	r := &booking.Request{UID: "u2", Room: "cc", Start: v1Start, End: v1Start.Add(time.Hour)}
	got, replayed, err := s.Submit(ctx, Submission{Request: r, IdempotencyKey: "k", BodyHash: []byte("body")}, nil)
	if err != nil || !replayed || got.ID != 1 || got.Equipment[0].Name != "computer" || got.Sequence != 3 {
		t.Errorf("replay of v1: %+v, %v, %v", got, replayed, err)
	}
	if h, err := s.History(ctx, 1); err != nil || len(h) != 1 || h[0].Standard != time.Hour {
		t.Errorf("history of v1: %+v, %v", h, err)
	}
	// Migration 8 set the step's start from the history.
	rows, _, err := s.Inbox(ctx, InboxQuery{Turns: []Turn{{Status: booking.StatusApproved}}})
	if err != nil || len(rows) != 1 || !rows[0].Since.Equal(time.Unix(0, 1)) {
		t.Errorf("the step's start of v1: %+v, %v", rows, err)
	}
}

// frozenV1 makes dsn a database of schema version 1 from its frozen copy
// (testdata), recorded as such, and returns a raw handle on it.
func frozenV1(t *testing.T, e testEngine, dsn string) *sql.DB {
	t.Helper()
	frozen, err := os.ReadFile("testdata/" + e.name + "-v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, e, dsn)
	for _, stmt := range []string{string(frozen), createSchemaTable,
		`INSERT INTO schema_migrations (version, applied_ns) VALUES (1, 0)`} {
		if _, err := raw.ExecContext(t.Context(), stmt); err != nil {
			t.Fatal(err)
		}
	}
	return raw
}

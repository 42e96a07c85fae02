package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqlitePragmas are set on every connection unless the DSN sets them already.
// busy_timeout covers writers of other processes (the CLI while the daemon
// runs). The writer also sets journal_mode(WAL), which lets readers run while
// it writes and persists in the file; readers are query_only.
var sqlitePragmas = []string{"busy_timeout(10000)", "foreign_keys(1)"}

// openSQLite opens a writer pool of one connection whose transactions begin
// IMMEDIATE (they take the write lock at BEGIN, so no transaction has to
// upgrade its lock and fail with SQLITE_BUSY), and a reader pool of several
// query_only connections. An in-memory database has a single connection for
// both, as each connection would see its own database.
func openSQLite(ctx context.Context, dsn string) (*sqlStore, error) {
	loc, err := parseSQLiteDSN(dsn)
	if err != nil {
		return nil, err
	}
	if !loc.memory {
		if err := os.MkdirAll(filepath.Dir(loc.path), 0o750); err != nil {
			return nil, fmt.Errorf("store: create the database directory: %w", err)
		}
	}
	write, err := openSQLitePool(ctx, loc.dsn(true), 1)
	if err != nil {
		return nil, err
	}
	s := &sqlStore{dialect: sqliteDialect{}, write: write, read: write, writers: make(queue, 1)}
	if loc.memory {
		return s, nil
	}
	if s.read, err = openSQLitePool(ctx, loc.dsn(false), max(4, runtime.NumCPU())); err != nil {
		return nil, errors.Join(err, write.Close())
	}
	return s, nil
}

// openSQLitePool opens a pool of at most conns connections that stay open.
func openSQLitePool(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("store: open sqlite: %w", err), db.Close())
	}
	return db, nil
}

// sqliteLocation is a parsed SQLite DSN: the file and the query parameters.
type sqliteLocation struct {
	path   string
	query  url.Values
	memory bool
}

// parseSQLiteDSN reads a file path, a path with ?parameters, or a file: URI.
func parseSQLiteDSN(dsn string) (sqliteLocation, error) {
	if dsn == "" {
		return sqliteLocation{}, errors.New("store: sqlite: empty database path")
	}
	rest, isURI := strings.CutPrefix(dsn, "file:")
	path, rawQuery, _ := strings.Cut(rest, "?")
	if isURI {
		u, err := url.Parse(dsn)
		if err != nil {
			return sqliteLocation{}, fmt.Errorf("store: sqlite: bad URI %q: %w", dsn, err)
		}
		path, rawQuery = u.Opaque, u.RawQuery
		if u.Opaque == "" {
			path = u.Path
		} else if path, err = url.PathUnescape(u.Opaque); err != nil {
			return sqliteLocation{}, fmt.Errorf("store: sqlite: bad URI %q: %w", dsn, err)
		}
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return sqliteLocation{}, fmt.Errorf("store: sqlite: bad parameters in %q: %w", dsn, err)
	}
	memory := path == ":memory:" || path == "" || q.Get("mode") == "memory"
	return sqliteLocation{path: path, query: q, memory: memory}, nil
}

// dsn returns the URI to open: the writer's with immediate (or exclusive)
// transactions and WAL, the reader's query_only.
func (l sqliteLocation) dsn(writer bool) string {
	q := url.Values{}
	for k, v := range l.query {
		q[k] = append([]string(nil), v...)
	}
	for _, p := range sqlitePragmas {
		addPragma(q, p)
	}
	if writer {
		addPragma(q, "journal_mode(WAL)")
		if q.Get("_txlock") != "exclusive" { // deferred would let a write fail with SQLITE_BUSY
			q.Set("_txlock", "immediate")
		}
	} else {
		q.Del("_txlock")
		addPragma(q, "query_only(1)")
	}
	escape := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + escape.Replace(l.path) + "?" + q.Encode()
}

// addPragma adds _pragma=p unless the query sets that pragma already.
func addPragma(q url.Values, p string) {
	name := pragmaName(p)
	for _, v := range q["_pragma"] {
		if pragmaName(v) == name {
			return
		}
	}
	q.Add("_pragma", p)
}

func pragmaName(p string) string {
	name, _, _ := strings.Cut(p, "(")
	name, _, _ = strings.Cut(name, "=")
	return strings.ToLower(strings.TrimSpace(name))
}

// sqliteDialect: one writer connection with BEGIN IMMEDIATE already excludes
// every other writer, so locks are no-ops.
type sqliteDialect struct{}

func (sqliteDialect) migrations() []string {
	return withLater(sqliteMigrations, func(m engineSQL) string { return m.sqlite })
}
func (sqliteDialect) lockSchema(context.Context, *sql.Tx) error       { return nil }
func (sqliteDialect) lockRoom(context.Context, *sql.Tx, string) error { return nil }
func (sqliteDialect) lockJobs(context.Context, *sql.Tx, string) error { return nil }
func (sqliteDialect) forUpdate() string                               { return "" }
func (sqliteDialect) isUnique(err error) bool {
	return sqliteCode(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}
func (sqliteDialect) isForeignKey(err error) bool {
	return sqliteCode(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY)
}

func sqliteCode(err error, codes ...int) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e.Code() == c {
			return true
		}
	}
	return false
}

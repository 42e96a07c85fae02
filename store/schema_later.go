package store

import "fmt"

// Migrations from version 9 on live each in a file of their own
// (schema_vN.go), which registers both engines' SQL at init with
// laterMigration; the engines' migrations() append them in version order
// after the lists of schema_sqlite.go and schema_postgres.go. A gap in the
// versions stops the program at start, so a build can never skip one.

// laterMigrations holds the registered migrations by version.
var laterMigrations = map[int]engineSQL{}

// engineSQL is one migration written for each engine.
type engineSQL struct{ sqlite, postgres string }

// laterMigration registers migration version v; it panics on a version
// registered twice or one the lists already hold.
func laterMigration(v int, sqlite, postgres string) {
	if _, dup := laterMigrations[v]; dup || v <= len(sqliteMigrations) || v <= len(postgresMigrations) {
		panic(fmt.Sprintf("store: migration %d registered twice", v))
	}
	laterMigrations[v] = engineSQL{sqlite: sqlite, postgres: postgres}
}

// withLater appends the registered migrations to base, in version order,
// taking each engine's SQL with pick; a gap panics.
func withLater(base []string, pick func(engineSQL) string) []string {
	out := append([]string(nil), base...)
	for v := len(base) + 1; len(out) < len(base)+len(laterMigrations); v++ {
		m, ok := laterMigrations[v]
		if !ok {
			panic(fmt.Sprintf("store: migration %d is missing (migrations up to %d are registered)", v, len(base)+len(laterMigrations)))
		}
		out = append(out, pick(m))
	}
	return out
}

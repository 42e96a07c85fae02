package store

import (
	"database/sql"
	"testing"
)

// connectDialect returns the dialect of engine e.
func connectDialect(e testEngine) dialect {
	if e.driver == DriverPostgres {
		return postgresDialect{}
	}
	return sqliteDialect{}
}

// schemaOf lists the tables, columns, indexes and constraints of db as rows
// of text, to compare two databases' schemas.
func schemaOf(t *testing.T, e testEngine, db *sql.DB) [][]string {
	t.Helper()
	queries := []string{`SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`}
	if e.driver == DriverPostgres {
		queries = []string{
			`SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2`,
			`SELECT indexname, replace(indexdef, current_schema() || '.', '')
			FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1`,
			`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
			FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
		}
	}
	var out [][]string
	for _, q := range queries {
		out = append(out, queryRows(t, db, q)...)
	}
	return out
}

// queryRows returns every row of query as text.
func queryRows(t *testing.T, db *sql.DB, query string) [][]string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		row := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

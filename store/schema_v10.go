package store

// Migration 10: the applicant's letter of request (step 1 of the SOP), a
// PDF kept in the database itself, so that every replica serves it and a
// backup of the database holds it. One letter per request: a new upload
// replaces it (LetterStore).
func init() {
	laterMigration(10, `
CREATE TABLE letters (
	request_id  INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
	bytes       BLOB    NOT NULL,
	size        INTEGER NOT NULL,
	sha256      BLOB    NOT NULL,
	uploaded_ns INTEGER NOT NULL,
	uploaded_by INTEGER NOT NULL DEFAULT 0 -- the user's id; 0: the applicant
) STRICT;
`, `
CREATE TABLE letters (
	request_id  BIGINT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
	bytes       BYTEA  NOT NULL,
	size        BIGINT NOT NULL,
	sha256      BYTEA  NOT NULL,
	uploaded_ns BIGINT NOT NULL,
	uploaded_by BIGINT NOT NULL DEFAULT 0 -- the user's id; 0: the applicant
);
`)
}

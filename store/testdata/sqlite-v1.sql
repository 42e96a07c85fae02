-- Frozen: schema version 1 as released, kept to test upgrades from it
-- (TestUpgradeFromFrozenV1). Never edit this file.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT    NOT NULL,
	email_key     TEXT    NOT NULL UNIQUE, -- lower-cased email: unique regardless of case
	name          TEXT    NOT NULL,
	language      TEXT    NOT NULL DEFAULT '',
	password_hash TEXT    NOT NULL DEFAULT '',
	created_ns    INTEGER NOT NULL
) STRICT;

CREATE TABLE role_grants (
	id       INTEGER PRIMARY KEY,
	user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role     TEXT    NOT NULL,
	from_ns  INTEGER, -- NULL: no bound
	until_ns INTEGER
) STRICT;
CREATE INDEX role_grants_user ON role_grants (user_id, id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	hash       BLOB    NOT NULL UNIQUE, -- SHA-256 of the token
	created_ns INTEGER NOT NULL
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE requests (
	id            INTEGER PRIMARY KEY,
	uid           TEXT    NOT NULL UNIQUE,
	room          TEXT    NOT NULL,
	title         TEXT    NOT NULL,
	organization  TEXT    NOT NULL,
	contact_name  TEXT    NOT NULL,
	contact_email TEXT    NOT NULL,
	contact_phone TEXT    NOT NULL,
	start_ns      INTEGER NOT NULL,
	end_ns        INTEGER NOT NULL,
	participants  INTEGER NOT NULL,
	equipment     TEXT    NOT NULL, -- JSON array of {"name","count"}
	visibility    TEXT    NOT NULL,
	letter_number TEXT    NOT NULL,
	notes         TEXT    NOT NULL,
	recurrence    TEXT    NOT NULL,
	language      TEXT    NOT NULL,
	status        TEXT    NOT NULL,
	decision      TEXT    NOT NULL,
	sequence      INTEGER NOT NULL,
	created_ns    INTEGER NOT NULL,
	updated_ns    INTEGER NOT NULL,
	CHECK (end_ns > start_ns)
) STRICT;
CREATE INDEX requests_start ON requests (start_ns, id);
CREATE INDEX requests_status_start ON requests (status, start_ns);

CREATE TABLE occurrences (
	id         INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	room       TEXT    NOT NULL,
	start_ns   INTEGER NOT NULL,
	end_ns     INTEGER NOT NULL,
	CHECK (end_ns > start_ns)
) STRICT;
CREATE INDEX occurrences_request ON occurrences (request_id, start_ns);
CREATE INDEX occurrences_room_start ON occurrences (room, start_ns);
CREATE INDEX occurrences_room_end ON occurrences (room, end_ns); -- overlap: end > from, bounded by the future

CREATE TABLE transitions (
	id          INTEGER PRIMARY KEY,
	request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	action      TEXT    NOT NULL,
	from_status TEXT    NOT NULL,
	to_status   TEXT    NOT NULL,
	user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL, -- NULL: applicant or system
	actor       TEXT    NOT NULL,
	role        TEXT    NOT NULL,
	decision    TEXT    NOT NULL,
	note        TEXT    NOT NULL,
	at_ns       INTEGER NOT NULL,
	took_ns     INTEGER NOT NULL,
	standard_ns INTEGER NOT NULL
) STRICT;
CREATE INDEX transitions_request ON transitions (request_id, id);
CREATE INDEX transitions_at ON transitions (at_ns, id);

CREATE TABLE idempotency_keys (
	key        TEXT    PRIMARY KEY,
	body_hash  BLOB    NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	created_ns INTEGER NOT NULL
) STRICT;
CREATE INDEX idempotency_keys_request ON idempotency_keys (request_id);

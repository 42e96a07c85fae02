package store

// sqliteMigrations is the SQLite schema as an append-only list: never edit a
// released entry, append a new one. Times are INTEGER nanoseconds since the
// Unix epoch (UTC), exact to the nanosecond; durations are nanoseconds.
var sqliteMigrations = []string{
	// 1: users and roles, requests with occurrences and history, idempotency keys.
	`
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
`,

	// 2: the overlap query bounds its start range by the room's longest
	// occurrence, which this index finds; (room, end) did not bound the past.
	`
DROP INDEX occurrences_room_end;
CREATE INDEX occurrences_room_length ON occurrences (room, (end_ns - start_ns));
`,

	// 3: groundwork of the feeds, the mail and the Google sync: the jobs of the
	// transactional outbox, the mail's sent log and single-use action links,
	// staff feed tokens, removed and moved occurrences (EXDATE, RECURRENCE-ID),
	// busy time imported from Google, ccroom's events as last pushed there, and
	// the sync state (syncToken).
	`
CREATE TABLE jobs (
	id              INTEGER PRIMARY KEY,
	kind            TEXT    NOT NULL, -- who runs it: mail, google
	dedupe_key      TEXT    NOT NULL UNIQUE, -- enqueuing the same job twice is a no-op
	request_id      INTEGER REFERENCES requests (id) ON DELETE CASCADE,
	transition_id   INTEGER REFERENCES transitions (id) ON DELETE CASCADE,
	payload         TEXT    NOT NULL DEFAULT '{}', -- JSON, the kind's own
	state           TEXT    NOT NULL DEFAULT 'pending', -- pending, done, failed
	attempts        INTEGER NOT NULL DEFAULT 0,
	run_at_ns       INTEGER NOT NULL, -- not before
	leased_until_ns INTEGER NOT NULL DEFAULT 0, -- a worker holds it until then
	last_error      TEXT    NOT NULL DEFAULT '',
	created_ns      INTEGER NOT NULL,
	done_ns         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX jobs_due ON jobs (kind, state, run_at_ns);
CREATE INDEX jobs_request ON jobs (request_id, id);

CREATE TABLE sent_mail (
	message_id TEXT    PRIMARY KEY, -- deterministic per (request, step, recipient)
	job_id     INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
	recipient  TEXT    NOT NULL,
	sent_ns    INTEGER NOT NULL
) STRICT;

CREATE TABLE used_links (
	hash    BLOB PRIMARY KEY, -- SHA-256 of the signed link's signature
	used_ns INTEGER NOT NULL
) STRICT;

ALTER TABLE users ADD COLUMN feed_token_hash BLOB; -- SHA-256 of the staff feed token
CREATE UNIQUE INDEX users_feed_token ON users (feed_token_hash) WHERE feed_token_hash IS NOT NULL;

-- original_ns: the occurrence's start as the rule makes it (RECURRENCE-ID)
-- when it was moved; NULL when it is where the rule put it. removed: the
-- occurrence was cancelled alone (EXDATE) and takes no time.
ALTER TABLE occurrences ADD COLUMN original_ns INTEGER;
ALTER TABLE occurrences ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE external_events (
	calendar_id TEXT    NOT NULL,
	event_id    TEXT    NOT NULL, -- an instance id: singleEvents=true
	room        TEXT    NOT NULL,
	title       TEXT    NOT NULL,
	start_ns    INTEGER NOT NULL,
	end_ns      INTEGER NOT NULL,
	updated_ns  INTEGER NOT NULL,
	PRIMARY KEY (calendar_id, event_id)
) STRICT;
CREATE INDEX external_events_room_start ON external_events (room, start_ns);

CREATE TABLE google_events (
	request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
	event_id   TEXT    NOT NULL UNIQUE,
	etag       TEXT    NOT NULL DEFAULT '',
	sequence   INTEGER NOT NULL DEFAULT 0, -- the request's sequence last pushed
	deleted    INTEGER NOT NULL DEFAULT 0,
	pushed_ns  INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_state (
	key        TEXT    PRIMARY KEY,
	value      TEXT    NOT NULL,
	updated_ns INTEGER NOT NULL
) STRICT;
`,

	// 4: each occurrence says whether it takes its room's time (busy: booking
	// or pending; '' once its request is rejected, cancelled or expired),
	// kept with its request's status, so that the overlap queries read the
	// occurrences alone: the pending requests of a busy hour are listed from
	// an index and counted in it, not joined row by row.
	`
ALTER TABLE occurrences ADD COLUMN busy TEXT NOT NULL DEFAULT '';
UPDATE occurrences SET busy = COALESCE((SELECT CASE
	WHEN r.status IN ('approved', 'prepared', 'reported', 'closed') THEN 'booking'
	WHEN r.status IN ('submitted', 'forwarded', 'disposed', 'checked', 'relayed') THEN 'pending'
	ELSE '' END FROM requests r WHERE r.id = occurrences.request_id), '');
CREATE INDEX occurrences_room_busy ON occurrences (room, busy, start_ns, end_ns, request_id) WHERE removed = 0;
`,

	// 5: series marks the occurrences of a request that has more than one,
	// the only ones a window can hold twice; their own small index lets the
	// count of a window's pending requests treat them apart.
	`
ALTER TABLE occurrences ADD COLUMN series INTEGER NOT NULL DEFAULT 0;
UPDATE occurrences SET series = 1
	WHERE request_id IN (SELECT request_id FROM occurrences GROUP BY request_id HAVING count(*) > 1);
CREATE INDEX occurrences_room_series ON occurrences (room, busy, start_ns, end_ns, request_id)
	WHERE removed = 0 AND series = 1;
`,

	// 6: the database itself keeps busy with the request's status, for a
	// writer that does not (an older ccroom still running while replicas are
	// upgraded): a new occurrence takes its request's busy, a status change
	// sets its occurrences'. ccroom's own writes already agree.
	`
CREATE TRIGGER occurrences_busy AFTER INSERT ON occurrences
BEGIN
	UPDATE occurrences SET busy = COALESCE((SELECT CASE
		WHEN r.status IN ('approved', 'prepared', 'reported', 'closed') THEN 'booking'
		WHEN r.status IN ('submitted', 'forwarded', 'disposed', 'checked', 'relayed') THEN 'pending'
		ELSE '' END
		FROM requests r WHERE r.id = NEW.request_id), '')
	WHERE id = NEW.id;
END;
CREATE TRIGGER requests_busy AFTER UPDATE OF status ON requests
BEGIN
	UPDATE occurrences SET busy = CASE
		WHEN NEW.status IN ('approved', 'prepared', 'reported', 'closed') THEN 'booking'
		WHEN NEW.status IN ('submitted', 'forwarded', 'disposed', 'checked', 'relayed') THEN 'pending'
		ELSE '' END
	WHERE request_id = NEW.id AND busy <> CASE
		WHEN NEW.status IN ('approved', 'prepared', 'reported', 'closed') THEN 'booking'
		WHEN NEW.status IN ('submitted', 'forwarded', 'disposed', 'checked', 'relayed') THEN 'pending'
		ELSE '' END;
END;
`,
	// 7: the web's staff sessions (scs's data, opaque here; the user's id
	// beside it so that one user's sessions can all be ended), every
	// sign-in and failed attempt (the abuse limits count them; the
	// administrator reads them), and the sign-in links already used.
	`
CREATE TABLE sessions (
	token TEXT PRIMARY KEY,
	data BLOB NOT NULL,
	expiry_ns BIGINT NOT NULL,
	user_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sessions_expiry ON sessions (expiry_ns);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE signins (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at_ns BIGINT NOT NULL,
	email TEXT NOT NULL,
	address TEXT NOT NULL,
	method TEXT NOT NULL,
	ok INTEGER NOT NULL,
	user_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX signins_email ON signins (email, at_ns);
CREATE INDEX signins_address ON signins (address, at_ns);
CREATE INDEX signins_at ON signins (at_ns);
`,
	// 8: turn_ns is when a request's current step began: its last
	// transition's time, reschedules and restores aside (they change no
	// step). The inbox orders the chain by it plus the step's standard, from
	// an index instead of a look into the history per request. A trigger
	// keeps it, so every writer agrees.
	`
ALTER TABLE requests ADD COLUMN turn_ns INTEGER NOT NULL DEFAULT 0;
UPDATE requests SET turn_ns = COALESCE((SELECT t.at_ns FROM transitions t WHERE t.request_id = requests.id
	AND t.action NOT IN ('reschedule', 'restore') ORDER BY t.id DESC LIMIT 1), created_ns);
CREATE INDEX requests_status_turn ON requests (status, turn_ns, id);
CREATE TRIGGER transitions_turn AFTER INSERT ON transitions
	WHEN NEW.action NOT IN ('reschedule', 'restore')
BEGIN
	UPDATE requests SET turn_ns = NEW.at_ns WHERE id = NEW.request_id;
END;
`,
}

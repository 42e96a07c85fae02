package store

// Migration 11: administration. A user disabled by an administrator
// (users.disabled) signs in no more, by any means; the sign-in log reads a
// user's last sign-in by user; the outbox's finished jobs are pruned by the
// time they finished; the status page counts the Google drift repairs
// (transitions of action restore).
func init() {
	laterMigration(11, `
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX signins_user ON signins (user_id, at_ns);
CREATE INDEX jobs_finished ON jobs (state, done_ns);
CREATE INDEX transitions_action ON transitions (action, at_ns);
`, `
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX signins_user ON signins (user_id, at_ns);
CREATE INDEX jobs_finished ON jobs (state, done_ns);
CREATE INDEX transitions_action ON transitions (action, at_ns);
`)
}

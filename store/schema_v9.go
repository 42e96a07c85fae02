package store

// Migration 9: the records of SOP steps 8 and 9 on their transitions — the
// readiness checklist (ready, prepare) and the usage report (report) — as
// JSON text, empty on every other row and on the rows written before (which
// read as no record). The vidcon team's checklist (action "ready") is an act
// outside the chain, like a reschedule: the trigger of migration 8 no longer
// lets it move turn_ns, so the prepare step is still timed from the approval.
func init() {
	laterMigration(9, `
ALTER TABLE transitions ADD COLUMN readiness_json TEXT NOT NULL DEFAULT '';
ALTER TABLE transitions ADD COLUMN usage_json TEXT NOT NULL DEFAULT '';
DROP TRIGGER transitions_turn;
CREATE TRIGGER transitions_turn AFTER INSERT ON transitions
	WHEN NEW.action NOT IN ('reschedule', 'restore', 'ready')
BEGIN
	UPDATE requests SET turn_ns = NEW.at_ns WHERE id = NEW.request_id;
END;
`, `
ALTER TABLE transitions ADD COLUMN readiness_json TEXT NOT NULL DEFAULT '';
ALTER TABLE transitions ADD COLUMN usage_json TEXT NOT NULL DEFAULT '';
CREATE OR REPLACE FUNCTION ccroom_transition_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.action NOT IN ('reschedule', 'restore', 'ready') THEN
		UPDATE requests SET turn_ns = NEW.at_ns WHERE id = NEW.request_id;
	END IF;
	RETURN NULL;
END
$$;
`)
}

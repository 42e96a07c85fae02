package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AdminStore is what the administrator's pages and commands read and
// change: accounts disabled and enabled, API tokens revoked, the outbox's
// failed jobs retried or dismissed and its finished ones pruned, and the
// figures of the status page.
type AdminStore interface {
	// Driver names the engine: DriverSQLite or DriverPostgres.
	Driver() string
	// SetUserName changes a user's name. ErrNotFound for an unknown user.
	SetUserName(ctx context.Context, userID int64, name string) error
	// SetDisabled disables or enables a user. Disabling removes, in the
	// same transaction, every web session and API token of the user, and
	// reports how many of each it removed. ErrNotFound for an unknown user.
	SetDisabled(ctx context.Context, userID int64, disabled bool) (Revoked, error)
	// DeleteAPITokens removes every API token of the user and returns how
	// many it removed.
	DeleteAPITokens(ctx context.Context, userID int64) (int, error)
	// UserActivity returns, by user id, each user's last successful
	// sign-in and how many API tokens they hold (users with neither are
	// left out).
	UserActivity(ctx context.Context) (map[int64]UserActivity, error)
	// Outbox describes the queue of jobs as it is; Due counts the pending
	// jobs whose time has come at now.
	Outbox(ctx context.Context, now time.Time) (OutboxState, error)
	// FailedJobs lists the jobs failed for good, newest first, at most
	// limit of them (all when limit <= 0).
	FailedJobs(ctx context.Context, limit int) ([]Job, error)
	// RetryFailedJob makes failed job id due again at at, with its attempts
	// counted afresh. ErrNotFound when no failed job has that id.
	RetryFailedJob(ctx context.Context, id int64, at time.Time) error
	// DismissFailedJob deletes failed job id. ErrNotFound when no failed
	// job has that id.
	DismissFailedJob(ctx context.Context, id int64) error
	// PruneJobs deletes the jobs done before before and returns how many;
	// pending and failed jobs stay.
	PruneJobs(ctx context.Context, before time.Time) (int, error)
	// GoogleSync reads what the Google sync left in the database: its last
	// import and the drift repairs since since.
	GoogleSync(ctx context.Context, since time.Time) (GoogleSyncState, error)
	// LastSentMail is the email sent last; ErrNotFound when none was.
	LastSentMail(ctx context.Context) (SentMail, error)
}

// Revoked counts what disabling a user removed.
type Revoked struct{ Sessions, Tokens int }

// UserActivity is a user's last successful sign-in (zero for never) and
// the number of API tokens they hold.
type UserActivity struct {
	LastSignin time.Time
	Tokens     int
}

// OutboxState is the outbox at a glance.
type OutboxState struct {
	Pending int  // waiting to run (due or scheduled)
	Due     int  // of those, due now or overdue
	Failed  int  // failed for good, kept until retried or dismissed
	Done    int  // done, kept until pruned
	Oldest  *Job // the pending job enqueued first; nil when none waits
}

// GoogleSyncState is what the Google sync recorded.
type GoogleSyncState struct {
	LastImport time.Time // the last successful import of any calendar; zero: never
	Calendars  int       // calendars imported from
	Repairs    int       // events put back after an edit in Google, since the given time
	LastRepair time.Time // the last of them, whenever it was; zero: never
}

// SentMail is one email of the sent log.
type SentMail struct {
	MessageID string
	JobID     int64 // 0 when its job was pruned
	Recipient string
	SentAt    time.Time
}

// Driver implements AdminStore.
func (s *sqlStore) Driver() string {
	if _, ok := s.dialect.(postgresDialect); ok {
		return DriverPostgres
	}
	return DriverSQLite
}

// SetUserName implements AdminStore.
func (s *sqlStore) SetUserName(ctx context.Context, userID int64, name string) error {
	res, err := s.write.ExecContext(ctx, `UPDATE users SET name = $1 WHERE id = $2`, name, userID)
	if err == nil {
		err = expectOne(res)
	}
	if err != nil {
		return fmt.Errorf("store: set name of user %d: %w", userID, err)
	}
	return nil
}

// SetDisabled implements AdminStore.
func (s *sqlStore) SetDisabled(ctx context.Context, userID int64, disabled bool) (Revoked, error) {
	var rv Revoked
	err := s.inTx(ctx, "set disabled", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, boolInt(disabled), userID)
		if err == nil {
			err = expectOne(res)
		}
		if err != nil || !disabled {
			return err
		}
		if rv.Sessions, err = deleteCount(ctx, tx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		rv.Tokens, err = deleteCount(ctx, tx, `DELETE FROM api_tokens WHERE user_id = $1`, userID)
		return err
	})
	if err != nil {
		return Revoked{}, fmt.Errorf("store: set user %d disabled=%v: %w", userID, disabled, err)
	}
	return rv, nil
}

// deleteCount runs a DELETE in tx and returns how many rows it removed.
func deleteCount(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DeleteAPITokens implements AdminStore.
func (s *sqlStore) DeleteAPITokens(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.inTx(ctx, "delete tokens", func(tx *sql.Tx) (err error) {
		n, err = deleteCount(ctx, tx, `DELETE FROM api_tokens WHERE user_id = $1`, userID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: delete tokens of user %d: %w", userID, err)
	}
	return n, nil
}

// UserActivity implements AdminStore.
func (s *sqlStore) UserActivity(ctx context.Context) (map[int64]UserActivity, error) {
	out := map[int64]UserActivity{}
	rows, err := s.read.QueryContext(ctx, `SELECT u.id,
		(SELECT MAX(g.at_ns) FROM signins g WHERE g.user_id = u.id AND g.ok = 1 AND g.method <> 'link_request'),
		(SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id)
		FROM users u`)
	if err != nil {
		return nil, fmt.Errorf("store: user activity: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var last sql.NullInt64
		var a UserActivity
		if err := rows.Scan(&id, &last, &a.Tokens); err != nil {
			return nil, fmt.Errorf("store: user activity: %w", err)
		}
		a.LastSignin = timeOf(last)
		if last.Valid || a.Tokens > 0 {
			out[id] = a
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: user activity: %w", err)
	}
	return out, nil
}

// Outbox implements AdminStore.
func (s *sqlStore) Outbox(ctx context.Context, at time.Time) (OutboxState, error) {
	var st OutboxState
	now := at.UnixNano()
	err := s.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'pending' AND run_at_ns <= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0)
		FROM jobs`, now).Scan(&st.Pending, &st.Due, &st.Failed, &st.Done)
	if err != nil {
		return st, fmt.Errorf("store: outbox: %w", err)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs
		WHERE state = 'pending' ORDER BY created_ns, id LIMIT 1`)
	if err != nil {
		return st, fmt.Errorf("store: outbox: %w", err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return st, fmt.Errorf("store: outbox: %w", err)
	}
	if len(jobs) > 0 {
		st.Oldest = &jobs[0]
	}
	return st, nil
}

// FailedJobs implements AdminStore.
func (s *sqlStore) FailedJobs(ctx context.Context, limit int) ([]Job, error) {
	q := `SELECT ` + jobColumns + ` FROM jobs WHERE state = 'failed' ORDER BY done_ns DESC, id DESC`
	var args []any
	if limit > 0 {
		q += ` LIMIT $1`
		args = append(args, limit)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: failed jobs: %w", err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("store: failed jobs: %w", err)
	}
	return jobs, nil
}

// RetryFailedJob implements AdminStore. The last error stays until the
// next attempt replaces or clears it.
func (s *sqlStore) RetryFailedJob(ctx context.Context, id int64, at time.Time) error {
	err := s.inTx(ctx, "retry job", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'pending', attempts = 0, run_at_ns = $2,
			leased_until_ns = 0, done_ns = 0 WHERE id = $1 AND state = 'failed'`, id, at.UnixNano())
		if err != nil {
			return err
		}
		return expectOne(res)
	})
	if err != nil {
		return fmt.Errorf("store: retry job %d: %w", id, err)
	}
	return nil
}

// DismissFailedJob implements AdminStore.
func (s *sqlStore) DismissFailedJob(ctx context.Context, id int64) error {
	err := s.inTx(ctx, "dismiss job", func(tx *sql.Tx) error {
		n, err := deleteCount(ctx, tx, `DELETE FROM jobs WHERE id = $1 AND state = 'failed'`, id)
		if err == nil && n == 0 {
			err = ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: dismiss job %d: %w", id, err)
	}
	return nil
}

// PruneJobs implements AdminStore.
func (s *sqlStore) PruneJobs(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, "prune jobs", func(tx *sql.Tx) (err error) {
		n, err = deleteCount(ctx, tx, `DELETE FROM jobs WHERE state = 'done' AND done_ns < $1`, bound(before))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune jobs: %w", err)
	}
	return n, nil
}

// GoogleSync implements AdminStore. An import stores the calendar's sync
// token under "google:CALENDAR:sync_token" (calendar/google.TokenKey); a
// drift repair is a transition of action restore.
func (s *sqlStore) GoogleSync(ctx context.Context, since time.Time) (GoogleSyncState, error) {
	var g GoogleSyncState
	var last, lastRepair sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT MAX(updated_ns) FROM sync_state WHERE key LIKE 'google:%:sync_token'),
		(SELECT COUNT(*) FROM sync_state WHERE key LIKE 'google:%:sync_token'),
		(SELECT COUNT(*) FROM transitions WHERE action = 'restore' AND at_ns >= $1),
		(SELECT MAX(at_ns) FROM transitions WHERE action = 'restore')`, bound(since)).
		Scan(&last, &g.Calendars, &g.Repairs, &lastRepair)
	if err != nil {
		return g, fmt.Errorf("store: google sync: %w", err)
	}
	g.LastImport, g.LastRepair = timeOf(last), timeOf(lastRepair)
	return g, nil
}

// LastSentMail implements AdminStore.
func (s *sqlStore) LastSentMail(ctx context.Context) (SentMail, error) {
	var m SentMail
	var job, at sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT message_id, job_id, recipient, sent_ns FROM sent_mail
		ORDER BY sent_ns DESC, message_id DESC LIMIT 1`).Scan(&m.MessageID, &job, &m.Recipient, &at)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: last sent mail: %w", err)
	}
	m.JobID, m.SentAt = job.Int64, timeOf(at)
	return m, nil
}

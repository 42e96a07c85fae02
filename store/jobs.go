package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Job is a unit of outbound work (an email to send, a Google event to push),
// enqueued in the same transaction as the change that causes it, so a crash
// after the commit cannot lose it and a rollback cannot leave it behind.
type Job struct {
	ID           int64
	Kind         string // who runs it: "mail", "google"
	DedupeKey    string // enqueuing a job whose key exists already does nothing
	RequestID    int64  // 0 when the job concerns no request
	TransitionID int64  // 0 when no transition caused it
	Payload      []byte // JSON, the kind's own; "{}" when empty
	State        string // JobPending, JobDone or JobFailed
	Attempts     int    // claims so far, this one included
	RunAt        time.Time
	LastError    string
	CreatedAt    time.Time
	DoneAt       time.Time
}

// The states of a job.
const (
	JobPending = "pending"
	JobDone    = "done"
	JobFailed  = "failed" // permanently: not retried
)

// JobPlanner says which jobs a transition causes. The store calls it inside
// the transaction that records the transition (t.ID set), with the request as
// it is after it, and enqueues what it returns in that transaction.
type JobPlanner func(r booking.Request, t booking.Transition) []Job

// JobStats describe a kind's queue, for metrics and `ccroom google status`.
type JobStats struct {
	Pending       int
	Failed        int
	OldestPending time.Time // zero when none is pending
	LastDone      time.Time // zero when none is done
}

// JobStore is the transactional outbox.
type JobStore interface {
	// SetJobPlanner installs the planner Submit and Act consult; nil: none.
	SetJobPlanner(p JobPlanner)
	// Enqueue adds jobs outside any other write (scheduled reminders);
	// a job whose DedupeKey exists is skipped.
	Enqueue(ctx context.Context, jobs ...Job) error
	// ClaimJobs leases up to limit due pending jobs of kind until now+lease
	// and counts the attempt, at most one per request, and none of a request
	// that has a job of kind leased already. A job whose lease ran out (its
	// worker died) is due again.
	ClaimJobs(ctx context.Context, kind string, now time.Time, limit int, lease time.Duration) ([]Job, error)
	// ExtendLease keeps a claimed job the worker's until until (a heartbeat
	// while its handler runs); ErrNotFound when it is no longer pending.
	ExtendLease(ctx context.Context, id int64, until time.Time) error
	FinishJob(ctx context.Context, id int64, at time.Time) error
	RetryJob(ctx context.Context, id int64, runAt time.Time, lastErr string) error
	FailJob(ctx context.Context, id int64, at time.Time, lastErr string) error
	JobStats(ctx context.Context, kind string) (JobStats, error)
	// RequestJobs lists a request's jobs, oldest first (its history shows
	// failed deliveries).
	RequestJobs(ctx context.Context, requestID int64) ([]Job, error)
}

// planner holds the JobPlanner; Submit and Act read it on every write.
type planner struct{ p atomic.Pointer[JobPlanner] }

// SetJobPlanner implements JobStore.
func (s *sqlStore) SetJobPlanner(p JobPlanner) {
	if p == nil {
		s.planner.p.Store(nil)
		return
	}
	s.planner.p.Store(&p)
}

// enqueuePlanned enqueues, in tx, the jobs the planner wants for t.
func (s *sqlStore) enqueuePlanned(ctx context.Context, tx *sql.Tx, r booking.Request, t booking.Transition) error {
	p := s.planner.p.Load()
	if p == nil {
		return nil
	}
	for _, j := range (*p)(r, t) {
		if j.RequestID == 0 {
			j.RequestID = r.ID
		}
		if j.TransitionID == 0 {
			j.TransitionID = t.ID
		}
		if j.RunAt.IsZero() {
			j.RunAt = t.At
		}
		if j.CreatedAt.IsZero() {
			j.CreatedAt = t.At
		}
		if err := insertJob(ctx, tx, j); err != nil {
			return fmt.Errorf("store: enqueue %s job: %w", j.Kind, err)
		}
	}
	return nil
}

func insertJob(ctx context.Context, tx *sql.Tx, j Job) error {
	if j.Kind == "" || j.DedupeKey == "" {
		return fmt.Errorf("a job needs a kind and a dedupe key")
	}
	if err := storable("run_at created_at", j.RunAt, j.CreatedAt); err != nil {
		return err
	}
	payload := string(j.Payload)
	if payload == "" {
		payload = "{}"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO jobs (kind, dedupe_key, request_id, transition_id,
		payload, run_at_ns, created_ns) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (dedupe_key) DO NOTHING`,
		j.Kind, j.DedupeKey, nullID(j.RequestID), nullID(j.TransitionID), payload,
		nanos(j.RunAt), nanos(j.CreatedAt))
	return err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// Enqueue implements JobStore.
func (s *sqlStore) Enqueue(ctx context.Context, jobs ...Job) error {
	return s.inTx(ctx, "enqueue", func(tx *sql.Tx) error {
		for _, j := range jobs {
			if err := insertJob(ctx, tx, j); err != nil {
				return fmt.Errorf("store: enqueue %s: %w", j.DedupeKey, err)
			}
		}
		return nil
	})
}

const jobColumns = `id, kind, dedupe_key, request_id, transition_id, payload, state, attempts,
	run_at_ns, last_error, created_ns, done_ns`

// ClaimJobs implements JobStore.
func (s *sqlStore) ClaimJobs(ctx context.Context, kind string, now time.Time, limit int, lease time.Duration) ([]Job, error) {
	var jobs []Job
	lock := s.dialect.forUpdate()
	if lock != "" {
		lock += " SKIP LOCKED"
	}
	err := s.inTx(ctx, "claim jobs", func(tx *sql.Tx) error {
		if err := s.dialect.lockJobs(ctx, tx, kind); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs j
			WHERE kind = $1 AND state = 'pending' AND run_at_ns <= $2 AND leased_until_ns <= $2
			AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.kind = j.kind AND o.request_id = j.request_id
				AND o.state = 'pending' AND o.leased_until_ns > $2)
			ORDER BY run_at_ns, id LIMIT $3`+lock, kind, now.UnixNano(), limit)
		if err != nil {
			return err
		}
		if jobs, err = scanJobs(rows); err != nil {
			return err
		}
		jobs = onePerRequest(jobs)
		for i := range jobs {
			jobs[i].Attempts++
			_, err := tx.ExecContext(ctx, `UPDATE jobs SET attempts = $1, leased_until_ns = $2 WHERE id = $3`,
				jobs[i].Attempts, now.Add(lease).UnixNano(), jobs[i].ID)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim %s jobs: %w", kind, err)
	}
	return jobs, nil
}

// onePerRequest keeps the first job of each request: two jobs of one request
// (an email for each of two quick steps, two pushes of one booking) never run
// at once, here or in another replica, so an older one cannot overwrite a
// newer one's work.
func onePerRequest(jobs []Job) []Job {
	seen := map[int64]bool{}
	kept := jobs[:0]
	for _, j := range jobs {
		if j.RequestID != 0 && seen[j.RequestID] {
			continue
		}
		seen[j.RequestID] = true
		kept = append(kept, j)
	}
	return kept
}

// ExtendLease implements JobStore.
func (s *sqlStore) ExtendLease(ctx context.Context, id int64, until time.Time) error {
	return s.inTx(ctx, "extend lease", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET leased_until_ns = $2 WHERE id = $1 AND state = 'pending'`,
			id, until.UnixNano())
		if err != nil {
			return fmt.Errorf("store: extend lease of job %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: extend lease of job %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// FinishJob implements JobStore.
func (s *sqlStore) FinishJob(ctx context.Context, id int64, at time.Time) error {
	return s.setJob(ctx, id, `state = 'done', done_ns = $2, leased_until_ns = 0, last_error = ''`, at.UnixNano())
}

// RetryJob implements JobStore.
func (s *sqlStore) RetryJob(ctx context.Context, id int64, runAt time.Time, lastErr string) error {
	return s.setJob(ctx, id, `run_at_ns = $2, leased_until_ns = 0, last_error = $3`, runAt.UnixNano(), truncate(lastErr))
}

// FailJob implements JobStore.
func (s *sqlStore) FailJob(ctx context.Context, id int64, at time.Time, lastErr string) error {
	return s.setJob(ctx, id, `state = 'failed', done_ns = $2, leased_until_ns = 0, last_error = $3`,
		at.UnixNano(), truncate(lastErr))
}

func (s *sqlStore) setJob(ctx context.Context, id int64, set string, args ...any) error {
	return s.inTx(ctx, "update job", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET `+set+` WHERE id = $1`, append([]any{id}, args...)...)
		if err != nil {
			return fmt.Errorf("store: update job %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: update job %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

func truncate(s string) string {
	if len(s) > 2000 {
		s = strings.ToValidUTF8(s[:2000], "")
	}
	return s
}

// JobStats implements JobStore.
func (s *sqlStore) JobStats(ctx context.Context, kind string) (JobStats, error) {
	var st JobStats
	var oldest, last sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0),
		MIN(CASE WHEN state = 'pending' THEN created_ns END),
		MAX(CASE WHEN state = 'done' THEN done_ns END)
		FROM jobs WHERE kind = $1`, kind).Scan(&st.Pending, &st.Failed, &oldest, &last)
	if err != nil {
		return st, fmt.Errorf("store: %s job stats: %w", kind, err)
	}
	st.OldestPending, st.LastDone = timeOf(oldest), timeOf(last)
	return st, nil
}

// RequestJobs implements JobStore.
func (s *sqlStore) RequestJobs(ctx context.Context, requestID int64) ([]Job, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: jobs of request %d: %w", requestID, err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("store: jobs of request %d: %w", requestID, err)
	}
	return jobs, nil
}

func scanJobs(rows *sql.Rows) ([]Job, error) {
	defer rows.Close()
	var jobs []Job
	for rows.Next() {
		var j Job
		var req, tr, runAt, created, done sql.NullInt64
		var payload string
		if err := rows.Scan(&j.ID, &j.Kind, &j.DedupeKey, &req, &tr, &payload, &j.State, &j.Attempts,
			&runAt, &j.LastError, &created, &done); err != nil {
			return nil, err
		}
		j.RequestID, j.TransitionID, j.Payload = req.Int64, tr.Int64, []byte(payload)
		j.RunAt, j.CreatedAt = timeOf(runAt), timeOf(created)
		if done.Int64 != 0 {
			j.DoneAt = timeOf(done)
		}
		jobs = append(jobs, j)
	}
	return jobs, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SessionStore keeps the web's staff sessions, server-side so that replicas
// share them, and the record of every sign-in attempt.
type SessionStore interface {
	// FindSession returns the data of the session token when it has not
	// expired at now.
	FindSession(ctx context.Context, token string, now time.Time) (data []byte, found bool, err error)
	// CommitSession writes session token. userID is the signed-in user, 0
	// when the caller does not know it: a session keeps the user it had.
	CommitSession(ctx context.Context, token string, data []byte, expiry time.Time, userID int64) error
	// DeleteSession removes session token; an unknown token is no error.
	DeleteSession(ctx context.Context, token string) error
	// DeleteUserSessions removes every session of userID but keep ("" for
	// none) and returns how many it removed: "sign out everywhere".
	DeleteUserSessions(ctx context.Context, userID int64, keep string) (int, error)
	// DeleteExpiredSessions removes the sessions expired at now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// RecordSignin records one attempt to sign in, successful or not.
	RecordSignin(ctx context.Context, s Signin) error
	// FailedSignins counts the failed attempts to sign in (requests for a
	// link aside) with At after since, for email and from address.
	FailedSignins(ctx context.Context, email, address string, since time.Time) (byEmail, byAddress int, err error)
	// LinkRequests counts the requests for a sign-in link with At after
	// since, for email and from address.
	LinkRequests(ctx context.Context, email, address string, since time.Time) (byEmail, byAddress int, err error)
	// Signins lists the attempts with At in [from, to), newest first, at
	// most limit of them (all when limit <= 0).
	Signins(ctx context.Context, from, to time.Time, limit int) ([]Signin, error)
}

// Signin is one attempt to sign in to the web pages.
type Signin struct {
	At      time.Time `json:"at"`
	Email   string    `json:"email"`   // as typed, in lower case
	Address string    `json:"address"` // the client's IP address
	Method  string    `json:"method"`  // "password", "link" (a link used) or "link_request"
	// OK: signed in; for a link_request, a link was emailed (the email is
	// staff's and under its limit).
	OK     bool  `json:"ok"`
	UserID int64 `json:"user_id,omitempty"` // 0 for an unknown email
}

// The methods of a Signin.
const (
	SigninPassword    = "password"
	SigninLink        = "link"
	SigninLinkRequest = "link_request"
)

// FindSession implements SessionStore.
func (s *sqlStore) FindSession(ctx context.Context, token string, now time.Time) ([]byte, bool, error) {
	var data []byte
	err := s.read.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry_ns > $2`,
		token, now.UnixNano()).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	return data, true, nil
}

// CommitSession implements SessionStore.
func (s *sqlStore) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time, userID int64) error {
	return s.inTx(ctx, "commit session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry_ns, user_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry_ns = excluded.expiry_ns,
			user_id = CASE WHEN excluded.user_id = 0 THEN sessions.user_id ELSE excluded.user_id END`,
			token, data, expiry.UnixNano(), userID)
		if err != nil {
			return fmt.Errorf("store: commit session: %w", err)
		}
		return nil
	})
}

// DeleteSession implements SessionStore.
func (s *sqlStore) DeleteSession(ctx context.Context, token string) error {
	_, err := s.deleteSessions(ctx, "delete session", `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteUserSessions implements SessionStore.
func (s *sqlStore) DeleteUserSessions(ctx context.Context, userID int64, keep string) (int, error) {
	if userID == 0 {
		return 0, fmt.Errorf("store: delete user sessions: no user")
	}
	return s.deleteSessions(ctx, "delete user sessions",
		`DELETE FROM sessions WHERE user_id = $1 AND token <> $2`, userID, keep)
}

// DeleteExpiredSessions implements SessionStore.
func (s *sqlStore) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	return s.deleteSessions(ctx, "delete expired sessions",
		`DELETE FROM sessions WHERE expiry_ns <= $1`, now.UnixNano())
}

// deleteSessions runs one DELETE of sessions and returns how many it removed.
func (s *sqlStore) deleteSessions(ctx context.Context, what, query string, args ...any) (int, error) {
	var n int64
	err := s.inTx(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// RecordSignin implements SessionStore.
func (s *sqlStore) RecordSignin(ctx context.Context, in Signin) error {
	if in.Method != SigninPassword && in.Method != SigninLink && in.Method != SigninLinkRequest {
		return fmt.Errorf("store: record sign-in: method %q", in.Method)
	}
	ok := 0
	if in.OK {
		ok = 1
	}
	return s.inTx(ctx, "record sign-in", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO signins (at_ns, email, address, method, ok, user_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, in.At.UnixNano(), in.Email, in.Address, in.Method, ok, in.UserID)
		if err != nil {
			return fmt.Errorf("store: record sign-in: %w", err)
		}
		return nil
	})
}

// FailedSignins implements SessionStore.
func (s *sqlStore) FailedSignins(ctx context.Context, email, address string, since time.Time) (int, int, error) {
	return s.countSignins(ctx, "failed sign-ins", `ok = 0 AND method <> 'link_request'`, email, address, since)
}

// LinkRequests implements SessionStore.
func (s *sqlStore) LinkRequests(ctx context.Context, email, address string, since time.Time) (int, int, error) {
	return s.countSignins(ctx, "link requests", `method = 'link_request'`, email, address, since)
}

// countSignins counts the attempts that match cond after since, for email
// and from address.
func (s *sqlStore) countSignins(ctx context.Context, what, cond, email, address string, since time.Time) (int, int, error) {
	var byEmail, byAddress int
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM signins WHERE email = $1 AND `+cond+` AND at_ns > $3),
		(SELECT COUNT(*) FROM signins WHERE address = $2 AND `+cond+` AND at_ns > $3)`,
		email, address, since.UnixNano()).Scan(&byEmail, &byAddress)
	if err != nil {
		return 0, 0, fmt.Errorf("store: %s: %w", what, err)
	}
	return byEmail, byAddress, nil
}

// Signins implements SessionStore.
func (s *sqlStore) Signins(ctx context.Context, from, to time.Time, limit int) ([]Signin, error) {
	q := `SELECT at_ns, email, address, method, ok, user_id FROM signins
		WHERE at_ns >= $1 AND at_ns < $2 ORDER BY at_ns DESC, id DESC`
	args := []any{from.UnixNano(), to.UnixNano()}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sign-ins: %w", err)
	}
	defer rows.Close()
	var out []Signin
	for rows.Next() {
		var in Signin
		var at int64
		var ok int
		if err := rows.Scan(&at, &in.Email, &in.Address, &in.Method, &ok, &in.UserID); err != nil {
			return nil, fmt.Errorf("store: sign-ins: %w", err)
		}
		in.At, in.OK = time.Unix(0, at).UTC(), ok == 1
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sign-ins: %w", err)
	}
	return out, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

const userColumns = `u.id, u.email, u.name, u.language, u.password_hash, u.created_ns, u.disabled`

// emailKey is the form of an email address that must be unique: addresses
// differing only in case are the same user.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// CreateUser stores u with its grants and fills in ID and, when zero,
// CreatedAt. ErrDuplicate when the email (in any case) is taken.
func (s *sqlStore) CreateUser(ctx context.Context, u *booking.User) error {
	created := u.CreatedAt
	if created.IsZero() {
		created = time.Now().UTC()
	}
	if err := storable("created_at", created); err != nil {
		return fmt.Errorf("store: create user %q: %w", u.Email, err)
	}
	var id int64
	err := s.inTx(ctx, "create user", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users
			(email, email_key, name, language, password_hash, created_ns)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			u.Email, emailKey(u.Email), u.Name, u.Language, u.PasswordHash, nanos(created)).Scan(&id)
		if s.dialect.isUnique(err) {
			err = ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("store: create user %q: %w", u.Email, err)
		}
		return insertGrants(ctx, tx, id, u.Grants)
	})
	if err != nil {
		return err
	}
	u.ID, u.CreatedAt = id, created
	return nil
}

// SetGrants replaces the roles the user holds. ErrNotFound for an unknown user.
func (s *sqlStore) SetGrants(ctx context.Context, userID int64, grants []booking.Grant) error {
	return s.inTx(ctx, "set grants", func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE id = $1`, userID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			err = ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: set grants of user %d: %w", userID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM role_grants WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("store: set grants of user %d: %w", userID, err)
		}
		return insertGrants(ctx, tx, userID, grants)
	})
}

func insertGrants(ctx context.Context, tx *sql.Tx, userID int64, grants []booking.Grant) error {
	for _, g := range grants {
		err := errors.Join(storableOrZero("from", g.From), storableOrZero("until", g.Until))
		if err == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO role_grants (user_id, role, from_ns, until_ns)
				VALUES ($1, $2, $3, $4)`, userID, string(g.Role), nanos(g.From), nanos(g.Until))
		}
		if err != nil {
			return fmt.Errorf("store: grant %s to user %d: %w", g.Role, userID, err)
		}
	}
	return nil
}

// SetPassword stores the hash of the user's password. ErrNotFound for an
// unknown user.
func (s *sqlStore) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := s.write.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
	if err == nil {
		err = expectOne(res)
	}
	if err != nil {
		return fmt.Errorf("store: set password of user %d: %w", userID, err)
	}
	return nil
}

// expectOne turns an UPDATE that changed no row into ErrNotFound.
func expectOne(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// AddAPIToken stores the SHA-256 hash of a new bearer token of the user.
// ErrNotFound for an unknown user, ErrDuplicate for a hash already stored.
func (s *sqlStore) AddAPIToken(ctx context.Context, userID int64, hash []byte, at time.Time) error {
	if len(hash) == 0 {
		return fmt.Errorf("store: add token of user %d: empty hash", userID)
	}
	if at.IsZero() {
		at = time.Now()
	}
	_, err := s.write.ExecContext(ctx, `INSERT INTO api_tokens (user_id, hash, created_ns)
		VALUES ($1, $2, $3)`, userID, hash, bound(at))
	switch {
	case s.dialect.isForeignKey(err):
		err = ErrNotFound
	case s.dialect.isUnique(err):
		err = ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: add token of user %d: %w", userID, err)
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
)

// User returns the user with the id, with the roles they hold.
func (s *sqlStore) User(ctx context.Context, id int64) (booking.User, error) {
	u, err := s.userWhere(ctx, `u.id = $1`, id)
	if err != nil {
		return u, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// UserByEmail returns the user with the email, compared regardless of case.
func (s *sqlStore) UserByEmail(ctx context.Context, email string) (booking.User, error) {
	u, err := s.userWhere(ctx, `u.email_key = $1`, emailKey(email))
	if err != nil {
		return u, fmt.Errorf("store: user %q: %w", email, err)
	}
	return u, nil
}

// UserByAPIToken finds the user holding the token with this hash.
func (s *sqlStore) UserByAPIToken(ctx context.Context, hash []byte) (booking.User, error) {
	u, err := s.userWhere(ctx, `u.id = (SELECT t.user_id FROM api_tokens t WHERE t.hash = $1)`, hash)
	if err != nil {
		return u, fmt.Errorf("store: user by token: %w", err)
	}
	return u, nil
}

// userWhere reads the one user matching cond (on alias u, with $1 = arg).
func (s *sqlStore) userWhere(ctx context.Context, cond string, arg any) (booking.User, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+cond, arg)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return booking.User{}, ErrNotFound
	}
	if err != nil {
		return booking.User{}, err
	}
	grants, err := s.grants(ctx, `WHERE user_id = $1`, u.ID)
	if err != nil {
		return booking.User{}, err
	}
	u.Grants = grants[u.ID]
	return u, nil
}

// Users returns every user, ordered by email.
func (s *sqlStore) Users(ctx context.Context) ([]booking.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.email_key`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var users []booking.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	grants, err := s.grants(ctx, ``)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	for i := range users {
		users[i].Grants = grants[users[i].ID]
	}
	return users, nil
}

// grants reads the grants selected by where, by user, in the order given.
func (s *sqlStore) grants(ctx context.Context, where string, args ...any) (map[int64][]booking.Grant, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT user_id, role, from_ns, until_ns
		FROM role_grants `+where+` ORDER BY user_id, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	defer rows.Close()
	out := map[int64][]booking.Grant{}
	for rows.Next() {
		var userID int64
		var g booking.Grant
		var from, until sql.NullInt64
		if err := rows.Scan(&userID, &g.Role, &from, &until); err != nil {
			return nil, fmt.Errorf("grants: %w", err)
		}
		g.From, g.Until = timeOf(from), timeOf(until)
		out[userID] = append(out[userID], g)
	}
	return out, rows.Err()
}

func scanUser(sc scanner) (booking.User, error) {
	var u booking.User
	var created sql.NullInt64
	var disabled int64
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Language, &u.PasswordHash, &created, &disabled)
	u.CreatedAt, u.Disabled = timeOf(created), disabled != 0
	return u, err
}

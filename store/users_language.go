package store

import (
	"context"
	"fmt"
)

// SetLanguage stores the language the user reads ccroom in ("id", "en";
// "" for the office's default): their pages and their email. ErrNotFound
// for an unknown user.
func (s *sqlStore) SetLanguage(ctx context.Context, userID int64, lang string) error {
	res, err := s.write.ExecContext(ctx, `UPDATE users SET language = $1 WHERE id = $2`, lang, userID)
	if err == nil {
		err = expectOne(res)
	}
	if err != nil {
		return fmt.Errorf("store: set language of user %d: %w", userID, err)
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// MailStore is the mail's memory: which messages were sent (so a retried job
// does not send one twice) and which signed action links were used.
type MailStore interface {
	// WasSent reports whether the message with this Message-ID went out.
	WasSent(ctx context.Context, messageID string) (bool, error)
	// MarkSent records that the message went out to recipient; marking it
	// again changes nothing. jobID is 0 for a message no job sent.
	MarkSent(ctx context.Context, messageID string, jobID int64, recipient string, at time.Time) error
	// UseLink records the use of the signed link whose signature hashes to
	// hash; first is false when it was used before (and nothing changes).
	UseLink(ctx context.Context, hash []byte, at time.Time) (first bool, err error)
	// LinkUsed reports whether the link was used.
	LinkUsed(ctx context.Context, hash []byte) (bool, error)
}

// WasSent implements MailStore.
func (s *sqlStore) WasSent(ctx context.Context, messageID string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sent_mail WHERE message_id = $1`, messageID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: sent mail %s: %w", messageID, err)
	}
	return n > 0, nil
}

// MarkSent implements MailStore.
func (s *sqlStore) MarkSent(ctx context.Context, messageID string, jobID int64, recipient string, at time.Time) error {
	if err := storable("sent", at); err != nil {
		return fmt.Errorf("store: mark %s sent: %w", messageID, err)
	}
	return s.inTx(ctx, "mark mail sent", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sent_mail (message_id, job_id, recipient, sent_ns)
			VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING`,
			messageID, nullID(jobID), recipient, at.UnixNano())
		if err != nil {
			return fmt.Errorf("store: mark %s sent: %w", messageID, err)
		}
		return nil
	})
}

// UseLink implements MailStore.
func (s *sqlStore) UseLink(ctx context.Context, hash []byte, at time.Time) (bool, error) {
	if len(hash) == 0 {
		return false, fmt.Errorf("store: use link: empty hash")
	}
	var first bool
	err := s.inTx(ctx, "use link", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO used_links (hash, used_ns) VALUES ($1, $2)
			ON CONFLICT (hash) DO NOTHING`, hash, at.UnixNano())
		if err != nil {
			return fmt.Errorf("store: use link: %w", err)
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	return first, err
}

// LinkUsed implements MailStore.
func (s *sqlStore) LinkUsed(ctx context.Context, hash []byte) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM used_links WHERE hash = $1`, hash).Scan(&n); err != nil {
		return false, fmt.Errorf("store: link used: %w", err)
	}
	return n > 0, nil
}

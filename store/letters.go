package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// ErrLetterClosed: the request's letter can no longer be replaced, because
// the secretary has forwarded the request (it is no longer submitted).
var ErrLetterClosed = errors.New("the letter can no longer be replaced")

// LetterStore keeps the applicant's letter of request, one PDF per request,
// in the database (table letters, migration 10). The store takes the bytes
// as they are: what counts as a letter is the caller's to decide.
type LetterStore interface {
	// PutLetter stores data as request id's letter, replacing the one it
	// has, while the request is submitted; by is the uploader's user id (0
	// for the applicant). replaced says whether a letter was there.
	// ErrNotFound for an unknown request, ErrLetterClosed for one no longer
	// submitted; either way nothing is stored.
	PutLetter(ctx context.Context, id int64, data []byte, by int64, at time.Time) (l Letter, replaced bool, err error)
	// LetterInfo returns request id's letter without its bytes;
	// ErrNotFound when it has none.
	LetterInfo(ctx context.Context, id int64) (Letter, error)
	// LetterFile returns request id's letter and its bytes; ErrNotFound
	// when it has none.
	LetterFile(ctx context.Context, id int64) (Letter, []byte, error)
}

// Letter describes a request's letter.
type Letter struct {
	RequestID  int64     `json:"request_id"`
	Size       int64     `json:"size"`   // in bytes
	SHA256     []byte    `json:"sha256"` // of the bytes
	UploadedAt time.Time `json:"uploaded_at"`
	UploadedBy int64     `json:"uploaded_by,omitempty"` // the staff user's id; 0: the applicant
}

// PutLetter implements LetterStore. The request's row is read for update,
// so an upload and the secretary's forward are ordered: an upload after the
// forward finds the request forwarded.
func (s *sqlStore) PutLetter(ctx context.Context, id int64, data []byte, by int64, at time.Time) (Letter, bool, error) {
	if data == nil {
		data = []byte{} // an empty file, not NULL
	}
	sum := sha256.Sum256(data)
	l := Letter{RequestID: id, Size: int64(len(data)), SHA256: sum[:], UploadedAt: at.UTC(), UploadedBy: by}
	var replaced bool
	err := s.inTx(ctx, "put letter", func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM requests WHERE id = $1`+s.dialect.forUpdate(), id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: put letter of request %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: put letter of request %d: %w", id, err)
		}
		if booking.Status(status) != booking.StatusSubmitted {
			return fmt.Errorf("store: put letter of request %d (%s): %w", id, status, ErrLetterClosed)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM letters WHERE request_id = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("store: put letter of request %d: %w", id, err)
		}
		replaced = n > 0
		_, err = tx.ExecContext(ctx, `INSERT INTO letters (request_id, bytes, size, sha256, uploaded_ns, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (request_id) DO UPDATE SET bytes = excluded.bytes, size = excluded.size,
			sha256 = excluded.sha256, uploaded_ns = excluded.uploaded_ns, uploaded_by = excluded.uploaded_by`,
			id, data, l.Size, l.SHA256, at.UnixNano(), by)
		if err != nil {
			return fmt.Errorf("store: put letter of request %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return Letter{}, false, err
	}
	return l, replaced, nil
}

// LetterInfo implements LetterStore.
func (s *sqlStore) LetterInfo(ctx context.Context, id int64) (Letter, error) {
	l, _, err := s.letter(ctx, id, false)
	return l, err
}

// LetterFile implements LetterStore.
func (s *sqlStore) LetterFile(ctx context.Context, id int64) (Letter, []byte, error) {
	return s.letter(ctx, id, true)
}

// letter reads request id's letter, with its bytes when withBytes.
func (s *sqlStore) letter(ctx context.Context, id int64, withBytes bool) (Letter, []byte, error) {
	l := Letter{RequestID: id}
	var (
		data []byte
		at   int64
	)
	cols, dest := `size, sha256, uploaded_ns, uploaded_by`, []any{&l.Size, &l.SHA256, &at, &l.UploadedBy}
	if withBytes {
		cols, dest = cols+`, bytes`, append(dest, &data)
	}
	err := s.read.QueryRowContext(ctx, `SELECT `+cols+` FROM letters WHERE request_id = $1`, id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return Letter{}, nil, fmt.Errorf("store: letter of request %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Letter{}, nil, fmt.Errorf("store: letter of request %d: %w", id, err)
	}
	l.UploadedAt = time.Unix(0, at).UTC()
	if withBytes && data == nil {
		data = []byte{}
	}
	return l, data, nil
}

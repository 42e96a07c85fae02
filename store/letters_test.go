package store

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestLetters: a request's letter is stored, read back exactly, replaced
// while the request is submitted and refused once it is forwarded; an
// unknown request stores nothing.
func TestLetters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		r := submitTest(t, s, testRequest("letter-1", "command-center", at(10, 9, 0), 2*time.Hour), booking.StatusSubmitted)
		if _, err := s.LetterInfo(ctx, r.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("LetterInfo before any: %v, want ErrNotFound", err)
		}
		first := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 0xff, 'x'}, 1000)...)
		l, replaced, err := s.PutLetter(ctx, r.ID, first, 0, at(1, 8, 0))
		if err != nil || replaced {
			t.Fatalf("PutLetter: %v, replaced %v", err, replaced)
		}
		sum := sha256.Sum256(first)
		got, data, err := s.LetterFile(ctx, r.ID)
		if err != nil || !bytes.Equal(data, first) || got.Size != int64(len(first)) ||
			!bytes.Equal(got.SHA256, sum[:]) || !got.UploadedAt.Equal(at(1, 8, 0)) || got.UploadedBy != 0 {
			t.Fatalf("LetterFile: %+v, %d bytes, %v", got, len(data), err)
		}
		if !bytes.Equal(l.SHA256, sum[:]) {
			t.Errorf("PutLetter's sha256 %x", l.SHA256)
		}
		second := []byte("%PDF-1.7\nsecond\n%%EOF\n")
		if _, replaced, err := s.PutLetter(ctx, r.ID, second, 7, at(1, 9, 0)); err != nil || !replaced {
			t.Fatalf("PutLetter again: %v, replaced %v", err, replaced)
		}
		info, err := s.LetterInfo(ctx, r.ID)
		if err != nil || info.Size != int64(len(second)) || info.UploadedBy != 7 {
			t.Fatalf("LetterInfo after replacing: %+v, %v", info, err)
		}
		if _, err := s.Act(ctx, r.ID, moveTo(booking.StatusForwarded, booking.ActionForward, at(1, 10, 0))); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.PutLetter(ctx, r.ID, first, 0, at(1, 11, 0)); !errors.Is(err, ErrLetterClosed) {
			t.Fatalf("PutLetter after the forward: %v, want ErrLetterClosed", err)
		}
		if _, data, _ := s.LetterFile(ctx, r.ID); !bytes.Equal(data, second) {
			t.Errorf("a refused upload changed the letter")
		}
		if _, _, err := s.PutLetter(ctx, r.ID+100, first, 0, at(1, 11, 0)); !errors.Is(err, ErrNotFound) {
			t.Fatalf("PutLetter of an unknown request: %v, want ErrNotFound", err)
		}
		if _, err := s.LetterInfo(ctx, r.ID+100); !errors.Is(err, ErrNotFound) {
			t.Fatalf("LetterInfo of an unknown request: %v", err)
		}
		empty := submitTest(t, s, testRequest("letter-2", "command-center", at(11, 9, 0), time.Hour), booking.StatusSubmitted)
		if _, _, err := s.PutLetter(ctx, empty.ID, nil, 0, at(1, 8, 0)); err != nil {
			t.Fatal(err)
		}
		if _, data, err := s.LetterFile(ctx, empty.ID); err != nil || data == nil || len(data) != 0 {
			t.Errorf("an empty letter: %v, %v", data, err)
		}
	})
}

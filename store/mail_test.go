package store

import (
	"crypto/sha256"
	"testing"
	"time"
)

// TestSentMail: a message is unknown until marked, marking twice is harmless.
func TestSentMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		id := "<req-1.t-1.abcdef01@example.org>"
		if sent, err := s.WasSent(ctx, id); err != nil || sent {
			t.Fatalf("WasSent before = %v, %v", sent, err)
		}
		for range 2 {
			if err := s.MarkSent(ctx, id, 0, "kabid@example.org", at); err != nil {
				t.Fatalf("MarkSent: %v", err)
			}
		}
		if sent, err := s.WasSent(ctx, id); err != nil || !sent {
			t.Fatalf("WasSent after = %v, %v", sent, err)
		}
	})
}

// TestUseLink: only the first use of a link counts.
func TestUseLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		h := sha256.Sum256([]byte("signature"))
		if used, err := s.LinkUsed(ctx, h[:]); err != nil || used {
			t.Fatalf("LinkUsed before = %v, %v", used, err)
		}
		for i, want := range []bool{true, false} {
			first, err := s.UseLink(ctx, h[:], at)
			if err != nil || first != want {
				t.Fatalf("UseLink #%d = %v, %v; want %v", i+1, first, err, want)
			}
		}
		if used, err := s.LinkUsed(ctx, h[:]); err != nil || !used {
			t.Fatalf("LinkUsed after = %v, %v", used, err)
		}
	})
}

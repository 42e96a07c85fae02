package store

import (
	"bytes"
	"testing"
	"time"
)

// TestSessions: a session is found until it expires; a commit without a
// user keeps the one it had; one user's sessions end together but for the
// one kept; the sweep removes the expired ones only.
func TestSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		now := at(1, 9, 0)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.CommitSession(ctx, "a", []byte{1}, now.Add(time.Hour), 7))
		must(s.CommitSession(ctx, "a", []byte{2}, now.Add(2*time.Hour), 0)) // the idle timeout's re-commit
		must(s.CommitSession(ctx, "b", []byte{3}, now.Add(time.Hour), 7))
		must(s.CommitSession(ctx, "c", []byte{4}, now.Add(time.Hour), 8))
		must(s.CommitSession(ctx, "old", []byte{5}, now.Add(-time.Second), 0))
		data, found, err := s.FindSession(ctx, "a", now.Add(90*time.Minute))
		if err != nil || !found || !bytes.Equal(data, []byte{2}) {
			t.Fatalf("FindSession a: %v %v %v", data, found, err)
		}
		if _, found, _ := s.FindSession(ctx, "a", now.Add(2*time.Hour)); found {
			t.Error("a session is found at its expiry")
		}
		if _, found, _ := s.FindSession(ctx, "nothing", now); found {
			t.Error("an unknown session is found")
		}
		n, err := s.DeleteUserSessions(ctx, 7, "b")
		if err != nil || n != 1 {
			t.Fatalf("DeleteUserSessions(7, keep b): %d %v; want 1 (a kept its user through the re-commit)", n, err)
		}
		for tok, want := range map[string]bool{"a": false, "b": true, "c": true} {
			if _, found, _ := s.FindSession(ctx, tok, now); found != want {
				t.Errorf("session %s found %v, want %v", tok, found, want)
			}
		}
		if n, err := s.DeleteExpiredSessions(ctx, now); err != nil || n != 1 {
			t.Errorf("DeleteExpiredSessions: %d %v, want 1", n, err)
		}
		must(s.DeleteSession(ctx, "b"))
		must(s.DeleteSession(ctx, "b")) // gone already: no error
		if _, found, _ := s.FindSession(ctx, "b", now); found {
			t.Error("a deleted session is found")
		}
	})
}

// TestSignins: attempts are counted per email and per address inside the
// window, and listed newest first.
func TestSignins(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		now := at(1, 9, 0)
		rec := func(min int, email, addr string, ok bool) {
			t.Helper()
			err := s.RecordSignin(ctx, Signin{At: now.Add(time.Duration(min) * time.Minute), Email: email,
				Address: addr, Method: SigninPassword, OK: ok})
			if err != nil {
				t.Fatal(err)
			}
		}
		rec(-20, "a@x.id", "10.0.0.1", false) // outside the window
		rec(-10, "a@x.id", "10.0.0.1", false)
		rec(-5, "a@x.id", "10.0.0.2", false)
		rec(-4, "b@x.id", "10.0.0.1", false)
		rec(-3, "a@x.id", "10.0.0.1", true)
		for _, ok := range []bool{true, false} { // two requests for a link: not failures
			err := s.RecordSignin(ctx, Signin{At: now.Add(-2 * time.Minute), Email: "a@x.id", Address: "10.0.0.1",
				Method: SigninLinkRequest, OK: ok})
			if err != nil {
				t.Fatal(err)
			}
		}
		byEmail, byAddr, err := s.FailedSignins(ctx, "a@x.id", "10.0.0.1", now.Add(-15*time.Minute))
		if err != nil || byEmail != 2 || byAddr != 2 {
			t.Errorf("FailedSignins: %d by email, %d by address, %v; want 2 and 2", byEmail, byAddr, err)
		}
		byEmail, byAddr, err = s.LinkRequests(ctx, "a@x.id", "10.0.0.2", now.Add(-15*time.Minute))
		if err != nil || byEmail != 2 || byAddr != 0 {
			t.Errorf("LinkRequests: %d by email, %d by address, %v; want 2 and 0", byEmail, byAddr, err)
		}
		all, err := s.Signins(ctx, now.Add(-time.Hour), now.Add(-150*time.Second), 0)
		if err != nil || len(all) != 5 || !all[0].OK || all[0].Email != "a@x.id" || !all[0].At.Equal(now.Add(-3*time.Minute)) {
			t.Fatalf("Signins: %+v %v", all, err)
		}
		if two, _ := s.Signins(ctx, now.Add(-time.Hour), now, 2); len(two) != 2 {
			t.Errorf("Signins with limit 2: %d", len(two))
		}
		if err := s.RecordSignin(ctx, Signin{At: now, Email: "a@x.id", Method: "guess"}); err == nil {
			t.Error("an unknown method is recorded")
		}
	})
}

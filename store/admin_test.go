package store

import (
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestDisableUser: disabling a user is read back, and removes their
// sessions and API tokens in the same write, and only theirs; enabling
// restores the flag and nothing else.
func TestDisableUser(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx, now := t.Context(), at(1, 9, 0)
		ann := booking.User{Email: "ann@example.org", Name: "Ann", Grants: []booking.Grant{{Role: booking.RoleSecretary}}}
		bob := booking.User{Email: "bob@example.org", Name: "Bob", Grants: []booking.Grant{{Role: booking.RoleHead}}}
		for _, u := range []*booking.User{&ann, &bob} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		for i, tok := range []string{"ann1", "ann2", "bob1"} {
			id := ann.ID
			if tok == "bob1" {
				id = bob.ID
			}
			if err := s.CommitSession(ctx, tok, []byte{1}, now.Add(time.Hour), id); err != nil {
				t.Fatal(err)
			}
			if err := s.AddAPIToken(ctx, id, []byte{byte(i + 1)}, now); err != nil {
				t.Fatal(err)
			}
		}
		rv, err := s.SetDisabled(ctx, ann.ID, true)
		if err != nil || rv != (Revoked{Sessions: 2, Tokens: 2}) {
			t.Fatalf("SetDisabled: %+v %v, want 2 sessions and 2 tokens", rv, err)
		}
		if u, _ := s.User(ctx, ann.ID); !u.Disabled {
			t.Error("a disabled user reads back enabled")
		}
		if u, _ := s.UserByEmail(ctx, "bob@example.org"); u.Disabled {
			t.Error("another user reads back disabled")
		}
		for tok, want := range map[string]bool{"ann1": false, "ann2": false, "bob1": true} {
			if _, found, _ := s.FindSession(ctx, tok, now); found != want {
				t.Errorf("session %s found %v, want %v", tok, found, want)
			}
		}
		if _, err := s.UserByAPIToken(ctx, []byte{1}); !errors.Is(err, ErrNotFound) {
			t.Errorf("a disabled user's token still finds them: %v", err)
		}
		if u, err := s.UserByAPIToken(ctx, []byte{3}); err != nil || u.ID != bob.ID {
			t.Errorf("another user's token: %+v %v", u, err)
		}
		if rv, err := s.SetDisabled(ctx, ann.ID, false); err != nil || rv != (Revoked{}) {
			t.Fatalf("enable: %+v %v", rv, err)
		}
		users, _ := s.Users(ctx)
		for _, u := range users {
			if u.Disabled {
				t.Errorf("%s is still disabled", u.Email)
			}
		}
		if _, err := s.SetDisabled(ctx, 999, true); !errors.Is(err, ErrNotFound) {
			t.Errorf("disable an unknown user: %v", err)
		}
		if err := s.SetUserName(ctx, bob.ID, "Bob Baru"); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.User(ctx, bob.ID); u.Name != "Bob Baru" {
			t.Errorf("name %q", u.Name)
		}
		if n, err := s.DeleteAPITokens(ctx, bob.ID); err != nil || n != 1 {
			t.Errorf("DeleteAPITokens: %d %v", n, err)
		}
	})
}

// TestUserActivity: the last successful sign-in (a link request is none)
// and the count of tokens.
func TestUserActivity(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx, now := t.Context(), at(1, 9, 0)
		u := booking.User{Email: "ann@example.org", Name: "Ann", Grants: []booking.Grant{{Role: booking.RoleAdmin}}}
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		for _, in := range []Signin{
			{At: now, Method: SigninPassword, OK: true},
			{At: now.Add(time.Hour), Method: SigninPassword},
			{At: now.Add(2 * time.Hour), Method: SigninLinkRequest, OK: true},
		} {
			in.Email, in.Address, in.UserID = u.Email, "192.0.2.1", u.ID
			if err := s.RecordSignin(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddAPIToken(ctx, u.ID, []byte{9}, now); err != nil {
			t.Fatal(err)
		}
		act, err := s.UserActivity(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a := act[u.ID]; !a.LastSignin.Equal(now) || a.Tokens != 1 {
			t.Errorf("activity %+v, want the sign-in at %s and 1 token", a, now)
		}
	})
}

// TestOutboxAdmin: the outbox's figures; a failed job retried is due at
// once with its attempts afresh; a dismissed one is gone; the prune
// removes the jobs done before its time and keeps the failed and pending.
func TestOutboxAdmin(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx, now := t.Context(), at(1, 8, 0)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		job := func(key string, created time.Time) Job {
			return Job{Kind: "mail", DedupeKey: key, RunAt: created, CreatedAt: created}
		}
		old := now.Add(-40 * 24 * time.Hour)
		must(s.Enqueue(ctx, job("done-old", old), job("done-new", now), job("fail-1", old), job("fail-2", now),
			job("waiting", now.Add(time.Minute)), job("later", now.Add(time.Hour))))
		ids := map[string]int64{}
		for range 4 {
			got, err := s.ClaimJobs(ctx, "mail", now, 10, time.Minute)
			must(err)
			for _, j := range got {
				ids[j.DedupeKey] = j.ID
			}
		}
		must(s.FinishJob(ctx, ids["done-old"], old))
		must(s.FinishJob(ctx, ids["done-new"], now))
		must(s.FailJob(ctx, ids["fail-1"], old, "550 mailbox unavailable"))
		must(s.FailJob(ctx, ids["fail-2"], now, "google: 400 bad request"))

		st, err := s.Outbox(ctx, now.Add(time.Minute))
		must(err)
		if st.Pending != 2 || st.Due != 1 || st.Failed != 2 || st.Done != 2 || st.Oldest == nil ||
			st.Oldest.DedupeKey != "waiting" {
			t.Fatalf("outbox %+v (oldest %+v)", st, st.Oldest)
		}
		failed, err := s.FailedJobs(ctx, 0)
		must(err)
		if len(failed) != 2 || failed[0].DedupeKey != "fail-2" || failed[1].LastError != "550 mailbox unavailable" {
			t.Fatalf("failed jobs: %+v", failed)
		}

		n, err := s.PruneJobs(ctx, now.Add(-30*24*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("PruneJobs: %d %v, want 1 (the old done job)", n, err)
		}
		st, _ = s.Outbox(ctx, now)
		if st.Done != 1 || st.Failed != 2 || st.Pending != 2 {
			t.Fatalf("after the prune: %+v", st)
		}

		must(s.RetryFailedJob(ctx, ids["fail-1"], now))
		if err := s.RetryFailedJob(ctx, ids["fail-1"], now); !errors.Is(err, ErrNotFound) {
			t.Errorf("retry a job no longer failed: %v", err)
		}
		got, err := s.ClaimJobs(ctx, "mail", now, 10, time.Minute)
		must(err)
		if len(got) != 1 || got[0].ID != ids["fail-1"] || got[0].Attempts != 1 {
			t.Fatalf("the retried job is not due: %+v", got)
		}
		must(s.DismissFailedJob(ctx, ids["fail-2"]))
		if err := s.DismissFailedJob(ctx, ids["fail-2"]); !errors.Is(err, ErrNotFound) {
			t.Errorf("dismiss twice: %v", err)
		}
		if err := s.DismissFailedJob(ctx, ids["done-new"]); !errors.Is(err, ErrNotFound) {
			t.Errorf("dismiss a done job: %v", err)
		}
		if failed, _ := s.FailedJobs(ctx, 0); len(failed) != 0 {
			t.Errorf("failed jobs left: %+v", failed)
		}
	})
}

// TestGoogleSyncAndLastMail: the last import, the drift repairs, the
// last email sent.
func TestGoogleSyncAndLastMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx, now := t.Context(), at(1, 8, 0)
		g, err := s.GoogleSync(ctx, now.Add(-time.Hour))
		if err != nil || !g.LastImport.IsZero() || g.Repairs != 0 {
			t.Fatalf("nothing synced: %+v %v", g, err)
		}
		if _, err := s.LastSentMail(ctx); !errors.Is(err, ErrNotFound) {
			t.Fatalf("no mail sent: %v", err)
		}
		err = s.SyncExternal(ctx, ExternalSync{CalendarID: "cal@example.org", Full: true,
			TokenKey: "google:cal@example.org:sync_token", Token: "t1", At: now})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSent(ctx, "<a@x>", 0, "ann@example.org", now); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSent(ctx, "<b@x>", 0, "bob@example.org", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		g, err = s.GoogleSync(ctx, now.Add(-time.Hour))
		if err != nil || !g.LastImport.Equal(now) || g.Calendars != 1 {
			t.Fatalf("after an import: %+v %v", g, err)
		}
		m, err := s.LastSentMail(ctx)
		if err != nil || m.Recipient != "bob@example.org" || !m.SentAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("last mail: %+v %v", m, err)
		}
		if d := s.Driver(); d != DriverSQLite && d != DriverPostgres {
			t.Errorf("driver %q", d)
		}
	})
}

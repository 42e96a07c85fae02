package store

import (
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestUsers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		acting := booking.Grant{Role: booking.RoleHead,
			From: time.Date(2026, 12, 1, 0, 0, 0, 0, wib), Until: time.Date(2026, 12, 14, 0, 0, 0, 0, wib)}
		u := booking.User{Email: "Kabid@Example.id", Name: "Budi", Language: "en", PasswordHash: "x",
			Grants: []booking.Grant{{Role: booking.RoleKabid}, acting}}
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.CreatedAt.IsZero() {
			t.Fatalf("CreateUser did not fill ID and CreatedAt: %+v", u)
		}
		got, err := s.UserByEmail(ctx, "kabid@EXAMPLE.id")
		if err != nil {
			t.Fatal(err)
		}
		sameUser(t, got, u)
		if got, err = s.User(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		sameUser(t, got, u)
		if !got.HasRole(booking.RoleHead, at(7, 9, 0), wib) || got.HasRole(booking.RoleHead, at(15, 9, 0), wib) {
			t.Errorf("acting grant not kept: %+v", got.Grants)
		}

		dup := booking.User{Email: "KABID@example.ID", Name: "Other"}
		if err := s.CreateUser(ctx, &dup); !errors.Is(err, ErrDuplicate) {
			t.Errorf("CreateUser with the same email in another case: %v, want ErrDuplicate", err)
		}
		for _, err := range []error{
			func() error { _, err := s.User(ctx, 999); return err }(),
			func() error { _, err := s.UserByEmail(ctx, "nobody@example.id"); return err }(),
			s.SetGrants(ctx, 999, nil),
			s.SetPassword(ctx, 999, "h"),
		} {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown user: %v, want ErrNotFound", err)
			}
		}
	})
}

func TestUsersListAndGrants(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		b := booking.User{Email: "b@example.id", Name: "B", Grants: []booking.Grant{{Role: booking.RoleVidcon}}}
		a := booking.User{Email: "a@example.id", Name: "A"}
		for _, u := range []*booking.User{&b, &a} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		grants := []booking.Grant{{Role: booking.RoleSecretary}, {Role: booking.RoleAdmin}}
		if err := s.SetGrants(ctx, a.ID, grants); err != nil {
			t.Fatal(err)
		}
		if err := s.SetGrants(ctx, b.ID, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, a.ID, "argon2id$hash"); err != nil {
			t.Fatal(err)
		}
		users, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 2 || users[0].Email != "a@example.id" || users[1].Email != "b@example.id" {
			t.Fatalf("Users: %+v", users)
		}
		a.Grants, a.PasswordHash, b.Grants = grants, "argon2id$hash", nil
		sameUser(t, users[0], a)
		sameUser(t, users[1], b)
	})
}

func TestAPITokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		u := booking.User{Email: "sec@example.id", Name: "Sec", Grants: []booking.Grant{{Role: booking.RoleSecretary}}}
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		hash := sha256.Sum256([]byte("token"))
		if err := s.AddAPIToken(ctx, u.ID, hash[:], at(1, 8, 0)); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByAPIToken(ctx, hash[:])
		if err != nil {
			t.Fatal(err)
		}
		sameUser(t, got, u)
		other := sha256.Sum256([]byte("other"))
		if _, err := s.UserByAPIToken(ctx, other[:]); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown token: %v, want ErrNotFound", err)
		}
		if err := s.AddAPIToken(ctx, u.ID, hash[:], at(1, 8, 0)); !errors.Is(err, ErrDuplicate) {
			t.Errorf("same token twice: %v, want ErrDuplicate", err)
		}
		if err := s.AddAPIToken(ctx, 999, other[:], at(1, 8, 0)); !errors.Is(err, ErrNotFound) {
			t.Errorf("token of an unknown user: %v, want ErrNotFound", err)
		}
	})
}

func sameUser(t *testing.T, got, want booking.User) {
	t.Helper()
	if got.ID != want.ID || got.Email != want.Email || got.Name != want.Name ||
		got.Language != want.Language || got.PasswordHash != want.PasswordHash ||
		!got.CreatedAt.Equal(want.CreatedAt) || len(got.Grants) != len(want.Grants) {
		t.Fatalf("user:\n got %+v\nwant %+v", got, want)
	}
	for i, g := range got.Grants {
		w := want.Grants[i]
		if g.Role != w.Role || !g.From.Equal(w.From) || !g.Until.Equal(w.Until) ||
			g.From.IsZero() != w.From.IsZero() {
			t.Errorf("grant %d: got %+v, want %+v", i, g, w)
		}
	}
}

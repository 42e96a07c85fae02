package office

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// ErrUnauthenticated: no token, or a token that matches no user.
var ErrUnauthenticated = errors.New("unauthenticated")

// NewUser is a staff account to create.
type NewUser struct {
	Email    string
	Name     string
	Grants   []booking.Grant
	Password string // optional; hashed with bcrypt
	Language string // "id" (default) or "en"
}

// AddUser creates a staff account. The email is kept in lower case.
func (o *Office) AddUser(ctx context.Context, nu NewUser) (booking.User, error) {
	addr, err := mail.ParseAddress(nu.Email)
	if err != nil || addr.Address != strings.TrimSpace(nu.Email) {
		return booking.User{}, invalid("email", "%q is not an email address", nu.Email)
	}
	if strings.TrimSpace(nu.Name) == "" || hasControl(nu.Name) {
		return booking.User{}, invalid("name", "a name without control characters is required")
	}
	if len(nu.Grants) == 0 {
		return booking.User{}, invalid("role", "at least one role is required")
	}
	u := booking.User{
		Email: strings.ToLower(addr.Address), Name: strings.TrimSpace(nu.Name),
		Grants: nu.Grants, Language: nu.Language, CreatedAt: o.Now(),
	}
	if nu.Password != "" {
		if u.PasswordHash, err = HashPassword(nu.Password); err != nil {
			return booking.User{}, err
		}
	}
	if err := o.opt.Store.CreateUser(ctx, &u); err != nil {
		return booking.User{}, fmt.Errorf("add user %s: %w", u.Email, err)
	}
	return u, nil
}

// HashPassword hashes a web login password with bcrypt.
func HashPassword(pw string) (string, error) {
	if len(pw) < 8 || len(pw) > 72 {
		return "", invalid("password", "a password has 8 to 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// IssueToken creates a new bearer token for the user with email and returns it.
// Only its hash is stored; the token is shown once.
func (o *Office) IssueToken(ctx context.Context, email string) (string, error) {
	u, err := o.opt.Store.UserByEmail(ctx, email)
	if err != nil {
		return "", fmt.Errorf("issue token for %s: %w", email, err)
	}
	token, hash := NewAPIToken()
	if err := o.opt.Store.AddAPIToken(ctx, u.ID, hash, o.Now()); err != nil {
		return "", fmt.Errorf("issue token for %s: %w", email, err)
	}
	return token, nil
}

// Authenticate returns the user holding bearer token.
func (o *Office) Authenticate(ctx context.Context, token string) (booking.User, error) {
	if token == "" {
		return booking.User{}, ErrUnauthenticated
	}
	u, err := o.opt.Store.UserByAPIToken(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) || err == nil && u.Disabled {
		return booking.User{}, ErrUnauthenticated
	}
	return u, err
}

// ActorFor is the user acting now, with the roles they hold today (an acting
// official's grant counts only within its dates). A disabled user holds
// none (booking.User.HasRole): whatever they try, by session, token or
// link, is refused, and no email of the chain goes to them.
func (o *Office) ActorFor(u booking.User) booking.Actor {
	now := o.Now()
	a := booking.Actor{UserID: u.ID, Name: u.Name}
	for _, r := range booking.StaffRoles {
		if u.HasRole(r, now, o.Location()) {
			a.Roles = append(a.Roles, r)
		}
	}
	return a
}

// IsStaff reports whether the user holds any role today (a disabled user
// holds none).
func (o *Office) IsStaff(u booking.User) bool { return len(o.ActorFor(u).Roles) > 0 }

// Grant adds a role to the user with email, for good or for the grant's dates
// (an acting official). Dates are read in the office time zone.
func (o *Office) Grant(ctx context.Context, email string, g booking.Grant) (booking.User, error) {
	u, err := o.opt.Store.UserByEmail(ctx, email)
	if err != nil {
		return booking.User{}, fmt.Errorf("grant %s to %s: %w", g.Role, email, err)
	}
	loc := o.Location()
	if !g.From.IsZero() {
		g.From = time.Date(g.From.Year(), g.From.Month(), g.From.Day(), 0, 0, 0, 0, loc)
	}
	if !g.Until.IsZero() {
		g.Until = time.Date(g.Until.Year(), g.Until.Month(), g.Until.Day(), 0, 0, 0, 0, loc)
	}
	u.Grants = append(u.Grants, g)
	if err := o.opt.Store.SetGrants(ctx, u.ID, u.Grants); err != nil {
		return booking.User{}, fmt.Errorf("grant %s to %s: %w", g.Role, email, err)
	}
	return u, nil
}

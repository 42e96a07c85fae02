package office

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// The administrator's work (role admin): accounts disabled and enabled,
// their names and roles, their API tokens revoked, a password reset, and
// the outbox's failed jobs retried or dismissed and its finished ones
// pruned. The web pages (web/admin*.go) and the CLI (ccroom user) call it.

// SetDisabled disables (or enables) the user with email. Disabling ends
// every web session of the user and removes their API tokens in the same
// write: from then on they cannot sign in, by password or emailed link,
// nor use a token, a signed email link or their staff feed (a disabled
// user holds no role, booking.User.HasRole).
func (o *Office) SetDisabled(ctx context.Context, email string, disabled bool) (booking.User, store.Revoked, error) {
	u, err := o.opt.Store.UserByEmail(ctx, email)
	if err != nil {
		return u, store.Revoked{}, fmt.Errorf("user %s: %w", email, err)
	}
	rv, err := o.opt.Store.SetDisabled(ctx, u.ID, disabled)
	if err != nil {
		return u, rv, fmt.Errorf("user %s: %w", email, err)
	}
	u.Disabled = disabled
	return u, rv, nil
}

// RevokeTokens removes every API token of the user with email and returns
// how many there were.
func (o *Office) RevokeTokens(ctx context.Context, email string) (int, error) {
	u, err := o.opt.Store.UserByEmail(ctx, email)
	if err != nil {
		return 0, fmt.Errorf("revoke tokens of %s: %w", email, err)
	}
	n, err := o.opt.Store.DeleteAPITokens(ctx, u.ID)
	if err != nil {
		return 0, fmt.Errorf("revoke tokens of %s: %w", email, err)
	}
	return n, nil
}

// EditUser sets the name and the roles of user id. The grants' dates are
// read as dates in the office time zone; a grant's until may not come
// before its from; at least one role is required.
func (o *Office) EditUser(ctx context.Context, id int64, name string, grants []booking.Grant) (booking.User, error) {
	name = strings.TrimSpace(name)
	if name == "" || hasControl(name) || len(name) > 200 {
		return booking.User{}, invalid("name", "a name of at most 200 bytes, without control characters, is required")
	}
	if len(grants) == 0 {
		return booking.User{}, invalid("role", "at least one role is required")
	}
	grants = o.normalGrants(grants)
	for _, g := range grants {
		if _, err := booking.ParseRole(string(g.Role)); err != nil {
			return booking.User{}, invalid("role", "%v", err)
		}
		if !g.From.IsZero() && !g.Until.IsZero() && g.Until.Before(g.From) {
			return booking.User{}, invalid("until", "the last day of %s comes before its first", g.Role)
		}
	}
	if err := o.opt.Store.SetUserName(ctx, id, name); err != nil {
		return booking.User{}, fmt.Errorf("edit user %d: %w", id, err)
	}
	if err := o.opt.Store.SetGrants(ctx, id, grants); err != nil {
		return booking.User{}, fmt.Errorf("edit user %d: %w", id, err)
	}
	return o.opt.Store.User(ctx, id)
}

// normalGrants returns grants with their dates at midnight in the office
// time zone, as Grant stores them.
func (o *Office) normalGrants(grants []booking.Grant) []booking.Grant {
	loc := o.Location()
	out := make([]booking.Grant, len(grants))
	for i, g := range grants {
		if !g.From.IsZero() {
			g.From = time.Date(g.From.Year(), g.From.Month(), g.From.Day(), 0, 0, 0, 0, loc)
		}
		if !g.Until.IsZero() {
			g.Until = time.Date(g.Until.Year(), g.Until.Month(), g.Until.Day(), 0, 0, 0, 0, loc)
		}
		out[i] = g
	}
	return out
}

// ResetPassword clears user id's password, so that it signs in no more,
// and returns a fresh sign-in link for the caller to email
// (mail.SigninLinkJob): the user signs in with it and sets a new password
// on their account page. A disabled user gets none (ErrInvalid).
func (o *Office) ResetPassword(ctx context.Context, id int64) (booking.User, SigninLink, error) {
	u, err := o.opt.Store.User(ctx, id)
	if err != nil {
		return u, SigninLink{}, fmt.Errorf("reset password of user %d: %w", id, err)
	}
	if !o.IsStaff(u) {
		return u, SigninLink{}, invalid("user", "%s holds no role today or is disabled: a link would not sign in", u.Email)
	}
	if err := o.opt.Store.SetPassword(ctx, id, ""); err != nil {
		return u, SigninLink{}, fmt.Errorf("reset password of user %d: %w", id, err)
	}
	u.PasswordHash = ""
	return u, o.NewSigninLink(id), nil
}

// RetryJob makes failed job id due now, its attempts counted afresh.
func (o *Office) RetryJob(ctx context.Context, id int64) error {
	return o.opt.Store.RetryFailedJob(ctx, id, o.Now())
}

// PruneJobs deletes the outbox's jobs done more than keep ago; failed
// jobs stay until retried or dismissed.
func (o *Office) PruneJobs(ctx context.Context, keep time.Duration) (int, error) {
	return o.opt.Store.PruneJobs(ctx, o.Now().Add(-keep))
}

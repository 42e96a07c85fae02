package office

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// NewFeedToken returns a new staff feed token (256 random bits, URL-safe, so
// it can be a path segment) and the hash to store.
func NewFeedToken() (token string, hash []byte) {
	token = "ccf_" + base64.RawURLEncoding.EncodeToString(randomBytes(32))
	return token, HashToken(token)
}

// RotateFeedToken gives the staff user with email a new secret for their
// staff feed and returns it; the old one stops working at once. Only its hash
// is stored, so it is shown once.
func (o *Office) RotateFeedToken(ctx context.Context, email string) (string, error) {
	u, err := o.opt.Store.UserByEmail(ctx, email)
	if err != nil {
		return "", fmt.Errorf("rotate feed token of %s: %w", email, err)
	}
	token, hash := NewFeedToken()
	if err := o.opt.Store.SetFeedToken(ctx, u.ID, hash); err != nil {
		return "", fmt.Errorf("rotate feed token of %s: %w", email, err)
	}
	return token, nil
}

// UserByFeedToken returns the staff user whose current feed token is token
// and who holds a role today. The token is looked up by its SHA-256, so no
// comparison of the secret itself depends on its bytes. Any other token, an
// old one included, is store.ErrNotFound.
func (o *Office) UserByFeedToken(ctx context.Context, token string) (booking.User, error) {
	if token == "" {
		return booking.User{}, store.ErrNotFound
	}
	u, err := o.opt.Store.UserByFeedToken(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) || err == nil && !o.IsStaff(u) {
		return booking.User{}, store.ErrNotFound
	}
	return u, err
}

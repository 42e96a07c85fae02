package office

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// A member of staff without a password signs in with a link emailed to them:
// /login/link/{token}, where the token names the user, the moment it expires
// and a random nonce, signed with an HMAC under the office secret. The
// database never holds the token: the mail job carries the SigninLink (user,
// expiry, nonce) and the mail worker signs it when it writes the email;
// once used, the token's SHA-256 goes into the used links (store.UseLink),
// so it signs in once.

// SigninLinkValidity is how long an emailed sign-in link works.
const SigninLinkValidity = 15 * time.Minute

// SigninLink is what a sign-in link lets do: sign in as UserID, once,
// until Expires. Nonce makes each link unique.
type SigninLink struct {
	UserID  int64     `json:"user"`
	Expires time.Time `json:"expires"`
	Nonce   string    `json:"nonce"`
}

// NewSigninLink is a fresh link for user id, valid SigninLinkValidity from
// the office's now.
func (o *Office) NewSigninLink(userID int64) SigninLink {
	return SigninLink{UserID: userID, Expires: o.Now().Add(SigninLinkValidity).Truncate(time.Second),
		Nonce: base64.RawURLEncoding.EncodeToString(randomBytes(16))}
}

// payload is the signed text: "user.expires.nonce".
func (l SigninLink) payload() string {
	return fmt.Sprintf("%d.%d.%s", l.UserID, l.Expires.Unix(), l.Nonce)
}

// SignSignin returns the link's token: the payload and 128 bits of its
// HMAC, both base64url, joined by a dot; it fits a URL path segment.
func (o *Office) SignSignin(l SigninLink) string {
	p := l.payload()
	return base64.RawURLEncoding.EncodeToString([]byte(p)) + "." + o.shortMAC("signin-link", p)
}

// OpenSignin checks a token's signature and expiry and returns its link:
// ErrLinkForged for a token that is not one (or not written the one way the
// office writes it), ErrLinkExpired (with the link) for one past its time.
func (o *Office) OpenSignin(token string) (SigninLink, error) {
	enc, sig, ok := strings.Cut(token, ".")
	p, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || !canonical(enc, p) ||
		!hmac.Equal([]byte(sig), []byte(o.shortMAC("signin-link", string(p)))) {
		return SigninLink{}, ErrLinkForged
	}
	f := strings.Split(string(p), ".")
	if len(f) != 3 || f[2] == "" {
		return SigninLink{}, ErrLinkForged
	}
	id, err1 := strconv.ParseInt(f[0], 10, 64)
	exp, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return SigninLink{}, ErrLinkForged
	}
	l := SigninLink{UserID: id, Expires: time.Unix(exp, 0), Nonce: f[2]}
	if !o.Now().Before(l.Expires) {
		return l, ErrLinkExpired
	}
	return l, nil
}

// CheckSignin verifies a sign-in link for showing its page: signature,
// expiry, not used, and a user who exists and holds a role today (else
// ErrLinkForged). It returns the link's user.
func (o *Office) CheckSignin(ctx context.Context, token string) (booking.User, error) {
	l, err := o.OpenSignin(token)
	if err != nil {
		return booking.User{}, err
	}
	used, err := o.opt.Store.LinkUsed(ctx, HashToken(token))
	if err != nil {
		return booking.User{}, err
	}
	if used {
		return booking.User{}, ErrLinkUsed
	}
	u, err := o.opt.Store.User(ctx, l.UserID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !o.IsStaff(u) {
		return booking.User{}, ErrLinkForged
	}
	return u, err
}

// UseSignin checks a sign-in link as CheckSignin does and marks it used; of
// two uses at once, one wins and the other is ErrLinkUsed.
func (o *Office) UseSignin(ctx context.Context, token string) (booking.User, error) {
	u, err := o.CheckSignin(ctx, token)
	if err != nil {
		return u, err
	}
	first, err := o.opt.Store.UseLink(ctx, HashToken(token), o.Now())
	if err != nil {
		return booking.User{}, fmt.Errorf("sign-in link of user %d: %w", u.ID, err)
	}
	if !first {
		return booking.User{}, ErrLinkUsed
	}
	return u, nil
}

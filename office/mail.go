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

// Errors of a signed action link. The web layer answers ErrLinkForged with
// 403 and ErrLinkExpired and ErrLinkUsed with 410.
var (
	ErrLinkForged  = errors.New("the link is not valid")
	ErrLinkExpired = errors.New("the link has expired")
	ErrLinkUsed    = errors.New("the link was used already")
)

// ActionLink is what a signed link in an email lets one official do: take
// Action on a request, as that user, once, until Expires. TransitionID is the
// transition that made it their turn (0 for a scheduled email), so a link
// from an earlier round does not pass as one of a later.
type ActionLink struct {
	RequestID    int64
	TransitionID int64
	Action       booking.Action
	UserID       int64
	Expires      time.Time
}

// payload is the signed text: "request.transition.action.user.expires".
func (l ActionLink) payload() string {
	return fmt.Sprintf("%d.%d.%s.%d.%d", l.RequestID, l.TransitionID, l.Action, l.UserID, l.Expires.Unix())
}

// SignAction returns the link's token: the payload and an HMAC-SHA256 of it
// under the office secret, both base64url, joined by a dot. The token fits a
// URL path segment.
func (o *Office) SignAction(l ActionLink) string {
	p := l.payload()
	return base64.RawURLEncoding.EncodeToString([]byte(p)) + "." +
		base64.RawURLEncoding.EncodeToString(o.mac("act", p))
}

// OpenAction checks a token's signature and expiry and returns its link. An
// expired link is returned with ErrLinkExpired, so a page can still name it.
// Only the one spelling SignAction writes is accepted: the used links are
// keyed on the token's hash, so another spelling of the same link (base64
// ignores line breaks; the last digit may carry unused bits) must not pass.
func (o *Office) OpenAction(token string) (ActionLink, error) {
	enc, sig, ok := strings.Cut(token, ".")
	p, err1 := base64.RawURLEncoding.DecodeString(enc)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err1 != nil || err2 != nil || !canonical(enc, p) || !canonical(sig, mac) ||
		!hmac.Equal(mac, o.mac("act", string(p))) {
		return ActionLink{}, ErrLinkForged
	}
	l, err := parseLink(string(p))
	if err != nil {
		return ActionLink{}, ErrLinkForged
	}
	if !o.Now().Before(l.Expires) {
		return l, ErrLinkExpired
	}
	return l, nil
}

func parseLink(p string) (ActionLink, error) {
	f := strings.Split(p, ".")
	if len(f) != 5 {
		return ActionLink{}, errors.New("bad link")
	}
	var n [4]int64
	for i, s := range []string{f[0], f[1], f[3], f[4]} {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return ActionLink{}, err
		}
		n[i] = v
	}
	return ActionLink{RequestID: n[0], TransitionID: n[1], Action: booking.Action(f[2]),
		UserID: n[2], Expires: time.Unix(n[3], 0)}, nil
}

// ActionFormToken is the CSRF token of the page a link opens: derived from
// the link, so only a page that was shown the link can post it back.
func (o *Office) ActionFormToken(token string) string {
	return o.shortMAC("act-form", token)
}

// CheckAction verifies a link for showing its page: signature, expiry, not
// used, and a user who still exists and is not disabled. It returns the
// link and its user.
func (o *Office) CheckAction(ctx context.Context, token string) (ActionLink, booking.User, error) {
	l, err := o.OpenAction(token)
	if err != nil {
		return l, booking.User{}, err
	}
	used, err := o.opt.Store.LinkUsed(ctx, HashToken(token))
	if err != nil {
		return l, booking.User{}, err
	}
	if used {
		return l, booking.User{}, ErrLinkUsed
	}
	u, err := o.opt.Store.User(ctx, l.UserID)
	if errors.Is(err, store.ErrNotFound) || err == nil && u.Disabled {
		return l, booking.User{}, ErrLinkForged
	}
	return l, u, err
}

// ActByLink takes the link's step as its user, with the decision and note
// of the form. The user must still hold the role today, the form token must
// match, and the link is marked used after the step is recorded; a refused
// step leaves the link usable (the Kabid may choose another decision).
func (o *Office) ActByLink(ctx context.Context, token, formToken string, d booking.Decision, note string) (booking.Request, error) {
	l, u, err := o.CheckAction(ctx, token)
	if err != nil {
		return booking.Request{}, err
	}
	return o.ActByCheckedLink(ctx, l, u, token, formToken, d, note)
}

// ActByCheckedLink is ActByLink for a caller that has just had the link of
// token and its user from CheckAction (the page's POST, which needs the
// user's language before it acts), so they are not read twice.
func (o *Office) ActByCheckedLink(ctx context.Context, l ActionLink, u booking.User, token, formToken string,
	d booking.Decision, note string) (booking.Request, error) {
	return o.ActByCheckedLinkWith(ctx, l, u, token, formToken, booking.Act{Decision: d, Note: note})
}

// ActByCheckedLinkWith is ActByCheckedLink taking the decision, the note
// and the records of steps 8 and 9 (the readiness checklist, the usage
// report) from act; the link sets its action, actor and language.
func (o *Office) ActByCheckedLinkWith(ctx context.Context, l ActionLink, u booking.User, token, formToken string,
	act booking.Act) (booking.Request, error) {
	if !hmac.Equal([]byte(formToken), []byte(o.ActionFormToken(token))) {
		return booking.Request{}, ErrLinkForged
	}
	act.Action, act.Actor, act.Language = l.Action, o.ActorFor(u), u.Language
	r, err := o.Act(ctx, l.RequestID, act)
	if err != nil {
		return r, err
	}
	if _, err := o.opt.Store.UseLink(ctx, HashToken(token), o.Now()); err != nil {
		return r, fmt.Errorf("request %d: mark link used: %w", l.RequestID, err)
	}
	return r, nil
}

// Standards are the time standards the office measures steps against.
func (o *Office) Standards() booking.Standards { return o.opt.Standards }

// canonical reports whether enc is exactly how base64url writes b: no line
// break the decoder skipped, no unused bit set in the last digit.
func canonical(enc string, b []byte) bool {
	return base64.RawURLEncoding.EncodeToString(b) == enc
}

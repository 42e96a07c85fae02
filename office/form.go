package office

import (
	"crypto/hmac"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// A form that has no session behind it (the sign-in form, the public
// request form) carries a stateless form token: a random nonce, the time it
// expires, and a MAC of both under the office secret for one purpose
// ("login", "request"). A token forged, altered, for another form, or past
// its time is refused. The nonce makes each token unique, so the request
// form uses its token as the Idempotency-Key of its submission too: a double
// tap submits one request.

// SignForm returns a new form token for purpose, valid until expires.
func (o *Office) SignForm(purpose string, expires time.Time) string {
	nonce := base64.RawURLEncoding.EncodeToString(randomBytes(16))
	body := nonce + "." + strconv.FormatInt(expires.Unix(), 10)
	return body + "." + o.shortMAC("form:"+purpose, body)
}

// CheckForm reports whether token is a form token for purpose that has not
// expired at now.
func (o *Office) CheckForm(purpose, token string, now time.Time) bool {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return false
	}
	body, sig := token[:i], token[i+1:]
	if !hmac.Equal([]byte(sig), []byte(o.shortMAC("form:"+purpose, body))) {
		return false
	}
	_, exp, ok := strings.Cut(body, ".")
	if !ok {
		return false
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	return err == nil && now.Before(time.Unix(unix, 0))
}

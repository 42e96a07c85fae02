package office

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"strings"
)

// base32hex in lower case is the alphabet Google Calendar accepts for
// client-chosen event ids ([a-v0-9]), so a UID doubles as the event id.
var uidEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// NewUID returns a random, opaque, stable identifier for a booking: 128 bits
// in lower-case base32hex (26 characters).
func NewUID() string {
	return strings.ToLower(uidEncoding.EncodeToString(randomBytes(16)))
}

// TrackingToken returns the applicant's secret for request uid: 128 bits of an
// HMAC under the office secret. It is derived, not stored, so a replayed
// submission can hand the same token out again and a database leak reveals none.
func (o *Office) TrackingToken(uid string) string {
	return o.shortMAC("track", uid)
}

// VerifyTracking reports, in constant time, whether token is the tracking token of uid.
func (o *Office) VerifyTracking(uid, token string) bool {
	return hmac.Equal([]byte(token), []byte(o.TrackingToken(uid)))
}

func (o *Office) mac(purpose, msg string) []byte {
	h := hmac.New(sha256.New, o.opt.Secret)
	h.Write([]byte(purpose))
	h.Write([]byte{0})
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// shortMAC is a token derived from msg for purpose: 128 bits of its MAC,
// base64url.
func (o *Office) shortMAC(purpose, msg string) string {
	return base64.RawURLEncoding.EncodeToString(o.mac(purpose, msg)[:16])
}

// NewAPIToken returns a new staff bearer token and the hash to store.
func NewAPIToken() (token string, hash []byte) {
	token = "ccr_" + base64.RawURLEncoding.EncodeToString(randomBytes(32))
	return token, HashToken(token)
}

// HashToken is how bearer tokens are stored and looked up: SHA-256. The tokens
// carry 256 random bits, so a fast hash is enough; the database never holds one.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("office: no randomness: " + err.Error()) // crypto/rand never fails on Linux
	}
	return b
}

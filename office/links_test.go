package office

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// TestLinkSpellings: a signed link is accepted only as the office wrote it.
// Base64 skips line breaks and may carry unused bits in its last digit, so
// other spellings of one link would hash differently and escape the record
// of used links.
func TestLinkSpellings(t *testing.T) {
	o, _ := testOffice(t)
	signin := o.SignSignin(o.NewSigninLink(7))
	action := o.SignAction(ActionLink{RequestID: 3, TransitionID: 4, Action: booking.ActionForward,
		UserID: 7, Expires: o.Now().Add(time.Hour)})
	if _, err := o.OpenSignin(signin); err != nil {
		t.Fatalf("the sign-in link as written: %v", err)
	}
	if _, err := o.OpenAction(action); err != nil {
		t.Fatalf("the action link as written: %v", err)
	}
	respell := func(tok string) []string {
		enc, sig, _ := strings.Cut(tok, ".")
		return []string{
			enc[:3] + "\n" + enc[3:] + "." + sig,
			enc + "\r\n." + sig,
			enc + "." + sig[:2] + "\n" + sig[2:],
			enc[:len(enc)-1] + flipLow(enc[len(enc)-1]) + "." + sig,
		}
	}
	for i, tok := range respell(signin) {
		if _, err := o.OpenSignin(tok); !errors.Is(err, ErrLinkForged) {
			t.Errorf("sign-in spelling %d %q: %v, want ErrLinkForged", i, tok, err)
		}
	}
	for i, tok := range respell(action) {
		if _, err := o.OpenAction(tok); !errors.Is(err, ErrLinkForged) {
			t.Errorf("action spelling %d %q: %v, want ErrLinkForged", i, tok, err)
		}
	}
}

// flipLow changes a base64url digit into the one with its lowest bit
// flipped; in a last digit that carries unused bits, that bit is unused.
func flipLow(c byte) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(digits, c)
	return string(digits[i^1])
}

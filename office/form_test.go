package office

import (
	"strings"
	"testing"
	"time"
)

// TestFormToken: a form token passes for its purpose until it expires, and
// fails altered, for another purpose, after its time, or under another
// secret; two tokens are never the same.
func TestFormToken(t *testing.T) {
	o, _ := testOffice(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tok := o.SignForm("login", now.Add(time.Hour))
	if !o.CheckForm("login", tok, now) {
		t.Fatalf("a fresh token %q is refused", tok)
	}
	if o.SignForm("login", now.Add(time.Hour)) == tok {
		t.Error("two tokens are the same")
	}
	other := New(Options{Store: o.opt.Store, Secret: []byte(strings.Repeat("y", 32))})
	for name, ok := range map[string]bool{
		"other purpose":  o.CheckForm("request", tok, now),
		"expired":        o.CheckForm("login", tok, now.Add(time.Hour)),
		"altered expiry": o.CheckForm("login", strings.Replace(tok, ".", ".9", 1), now),
		"cut":            o.CheckForm("login", tok[:len(tok)-1], now),
		"empty":          o.CheckForm("login", "", now),
		"other secret":   other.CheckForm("login", tok, now),
	} {
		if ok {
			t.Errorf("%s: accepted", name)
		}
	}
}

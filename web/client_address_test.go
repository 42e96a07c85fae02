package web

import (
	"net/http"
	"net/netip"
	"testing"
)

// TestClientAddress: a peer that is not a trusted proxy is the client,
// whatever X-Forwarded-For says; behind a trusted proxy the client is the
// right-most untrusted hop.
func TestClientAddress(t *testing.T) {
	h := &handler{proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("127.0.0.1/32")}}
	for _, c := range []struct {
		remote string
		xff    []string
		want   string
	}{
		{"203.0.113.9:5000", nil, "203.0.113.9"},
		{"203.0.113.9:5000", []string{"1.2.3.4"}, "203.0.113.9"}, // not a proxy: its header is the client's word
		{"127.0.0.1:5000", nil, "127.0.0.1"},
		{"127.0.0.1:5000", []string{"198.51.100.7"}, "198.51.100.7"},
		{"127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.7, 10.0.0.5"}, "198.51.100.7"}, // the client forged the first
		{"127.0.0.1:5000", []string{"6.6.6.6", "198.51.100.7"}, "198.51.100.7"},         // two header lines
		{"[::ffff:127.0.0.1]:5000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"127.0.0.1:5000", []string{"garbage, 10.0.0.5"}, "127.0.0.1"}, // nothing usable: the proxy
	} {
		r := &http.Request{RemoteAddr: c.remote, Header: http.Header{}}
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := h.clientAddress(r); got != c.want {
			t.Errorf("%s with %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddress is the IP address of the client, as the sign-in limits
// count it and the sign-in record keeps it. Behind a reverse proxy every
// request comes from the proxy; when the peer is one of the trusted proxies
// (config trusted_proxies), the client is the right-most address of
// X-Forwarded-For that is not itself a trusted proxy (the left-most ones are
// whatever the client chose to send).
func (h *handler) clientAddress(r *http.Request) string {
	peer := peerAddr(r.RemoteAddr)
	if !h.trusted(peer) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a hop that is not an address: trust nothing to its left
		}
		if a = a.Unmap(); !h.trusted(a) {
			return a.String()
		}
	}
	return peer.String()
}

// peerAddr is the address of host:port (a bare address is taken as is).
func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// trusted reports whether a is a trusted proxy.
func (h *handler) trusted(a netip.Addr) bool {
	for _, p := range h.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

package main

import (
	"strings"
	"testing"
)

func TestUserFeedTokenRotate(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := run(t, dir, "", "user", "add", "--email", "kabid@diskominfo.example",
		"--name", "Kabid", "--role", "kabid"); code != exitOK {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	last := func() string {
		t.Helper()
		code, out, errs := run(t, dir, "", "user", "feed-token", "rotate", "kabid@diskominfo.example")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != exitOK {
			t.Fatalf("rotate: %d %q %q", code, out, errs)
		}
		return lines[len(lines)-1]
	}
	first, second := last(), last()
	const prefix = "http://127.0.0.1:8080/feeds/staff/ccf_"
	for _, u := range []string{first, second} {
		// 32 random bytes are 43 base64url characters.
		if !strings.HasPrefix(u, prefix) || !strings.HasSuffix(u, ".ics") || len(u) != len(prefix)+43+len(".ics") {
			t.Errorf("feed URL %q", u)
		}
	}
	if first == second {
		t.Error("rotation gave the same token")
	}
	if code, _, _ := run(t, dir, "", "user", "feed-token", "rotate", "nobody@diskominfo.example"); code != exitFailure {
		t.Errorf("unknown user: exit %d", code)
	}
}

package main

import (
	"strings"
	"testing"
)

// TestUserDisableEnableRevoke: the administration commands, on a known
// and an unknown email.
func TestUserDisableEnableRevoke(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "", "user", "add", "--email", "kabid@diskominfo.example",
		"--name", "Kabid", "--role", "kabid")
	if code != exitOK {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	for range 2 {
		if code, out, errs = run(t, dir, "", "user", "token", "kabid@diskominfo.example"); code != exitOK {
			t.Fatalf("user token: %d %q %q", code, out, errs)
		}
	}
	code, out, _ = run(t, dir, "", "user", "token", "revoke", "kabid@diskominfo.example")
	if code != exitOK || !strings.Contains(out, "revoked 2 API token(s) of kabid@diskominfo.example") {
		t.Fatalf("user token revoke: %d %q", code, out)
	}
	run(t, dir, "", "user", "token", "kabid@diskominfo.example")
	code, out, _ = run(t, dir, "", "user", "disable", "Kabid@Diskominfo.example")
	if code != exitOK || !strings.Contains(out, "disabled kabid@diskominfo.example: ended 0 web session(s), revoked 1 API token(s)") {
		t.Fatalf("user disable: %d %q", code, out)
	}
	code, out, _ = run(t, dir, "", "user", "list")
	if code != exitOK || !strings.Contains(out, "disabled") {
		t.Fatalf("user list after disable: %d %q", code, out)
	}
	code, out, _ = run(t, dir, "", "user", "enable", "kabid@diskominfo.example")
	if code != exitOK || !strings.Contains(out, "enabled kabid@diskominfo.example") {
		t.Fatalf("user enable: %d %q", code, out)
	}
	code, out, _ = run(t, dir, "", "user", "list")
	if code != exitOK || strings.Contains(out, "disabled") || !strings.Contains(out, "active") {
		t.Fatalf("user list after enable: %d %q", code, out)
	}
	for _, args := range [][]string{
		{"user", "disable", "nobody@diskominfo.example"},
		{"user", "enable", "nobody@diskominfo.example"},
		{"user", "token", "revoke", "nobody@diskominfo.example"},
	} {
		code, _, errs := run(t, dir, "", args...)
		if code != exitFailure || !strings.Contains(errs, `no user has the email "nobody@diskominfo.example"`) {
			t.Errorf("%s: exit %d, %q", strings.Join(args, " "), code, errs)
		}
	}
	if code, _, _ := run(t, dir, "", "user", "disable"); code != exitUsage {
		t.Errorf("user disable without an email: exit %d, want %d", code, exitUsage)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/calendar/google/googletest"
)

// TestGoogleCommands: check prints the fake calendar's name and zone;
// status reads the database.
func TestGoogleCommands(t *testing.T) {
	fake := googletest.New()
	defer fake.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "ccroom.yaml")
	yaml := "google:\n  calendar_id: cc@group.calendar.google.com\n  endpoint: " + fake.Endpoint() + "\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, dir, "", "google", "check", "--config", file)
	if code != exitOK || !strings.Contains(out, "Command Center") || !strings.Contains(out, "Asia/Jakarta") {
		t.Fatalf("google check: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, dir, "", "google", "status", "--config", file)
	if code != exitOK || !strings.Contains(out, "last import: never") || !strings.Contains(out, "0 pending") {
		t.Fatalf("google status: %d %q %q", code, out, errs)
	}
}

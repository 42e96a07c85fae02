package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the CLI in-process in dir and returns the exit status and output.
func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(append(args, "--data-dir", dir), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "rahasia-sekali\n", "user", "add", "--email", "Sek@Diskominfo.example",
		"--name", "Sekretaris", "--role", "secretary", "--role", "admin", "--password-stdin")
	if code != exitOK || !strings.Contains(out, "sek@diskominfo.example") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, dir, "", "user", "grant", "sek@diskominfo.example", "--role", "head",
		"--from", "2026-12-01", "--until", "2026-12-05")
	if code != exitOK || !strings.Contains(out, "head (2026-12-01..2026-12-05)") {
		t.Fatalf("user grant: %d %q", code, out)
	}
	code, out, _ = run(t, dir, "", "user", "list")
	if code != exitOK || !strings.Contains(out, "secretary, admin, head (2026-12-01..2026-12-05)") {
		t.Fatalf("user list: %d %q", code, out)
	}
	code, out, _ = run(t, dir, "", "user", "token", "sek@diskominfo.example")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || !strings.HasPrefix(lines[len(lines)-1], "ccr_") {
		t.Fatalf("user token: %d %q", code, out)
	}
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"unknown command", []string{"bogus"}, exitUsage},
		{"missing required flag", []string{"user", "add", "--email", "a@b.example"}, exitUsage},
		{"unknown role", []string{"user", "add", "--email", "a@b.example", "--name", "A", "--role", "raja"}, exitUsage},
		{"bad email", []string{"user", "add", "--email", "not-an-address", "--name", "A", "--role", "head"}, exitFailure},
		{"unknown user", []string{"user", "token", "nobody@b.example"}, exitFailure},
		{"bad month", []string{"logbook", "export", "--month", "2026-13"}, exitUsage},
		{"bad time", []string{"request", "check", "--start", "2026-12-10 09:00", "--end", "x"}, exitUsage},
		{"version", []string{"version"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, dir, "", tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.want, errs)
			}
			if code != exitOK && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Fatalf("stderr is not one line: %q", errs)
			}
		})
	}
}

func TestRequestCheck(t *testing.T) {
	dir := t.TempDir()
	// Far ahead, a weekday, within the default hours: available.
	code, out, errs := run(t, dir, "", "request", "check", "--start", "2027-03-03T09:00:00+07:00",
		"--end", "2027-03-03T11:00:00+07:00", "--participants", "20", "--equipment", "computer:2")
	if code != exitOK || !strings.Contains(out, "available: yes") {
		t.Fatalf("check: %d %q %q", code, out, errs)
	}
	// Over capacity: exit 1 and the rule named.
	code, out, _ = run(t, dir, "", "request", "check", "--start", "2027-03-03T09:00:00+07:00",
		"--end", "2027-03-03T11:00:00+07:00", "--participants", "500")
	if code != exitFailure || !strings.Contains(out, "rule capacity") {
		t.Fatalf("over capacity: %d %q", code, out)
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("listen: 127.0.0.1:9999\nrules:\n  lead_dayz: 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, dir, "", "config", "check", "--config", bad)
	if code != exitFailure || !strings.Contains(errs, "rules.lead_dayz") {
		t.Fatalf("bad config: %d %q", code, errs)
	}
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("secret: 0123456789abcdef0123456789abcdef-long\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, dir, "", "config", "check", "--config", good)
	if code != exitOK || strings.Contains(out, "0123456789abcdef") || !strings.Contains(out, "lead_days: 3") {
		t.Fatalf("good config: %d %q %q", code, out, errs)
	}
}

func TestLogbookExportEmptyMonth(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "lb.csv")
	code, _, errs := run(t, dir, "", "logbook", "export", "--month", "2026-12", "-o", file)
	if code != exitOK {
		t.Fatalf("export: %d %q", code, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil || len(rows) != 1 || rows[0][0] != "No" {
		t.Fatalf("want only the header row, got %v (%v)", rows, err)
	}
}

package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestPrecedenceFileEnvFlags(t *testing.T) {
	t.Parallel()
	file := "listen: 127.0.0.1:1001\nbase_url: http://file.example\ndata_dir: /file\nrules:\n  lead_days: 1\n"
	env := map[string]string{"CCROOM_LISTEN": "127.0.0.1:1002", "CCROOM_DATA_DIR": "/env"}

	c := mustLoad(t, file, nil)
	if c.Listen != "127.0.0.1:1001" || c.Rules.LeadDays != 1 || c.DataDir != "/file" {
		t.Errorf("file: %+v", c)
	}
	c = mustLoad(t, file, env)
	if c.Listen != "127.0.0.1:1002" || c.DataDir != "/env" || c.BaseURL != "http://file.example" {
		t.Errorf("env over file: listen %q data_dir %q base_url %q", c.Listen, c.DataDir, c.BaseURL)
	}
	c = mustLoad(t, file, env, "--listen", "127.0.0.1:1003")
	if c.Listen != "127.0.0.1:1003" || c.DataDir != "/env" {
		t.Errorf("flag over env: listen %q data_dir %q", c.Listen, c.DataDir)
	}
	if c.Database.DSN != filepath.Join("/env", "ccroom.db") {
		t.Errorf("database.dsn = %q, want it under the data_dir from env", c.Database.DSN)
	}
}

func TestEnvNamesNestedKeys(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "", map[string]string{
		"CCROOM_RULES_LEAD_DAYS":       "5",
		"CCROOM_RULES_WORKING_DAYS":    "true",
		"CCROOM_RULES_BUFFER":          "15m",
		"CCROOM_DATABASE_DRIVER":       "postgres",
		"CCROOM_DATABASE_DSN":          "postgres://u:p@localhost/ccroom",
		"CCROOM_MAIL_SMTP_PORT":        "465",
		"CCROOM_GOOGLE_POLL_INTERVAL":  "2m",
		"CCROOM_FEEDS_SHOW_TENTATIVE":  "false",
		"CCROOM_RULES_CLOSED_DATES":    " 2026-12-25 , 2027-01-01,",
		"CCROOM_RULES_CLOSED_WEEKDAYS": "sunday,Sabtu",
		"CCROOM_LOG_LEVEL":             "",
	})
	r := c.Rules
	if r.LeadDays != 5 || !r.WorkingDays || r.Buffer != 15*time.Minute {
		t.Errorf("rules = %+v", r)
	}
	if c.Database.Driver != "postgres" || c.Database.DSN != "postgres://u:p@localhost/ccroom" {
		t.Errorf("database = %+v", c.Database)
	}
	if c.Mail.SMTP.Port != 465 || c.Google.PollInterval != 2*time.Minute || c.Feeds.ShowTentative {
		t.Errorf("mail %+v google %+v feeds %+v", c.Mail.SMTP, c.Google, c.Feeds)
	}
	if !reflect.DeepEqual(r.ClosedDates, []string{"2026-12-25", "2027-01-01"}) {
		t.Errorf("closed_dates = %q", r.ClosedDates)
	}
	if !reflect.DeepEqual(r.ClosedWeekdays, []string{"sunday", "Sabtu"}) {
		t.Errorf("closed_weekdays = %q", r.ClosedWeekdays)
	}
	if c.Log.Level != "info" {
		t.Errorf("an empty variable changed log.level to %q", c.Log.Level)
	}
}

func TestFlagsOnlyWhenSet(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "", nil, "--data-dir", "/flag", "--log-format", "json", "--base-url", "https://x.example/")
	if c.DataDir != "/flag" || c.Log.Format != "json" || c.BaseURL != "https://x.example" {
		t.Errorf("flags: %+v", c)
	}
	if c.Listen != "127.0.0.1:8080" {
		t.Errorf("an unset flag changed listen to %q", c.Listen)
	}
}

func TestConfigFlagNamesTheFile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "listen: 127.0.0.1:9999\n")
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.String("config", "", "defined by the command before AddFlags")
	AddFlags(fs)
	if err := fs.Parse([]string{"--config", path}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(Options{Flags: fs, LookupEnv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	if c.File != path || c.Listen != "127.0.0.1:9999" {
		t.Errorf("File %q listen %q", c.File, c.Listen)
	}
}

func TestUnknownKeysRefused(t *testing.T) {
	t.Parallel()
	tests := []struct{ yaml, key string }{
		{"lisen: 127.0.0.1:8080\n", "lisen"},
		{"rules:\n  lead_day: 3\n", "rules.lead_day"},
		{"mail:\n  smtp:\n    hots: smtp.example\n", "mail.smtp.hots"},
		{"rooms:\n  - id: a\n    name: A\n    capacity: 1\n  - id: b\n    name: B\n    capacity: 2\n    colour: red\n", "rooms[1].colour"},
		{"log:\n  level: info\n  file: x.log\n", "log.file"},
	}
	for _, tt := range tests {
		_, err := load(t, tt.yaml, nil)
		if KeyOf(err) != tt.key {
			t.Errorf("%q: error %v, want one naming %s", tt.yaml, err, tt.key)
			continue
		}
		if !strings.Contains(err.Error(), "config: "+tt.key+": unknown key") {
			t.Errorf("message %q", err)
		}
	}
}

func TestBadValuesNameTheirKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		yaml string
		env  map[string]string
		key  string
	}{
		{"rules:\n  lead_days: many\n", nil, "rules.lead_days"},
		{"rules:\n  buffer: 15\n", nil, "rules.buffer"},
		{"rules:\n  max_duration: forever\n", nil, "rules.max_duration"},
		{"", map[string]string{"CCROOM_GOOGLE_POLL_INTERVAL": "often"}, "google.poll_interval"},
		{"", map[string]string{"CCROOM_RULES_HORIZON_DAYS": "x"}, "rules.horizon_days"},
		{"rooms:\n  - id: a\n    name: A\n    capacity: lots\n", nil, "rooms[0].capacity"},
		{"rooms:\n  - id: a\n    name: A\n    capacity: 1\n    equipment:\n      tv: two\n", nil, "rooms[0].equipment.tv"},
		{"rules: 3\n", nil, "rules"},
	}
	for _, tt := range tests {
		_, err := load(t, tt.yaml, tt.env)
		if KeyOf(err) != tt.key {
			t.Errorf("%q %v: error %v, want one naming %s", tt.yaml, tt.env, err, tt.key)
		}
	}
}

func TestMissingFileIsAnError(t *testing.T) {
	t.Parallel()
	_, err := Load(Options{File: filepath.Join(t.TempDir(), "nope.yaml"), LookupEnv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("err = %v", err)
	}
}

func TestMalformedFileIsAnError(t *testing.T) {
	t.Parallel()
	_, err := load(t, "listen: [\n", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "config: ") {
		t.Errorf("err = %v", err)
	}
}

func TestDefaultFileInWorkingDirectory(t *testing.T) {
	// Not parallel: it changes the working directory.
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(DefaultFile, []byte("listen: 127.0.0.1:7777\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(Options{LookupEnv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	if c.File != DefaultFile || c.Listen != "127.0.0.1:7777" {
		t.Errorf("File %q listen %q", c.File, c.Listen)
	}
}

func TestDottedKeys(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"rules.lead_days":        "rules.lead_days",
		"rooms[0].equipment[tv]": "rooms[0].equipment.tv",
		"standards[forward]":     "standards.forward",
		"rooms[12]":              "rooms[12]",
		"broken]name[":           "broken]name[",
	} {
		if got := dotted(in); got != want {
			t.Errorf("dotted(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSkipValidate(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "listen: nowhere\nrules:\n  open: late\n")
	if _, err := Load(Options{File: path, LookupEnv: noEnv}); KeyOf(err) != "listen" {
		t.Errorf("Load: %v", err)
	}
	c, err := Load(Options{File: path, LookupEnv: noEnv, SkipValidate: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Problems()); n != 2 {
		t.Errorf("problems: %v", c.Problems())
	}
}

// TestBaseURLFollowsListen: with no base_url, links use the listen address.
func TestBaseURLFollowsListen(t *testing.T) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	AddFlags(fs)
	if err := fs.Parse([]string{"--listen", "0.0.0.0:8765"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(Options{Flags: fs, LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil || c.BaseURL != "http://127.0.0.1:8765" {
		t.Fatalf("base_url %q (%v), want http://127.0.0.1:8765", c.BaseURL, err)
	}
	if c := Default(); c.BaseURL != "http://127.0.0.1:8080" {
		t.Fatalf("default base_url %q", c.BaseURL)
	}
}

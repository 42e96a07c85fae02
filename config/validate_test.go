package config

import (
	"strings"
	"testing"
	"time"
)

func TestValidateNamesTheKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(c *Config)
		want   string // the whole message starts with "config: " and this
	}{
		{"listen", func(c *Config) { c.Listen = "8080" }, `listen: "8080" is not host:port`},
		{"listen port", func(c *Config) { c.Listen = "localhost:http99" }, `listen: "localhost:http99" has no valid port`},
		{"base_url", func(c *Config) { c.BaseURL = "ccroom.example" }, `base_url: "ccroom.example" is not an absolute http(s) URL`},
		{"base_url scheme", func(c *Config) { c.BaseURL = "ftp://x" }, `base_url: "ftp://x"`},
		{"timezone", func(c *Config) { c.Timezone = "Asia/Pekanbaru" }, `timezone: "Asia/Pekanbaru" is not a known time zone`},
		{"data_dir", func(c *Config) { c.DataDir = "" }, `data_dir: empty`},
		{"secret", func(c *Config) { c.Secret = "short" }, `secret: too short: 5 bytes`},
		{"log.format", func(c *Config) { c.Log.Format = "xml" }, `log.format: "xml" is not one of text, json`},
		{"log.level", func(c *Config) { c.Log.Level = "loud" }, `log.level: "loud" is not one of`},
		{"database.driver", func(c *Config) { c.Database.Driver = "mysql" }, `database.driver: "mysql" is not one of sqlite, postgres`},
		{"database.dsn", func(c *Config) { c.Database = DB{Driver: "postgres"} }, `database.dsn: empty (required when database.driver is postgres)`},
		{"lead_days", func(c *Config) { c.Rules.LeadDays = -1 }, `rules.lead_days: -1 is negative`},
		{"lead_days horizon", func(c *Config) { c.Rules.LeadDays = 400 }, `rules.lead_days: 400 is beyond rules.horizon_days`},
		{"buffer", func(c *Config) { c.Rules.Buffer = -time.Minute }, `rules.buffer: -1m0s is out of range`},
		{"open", func(c *Config) { c.Rules.Open = "25:00" }, `rules.open: "25:00" is not a time of day (want HH:MM)`},
		{"open format", func(c *Config) { c.Rules.Open = "7:00" }, `rules.open: "7:00" is not a time of day`},
		{"close", func(c *Config) { c.Rules.Close = "24:01" }, `rules.close: "24:01" is not a time of day`},
		{"close before open", func(c *Config) { c.Rules.Close = "06:00" }, `rules.close: "06:00" is not after rules.open ("07:00")`},
		{"closed_dates", func(c *Config) { c.Rules.ClosedDates = []string{"2026-12-25", "25-12-2026"} }, `rules.closed_dates[1]: "25-12-2026" is not a date (want YYYY-MM-DD)`},
		{"closed_weekdays", func(c *Config) { c.Rules.ClosedWeekdays = []string{"funday"} }, `rules.closed_weekdays[0]: "funday" is not a weekday`},
		{"closed_weekdays all", func(c *Config) {
			c.Rules.ClosedWeekdays = []string{"minggu", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu"}
		}, `rules.closed_weekdays: every day of the week is closed`},
		{"min_duration", func(c *Config) { c.Rules.MinDuration = 0 }, `rules.min_duration: 0s is too short (want at least 1m0s)`},
		{"max_duration", func(c *Config) { c.Rules.MaxDuration = 10 * time.Minute }, `rules.max_duration: 10m0s is shorter than rules.min_duration (15m0s)`},
		{"horizon_days", func(c *Config) { c.Rules.HorizonDays = 3651 }, `rules.horizon_days: 3651 is out of range (want 1 to 3650)`},
		{"suggestions", func(c *Config) { c.Rules.Suggestions = 2 }, `rules.suggestions: 2 is out of range (want 3 to 20)`},
		{"standards action", func(c *Config) { c.Standards["nap"] = time.Minute }, `standards.nap: unknown action (want one of submit, forward,`},
		{"standards duration", func(c *Config) { c.Standards["forward"] = 0 }, `standards.forward: 0s is not a positive duration`},
		{"rooms empty", func(c *Config) { c.Rooms = nil }, `rooms: empty (want at least one room)`},
		{"room id", func(c *Config) { c.Rooms[0].ID = "Command Center" }, `rooms[0].id: "Command Center" is not a room id`},
		{"room id long", func(c *Config) { c.Rooms[0].ID = strings.Repeat("a", 65) }, `rooms[0].id: "aaaa`},
		{"room id duplicate", func(c *Config) {
			c.Rooms = append(c.Rooms, Room{ID: "command-center", Name: "Again", Capacity: 1})
		}, `rooms[1].id: duplicate "command-center"`},
		{"room name", func(c *Config) { c.Rooms[0].Name = " " }, `rooms[0].name: empty`},
		{"room capacity", func(c *Config) { c.Rooms[0].Capacity = 0 }, `rooms[0].capacity: 0 is less than 1`},
		{"equipment name", func(c *Config) { c.Rooms[0].Equipment["Big TV"] = 1 }, `rooms[0].equipment.Big TV: not an equipment name`},
		{"equipment count", func(c *Config) { c.Rooms[0].Equipment["computer"] = -1 }, `rooms[0].equipment.computer: -1 is negative`},
		{"mail.language", func(c *Config) { c.Mail.Language = "fr" }, `mail.language: "fr" is not one of id, en`},
		{"mail.from", func(c *Config) { c.Mail.From = "nobody" }, `mail.from: "nobody" is not an email address`},
		{"mail.smtp.tls", func(c *Config) { c.Mail.SMTP.TLS = "ssl" }, `mail.smtp.tls: "ssl" is not one of none, starttls, tls`},
		{"mail.link_days", func(c *Config) { c.Mail.LinkDays = 0 }, `mail.link_days: 0 is out of range (want 1 to 60)`},
		{"mail.escalate_after", func(c *Config) { c.Mail.EscalateAfter = 1 }, `mail.escalate_after: 1 is out of range (want 2 to 50)`},
		{"mail.office", func(c *Config) { c.Mail.Office = "kantor" }, `mail.office: "kantor" is not an email address`},
		{"mail.smtp.port", func(c *Config) { c.Mail.SMTP.Port = 70000 }, `mail.smtp.port: 70000 is out of range`},
		{"mail.smtp.timeout", func(c *Config) { c.Mail.SMTP.Timeout = 0 }, `mail.smtp.timeout: 0s is too short`},
		{"google.poll_interval", func(c *Config) { c.Google.PollInterval = 5 * time.Second }, `google.poll_interval: 5s is too short (want at least 10s)`},
		{"google.endpoint", func(c *Config) { c.Google.Endpoint = "localhost:9000" }, `google.endpoint: "localhost:9000" is not an absolute http(s) URL`},
		{"google.calendar_id", func(c *Config) { c.Google.Enabled, c.Google.CredentialsFile = true, "k.json" }, `google.calendar_id: empty (required when google.enabled is true)`},
		{"google.credentials_file", func(c *Config) { c.Google.Enabled, c.Google.CalendarID = true, "x@group.calendar.google.com" }, `google.credentials_file: empty (required when google.enabled is true, unless`},
		{"trusted_proxies", func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8", "nginx"} }, `trusted_proxies: "nginx" is not an IP address or CIDR prefix (want e.g. 127.0.0.1 or 10.0.0.0/24)`},
		{"sessions.idle_timeout", func(c *Config) { c.Sessions.IdleTimeout = time.Second }, `sessions.idle_timeout: 1s is out of range (want 1m to 720h)`},
		{"sessions.lifetime", func(c *Config) { c.Sessions.Lifetime = time.Hour }, `sessions.lifetime: 1h0m0s is out of range (want sessions.idle_timeout to 2160h)`},
		{"outbox.keep_days", func(c *Config) { c.Outbox.KeepDays = 0 }, `outbox.keep_days: 0 is out of range (want 1 to 3650)`},
		{"rules.holidays file", func(c *Config) { c.Rules.Holidays = "/nonexistent/libur.ics" }, `rules.holidays: "/nonexistent/libur.ics" is not a readable ICS file`},
		{"rules.holidays calendar", func(c *Config) { c.Rules.Holidays = "id.indonesian#holiday@group.v.calendar.google.com" }, `rules.holidays: "id.indonesian#holiday@group.v.calendar.google.com" is read as a Google calendar id, which needs google.credentials_file`},
		{"conflicts.standard", func(c *Config) { c.Conflicts.Standard = 0 }, `conflicts.standard: 0s is too short (want at least 1m0s)`},
		{"conflicts.standard long", func(c *Config) { c.Conflicts.Standard = 25 * time.Hour }, `conflicts.standard: 25h0m0s is longer than a day`},
		{"feeds.cancelled_days", func(c *Config) { c.Feeds.CancelledDays = -1 }, `feeds.cancelled_days: -1 is out of range`},
		{"feeds.past_days", func(c *Config) { c.Feeds.PastDays = 4000 }, `feeds.past_days: 4000 is out of range`},
		{"feeds.future_days", func(c *Config) { c.Feeds.FutureDays = 0 }, `feeds.future_days: 0 is out of range (want 1 to 3650)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Default()
			tt.change(c)
			err := c.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "config: "+tt.want) {
				t.Errorf("error %q\nwant it to start with %q", err, "config: "+tt.want)
			}
			if key := KeyOf(err); !strings.HasPrefix(tt.want, key+":") {
				t.Errorf("KeyOf = %q", key)
			}
			if n := len(c.Problems()); n != 1 {
				t.Errorf("%d problems, want 1: %v", n, c.Problems())
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Listen = ":0"
	c.BaseURL = "https://ccroom.pelalawankab.go.id/booking"
	c.Database = DB{Driver: "postgres", DSN: "postgres://ccroom@localhost/ccroom"}
	c.Rules.Close = "24:00"
	c.Rules.Buffer = 15 * time.Minute
	c.Rules.ClosedWeekdays = []string{"Minggu", "saturday"}
	c.Rooms[0].Equipment["projector"] = 0
	c.Mail.SMTP = SMTP{Host: "smtp.example", Port: 465, TLS: "tls", Timeout: time.Minute}
	c.Google = Google{Enabled: true, CalendarID: "x@group.calendar.google.com", CredentialsFile: "key.json",
		Endpoint: "http://127.0.0.1:9999/", PollInterval: 10 * time.Second}
	c.Secret = strings.Repeat("s", 32)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestProblemsListsAll(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Listen = "nowhere"
	c.Rules.Open = "late"
	c.Mail.Language = "fr"
	var keys []string
	for _, err := range c.Problems() {
		keys = append(keys, KeyOf(err))
	}
	if strings.Join(keys, " ") != "listen rules.open mail.language" {
		t.Errorf("keys = %v", keys)
	}
	if KeyOf(c.Validate()) != "listen" {
		t.Errorf("Validate = %v, want the first problem", c.Validate())
	}
}

// TestGoogleEndpointNeedsNoCredentials: a replacement endpoint (a fake in
// tests) is reached without credentials.
func TestGoogleEndpointNeedsNoCredentials(t *testing.T) {
	c := Default()
	c.Google.Enabled, c.Google.CalendarID, c.Google.Endpoint = true, "cc@group.calendar.google.com", "http://127.0.0.1:9/"
	if err := c.Validate(); err != nil {
		t.Fatalf("endpoint without credentials: %v", err)
	}
}

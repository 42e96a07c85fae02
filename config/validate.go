package config

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// minSecret is the shortest secret accepted for signing links, in bytes.
const minSecret = 32

// Validate checks every key and returns the first problem found, or nil. The
// error is an *Error whose message starts with the key:
//
//	config: rules.open: "25:00" is not a time of day (want HH:MM)
func (c *Config) Validate() error {
	if p := c.Problems(); len(p) > 0 {
		return p[0]
	}
	return nil
}

// Problems returns every problem Validate would report, section by section,
// so that `ccroom config check` can list them all at once.
func (c *Config) Problems() []error {
	var v checker
	v.server(c)
	v.office(c)
	v.database(c)
	v.rules(c)
	v.standards(c)
	v.rooms(c)
	v.mail(c)
	v.google(c)
	v.feeds(c)
	v.sessions(c)
	v.between("outbox.keep_days", c.Outbox.KeepDays, 1, 3650)
	v.atLeast("conflicts.standard", c.Conflicts.Standard, time.Minute)
	if c.Conflicts.Standard > 24*time.Hour {
		v.fail("conflicts.standard", "%s is longer than a day", c.Conflicts.Standard)
	}
	return v.errs
}

// checker collects the problems of a Config.
type checker struct{ errs []error }

func (v *checker) fail(key, format string, args ...any) {
	v.errs = append(v.errs, &Error{Key: key, Message: fmt.Sprintf(format, args...)})
}

func (v *checker) add(err error) {
	if err != nil {
		v.errs = append(v.errs, err)
	}
}

func (v *checker) oneOf(key, value string, allowed ...string) {
	if !slices.Contains(allowed, value) {
		v.fail(key, "%q is not one of %s", value, strings.Join(allowed, ", "))
	}
}

func (v *checker) between(key string, n, lo, hi int) {
	if n < lo || n > hi {
		v.fail(key, "%d is out of range (want %d to %d)", n, lo, hi)
	}
}

func (v *checker) atLeast(key string, d, lo time.Duration) {
	if d < lo {
		v.fail(key, "%s is too short (want at least %s)", d, lo)
	}
}

func (v *checker) server(c *Config) {
	v.listen("listen", c.Listen)
	v.url("base_url", c.BaseURL)
	_, err := c.Location()
	v.add(err)
	if c.DataDir == "" {
		v.fail("data_dir", "empty (want a directory, e.g. ./data)")
	}
	if c.Secret != "" && len(c.Secret) < minSecret {
		v.fail("secret", "too short: %d bytes (want at least %d, or none to have one generated)",
			len(c.Secret), minSecret)
	}
	v.oneOf("log.format", c.Log.Format, "text", "json")
	v.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	v.tls(c.TLS)
	for _, p := range c.TrustedProxies {
		if _, err := (&Config{TrustedProxies: []string{p}}).Proxies(); err != nil {
			v.fail("trusted_proxies", "%q is not an IP address or CIDR prefix (want e.g. 127.0.0.1 or 10.0.0.0/24)", p)
		}
	}
}

// tls checks that both files or neither are given, and that they load as a
// key pair, so a bad certificate stops the start and not the first client.
func (v *checker) tls(t TLS) {
	switch {
	case !t.Enabled():
		return
	case t.CertFile == "":
		v.fail("tls.cert_file", "empty while tls.key_file is set (want both or neither)")
	case t.KeyFile == "":
		v.fail("tls.key_file", "empty while tls.cert_file is set (want both or neither)")
	default:
		if _, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile); err != nil {
			v.fail("tls.cert_file", "cannot load with tls.key_file: %v", err)
		}
	}
}

func (v *checker) listen(key, addr string) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		v.fail(key, "%q is not host:port (e.g. 127.0.0.1:8080)", addr)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		v.fail(key, "%q has no valid port (want 0 to 65535)", addr)
	}
}

func (v *checker) url(key, s string) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.fail(key, "%q is not an absolute http(s) URL", s)
	}
}

func (v *checker) database(c *Config) {
	v.oneOf("database.driver", c.Database.Driver, "sqlite", "postgres")
	if c.Database.DSN == "" {
		v.fail("database.dsn", "empty (required when database.driver is %s)", c.Database.Driver)
	}
}

func (v *checker) rules(c *Config) {
	r := c.Rules
	if r.LeadDays < 0 {
		v.fail("rules.lead_days", "%d is negative", r.LeadDays)
	} else if r.LeadDays > r.HorizonDays {
		v.fail("rules.lead_days", "%d is beyond rules.horizon_days (%d)", r.LeadDays, r.HorizonDays)
	}
	if r.Buffer < 0 || r.Buffer >= 24*time.Hour {
		v.fail("rules.buffer", "%s is out of range (want 0 to under 24h)", r.Buffer)
	}
	v.hours(r)
	v.closed(c)
	v.atLeast("rules.min_duration", r.MinDuration, time.Minute)
	if r.MaxDuration < r.MinDuration {
		v.fail("rules.max_duration", "%s is shorter than rules.min_duration (%s)", r.MaxDuration, r.MinDuration)
	}
	v.between("rules.horizon_days", r.HorizonDays, 1, 3650)
	v.between("rules.suggestions", r.Suggestions, 3, 20)
	v.holidays(c)
}

// holidays checks rules.holidays: an ICS file that exists, or a Google
// calendar id with the means to read it.
func (v *checker) holidays(c *Config) {
	h := c.Rules.Holidays
	switch {
	case h == "":
	case HolidaysFromFile(h):
		if fi, err := os.Stat(h); err != nil || fi.IsDir() {
			v.fail("rules.holidays", "%q is not a readable ICS file", h)
		}
	case c.Google.CredentialsFile == "" && c.Google.Endpoint == "":
		v.fail("rules.holidays", "%q is read as a Google calendar id, which needs google.credentials_file", h)
	}
}

// HolidaysFromFile reports whether rules.holidays value v names an ICS file
// (an existing file, or a name ending in .ics) rather than a Google calendar.
func HolidaysFromFile(v string) bool {
	if fi, err := os.Stat(v); err == nil && !fi.IsDir() {
		return true
	}
	return strings.HasSuffix(strings.ToLower(v), ".ics")
}

func (v *checker) hours(r Rules) {
	open, err1 := parseClock("rules.open", r.Open)
	closing, err2 := parseClock("rules.close", r.Close)
	v.add(err1)
	v.add(err2)
	if err1 == nil && err2 == nil && closing <= open {
		v.fail("rules.close", "%q is not after rules.open (%q)", r.Close, r.Open)
	}
}

func (v *checker) closed(c *Config) {
	loc, err := c.Location()
	if err != nil {
		loc = time.UTC // the time zone's own error is reported by server
	}
	_, err = parseDates(c.Rules.ClosedDates, loc)
	v.add(err)
	days, err := parseWeekdays(c.Rules.ClosedWeekdays)
	v.add(err)
	seen := map[time.Weekday]bool{}
	for _, d := range days {
		seen[d] = true
	}
	if len(seen) == 7 {
		v.fail("rules.closed_weekdays", "every day of the week is closed")
	}
}

package config

import (
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func (v *checker) standards(c *Config) {
	for _, a := range slices.Sorted(maps.Keys(c.Standards)) {
		key := "standards." + a
		if _, ok := booking.StepFor(booking.Action(a)); !ok {
			v.fail(key, "unknown action (want one of %s)", actionNames())
			continue
		}
		if d := c.Standards[a]; d <= 0 {
			v.fail(key, "%s is not a positive duration", d)
		}
	}
}

// actionNames lists the SOP's actions, for messages.
func actionNames() string {
	names := make([]string, 0, len(booking.Steps))
	for _, s := range booking.Steps {
		names = append(names, string(s.Action))
	}
	return strings.Join(names, ", ")
}

func (v *checker) rooms(c *Config) {
	if len(c.Rooms) == 0 {
		v.fail("rooms", "empty (want at least one room)")
	}
	seen := map[string]bool{}
	for i, r := range c.Rooms {
		key := fmt.Sprintf("rooms[%d]", i)
		switch {
		case !isSlug(r.ID, 64):
			v.fail(key+".id", "%q is not a room id (want 1 to 64 of a-z, 0-9, -)", r.ID)
		case seen[r.ID]:
			v.fail(key+".id", "duplicate %q", r.ID)
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Name) == "" {
			v.fail(key+".name", "empty")
		}
		if r.Capacity < 1 {
			v.fail(key+".capacity", "%d is less than 1", r.Capacity)
		}
		v.equipment(key+".equipment", r.Equipment)
	}
}

func (v *checker) equipment(key string, eq map[string]int) {
	for _, name := range slices.Sorted(maps.Keys(eq)) {
		if !isSlug(name, 64) {
			v.fail(key+"."+name, "not an equipment name (want 1 to 64 of a-z, 0-9, -)")
		} else if eq[name] < 0 {
			v.fail(key+"."+name, "%d is negative", eq[name])
		}
	}
}

// isSlug reports whether s is 1 to max characters of a-z, 0-9 and -.
func isSlug(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

func (v *checker) mail(c *Config) {
	m := c.Mail
	v.oneOf("mail.language", m.Language, "id", "en")
	if _, err := mail.ParseAddress(m.From); err != nil {
		v.fail("mail.from", "%q is not an email address (want e.g. \"ccroom <ccroom@example.go.id>\")", m.From)
	}
	v.oneOf("mail.smtp.tls", m.SMTP.TLS, "none", "starttls", "tls")
	v.between("mail.smtp.port", m.SMTP.Port, 1, 65535)
	v.atLeast("mail.smtp.timeout", m.SMTP.Timeout, time.Second)
	if m.Office != "" {
		if _, err := mail.ParseAddress(m.Office); err != nil {
			v.fail("mail.office", "%q is not an email address", m.Office)
		}
	}
	v.between("mail.escalate_after", m.EscalateAfter, 2, 50)
	v.between("mail.readiness_hours", m.ReadinessHours, 1, 168)
	v.between("mail.link_days", m.LinkDays, 1, 60)
}

func (v *checker) google(c *Config) {
	g := c.Google
	v.atLeast("google.poll_interval", g.PollInterval, 10*time.Second)
	if g.Endpoint != "" {
		v.url("google.endpoint", g.Endpoint)
	}
	if !g.Enabled {
		return
	}
	if g.CalendarID == "" {
		v.fail("google.calendar_id", "empty (required when google.enabled is true)")
	}
	if g.CredentialsFile == "" && g.Endpoint == "" {
		// Only a replacement endpoint (a test fake) may be reached without credentials.
		v.fail("google.credentials_file", "empty (required when google.enabled is true, unless google.endpoint names a replacement)")
	}
}

func (v *checker) feeds(c *Config) {
	f := c.Feeds
	v.between("feeds.cancelled_days", f.CancelledDays, 0, 3650)
	v.between("feeds.past_days", f.PastDays, 0, 3650)
	v.between("feeds.future_days", f.FutureDays, 1, 3650)
}

func (v *checker) sessions(c *Config) {
	s := c.Sessions
	if s.IdleTimeout < time.Minute || s.IdleTimeout > 30*24*time.Hour {
		v.fail("sessions.idle_timeout", "%s is out of range (want 1m to 720h)", s.IdleTimeout)
	}
	if s.Lifetime < s.IdleTimeout || s.Lifetime > 90*24*time.Hour {
		v.fail("sessions.lifetime", "%s is out of range (want sessions.idle_timeout to 2160h)", s.Lifetime)
	}
}

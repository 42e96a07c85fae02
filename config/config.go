// Package config holds ccroom's configuration: the Config struct and its
// defaults, loading with viper (the file ccroom.yaml, then the environment
// CCROOM_*, then command-line flags, each overriding the one before), and one
// Validate whose errors name the key at fault.
//
// Every key has a default, so ccroom starts with no file at all: SQLite under
// ./data, listening on 127.0.0.1:8080, the Command Center room. An environment
// variable names a key in upper case with its dots turned into underscores and
// the prefix CCROOM_ (rules.lead_days is CCROOM_RULES_LEAD_DAYS); a list is
// given there comma-separated. Unknown keys in the file are refused, so a typo
// never passes silently.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// Config is ccroom's whole configuration. Build it with Load (or Default), and
// pass it as *Config; there is no global. The mapstructure tags are the keys.
type Config struct {
	// File is the config file Load read, empty when it read none. Not a key.
	File string `mapstructure:"-"`

	Listen   string   `mapstructure:"listen"`   // host:port the HTTP server listens on
	BaseURL  string   `mapstructure:"base_url"` // absolute URL the daemon is reached at, for links; empty: http://listen
	Timezone string   `mapstructure:"timezone"` // the office time zone (IANA name)
	DataDir  string   `mapstructure:"data_dir"` // where the database, the secret and mail files live
	Secret   string   `mapstructure:"secret"`   // key for signed links; empty: generated into data_dir
	Log      Log      `mapstructure:"log"`      // logging
	TLS      TLS      `mapstructure:"tls"`      // HTTPS without a proxy
	Office   Office   `mapstructure:"office"`   // the office that runs the room
	Database DB       `mapstructure:"database"` // which database
	Rules    Rules    `mapstructure:"rules"`    // the booking rules
	Rooms    []Room   `mapstructure:"rooms"`    // the rooms that can be borrowed
	Mail     Mail     `mapstructure:"mail"`     // outgoing email
	Google   Google   `mapstructure:"google"`   // sync with a shared Google Calendar
	Feeds    Feeds    `mapstructure:"feeds"`    // the iCal feeds
	Sessions Sessions `mapstructure:"sessions"` // staff sign-in on the web pages
	Outbox   Outbox   `mapstructure:"outbox"`   // the queue of outbound jobs
	// Conflicts configure the watch over bookings already checked.
	Conflicts Conflicts `mapstructure:"conflicts"`
	// TrustedProxies are the addresses (IP or CIDR) of the reverse proxies
	// in front of ccroom, whose X-Forwarded-For names the client.
	TrustedProxies []string `mapstructure:"trusted_proxies"`
	// Standards are the SOP's time standards per action (forward: 5m, ...).
	Standards map[string]time.Duration `mapstructure:"standards"`
}

// Log says how the daemon logs with log/slog.
type Log struct {
	Format string `mapstructure:"format"` // text or json
	Level  string `mapstructure:"level"`  // debug, info, warn or error
}

// TLS makes the daemon serve HTTPS itself (HTTP/2 is then negotiated). Both
// files or neither: without them ccroom speaks plain HTTP, for a proxy in front.
type TLS struct {
	CertFile string `mapstructure:"cert_file"` // PEM certificate chain
	KeyFile  string `mapstructure:"key_file"`  // PEM private key
}

// Enabled reports whether the daemon serves HTTPS.
func (t TLS) Enabled() bool { return t.CertFile != "" || t.KeyFile != "" }

// Outbox says how long the queue of outbound jobs (emails, Google pushes)
// keeps the jobs it finished: the daemon deletes them KeepDays after they
// were done. Jobs failed for good stay until an administrator retries or
// dismisses them.
// Conflicts configure the standing conflicts: problems that arise after a
// booking was checked (a Google event, a holiday, a change of the config).
type Conflicts struct {
	// Standard is the time standard of the Kabid's decision on a conflict
	// (and of the secretary carrying it out): the SOP's 5 minutes of a
	// re-check. Past it the Kabid is reminded and the head told.
	Standard time.Duration `mapstructure:"standard"`
}

type Outbox struct {
	KeepDays int `mapstructure:"keep_days"` // e.g. 30
}

// Sessions bound a staff member's web session: it ends after IdleTimeout
// without a request, and after Lifetime whatever happens.
type Sessions struct {
	IdleTimeout time.Duration `mapstructure:"idle_timeout"` // e.g. 2h
	Lifetime    time.Duration `mapstructure:"lifetime"`     // e.g. 12h
}

// Office is the government office that lends the room, as it signs letters.
// Its printed documents (package printdoc: the answer to the applicant, the
// disposition sheet) carry its letterhead and its head's signature block.
type Office struct {
	Name string `mapstructure:"name"` // e.g. Dinas Komunikasi dan Informatika Kabupaten Pelalawan
	// Letterhead are the lines of the letterhead (kop surat), printed
	// centred in capitals; empty: the name.
	Letterhead []string `mapstructure:"letterhead"`
	Address    string   `mapstructure:"address"` // under the letterhead: street, telephone, email; empty: none
	City       string   `mapstructure:"city"`    // where letters are dated: "Pangkalan Kerinci, 20 November 2026"
	// HeadName, HeadNIP and HeadPosition sign the answer to the applicant;
	// an empty name leaves a line to write it by hand, an empty NIP no line.
	HeadName     string `mapstructure:"head_name"`
	HeadNIP      string `mapstructure:"head_nip"`
	HeadPosition string `mapstructure:"head_position"` // e.g. Kepala Dinas Komunikasi dan Informatika
	// LetterNumber is the pattern of the answer's letter number: {number}
	// is the request's (CC-000012), {year} the year of the answer.
	LetterNumber string `mapstructure:"letter_number"`
}

// DB names the database engine and where it is.
type DB struct {
	Driver string `mapstructure:"driver"` // sqlite or postgres
	// DSN is the SQLite file or the PostgreSQL connection string; for SQLite it
	// defaults to data_dir/ccroom.db.
	DSN string `mapstructure:"dsn"`
}

// Rules are the booking rules as written in the config; BookingRules turns
// them into booking.Rules.
type Rules struct {
	LeadDays       int           `mapstructure:"lead_days"`       // days between today and the start
	WorkingDays    bool          `mapstructure:"working_days"`    // count lead days as working days
	Buffer         time.Duration `mapstructure:"buffer"`          // setup/teardown around bookings
	Open           string        `mapstructure:"open"`            // opening time, HH:MM
	Close          string        `mapstructure:"close"`           // closing time, HH:MM
	ClosedDates    []string      `mapstructure:"closed_dates"`    // YYYY-MM-DD
	ClosedWeekdays []string      `mapstructure:"closed_weekdays"` // sunday or minggu, ...
	MinDuration    time.Duration `mapstructure:"min_duration"`
	MaxDuration    time.Duration `mapstructure:"max_duration"`
	HorizonDays    int           `mapstructure:"horizon_days"` // how far ahead a request may start
	// Holidays is where holidays come from: the id of a Google calendar of
	// holidays (read with google.credentials_file), or the path of an ICS
	// file. Each closes its date. Empty: none but closed_dates.
	Holidays    string `mapstructure:"holidays"`
	Suggestions int    `mapstructure:"suggestions"` // free slots proposed on a conflict
}

// Room is a room as written in the config.
type Room struct {
	ID        string         `mapstructure:"id"`
	Name      string         `mapstructure:"name"`
	Capacity  int            `mapstructure:"capacity"`
	Equipment map[string]int `mapstructure:"equipment"` // name -> how many
}

// Mail configures outgoing email. With no SMTP host, email is written as .eml
// files under data_dir/mail and logged.
type Mail struct {
	SMTP     SMTP   `mapstructure:"smtp"`
	From     string `mapstructure:"from"`     // the sender, "Name <address>"
	Language string `mapstructure:"language"` // id or en, for officials who chose none
	// Office is the address invitations name as ORGANIZER; empty: from.
	Office string `mapstructure:"office"`
	// ReminderEscalation: a step this many times past its standard is
	// reported to the one above (after one reminder to the actor at 1x).
	EscalateAfter int `mapstructure:"escalate_after"`
	// ReadinessHours: how long before the start the readiness email goes
	// to the Kabid and the vidcon team.
	ReadinessHours int `mapstructure:"readiness_hours"`
	// LinkDays is how many days a signed action link in an email works.
	LinkDays int `mapstructure:"link_days"`
}

// SMTP is the mail server ccroom sends through.
type SMTP struct {
	Host     string        `mapstructure:"host"` // empty: no SMTP, write .eml files
	Port     int           `mapstructure:"port"`
	Username string        `mapstructure:"username"`
	Password string        `mapstructure:"password"`
	TLS      string        `mapstructure:"tls"`     // none, starttls or tls
	Timeout  time.Duration `mapstructure:"timeout"` // per connection and command
}

// Enabled reports whether mail goes through an SMTP server.
func (s SMTP) Enabled() bool { return s.Host != "" }

// Google configures the sync with a shared Google Calendar.
type Google struct {
	Enabled         bool   `mapstructure:"enabled"`
	CalendarID      string `mapstructure:"calendar_id"`
	CredentialsFile string `mapstructure:"credentials_file"` // service account key or OAuth client
	// Subject is the user a service account acts as (domain-wide delegation).
	Subject string `mapstructure:"subject"`
	// Endpoint replaces Google's base URL (tests point it at a fake).
	Endpoint      string        `mapstructure:"endpoint"`
	PollInterval  time.Duration `mapstructure:"poll_interval"`  // how often events are imported
	ShowTentative bool          `mapstructure:"show_tentative"` // push requests still in the chain
	// TokenFile is where `ccroom google login` keeps the OAuth token (0600);
	// empty: data_dir/google-token.json.
	TokenFile string `mapstructure:"token_file"`
}

// Feeds configures the iCal feeds.
type Feeds struct {
	ShowTentative bool `mapstructure:"show_tentative"` // requests in the chain as TENTATIVE
	CancelledDays int  `mapstructure:"cancelled_days"` // keep cancelled events this long
	PastDays      int  `mapstructure:"past_days"`      // window: days back
	FutureDays    int  `mapstructure:"future_days"`    // window: days ahead
	// UIDDomain ends every event UID (uid@domain). It must never change once
	// phones subscribe, or every booking shows twice.
	UIDDomain string `mapstructure:"uid_domain"`
	// CacheSeconds is the Cache-Control max-age of the feeds.
	CacheSeconds int `mapstructure:"cache_seconds"`
}

// Default returns the embedded default configuration: what ccroom runs on with
// no file, no environment and no flags.
func Default() *Config {
	c := base()
	c.derive()
	return c
}

// base is the default configuration before derived values (database.dsn) are
// filled in; Load registers it with viper as the defaults.
func base() *Config {
	return &Config{
		Listen:   "127.0.0.1:8080",
		Timezone: "Asia/Jakarta",
		DataDir:  "./data",
		Log:      Log{Format: "text", Level: "info"},
		Office: Office{Name: "Dinas Komunikasi dan Informatika Kabupaten Pelalawan",
			Letterhead: []string{"Pemerintah Kabupaten Pelalawan", "Dinas Komunikasi dan Informatika"},
			City:       "Pangkalan Kerinci", HeadPosition: "Kepala Dinas Komunikasi dan Informatika",
			LetterNumber: "{number}/Diskominfo/{year}"},
		Database: DB{Driver: "sqlite"},
		Rules: Rules{
			LeadDays: 3, Open: "07:00", Close: "18:00",
			ClosedDates: []string{}, ClosedWeekdays: []string{},
			MinDuration: 15 * time.Minute, MaxDuration: 12 * time.Hour,
			HorizonDays: 365, Suggestions: 3,
		},
		Rooms: []Room{defaultRoom()},
		Mail: Mail{
			SMTP:     SMTP{Port: 587, TLS: "starttls", Timeout: 30 * time.Second},
			From:     "ccroom <ccroom@localhost>",
			Language: "id", EscalateAfter: 3, ReadinessHours: 24, LinkDays: 7,
		},
		Google: Google{PollInterval: time.Minute, ShowTentative: true},
		Feeds: Feeds{ShowTentative: true, CancelledDays: 30, PastDays: 90, FutureDays: 365,
			UIDDomain: "ccroom", CacheSeconds: 300},
		Sessions:       Sessions{IdleTimeout: 2 * time.Hour, Lifetime: 12 * time.Hour},
		Outbox:         Outbox{KeepDays: 30},
		Conflicts:      Conflicts{Standard: 5 * time.Minute},
		TrustedProxies: []string{},
		Standards:      defaultStandards(),
	}
}

// derive fills in the values that default to others (database.dsn from
// data_dir for SQLite, base_url from listen), drops a trailing slash from
// base_url and gives a room with no equipment an empty map.
func (c *Config) derive() {
	if c.BaseURL == "" {
		c.BaseURL = listenURL(c.Listen, c.TLS.Enabled())
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	for i := range c.Rooms {
		if c.Rooms[i].Equipment == nil {
			c.Rooms[i].Equipment = map[string]int{}
		}
	}
	if c.Database.DSN == "" && c.Database.Driver == "sqlite" {
		c.Database.DSN = filepath.Join(c.DataDir, "ccroom.db")
	}
}

// listenURL is the URL of the listen address, for a daemon that nobody reaches
// through another name: a wildcard host becomes 127.0.0.1, and the scheme is
// https when the daemon serves TLS itself.
func listenURL(listen string, https bool) string {
	scheme := "http://"
	if https {
		scheme = "https://"
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return scheme + listen // Validate names listen
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return scheme + net.JoinHostPort(host, port)
}

func defaultRoom() Room {
	r := booking.DefaultRoom()
	return Room{ID: r.ID, Name: r.Name, Capacity: r.Capacity, Equipment: r.Equipment}
}

func defaultStandards() map[string]time.Duration {
	std := make(map[string]time.Duration)
	for a, d := range booking.DefaultStandards() {
		std[string(a)] = d
	}
	return std
}

// Proxies returns trusted_proxies as prefixes (an address is a prefix of
// its full length).
func (c *Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range c.TrustedProxies {
		if a, err := netip.ParseAddr(p); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies: %q is not an IP address or CIDR prefix", p)
		}
		out = append(out, pre.Masked())
	}
	return out, nil
}

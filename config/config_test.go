package config

import (
	"reflect"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

func TestDefaultValidates(t *testing.T) {
	t.Parallel()
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	if p := Default().Problems(); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
}

func TestLoadWithNothingIsDefault(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "", nil)
	if c.File != "" {
		t.Errorf("File = %q, want none", c.File)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("Load() = %+v\nwant %+v", c, Default())
	}
	if c.Database.DSN != "data/ccroom.db" {
		t.Errorf("database.dsn = %q", c.Database.DSN)
	}
}

func TestExampleFileIsTheDefault(t *testing.T) {
	t.Parallel()
	c, err := Load(Options{File: "../ccroom.example.yaml", LookupEnv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	c.File = ""
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("example = %+v\nwant %+v", c, Default())
	}
}

func noEnv(string) (string, bool) { return "", false }

func TestBookingRules(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, `
rules:
  lead_days: 2
  working_days: true
  buffer: 30m
  open: "08:30"
  close: "24:00"
  closed_dates: ["2026-12-25"]
  closed_weekdays: [Sunday, sabtu, "Jum'at"]
`, nil)
	r, err := c.BookingRules()
	if err != nil {
		t.Fatal(err)
	}
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	want := booking.Rules{
		Location: jakarta, LeadDays: 2, WorkingDays: true, Buffer: 30 * time.Minute,
		Open: 8*time.Hour + 30*time.Minute, Close: 24 * time.Hour,
		ClosedDates:    []time.Time{time.Date(2026, 12, 25, 0, 0, 0, 0, jakarta)},
		ClosedWeekdays: []time.Weekday{time.Sunday, time.Saturday, time.Friday},
		MinDuration:    15 * time.Minute, MaxDuration: 12 * time.Hour,
		HorizonDays: 365, Suggestions: 3,
	}
	if r.Location.String() != "Asia/Jakarta" {
		t.Errorf("Location = %v", r.Location)
	}
	r.Location, want.Location = nil, nil
	if !reflect.DeepEqual(r, want) {
		t.Errorf("BookingRules = %+v\nwant %+v", r, want)
	}
	if r.ClosedDates[0].Location().String() != "Asia/Jakarta" {
		t.Errorf("closed date not in the office zone: %v", r.ClosedDates[0])
	}
}

func TestBookingRoomsAndStandards(t *testing.T) {
	t.Parallel()
	c := Default()
	rooms := c.BookingRooms()
	if !reflect.DeepEqual(rooms, []booking.Room{booking.DefaultRoom()}) {
		t.Errorf("BookingRooms = %+v", rooms)
	}
	rooms[0].Equipment["computer"] = 99
	if c.Rooms[0].Equipment["computer"] == 99 {
		t.Error("BookingRooms shares the equipment map")
	}
	if !reflect.DeepEqual(c.BookingStandards(), booking.DefaultStandards()) {
		t.Errorf("BookingStandards = %v", c.BookingStandards())
	}
}

func TestStandardsMergeWithDefaults(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "standards:\n  forward: 7m\n", map[string]string{"CCROOM_STANDARDS_RELAY": "20m"})
	std := c.BookingStandards()
	if std[booking.ActionForward] != 7*time.Minute || std[booking.ActionRelay] != 20*time.Minute {
		t.Errorf("standards = %v", std)
	}
	if std[booking.ActionSubmit] != time.Hour {
		t.Errorf("submit lost its default: %v", std)
	}
}

// TestBaseURLFollowsTLS: a base_url derived from listen is https:// when the
// daemon serves TLS itself, http:// otherwise; a configured one is kept.
func TestBaseURLFollowsTLS(t *testing.T) {
	env := map[string]string{"CCROOM_LISTEN": "0.0.0.0:8443",
		"CCROOM_TLS_CERT_FILE": "/etc/ccroom/cert.pem", "CCROOM_TLS_KEY_FILE": "/etc/ccroom/key.pem"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	c, err := Load(Options{LookupEnv: lookup, SkipValidate: true})
	if err != nil || c.BaseURL != "https://127.0.0.1:8443" {
		t.Errorf("with TLS: %q %v", c.BaseURL, err)
	}
	delete(env, "CCROOM_TLS_CERT_FILE")
	delete(env, "CCROOM_TLS_KEY_FILE")
	if c, err = Load(Options{LookupEnv: lookup, SkipValidate: true}); err != nil || c.BaseURL != "http://127.0.0.1:8443" {
		t.Errorf("without TLS: %q %v", c.BaseURL, err)
	}
	env["CCROOM_BASE_URL"] = "https://ruang.pelalawankab.go.id/"
	if c, err = Load(Options{LookupEnv: lookup, SkipValidate: true}); err != nil || c.BaseURL != "https://ruang.pelalawankab.go.id" {
		t.Errorf("configured: %q %v", c.BaseURL, err)
	}
}

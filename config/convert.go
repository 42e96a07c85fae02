package config

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the office time zone loads even where the system has no zoneinfo

	"github.com/pelalawan/ccroom/booking"
)

// Location returns the office time zone (key timezone).
func (c *Config) Location() (*time.Location, error) {
	if c.Timezone == "" {
		return nil, &Error{Key: "timezone", Message: "empty (want an IANA name like Asia/Jakarta)"}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, &Error{Key: "timezone", Message: fmt.Sprintf("%q is not a known time zone", c.Timezone)}
	}
	return loc, nil
}

// BookingRules returns the rules section as booking.Rules: the time zone
// loaded, closed dates at midnight in it, opening hours as offsets from
// midnight. It fails only on a Config that Validate refuses.
func (c *Config) BookingRules() (booking.Rules, error) {
	loc, err := c.Location()
	if err != nil {
		return booking.Rules{}, err
	}
	r := c.Rules
	open, err := parseClock("rules.open", r.Open)
	if err != nil {
		return booking.Rules{}, err
	}
	closing, err := parseClock("rules.close", r.Close)
	if err != nil {
		return booking.Rules{}, err
	}
	dates, err := parseDates(r.ClosedDates, loc)
	if err != nil {
		return booking.Rules{}, err
	}
	days, err := parseWeekdays(r.ClosedWeekdays)
	if err != nil {
		return booking.Rules{}, err
	}
	return booking.Rules{
		Location: loc, LeadDays: r.LeadDays, WorkingDays: r.WorkingDays,
		ClosedDates: dates, ClosedWeekdays: days, Buffer: r.Buffer,
		Open: open, Close: closing, MinDuration: r.MinDuration, MaxDuration: r.MaxDuration,
		HorizonDays: r.HorizonDays, Suggestions: r.Suggestions,
	}, nil
}

// BookingRooms returns the rooms as booking.Room values, in the config's order.
// Each has its own copy of the equipment map.
func (c *Config) BookingRooms() []booking.Room {
	rooms := make([]booking.Room, 0, len(c.Rooms))
	for _, r := range c.Rooms {
		eq := maps.Clone(r.Equipment)
		if eq == nil {
			eq = map[string]int{}
		}
		rooms = append(rooms, booking.Room{ID: r.ID, Name: r.Name, Capacity: r.Capacity, Equipment: eq})
	}
	return rooms
}

// BookingStandards returns the time standards per action.
func (c *Config) BookingStandards() booking.Standards {
	std := make(booking.Standards, len(c.Standards))
	for a, d := range c.Standards {
		std[booking.Action(a)] = d
	}
	return std
}

// parseClock reads a time of day "HH:MM" (00:00 to 24:00) as an offset from
// midnight.
func parseClock(key, s string) (time.Duration, error) {
	bad := &Error{Key: key, Message: fmt.Sprintf("%q is not a time of day (want HH:MM)", s)}
	if len(s) != 5 || s[2] != ':' {
		return 0, bad
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0) {
		return 0, bad
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// parseDates reads the closed dates (YYYY-MM-DD) as midnight in loc.
func parseDates(list []string, loc *time.Location) ([]time.Time, error) {
	dates := make([]time.Time, 0, len(list))
	for i, s := range list {
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			return nil, &Error{
				Key:     fmt.Sprintf("rules.closed_dates[%d]", i),
				Message: fmt.Sprintf("%q is not a date (want YYYY-MM-DD)", s),
			}
		}
		dates = append(dates, d)
	}
	return dates, nil
}

// weekdays names the days in English and in Indonesian.
func weekdays() map[string]time.Weekday {
	return map[string]time.Weekday{
		"sunday": time.Sunday, "minggu": time.Sunday, "ahad": time.Sunday,
		"monday": time.Monday, "senin": time.Monday,
		"tuesday": time.Tuesday, "selasa": time.Tuesday,
		"wednesday": time.Wednesday, "rabu": time.Wednesday,
		"thursday": time.Thursday, "kamis": time.Thursday,
		"friday": time.Friday, "jumat": time.Friday, "jum'at": time.Friday,
		"saturday": time.Saturday, "sabtu": time.Saturday,
	}
}

// parseWeekdays reads weekday names, English or Indonesian, in any case.
func parseWeekdays(list []string) ([]time.Weekday, error) {
	names := weekdays()
	days := make([]time.Weekday, 0, len(list))
	for i, s := range list {
		d, ok := names[strings.ToLower(strings.TrimSpace(s))]
		if !ok {
			return nil, &Error{
				Key:     fmt.Sprintf("rules.closed_weekdays[%d]", i),
				Message: fmt.Sprintf("%q is not a weekday (want e.g. sunday or minggu)", s),
			}
		}
		days = append(days, d)
	}
	return days, nil
}

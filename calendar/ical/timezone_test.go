package ical

import (
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// onsetTo is an onset of a VTIMEZONE sub-component as a reader computes it:
// the instant and the offset in force from then on.
type onsetTo struct {
	at time.Time
	to int
}

// TestVTimezoneMatchesGo writes the VTIMEZONE of zones with and without DST,
// with yearly rules, irregular and abolished DST, half-hour and negative
// offsets; reads it back with go-ical, expands every DTSTART, RDATE and RRULE
// with rrule-go, and checks that the offset it gives equals Go's at instants
// through the years and on both sides of every transition.
func TestVTimezoneMatchesGo(t *testing.T) {
	zones := []string{"Asia/Jakarta", "UTC", "Asia/Kolkata", "Europe/Berlin", "America/New_York",
		"Australia/Sydney", "America/Sao_Paulo", "Asia/Tehran", "Europe/Dublin", "Africa/Casablanca",
		"Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "America/St_Johns", "Antarctica/Troll"}
	for _, name := range zones {
		t.Run(name, func(t *testing.T) {
			loc, err := time.LoadLocation(name)
			if err != nil {
				t.Skip(err)
			}
			w := &writer{}
			w.vtimezone(newZone(loc), 2045) // an event in 2044 stretches the range
			checkLines(t, w.buf)
			onsets := readVTimezone(t, w.buf)
			for _, at := range probes(loc, 2045) {
				_, want := at.In(loc).Zone()
				if got := offsetAt(onsets, at); got != want {
					t.Fatalf("at %v the VTIMEZONE gives offset %d, Go %d", at.UTC(), got, want)
				}
			}
		})
	}
}

// TestVTimezoneJakarta pins down the office's zone: one STANDARD, WIB, +0700.
func TestVTimezoneJakarta(t *testing.T) {
	w := &writer{}
	w.vtimezone(newZone(jakarta(t)), 2026)
	want := "BEGIN:VTIMEZONE\r\nTZID:Asia/Jakarta\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n" +
		"TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nTZNAME:WIB\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	if string(w.buf) != want {
		t.Fatalf("got\n%s\nwant\n%s", w.buf, want)
	}
}

// TestVTimezoneYearlyRule checks that a zone with a stable DST rule gets an
// open-ended RRULE, and that no RRULE has an UNTIL (see kindGroup).
func TestVTimezoneYearlyRule(t *testing.T) {
	tests := []struct{ zone, want string }{
		{"Europe/Berlin", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"},
		{"Europe/Berlin", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"},
		{"America/New_York", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"},
		{"America/New_York", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"},
	}
	for _, tt := range tests {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Skip(err)
		}
		w := &writer{}
		w.vtimezone(newZone(loc), 2030)
		if !strings.Contains(unfold(w.buf), tt.want) {
			t.Errorf("%s: VTIMEZONE lacks %q:\n%s", tt.zone, tt.want, w.buf)
		}
	}
	for _, name := range []string{"America/Sao_Paulo", "Asia/Tehran", "Europe/Moscow"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skip(err)
		}
		w := &writer{}
		w.vtimezone(newZone(loc), 2030)
		if strings.Contains(string(w.buf), "UNTIL") {
			t.Errorf("%s: an RRULE with UNTIL:\n%s", name, w.buf)
		}
	}
}

func TestUTCOffset(t *testing.T) {
	for sec, want := range map[int]string{25200: "+0700", 0: "+0000", -12600: "-0330", 19800: "+0530", -2670: "-004430"} {
		if got := utcOffset(sec); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", sec, got, want)
		}
	}
}

// probes are instants to compare offsets at: every few days from 1970 through
// lastYear, and a second before and at each of Go's transitions.
func probes(loc *time.Location, lastYear int) []time.Time {
	var list []time.Time
	for t := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC); t.Year() <= lastYear; t = t.Add(97 * time.Hour) {
		list = append(list, t)
	}
	for _, o := range observances(loc, tzFirstYear, lastYear)[1:] {
		list = append(list, o.at.Add(-time.Second), o.at)
	}
	return list
}

// offsetAt returns the offset of the last onset at or before t.
func offsetAt(onsets []onsetTo, t time.Time) int {
	i, found := slices.BinarySearchFunc(onsets, t, func(o onsetTo, t time.Time) int { return o.at.Compare(t) })
	if !found {
		i--
	}
	if i < 0 {
		return onsets[0].to
	}
	return onsets[i].to
}

// readVTimezone decodes a VTIMEZONE with go-ical and lists its onsets in time
// order.
func readVTimezone(t *testing.T, b []byte) []onsetTo {
	t.Helper()
	cal := decode(t, []byte("BEGIN:VCALENDAR\r\n"+string(b)+"END:VCALENDAR\r\n"))
	var onsets []onsetTo
	for _, sub := range cal.Children[0].Children {
		onsets = append(onsets, subOnsets(t, sub)...)
	}
	slices.SortFunc(onsets, func(a, b onsetTo) int { return a.at.Compare(b.at) })
	return onsets
}

// subOnsets expands one STANDARD or DAYLIGHT sub-component until 2050.
func subOnsets(t *testing.T, c *goical.Component) []onsetTo {
	from, to := parseOffset(t, c.Props.Get("TZOFFSETFROM").Value), parseOffset(t, c.Props.Get("TZOFFSETTO").Value)
	local := time.FixedZone("", from)
	read := func(v string) time.Time {
		at, err := time.ParseInLocation(localFormat, v, local)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	start := read(c.Props.Get("DTSTART").Value)
	list := []onsetTo{{start, to}}
	for _, p := range c.Props.Values("RDATE") {
		list = append(list, onsetTo{read(p.Value), to})
	}
	if p := c.Props.Get("RRULE"); p != nil {
		opt, err := rrule.StrToROption(p.Value)
		if err != nil {
			t.Fatal(err)
		}
		opt.Dtstart = start
		rule, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range rule.Between(start, time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC), true) {
			list = append(list, onsetTo{at, to})
		}
	}
	return list
}

// parseOffset reads a UTC-OFFSET such as +0700 or -004430.
func parseOffset(t *testing.T, v string) int {
	t.Helper()
	layout := "-0700"
	if len(v) == 7 {
		layout = "-070000"
	}
	at, err := time.Parse(layout, v)
	if err != nil {
		t.Fatalf("offset %q: %v", v, err)
	}
	_, off := at.Zone()
	return off
}

package ical

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// decode parses b with go-ical's decoder, which unfolds and unescapes.
func decode(t *testing.T, b []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the object: %v", err)
	}
	return cal
}

// propText returns an unescaped TEXT property, or fails.
func propText(t *testing.T, p goical.Props, name string) string {
	t.Helper()
	s, err := p.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// propTime returns a DATE-TIME property as an instant, or fails.
func propTime(t *testing.T, p goical.Props, name string) time.Time {
	t.Helper()
	v, err := p.DateTime(name, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestRoundTripStaff reads the staff feed back with go-ical and checks that
// every field of every booking survived: texts, times as instants, status,
// sequence, recurrence and its exceptions.
func TestRoundTripStaff(t *testing.T) {
	entries := allEntries(t)
	opt := testOptions(t)
	cal := decode(t, encode(t, &Feed{Options: opt, View: ViewStaff, Name: "Staf", Entries: entries}))
	checkCalendar(t, cal, "PUBLISH")
	events := cal.Events()
	if len(events) != len(entries)+1 { // the moved occurrence is a VEVENT of its own
		t.Fatalf("%d events, want %d", len(events), len(entries)+1)
	}
	byUID := map[string][]goical.Event{}
	for _, ev := range events {
		uid := propText(t, ev.Props, "UID")
		byUID[uid] = append(byUID[uid], ev)
	}
	for _, e := range entries {
		r := e.Request
		got := byUID[r.UID+"@"+opt.Domain]
		if len(got) == 0 {
			t.Fatalf("no event with the UID of request %d", r.ID)
		}
		ev := got[0].Props
		checkEqual(t, "SUMMARY", propText(t, ev, "SUMMARY"), expectedText(r.Title))
		checkEqual(t, "LOCATION", propText(t, ev, "LOCATION"), e.Room.Name)
		checkEqual(t, "STATUS", propText(t, ev, "STATUS"), status(r.Status))
		checkEqual(t, "SEQUENCE", ev.Get("SEQUENCE").Value, strconv.Itoa(r.Sequence))
		checkEqual(t, "DESCRIPTION", propText(t, ev, "DESCRIPTION"), expectedText(details(&r, "id")))
		checkEqual(t, "DTSTART", propTime(t, ev, "DTSTART"), r.Start)
		checkEqual(t, "DTEND", propTime(t, ev, "DTEND"), r.End)
		checkEqual(t, "LAST-MODIFIED", propTime(t, ev, "LAST-MODIFIED"), r.UpdatedAt)
		checkEqual(t, "URL", ev.Get("URL").Value, opt.RequestURL(r.ID))
	}
}

// TestRoundTripRecurrence checks the series: RRULE with UNTIL in UTC, the
// EXDATE, and the override's RECURRENCE-ID and new times.
func TestRoundTripRecurrence(t *testing.T) {
	e := recurring(t)
	events := decode(t, encode(t, &Feed{Options: testOptions(t), Entries: []Entry{e}})).Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want the master and one override", len(events))
	}
	master, override := events[0].Props, events[1].Props
	rule, err := master.RecurrenceRule()
	if err != nil || rule == nil {
		t.Fatalf("RRULE: %v", err)
	}
	// The last Monday, 11 May 08:00, must stay inside UNTIL (end of 11 May).
	checkEqual(t, "UNTIL", rule.Until, time.Date(2026, 5, 11, 16, 59, 59, 0, time.UTC))
	removed := e.Exceptions[1]
	checkEqual(t, "EXDATE", propTime(t, master, "EXDATE"), removed.Original)
	moved := e.Exceptions[0]
	checkEqual(t, "RECURRENCE-ID", propTime(t, override, "RECURRENCE-ID"), moved.Original)
	checkEqual(t, "override DTSTART", propTime(t, override, "DTSTART"), moved.Start)
	checkEqual(t, "override DTEND", propTime(t, override, "DTEND"), moved.End)
	if override.Get("RRULE") != nil || override.Get("EXDATE") != nil {
		t.Error("the override repeats the series' RRULE or EXDATE")
	}
	checkEqual(t, "DTSTART TZID", master.Get("DTSTART").Params.Get("TZID"), "Asia/Jakarta")
}

// TestRoundTripEmpty checks that an empty feed is a calendar go-ical reads,
// with its time zone and no event.
func TestRoundTripEmpty(t *testing.T) {
	cal := decode(t, encode(t, &Feed{Options: testOptions(t), Name: "Kosong"}))
	checkCalendar(t, cal, "PUBLISH")
	if n := len(cal.Events()); n != 0 {
		t.Fatalf("%d events in an empty feed", n)
	}
	checkEqual(t, "X-WR-CALNAME", propText(t, cal.Props, "X-WR-CALNAME"), "Kosong")
}

// checkCalendar checks the VCALENDAR's own properties and its VTIMEZONE.
func checkCalendar(t *testing.T, cal *goical.Calendar, method string) {
	t.Helper()
	checkEqual(t, "VERSION", propText(t, cal.Props, "VERSION"), "2.0")
	checkEqual(t, "METHOD", propText(t, cal.Props, "METHOD"), method)
	checkEqual(t, "CALSCALE", propText(t, cal.Props, "CALSCALE"), "GREGORIAN")
	if !strings.Contains(propText(t, cal.Props, "PRODID"), "ccroom") {
		t.Error("PRODID does not name ccroom")
	}
	var zones int
	for _, c := range cal.Children {
		if c.Name == "VTIMEZONE" {
			zones++
			checkEqual(t, "TZID", propText(t, c.Props, "TZID"), "Asia/Jakarta")
		}
	}
	checkEqual(t, "VTIMEZONE count", zones, 1)
}

// checkEqual compares values of a comparable type, times by instant.
func checkEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if g, ok := any(got).(time.Time); ok {
		if !g.Equal(any(want).(time.Time)) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
		return
	}
	if got != want {
		t.Errorf("%s = %q, want %q", what, any(got), any(want))
	}
}

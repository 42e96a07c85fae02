package ical

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// python3 is Debian's interpreter, which has python3-icalendar; the one first on
// PATH may be another without it.
const python3 = "/usr/bin/python3"

// pyReader prints, for each file named on its command line, the VEVENTs as
// python3-icalendar reads them, with times as UTC instants.
const pyReader = `
import datetime, json, sys, icalendar
def utc(c, name):
    if name not in c:
        return ""
    return c.decoded(name).astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
out = {}
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    out[path] = [{"uid": str(e["UID"]), "rid": utc(e, "RECURRENCE-ID"), "start": utc(e, "DTSTART"),
                  "end": utc(e, "DTEND"), "summary": str(e.get("SUMMARY", "")), "status": str(e.get("STATUS", ""))}
                 for e in cal.walk("VEVENT")]
json.dump(out, sys.stdout)
`

// pyEvent is one VEVENT as either parser read it.
type pyEvent struct {
	UID     string `json:"uid"`
	RID     string `json:"rid"`
	Start   string `json:"start"`
	End     string `json:"end"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
}

// readWithPython parses files with python3-icalendar, or skips the test when
// it is not installed (apt-get install python3-icalendar).
func readWithPython(t *testing.T, files ...string) map[string][]pyEvent {
	t.Helper()
	if err := exec.Command(python3, "-c", "import icalendar").Run(); err != nil {
		t.Skipf("python3-icalendar is not available (%v): apt-get install python3-icalendar", err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python3, append([]string{"-c", pyReader}, files...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3-icalendar failed: %v\n%s", err, stderr.Bytes())
	}
	var events map[string][]pyEvent
	if err := json.Unmarshal(out, &events); err != nil {
		t.Fatal(err)
	}
	return events
}

// goEvents reads a file's VEVENTs with go-ical, in the same shape.
func goEvents(t *testing.T, b []byte) []pyEvent {
	var list []pyEvent
	for _, ev := range decode(t, b).Events() {
		p := ev.Props
		e := pyEvent{UID: propText(t, p, "UID"), Summary: propText(t, p, "SUMMARY"), Status: propText(t, p, "STATUS")}
		e.Start = propTime(t, p, "DTSTART").UTC().Format(utcFormat)
		e.End = propTime(t, p, "DTEND").UTC().Format(utcFormat)
		if p.Get("RECURRENCE-ID") != nil {
			e.RID = propTime(t, p, "RECURRENCE-ID").UTC().Format(utcFormat)
		}
		list = append(list, e)
	}
	return list
}

// TestPythonReadsGoldenFiles parses every golden file with Debian's
// python3-icalendar and checks that it finds the same events (count, UIDs,
// recurrence ids, instants, summaries, statuses) as go-ical.
func TestPythonReadsGoldenFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.ics"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	got := readWithPython(t, files...)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if want := goEvents(t, b); !slices.Equal(got[f], want) {
			t.Errorf("%s: python3-icalendar reads\n%+v\ngo-ical reads\n%+v", f, got[f], want)
		}
	}
}

// TestPythonReadsVTimezone writes feeds in zones with DST under a TZID no
// zone database knows, so python3-icalendar must use our VTIMEZONE (its
// to_tz), and checks that each event's instant is Go's.
func TestPythonReadsVTimezone(t *testing.T) {
	zones := []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Sao_Paulo", "Asia/Tehran"}
	dir := t.TempDir()
	var files []string
	want := map[string][]string{}
	for i, name := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skip(err)
		}
		f := filepath.Join(dir, fmt.Sprintf("zone%d.ics", i))
		want[f] = writeZoneFeed(t, f, loc)
		files = append(files, f)
	}
	got := readWithPython(t, files...)
	for i, f := range files {
		var starts []string
		for _, e := range got[f] {
			starts = append(starts, e.Start)
		}
		if !slices.Equal(starts, want[f]) {
			t.Errorf("%s: python3-icalendar reads other instants than Go", zones[i])
		}
	}
}

// writeZoneFeed writes a feed in loc with an event at noon every 11 days from
// 1975 to 2037, renames the zone, and returns the events' starts in UTC.
func writeZoneFeed(t *testing.T, path string, loc *time.Location) []string {
	opt := testOptions(t)
	opt.Location = loc
	var entries []Entry
	var starts []string
	for d := time.Date(1975, 1, 1, 12, 0, 0, 0, loc); d.Year() < 2038; d = d.AddDate(0, 0, 11) {
		r := booking.Request{UID: fmt.Sprintf("z%d", len(entries)), Title: "x", Visibility: booking.VisibilityPublic,
			Start: d, End: d.Add(time.Hour), Status: booking.StatusApproved}
		entries = append(entries, Entry{Request: r})
		starts = append(starts, d.UTC().Format(utcFormat))
	}
	b := encode(t, &Feed{Options: opt, Entries: entries})
	b = bytes.ReplaceAll(b, []byte(loc.String()), []byte("X-Test-"+strings.ReplaceAll(loc.String(), "/", "-")))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return starts
}

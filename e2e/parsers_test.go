package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The two iCalendar parsers that read the live feeds, neither written here:
//
//   - Debian's python3-icalendar, run by Debian's /usr/bin/python3 (the
//     python3 first on PATH may be another one without it):
//     apt-get install python3-icalendar
//   - Mozilla's ical.js from npm (the parser Thunderbird uses), run by node:
//     npm install --prefix DIR ical.js@2.2.1, then CCROOM_ICALJS_DIR=DIR
//     (or install it into e2e/testdata).
//
// Without one of them the test skips, unless CCROOM_E2E_REQUIRE=1 (CI sets
// it): then it fails.

const python3 = "/usr/bin/python3"

// parsed is what a parser saw in the files it read.
type parsed struct {
	Parser string                `json:"parser"`
	Files  map[string]parsedFile `json:"files"`
}

// parsedFile is one calendar as a parser read it.
type parsedFile struct {
	Calendar  map[string]string `json:"calendar"`  // VCALENDAR properties
	Timezones []string          `json:"timezones"` // TZID of each VTIMEZONE
	Events    []parsedEvent     `json:"events"`
	Values    []string          `json:"values"` // "NAME:value" of every property of every component
}

// parsedEvent is one VEVENT; instants are UTC, 2006-01-02T15:04:05Z.
type parsedEvent struct {
	UID          string   `json:"uid"`
	Summary      string   `json:"summary"`
	Status       string   `json:"status"`
	Location     string   `json:"location"`
	Description  string   `json:"description"`
	Sequence     int      `json:"sequence"`
	Start        string   `json:"dtstart"`
	End          string   `json:"dtend"`
	RecurrenceID string   `json:"recurrence_id"`
	RRule        string   `json:"rrule"`
	Exdates      []string `json:"exdates"`
	TZID         string   `json:"tzid"`
	// Occurrences are the starts ical.js expands from RRULE minus EXDATE
	// (python3-icalendar does not expand).
	Occurrences []string `json:"occurrences"`
	Values      []string `json:"values"`
}

// parser runs one third-party parser over files.
type parser struct {
	name string
	run  func(t *testing.T, files []string) parsed
}

// missing skips the test, or fails it when CCROOM_E2E_REQUIRE=1.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CCROOM_E2E_REQUIRE") == "1" {
		t.Fatalf("CCROOM_E2E_REQUIRE=1 but "+format, args...)
	}
	t.Skipf(format, args...)
}

// findParsers returns both parsers, or skips (fails) when one is missing.
func findParsers(t *testing.T) []parser {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "parse_icalendar.py"))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(python3, "-c", "import icalendar").CombinedOutput(); err != nil {
		missing(t, "%s cannot import icalendar (%v: %s): apt-get install python3-icalendar", python3, err, bytes.TrimSpace(out))
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node is not installed (%v): ical.js needs Node.js", err)
	}
	dir := os.Getenv("CCROOM_ICALJS_DIR")
	if dir == "" {
		dir = "testdata"
	}
	if dir, err = filepath.Abs(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ical.js", "package.json")); err != nil {
		missing(t, "ical.js is not installed in %s (%v): npm install --prefix DIR ical.js@2.2.1 and set CCROOM_ICALJS_DIR=DIR", dir, err)
	}
	mjs, err := filepath.Abs(filepath.Join("testdata", "parse_icaljs.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	return []parser{
		{"python3-icalendar", func(t *testing.T, files []string) parsed {
			return runParser(t, exec.Command(python3, append([]string{script}, files...)...))
		}},
		{"ical.js", func(t *testing.T, files []string) parsed {
			return runParser(t, exec.Command(node, append([]string{mjs, dir}, files...)...))
		}},
	}
}

// runParser runs cmd with TZ=UTC (so a time read without its zone shows as
// a wrong instant) and decodes what it prints.
func runParser(t *testing.T, cmd *exec.Cmd) parsed {
	t.Helper()
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s rejected the feeds: %v\n%s", cmd.Args[0], err, stderr.Bytes())
	}
	var p parsed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("%s printed no JSON (%v): %.500s", cmd.Args[0], err, out)
	}
	return p
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/store"
)

// approvedBooking files a request in dir's database at start and takes it
// through the SOP's chain to approved, as the staff would.
func approvedBooking(t *testing.T, dir string, start time.Time) int64 {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.Database.DSN = dir, filepath.Join(dir, "ccroom.db")
	off, st, err := daemon.Open(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sub, err := off.Submit(t.Context(), booking.Request{Room: booking.DefaultRoom().ID, Title: "Rapat Koordinasi",
		Organization: "Dinkes", ContactName: "Budi", ContactEmail: "budi@dinkes.example",
		Start: start, End: start.Add(2 * time.Hour), Participants: 10}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	as := func(r booking.Role) booking.Actor { return booking.Actor{Name: string(r), Roles: []booking.Role{r}} }
	for _, a := range []booking.Act{
		{Action: booking.ActionForward, Actor: as(booking.RoleSecretary)}, {Action: booking.ActionDispose, Actor: as(booking.RoleHead)},
		{Action: booking.ActionCheck, Actor: as(booking.RoleKabid), Decision: booking.DecisionAvailable},
		{Action: booking.ActionRelay, Actor: as(booking.RoleHead)}, {Action: booking.ActionInform, Actor: as(booking.RoleSecretary)},
	} {
		if _, err := off.Act(t.Context(), sub.Request.ID, a); err != nil {
			t.Fatalf("%s: %v", a.Action, err)
		}
	}
	return sub.Request.ID
}

// workday is a weekday about six weeks ahead, at 09:00 in Jakarta.
func workday(t *testing.T) time.Time {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Skip(err)
	}
	d := time.Now().In(loc).AddDate(0, 0, 42)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, loc)
}

// holidayICS writes an ICS file of Google's shape with the holidays given
// as YYYYMMDD=name, and an observance that must not close its date.
func holidayICS(t *testing.T, path string, days ...string) {
	t.Helper()
	lines := []string{"BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0"}
	for i, d := range append(days, "20000101=Perayaan saja") {
		date, name, _ := strings.Cut(d, "=")
		desc := "Hari libur nasional"
		if i == len(days) {
			desc = "Perayaan"
		}
		lines = append(lines, "BEGIN:VEVENT", "DTSTART;VALUE=DATE:"+date, "SUMMARY:"+name, "DESCRIPTION:"+desc,
			"TRANSP:TRANSPARENT", "END:VEVENT")
	}
	data := strings.Join(append(lines, "END:VCALENDAR"), "\r\n") + "\r\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestHolidaysImportOpensConflict: an ICS with a holiday on an approved
// booking's date gives one standing conflict, listed by `conflicts list`;
// the same file again opens none; a request on that date is refused
// `closed`; `holidays list` shows it.
func TestHolidaysImportOpensConflict(t *testing.T) {
	dir := t.TempDir()
	start := workday(t)
	id := approvedBooking(t, dir, start)
	file := filepath.Join(dir, "libur.ics")
	day := start.Format("20060102")
	holidayICS(t, file, day+"=Cuti Bersama Natal", start.AddDate(0, 0, 1).Format("20060102")+"=Hari Raya Natal")

	code, out, errs := run(t, dir, "", "holidays", "import", file)
	if code != exitOK || !strings.Contains(out, "holidays: 2\n") || !strings.Contains(out, "dates changed: 2\n") ||
		!strings.Contains(out, "conflicts opened: 1\n") || !strings.Contains(out, booking.Number(id)) ||
		!strings.Contains(out, "Cuti Bersama Natal") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}

	code, out, errs = run(t, dir, "", "conflicts", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 2 || !strings.Contains(lines[1], booking.Number(id)) ||
		!strings.Contains(lines[1], "Tanggal ditetapkan libur: Cuti Bersama Natal") ||
		!strings.Contains(lines[1], "open: awaiting kabid") || !strings.Contains(lines[1], "09:00") {
		t.Fatalf("conflicts list: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, dir, "", "conflicts", "list", "--format", "json", "--status", "all")
	var list []store.Conflict
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 || list[0].RequestID != id ||
		!list[0].Start.Equal(start) || list[0].Status != store.ConflictOpen {
		t.Fatalf("json: %d %q", code, out)
	}
	// The Kabid is emailed at once: the import enqueued the conflict's mail
	// job for the daemon's worker (the CLI installs the daemon's planners).
	st, err := store.Open(t.Context(), store.DriverSQLite, filepath.Join(dir, "ccroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.RequestConflicts(t.Context(), id)
	if err != nil || len(stored) != 1 {
		t.Fatalf("conflicts %+v (%v)", stored, err)
	}
	jobs, err := st.RequestJobs(t.Context(), id)
	st.Close()
	mailed := false
	for _, j := range jobs {
		mailed = mailed || j.Kind == "mail" && j.TransitionID == stored[0].FoundTransition
	}
	if err != nil || !mailed {
		t.Fatalf("no mail job for the conflict's transition %d: %+v (%v)", stored[0].FoundTransition, jobs, err)
	}
	if code, out, _ = run(t, dir, "", "conflicts", "list", "--status", "resolved", "--format", "json"); code != exitOK || strings.TrimSpace(out) != "[]" {
		t.Fatalf("resolved: %d %q", code, out)
	}

	code, out, errs = run(t, dir, "", "holidays", "import", file)
	if code != exitOK || !strings.Contains(out, "dates changed: 0\n") || !strings.Contains(out, "conflicts opened: 0\n") {
		t.Fatalf("import again: %d %q %q", code, out, errs)
	}
	if code, out, _ = run(t, dir, "", "conflicts", "list", "--status", "all"); strings.Count(out, booking.Number(id)) != 1 {
		t.Fatalf("after the second import: %d %q", code, out)
	}

	code, out, _ = run(t, dir, "", "request", "check", "--start", start.Format(time.RFC3339),
		"--end", start.Add(time.Hour).Format(time.RFC3339))
	if code != exitFailure || !strings.Contains(out, "rule closed") {
		t.Fatalf("check on the holiday: %d %q", code, out)
	}

	code, out, _ = run(t, dir, "", "holidays", "list", "--year", start.Format("2006"))
	if code != exitOK || !strings.Contains(out, start.Format(time.DateOnly)) || !strings.Contains(out, "Cuti Bersama Natal") ||
		strings.Contains(out, "Perayaan") {
		t.Fatalf("holidays list: %d %q", code, out)
	}
}

// TestHolidaysAndConflictsRefused: the command line's mistakes are usage
// errors (2), a missing or broken file a failure (1), each one line.
func TestHolidaysAndConflictsRefused(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "rusak.ics")
	if err := os.WriteFile(broken, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY Natal\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want int
		says string
	}{
		{[]string{"conflicts", "list", "--status", "closed"}, exitUsage, "--status"},
		{[]string{"conflicts", "list", "--format", "csv"}, exitUsage, "--format"},
		{[]string{"conflicts", "list", "--language", "fr"}, exitUsage, "--language"},
		{[]string{"holidays", "import"}, exitUsage, "arg"},
		{[]string{"holidays", "list", "--year", "1500"}, exitUsage, "--year"},
		{[]string{"holidays", "import", filepath.Join(dir, "none.ics")}, exitFailure, "none.ics"},
		{[]string{"holidays", "import", broken}, exitFailure, "line 3"},
	}
	for _, tt := range tests {
		code, _, errs := run(t, dir, "", tt.args...)
		if code != tt.want || !strings.Contains(errs, tt.says) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want %d saying %q", tt.args, code, errs, tt.want, tt.says)
		}
	}
}

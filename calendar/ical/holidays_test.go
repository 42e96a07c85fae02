package ical

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

var officeZone = time.FixedZone("WIB", 7*3600)

// holidayFile wraps events in a calendar, CRLF ended.
func holidayFile(events ...string) string {
	lines := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"}
	for _, e := range events {
		lines = append(lines, "BEGIN:VEVENT", e, "END:VEVENT")
	}
	return strings.Join(append(lines, "END:VCALENDAR"), "\r\n") + "\r\n"
}

func readHolidayString(t *testing.T, s string) ([]booking.Holiday, error) {
	t.Helper()
	return ReadHolidays(strings.NewReader(s), officeZone)
}

// TestReadHolidaysGoogleExport reads an export of Google's Indonesian
// holiday calendar: every day off, a two-day holiday as two dates, the
// observances ("Perayaan") and a cancelled event left out, every date the
// midnight of its date in the office zone.
func TestReadHolidaysGoogleExport(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "holidays", "id-2026.ics"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list, err := ReadHolidays(f, officeZone)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for i, h := range list {
		if h.Date.Location() != officeZone || h.Date.Hour() != 0 || h.Date.Minute() != 0 {
			t.Errorf("%v is not a midnight in the office zone", h.Date)
		}
		if i > 0 && !list[i-1].Date.Before(h.Date) {
			t.Errorf("not sorted by date: %v after %v", h.Date, list[i-1].Date)
		}
		got[h.Date.Format(time.DateOnly)] = h.Name
	}
	if len(list) != 18 {
		t.Errorf("%d holidays, want 18: %v", len(list), got)
	}
	for day, name := range map[string]string{
		"2026-12-24": "Cuti Bersama Natal", "2026-12-25": "Hari Raya Natal",
		"2026-03-20": "Hari Raya Idul Fitri 1447 H", "2026-03-21": "Hari Raya Idul Fitri 1447 H",
		"2026-08-17": "Hari Proklamasi Kemerdekaan R.I.", "2026-01-01": "Tahun Baru Masehi",
	} {
		if got[day] != name {
			t.Errorf("%s: %q, want %q", day, got[day], name)
		}
	}
	for _, day := range []string{"2026-04-21", "2026-02-19", "2026-12-31", "2026-10-30", "2026-03-22"} {
		if name, ok := got[day]; ok {
			t.Errorf("%s (%q) closes the room: an observance, a cancelled event or past an exclusive end", day, name)
		}
	}
}

// TestReadHolidaysEvents: the shapes of events a holiday file holds.
func TestReadHolidaysEvents(t *testing.T) {
	tests := []struct {
		name   string
		events []string
		want   []string // date=name
	}{
		{"date without DTEND", []string{"DTSTART;VALUE=DATE:20271225\r\nSUMMARY:Natal"}, []string{"2027-12-25=Natal"}},
		{"date without VALUE", []string{"DTSTART:20271225\r\nSUMMARY:Natal"}, []string{"2027-12-25=Natal"}},
		{"duration", []string{"DTSTART;VALUE=DATE:20270310\r\nDURATION:P2D\r\nSUMMARY:Idul Fitri"},
			[]string{"2027-03-10=Idul Fitri", "2027-03-11=Idul Fitri"}},
		{"date-time in UTC is read in the office zone",
			[]string{"DTSTART:20271231T200000Z\r\nDTEND:20271231T230000Z\r\nSUMMARY:Tahun Baru"}, []string{"2028-01-01=Tahun Baru"}},
		{"date-time across midnight", []string{"DTSTART;TZID=Asia/Jakarta:20270816T200000\r\nDTEND;TZID=Asia/Jakarta:20270817T120000\r\nSUMMARY:HUT RI"},
			[]string{"2027-08-16=HUT RI", "2027-08-17=HUT RI"}},
		{"unknown TZID read in the office zone", []string{"DTSTART;TZID=SE Asia Standard Time:20270817T000000\r\nSUMMARY:HUT RI"},
			[]string{"2027-08-17=HUT RI"}},
		{"two on one date", []string{"DTSTART;VALUE=DATE:20270520\r\nSUMMARY:Waisak", "DTSTART;VALUE=DATE:20270520\r\nSUMMARY:Kenaikan"},
			[]string{"2027-05-20=Waisak; Kenaikan"}},
		{"transparent kept, English observance skipped", []string{
			"DTSTART;VALUE=DATE:20270101\r\nSUMMARY:New Year's Day\r\nTRANSP:TRANSPARENT\r\nDESCRIPTION:Public holiday",
			"DTSTART;VALUE=DATE:20270214\r\nSUMMARY:Valentine's Day\r\nDESCRIPTION:Observance\\nTo hide observances\\, go to Google Calendar Settings"},
			[]string{"2027-01-01=New Year's Day"}},
		{"yearly with an exception and a moved instance", []string{
			"UID:kemerdekaan\r\nDTSTART;VALUE=DATE:20270817\r\nRRULE:FREQ=YEARLY;COUNT=4\r\nEXDATE;VALUE=DATE:20280817\r\nSUMMARY:Kemerdekaan",
			"UID:kemerdekaan\r\nRECURRENCE-ID;VALUE=DATE:20290817\r\nDTSTART;VALUE=DATE:20290818\r\nSUMMARY:Kemerdekaan (digeser)"},
			[]string{"2027-08-17=Kemerdekaan", "2029-08-18=Kemerdekaan (digeser)", "2030-08-17=Kemerdekaan"}},
		{"RDATE", []string{"DTSTART;VALUE=DATE:20270101\r\nRDATE;VALUE=DATE:20270102,20270103\r\nSUMMARY:Libur"},
			[]string{"2027-01-01=Libur", "2027-01-02=Libur", "2027-01-03=Libur"}},
		{"a name on one line", []string{"DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun\\nBaru\t 2027"}, []string{"2027-01-01=Tahun Baru 2027"}},
		{"no events", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := readHolidayString(t, holidayFile(tt.events...))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range list {
				got = append(got, h.Date.Format(time.DateOnly)+"="+h.Name)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestReadHolidaysRefused: a broken file or an event that cannot be a
// holiday is an error saying where.
func TestReadHolidaysRefused(t *testing.T) {
	tests := []struct {
		name, file string
		want       string
	}{
		{"empty", "", "the file is empty"},
		{"not iCalendar", "hello\r\nworld\r\n", "line 1"},
		{"no colon", holidayFile("DTSTART;VALUE=DATE:20271225\r\nSUMMARY Natal"), "line 6"},
		{"no colon after a parameter", holidayFile("DTSTART;VALUE=DATE\r\nSUMMARY:Natal"), "line 5"},
		{"folded bad line", holidayFile("SUMMARY:Natal\r\nDTSTART;VALUE=DATE:20271225\r\nX-NOTE\r\n  still no colon"), "line 8"},
		{"unclosed event", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Natal\r\nEND:VCALENDAR\r\n", "line 4"},
		{"cut off", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Natal\r\n", "ends at line 3"},
		{"not a calendar", "BEGIN:VEVENT\r\nSUMMARY:Natal\r\nEND:VEVENT\r\n", "VCALENDAR"},
		{"no DTSTART", holidayFile("SUMMARY:Natal"), `"Natal": no DTSTART`},
		{"no SUMMARY", holidayFile("UID:x1\r\nDTSTART;VALUE=DATE:20271225"), `"x1" (DTSTART 20271225): no SUMMARY`},
		{"bad date", holidayFile("DTSTART;VALUE=DATE:2027-12-25\r\nSUMMARY:Natal"), "not a date (YYYYMMDD)"},
		{"bad date-time", holidayFile("DTSTART:20271225T25\r\nSUMMARY:Natal"), "not a date-time"},
		{"before 2000", holidayFile("DTSTART;VALUE=DATE:19991231\r\nSUMMARY:Milenium"), "outside the years 2000-2200"},
		{"after 2200", holidayFile("DTSTART;VALUE=DATE:22010101\r\nSUMMARY:Jauh"), "outside the years 2000-2200"},
		{"a season", holidayFile("DTSTART;VALUE=DATE:20270601\r\nDTEND;VALUE=DATE:20270716\r\nSUMMARY:Libur Sekolah"),
			"lasts more than 31 days"},
		{"endless weekly", holidayFile("DTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Jumat"), "COUNT or an UNTIL"},
		{"bad RRULE", holidayFile("DTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:X"), "RRULE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := readHolidayString(t, tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) || list != nil {
				t.Fatalf("got %v, %v; want an error containing %q", list, err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("the error is not one line: %q", err)
			}
		})
	}
}

// TestReadHolidaysTooLarge: a file past the limit is refused, not read.
func TestReadHolidaysTooLarge(t *testing.T) {
	big := "BEGIN:VCALENDAR\r\nX-PAD:" + strings.Repeat("a", maxHolidayFile) + "\r\nEND:VCALENDAR\r\n"
	if _, err := readHolidayString(t, big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
}

func TestObservance(t *testing.T) {
	for desc, want := range map[string]bool{
		"Perayaan\nUntuk menyembunyikan perayaan": true, "Observance": true, " observance \n": true,
		"Hari libur nasional": false, "Public holiday": false, "": false, "Perayaan kemerdekaan": false,
	} {
		if Observance(desc) != want {
			t.Errorf("Observance(%q) = %v", desc, !want)
		}
	}
}

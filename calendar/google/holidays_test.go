package google_test

import (
	"strings"
	"testing"
	"time"

	calendar "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"

	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
)

const holidayCal = "id.indonesian#holiday@group.v.calendar.google.com"

// holidayReader reads holidayCal on fake, pageSize events a page.
func holidayReader(t *testing.T, fake *googletest.Server, pageSize int64) *google.HolidayReader {
	t.Helper()
	c, err := google.NewClient(t.Context(), google.ClientOptions{CalendarID: holidayCal,
		Options: []option.ClientOption{option.WithEndpoint(fake.Endpoint()), option.WithoutAuthentication()},
		Timeout: 2 * time.Second, PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	return google.NewHolidayReader(c)
}

// addDay puts an all-day event into the fake's holiday calendar as Google
// publishes one: transparent, with its description.
func addDay(fake *googletest.Server, start, end, summary, desc string) {
	fake.Add(holidayCal, calendar.Event{Summary: summary, Description: desc, Transparency: "transparent",
		Start: &calendar.EventDateTime{Date: start}, End: &calendar.EventDateTime{Date: end}})
}

// TestHolidayReader lists Google's Indonesian holiday calendar through the
// fake, three events a page: the days off within the window, a two-day
// holiday as two dates, observances, cancelled and timed events left out.
func TestHolidayReader(t *testing.T) {
	fake := googletest.New()
	t.Cleanup(fake.Close)
	addDay(fake, "2026-12-24", "2026-12-25", "Cuti Bersama Natal", "Hari libur nasional")
	addDay(fake, "2026-12-25", "2026-12-26", "Hari Raya Natal", "Hari libur nasional")
	addDay(fake, "2026-12-31", "2027-01-01", "Malam Tahun Baru", "Perayaan\nUntuk menyembunyikan perayaan, buka setelan")
	addDay(fake, "2027-03-10", "2027-03-12", "Hari Raya Idul Fitri", "Hari libur nasional")
	addDay(fake, "2027-08-17", "2027-08-18", "Hari Kemerdekaan", "Public holiday")
	addDay(fake, "2027-05-20", "2027-05-21", "Waisak", "Hari libur nasional")
	addDay(fake, "2027-05-20", "2027-05-21", "Kenaikan Yesus Kristus", "Hari libur nasional")
	addDay(fake, "2030-01-01", "2030-01-02", "Tahun Baru 2030", "Hari libur nasional") // past the window
	gone := fake.Add(holidayCal, calendar.Event{Summary: "Dibatalkan",
		Start: &calendar.EventDateTime{Date: "2027-02-02"}, End: &calendar.EventDateTime{Date: "2027-02-03"}})
	fake.Remove(holidayCal, gone.Id)
	fake.Add(holidayCal, calendar.Event{Summary: "Upacara", Start: &calendar.EventDateTime{DateTime: "2027-08-17T08:00:00+07:00"},
		End: &calendar.EventDateTime{DateTime: "2027-08-17T10:00:00+07:00"}})

	r := holidayReader(t, fake, 3)
	if r.Source() != "google:"+holidayCal {
		t.Errorf("source %q", r.Source())
	}
	from, to := google.HolidayWindow(time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), wib)
	if !from.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, wib)) || !to.Equal(time.Date(2028, 1, 1, 0, 0, 0, 0, wib)) {
		t.Fatalf("window %v - %v", from, to)
	}
	list, err := r.Holidays(t.Context(), from, to, wib)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range list {
		if h.Date.Location() != wib || h.Date.Hour() != 0 {
			t.Errorf("%v is not a midnight in the office zone", h.Date)
		}
		got = append(got, h.Date.Format(time.DateOnly)+"="+h.Name)
	}
	want := []string{"2026-12-24=Cuti Bersama Natal", "2026-12-25=Hari Raya Natal", "2027-03-10=Hari Raya Idul Fitri",
		"2027-03-11=Hari Raya Idul Fitri", "2027-05-20=Waisak; Kenaikan Yesus Kristus", "2027-08-17=Hari Kemerdekaan"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if n := fake.Calls(googletest.EventsList); n < 3 {
		t.Errorf("%d list calls: the pages were not all read", n)
	}
}

// TestHolidayReaderRefuses: a failing API and an event that cannot be a
// holiday are errors naming the calendar.
func TestHolidayReaderRefuses(t *testing.T) {
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, wib), time.Date(2028, 1, 1, 0, 0, 0, 0, wib)
	fake := googletest.New()
	t.Cleanup(fake.Close)
	r := holidayReader(t, fake, 50)
	fake.Fail(googletest.EventsList, googletest.Backend)
	if _, err := r.Holidays(t.Context(), from, to, wib); err == nil || !strings.Contains(err.Error(), holidayCal) {
		t.Errorf("a failing API: %v", err)
	}
	addDay(fake, "2027-06-01", "2027-07-15", "Libur Sekolah", "")
	if _, err := r.Holidays(t.Context(), from, to, wib); err == nil || !strings.Contains(err.Error(), "more than 31 days") {
		t.Errorf("a season: %v", err)
	}
}

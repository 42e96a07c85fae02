package booking

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests need Asia/Jakarta and America/New_York everywhere
)

// jakarta is the office zone of the tests.
func jakarta(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// wib returns a wall-clock time in Jakarta.
func wib(t testing.TB, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, jakarta(t))
}

// testNow is Wednesday 25 November 2026, 10:00 WIB.
func testNow(t testing.TB) time.Time { return wib(t, 2026, 11, 25, 10, 0) }

// testRules are the office defaults of the tests: 3 days' lead time, open
// 08:00-17:00, closed on Sundays and on 25 December, 180 days ahead.
func testRules(t testing.TB) Rules {
	return Rules{
		Location:       jakarta(t),
		LeadDays:       3,
		Open:           8 * time.Hour,
		Close:          17 * time.Hour,
		ClosedDates:    []time.Time{wib(t, 2026, 12, 25, 0, 0)},
		ClosedWeekdays: []time.Weekday{time.Sunday},
		HorizonDays:    180,
		Suggestions:    3,
	}
}

// candidate is a valid single request for Tuesday 1 December 2026, 10:00-12:00.
func candidate(t testing.TB) Candidate {
	return Candidate{
		Room:         DefaultRoom(),
		Start:        wib(t, 2026, 12, 1, 10, 0),
		End:          wib(t, 2026, 12, 1, 12, 0),
		Participants: 20,
		Equipment:    []Need{{Name: "computer", Count: 2}},
	}
}

// booked is an approved booking of the default room.
func booked(id int64, title string, start, end time.Time) Busy {
	return Busy{Room: "command-center", RequestID: id, Title: title, Kind: BusyBooking, Start: start, End: end}
}

// codes lists the codes of vs, in order.
func codes(vs []Violation) []Code {
	out := make([]Code, len(vs))
	for i, v := range vs {
		out[i] = v.Code
	}
	return out
}

// starts lists the starts of slots.
func starts(slots []Slot) []time.Time {
	out := make([]time.Time, len(slots))
	for i, s := range slots {
		out[i] = s.Start
	}
	return out
}

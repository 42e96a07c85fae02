package booking

import (
	"testing"
	"time"
)

// FuzzExpand feeds Expand arbitrary rules, starts, lengths, horizons and "now"
// offsets. Expand must never panic, never yield more than MaxOccurrences,
// yield occurrences in strictly increasing order, each as long as the request,
// the first at the start; or refuse with a *RecurrenceError.
// Seeds: the f.Add calls below and testdata/fuzz/FuzzExpand.
func FuzzExpand(f *testing.F) {
	f.Add("FREQ=WEEKLY;COUNT=10", int64(1796094000), int64(120), int64(180), int64(-3))
	f.Add("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270601", int64(1796094000), int64(60), int64(365), int64(0))
	f.Add("FREQ=MONTHLY;BYDAY=-1TU;COUNT=12", int64(1798513200), int64(90), int64(0), int64(-30))
	f.Add("FREQ=DAILY;INTERVAL=3", int64(1796094000), int64(30), int64(0), int64(0))
	f.Add("FREQ=DAILY;BYDAY=MO,WE;INTERVAL=7", int64(1796094000), int64(30), int64(90), int64(-1))
	f.Add("RRULE:FREQ=MONTHLY;INTERVAL=12;BYDAY=5MO", int64(1801746000), int64(60), int64(36600), int64(0))
	f.Add("FREQ=YEARLY;COUNT=2", int64(0), int64(-5), int64(-1), int64(1<<40))
	f.Add("FREQ=WEEKLY;COUNT=3;UNTIL=20261231", int64(-62135596800), int64(0), int64(10), int64(0))
	f.Fuzz(func(t *testing.T, rule string, startUnix, minutes, horizon, nowDays int64) {
		loc := jakarta(t)
		start := time.Unix(startUnix, 0).In(loc)
		end := start.Add(time.Duration(minutes%(7*24*60)) * time.Minute)
		now := start.AddDate(0, 0, int(nowDays%100000))
		rules := Rules{Location: loc, HorizonDays: int(horizon % 100000)}
		slots, err := Expand(start, end, rule, rules, now)
		if err != nil {
			if _, ok := err.(*RecurrenceError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkExpansion(t, slots, start, end)
	})
}

func checkExpansion(t *testing.T, slots []Slot, start, end time.Time) {
	t.Helper()
	if len(slots) == 0 || len(slots) > MaxOccurrences {
		t.Fatalf("%d occurrences", len(slots))
	}
	if !slots[0].Start.Equal(start) {
		t.Fatalf("first occurrence %v, start %v", slots[0].Start, start)
	}
	for i, s := range slots {
		if s.End.Sub(s.Start) != end.Sub(start) {
			t.Fatalf("occurrence %d lasts %v, not %v", i, s.End.Sub(s.Start), end.Sub(start))
		}
		if i > 0 && !s.Start.After(slots[i-1].Start) {
			t.Fatalf("occurrence %d (%v) does not follow %v", i, s.Start, slots[i-1].Start)
		}
	}
}

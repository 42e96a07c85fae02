package booking

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestExpandOccurrences(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return wib(t, 2026, m, day, 10, 0) }
	d27 := func(m time.Month, day int) time.Time { return wib(t, 2027, m, day, 10, 0) }
	tests := []struct {
		name  string
		start time.Time
		rule  string
		want  []time.Time
	}{
		{"single", d(12, 1), "", []time.Time{d(12, 1)}},
		{"weekly count", d(12, 1), "FREQ=WEEKLY;COUNT=3", []time.Time{d(12, 1), d(12, 8), d(12, 15)}},
		{"prefix and lower case", d(12, 1), "rrule:freq=weekly;count=2", []time.Time{d(12, 1), d(12, 8)}},
		{"weekly byday", d(12, 1), "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4",
			[]time.Time{d(12, 1), d(12, 3), d(12, 8), d(12, 10)}},
		{"weekly interval", d(12, 1), "FREQ=WEEKLY;INTERVAL=2;COUNT=3", []time.Time{d(12, 1), d(12, 15), d(12, 29)}},
		{"daily working days", d(12, 4), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3",
			[]time.Time{d(12, 4), d(12, 7), d(12, 8)}},
		{"monthly by date", d(12, 1), "FREQ=MONTHLY;COUNT=3", []time.Time{d(12, 1), d27(1, 1), d27(2, 1)}},
		{"monthly first tuesday", d(12, 1), "FREQ=MONTHLY;BYDAY=1TU;COUNT=3",
			[]time.Time{d(12, 1), d27(1, 5), d27(2, 2)}},
		{"monthly last tuesday", d(12, 29), "FREQ=MONTHLY;BYDAY=-1TU;COUNT=2", []time.Time{d(12, 29), d27(1, 26)}},
		{"until a date includes that day", d(12, 1), "FREQ=WEEKLY;UNTIL=20261222",
			[]time.Time{d(12, 1), d(12, 8), d(12, 15), d(12, 22)}},
		{"until an instant", d(12, 1), "FREQ=WEEKLY;UNTIL=20261222T000000Z",
			[]time.Time{d(12, 1), d(12, 8), d(12, 15)}},
		{"until a local time", d(12, 1), "FREQ=WEEKLY;UNTIL=20261222T100000",
			[]time.Time{d(12, 1), d(12, 8), d(12, 15), d(12, 22)}},
		{"wkst accepted", d(12, 1), "FREQ=WEEKLY;WKST=MO;COUNT=1", []time.Time{d(12, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slots, err := Expand(tt.start, tt.start.Add(2*time.Hour), tt.rule, testRules(t), testNow(t))
			if err != nil {
				t.Fatal(err)
			}
			got := starts(slots)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Equal(tt.want[i]) || slots[i].End.Sub(slots[i].Start) != 2*time.Hour {
					t.Errorf("occurrence %d: got %v-%v, want %v", i, got[i], slots[i].End, tt.want[i])
				}
			}
		})
	}
}

func TestExpandOpenEndedStopsAtHorizon(t *testing.T) {
	rules := testRules(t) // 180 days from 25-11-2026: last day 24-05-2027
	slots, err := Expand(wib(t, 2026, 12, 1, 10, 0), wib(t, 2026, 12, 1, 12, 0), "FREQ=WEEKLY", rules, testNow(t))
	if err != nil {
		t.Fatal(err)
	}
	last := slots[len(slots)-1].Start
	if len(slots) != 25 || !last.Equal(wib(t, 2027, 5, 18, 10, 0)) {
		t.Errorf("got %d occurrences, last %v", len(slots), last)
	}
	rules.HorizonDays = 0
	slots, err = Expand(wib(t, 2026, 12, 1, 10, 0), wib(t, 2026, 12, 1, 12, 0), "FREQ=DAILY", rules, testNow(t))
	if err != nil || len(slots) != MaxOccurrences {
		t.Errorf("no horizon: got %d occurrences, %v; want %d", len(slots), err, MaxOccurrences)
	}
}

func TestExpandKeepsWallClockAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 10, 20, 10, 0, 0, 0, ny) // DST ends on 1 November 2026
	slots, err := Expand(start, start.Add(time.Hour), "FREQ=WEEKLY;COUNT=4", Rules{Location: ny}, start)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		if h, m, _ := s.Start.In(ny).Clock(); h != 10 || m != 0 || s.End.Sub(s.Start) != time.Hour {
			t.Errorf("occurrence %v is not at 10:00 for an hour", s.Start.In(ny))
		}
	}
	if got := slots[2].Start.Sub(slots[1].Start); got != 7*24*time.Hour+time.Hour {
		t.Errorf("the week across the change lasts %v", got)
	}
}

func TestExpandRefuses(t *testing.T) {
	tests := []struct{ name, rule, want string }{
		{"interval zero", "FREQ=WEEKLY;INTERVAL=0;COUNT=3", "INTERVAL"},
		{"interval absurd", "FREQ=WEEKLY;INTERVAL=53;COUNT=3", "INTERVAL"},
		{"monthly interval absurd", "FREQ=MONTHLY;INTERVAL=13", "INTERVAL"},
		{"count too large", "FREQ=DAILY;COUNT=1000", "COUNT"},
		{"count zero", "FREQ=DAILY;COUNT=0", "COUNT"},
		{"count and until", "FREQ=DAILY;COUNT=3;UNTIL=20261231", "COUNT and UNTIL"},
		{"yearly", "FREQ=YEARLY;COUNT=2", "FREQ"},
		{"hourly", "FREQ=HOURLY;COUNT=2", "FREQ"},
		{"no freq", "COUNT=2", "FREQ"},
		{"other part", "FREQ=MONTHLY;BYMONTHDAY=1", "BYMONTHDAY is not supported"},
		{"dtstart", "DTSTART=20261201T100000;FREQ=DAILY", "DTSTART is not supported"},
		{"two lines", "DTSTART:20261201T100000\nRRULE:FREQ=DAILY", "cannot be read"},
		{"duplicate", "FREQ=DAILY;FREQ=WEEKLY", "more than once"},
		{"bad number", "FREQ=DAILY;COUNT=abc", "COUNT=ABC"},
		{"bad weekday", "FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX"},
		{"empty value", "FREQ=DAILY;COUNT=", "COUNT="},
		{"garbage", "hello", "HELLO"},
		{"ordinal weekly", "FREQ=WEEKLY;BYDAY=2TU;COUNT=2", "position"},
		{"ordinal too far", "FREQ=MONTHLY;BYDAY=6TU;COUNT=2", "position"},
		{"start not in byday", "FREQ=WEEKLY;BYDAY=WE;COUNT=2", "first occurrence"},
		{"start not that ordinal", "FREQ=MONTHLY;BYDAY=2TU;COUNT=2", "first occurrence"},
		{"until before start", "FREQ=DAILY;UNTIL=20261130", "UNTIL is before"},
		{"too many", "FREQ=DAILY;UNTIL=20281231", "more than 366"},
	}
	start := wib(t, 2026, 12, 1, 10, 0) // a Tuesday, the first of its month
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Expand(start, start.Add(time.Hour), tt.rule, testRules(t), testNow(t))
			var re *RecurrenceError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a *RecurrenceError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			v := re.Violation("")
			if v.Code != CodeInvalid || v.Field != "recurrence" || !strings.HasPrefix(v.Message, "Aturan pengulangan") {
				t.Errorf("violation %+v", v)
			}
		})
	}
}

func TestExpandRefusesStartOutOfRange(t *testing.T) {
	start := time.Date(1200, 1, 1, 10, 0, 0, 0, time.UTC)
	if _, err := Expand(start, start.Add(time.Hour), "FREQ=DAILY;COUNT=2", Rules{}, start); err == nil {
		t.Error("a start in 1200 was accepted")
	}
}

func TestBoundedRecurrence(t *testing.T) {
	tests := []struct{ rule, want string }{
		{"FREQ=WEEKLY", "FREQ=WEEKLY;COUNT=25"},
		{"FREQ=WEEKLY;", "FREQ=WEEKLY;COUNT=25"},
		{"FREQ=WEEKLY;COUNT=3", "FREQ=WEEKLY;COUNT=3"},
		{"FREQ=WEEKLY;UNTIL=20261231", "FREQ=WEEKLY;UNTIL=20261231"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := BoundedRecurrence(tt.rule, 25); got != tt.want {
			t.Errorf("BoundedRecurrence(%q) = %q, want %q", tt.rule, got, tt.want)
		}
	}
}

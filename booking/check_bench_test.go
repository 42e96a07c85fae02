package booking

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

// benchFixture is one room's calendar: 100,000 approved bookings spread over
// ten years (five past, five ahead) at any time of day, 30 to 120 minutes
// long, plus 500 weekly series of one hour, each expanded to its occurrences
// within a 365-day horizon. In the spread fixture the series start on random
// dates over the ten years; in the dense one all of them run in the year after
// now, the year every request is checked against (some 100 spans a day).
type benchFixture struct {
	cal      *Schedule
	rules    Rules
	now      time.Time
	free     Candidate // a single request the calendar leaves free
	conflict Candidate // a single request that collides
}

var (
	spreadFixture = sync.OnceValue(func() benchFixture { return newBenchFixture(false) })
	denseFixture  = sync.OnceValue(func() benchFixture { return newBenchFixture(true) })
)

func newBenchFixture(dense bool) benchFixture {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	f := benchFixture{now: time.Date(2026, 11, 25, 10, 0, 0, 0, loc), rules: Rules{
		Location: loc, LeadDays: 3, Buffer: 15 * time.Minute, Open: 7 * time.Hour, Close: 18 * time.Hour,
		ClosedWeekdays: []time.Weekday{time.Sunday}, HorizonDays: 365, Suggestions: 3,
		ClosedDates: []time.Time{time.Date(2026, 12, 25, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)},
	}}
	rng := rand.New(rand.NewPCG(42, 7))
	spans := benchBookings(rng, f.now, 100_000)
	spans = append(spans, benchSeries(rng, f, 500, dense)...)
	f.cal = NewSchedule(spans)
	f.free, f.conflict = benchCandidates(f)
	return f
}

// benchBookings spreads n bookings over the five years either side of now.
func benchBookings(rng *rand.Rand, now time.Time, n int) []Busy {
	spans := make([]Busy, n)
	for i := range spans {
		day := now.AddDate(0, 0, rng.IntN(3652)-1826)
		start := dayOf(day, now.Location()).at(time.Duration(rng.IntN(96))*slotStep, now.Location())
		length := time.Duration(2+rng.IntN(7)) * slotStep
		spans[i] = Busy{Room: "command-center", RequestID: int64(i + 1), Title: "Rapat",
			Kind: BusyBooking, Start: start, End: start.Add(length)}
	}
	return spans
}

// benchSeries expands n weekly series of an hour.
func benchSeries(rng *rand.Rand, f benchFixture, n int, dense bool) []Busy {
	var spans []Busy
	for i := range n {
		first := f.now.AddDate(0, 0, 3+rng.IntN(7))
		if !dense {
			first = f.now.AddDate(0, 0, rng.IntN(3652)-1826)
		}
		start := dayOf(first, f.now.Location()).at(time.Duration(rng.IntN(92))*slotStep, f.now.Location())
		slots, err := Expand(start, start.Add(time.Hour), "FREQ=WEEKLY", f.rules, start)
		if err != nil {
			panic(err)
		}
		for _, s := range slots {
			spans = append(spans, Busy{Room: "command-center", RequestID: int64(200_000 + i), Title: "Rutin",
				Kind: BusyBooking, Start: s.Start, End: s.End})
		}
	}
	return spans
}

// benchCandidates finds, about a month ahead, a free two-hour slot and one that
// collides with a booking.
func benchCandidates(f benchFixture) (free, conflict Candidate) {
	c := Candidate{Room: DefaultRoom(), Participants: 20, Equipment: []Need{{Name: "computer", Count: 4}}}
	day := f.now.AddDate(0, 0, 34) // Tuesday 29 December
	c.Start = dayOf(day, f.rules.Location).at(f.rules.Open, f.rules.Location)
	c.End = c.Start.Add(2 * time.Hour)
	free, conflict = c, c
	if s := Suggest(c, f.cal, f.rules, f.now); len(s) > 0 {
		free.Start, free.End = s[0].Start, s[0].End
	}
	busy := f.cal.Busy("command-center", c.End, c.End.Add(4*time.Hour))
	conflict.Start = busy[len(busy)-1].Start.Add(-time.Hour)
	conflict.End = conflict.Start.Add(2 * time.Hour)
	return free, conflict
}

func benchCheck(b *testing.B, f benchFixture, c Candidate, wantAvailable bool) {
	if rep := Check(c, f.cal, f.rules, f.now); rep.Available() != wantAvailable {
		b.Fatalf("fixture: Available() = %v: %+v %d conflicts", rep.Available(), rep.Violations, len(rep.Conflicts))
	}
	runtime.GC() // collect the fixture's garbage before measuring
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Check(c, f.cal, f.rules, f.now)
	}
}

// BenchmarkCheckSingle checks a free single request (the common answer).
func BenchmarkCheckSingle(b *testing.B) {
	f := spreadFixture()
	benchCheck(b, f, f.free, true)
}

// BenchmarkCheckSingleConflict checks a colliding request: the conflicts and
// three suggestions.
func BenchmarkCheckSingleConflict(b *testing.B) {
	f := spreadFixture()
	benchCheck(b, f, f.conflict, false)
}

// BenchmarkCheckRecurring52 checks 52 weekly occurrences; most collide with
// something, so it also finds suggestions.
func BenchmarkCheckRecurring52(b *testing.B) {
	f := spreadFixture()
	c := f.free
	c.Recurrence = "FREQ=WEEKLY;COUNT=52"
	benchCheck(b, f, c, false)
}

// BenchmarkCheckSingleDense checks a colliding request when all 500 series run
// in the coming year: the day is full and the suggestions are found further on.
func BenchmarkCheckSingleDense(b *testing.B) {
	f := denseFixture()
	benchCheck(b, f, f.conflict, false)
}

// BenchmarkCheckRecurring52Dense checks 52 weekly occurrences against the
// dense calendar.
func BenchmarkCheckRecurring52Dense(b *testing.B) {
	f := denseFixture()
	c := f.conflict
	c.Recurrence = "FREQ=WEEKLY;COUNT=52"
	benchCheck(b, f, c, false)
}

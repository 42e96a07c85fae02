package booking

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestSuggestJumpsPastBusyTime(t *testing.T) {
	dec1 := func(h, m int) time.Time { return wib(t, 2026, 12, 1, h, m) }
	rules := testRules(t)
	rules.Buffer = 15 * time.Minute
	cal := NewSchedule([]Busy{
		booked(1, "A", dec1(8, 0), dec1(10, 0)),
		booked(2, "B", dec1(10, 0), dec1(12, 0)),
		booked(3, "C", dec1(13, 0), dec1(14, 0)),
	})
	rep := Check(candidate(t), cal, rules, testNow(t))
	want := []time.Time{dec1(14, 15), wib(t, 2026, 12, 2, 8, 0), wib(t, 2026, 12, 2, 10, 0)}
	if got := starts(rep.Suggestions); !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("suggestions %v, want %v", got, want)
	}
}

func TestSuggestSkipsClosedDaysAndRespectsLeadTime(t *testing.T) {
	rules := testRules(t)
	rules.Suggestions = 4
	c := candidate(t) // asks for Thursday the 26th: too early
	c.Start, c.End = wib(t, 2026, 11, 26, 9, 0), wib(t, 2026, 11, 26, 17, 0)
	c.Participants = 10
	full := func(d int) Busy { return booked(int64(d), "", wib(t, 2026, 11, d, 8, 0), wib(t, 2026, 11, d, 17, 0)) }
	rep := Check(c, NewSchedule([]Busy{full(28)}), rules, testNow(t))
	// Saturday 28 is taken, Sunday 29 is closed.
	want := []time.Time{wib(t, 2026, 11, 30, 8, 0), wib(t, 2026, 12, 1, 8, 0), wib(t, 2026, 12, 2, 8, 0), wib(t, 2026, 12, 3, 8, 0)}
	if got := starts(rep.Suggestions); !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("suggestions %v, want %v", got, want)
	}
}

func TestSuggestAvoidsPendingAndIgnoresItself(t *testing.T) {
	c := candidate(t)
	c.Exclude = 5
	dec1 := func(h int) time.Time { return wib(t, 2026, 12, 1, h, 0) }
	cal := NewSchedule([]Busy{
		{Room: "command-center", RequestID: 5, Kind: BusyBooking, Start: dec1(8), End: dec1(10)},
		{Room: "command-center", RequestID: 6, Kind: BusyPending, Start: dec1(10), End: dec1(12)},
	})
	got := starts(Suggest(c, cal, testRules(t), testNow(t)))
	want := []time.Time{dec1(12), dec1(14), wib(t, 2026, 12, 2, 8, 0)}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("suggestions %v, want %v", got, want)
	}
}

func TestSuggestStopsAtHorizon(t *testing.T) {
	c := candidate(t) // the horizon's last day is Monday 24 May 2027
	c.Start, c.End = wib(t, 2027, 5, 24, 15, 0), wib(t, 2027, 5, 24, 17, 0)
	got := Suggest(c, nil, testRules(t), testNow(t))
	if len(got) != 1 || !got[0].Start.Equal(c.Start) {
		t.Errorf("only 15:00-17:00 on the last day fits: %v", got)
	}
}

// sloppyCalendar is a Calendar that keeps its promise loosely: it answers with
// every span of the room that comes near the window, in reverse order. Check
// and Suggest must cope.
type sloppyCalendar []Busy

func (c sloppyCalendar) Busy(room string, from, to time.Time) []Busy {
	var out []Busy
	for i := len(c) - 1; i >= 0; i-- {
		b := c[i]
		if b.Room == room && b.Start.Before(to.Add(time.Hour)) && b.End.After(from.Add(-time.Hour)) {
			out = append(out, b)
		}
	}
	return out
}

// TestSuggestionsAreFree checks every suggestion against the rules on random
// calendars: free with the buffer, within hours, not on closed days, not too
// early, aligned, in order and not overlapping one another. The candidate's
// own spans do not count.
func TestSuggestionsAreFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rules := testRules(t)
	rules.Buffer = 30 * time.Minute
	base := wib(t, 2026, 11, 28, 0, 0)
	for i := range 300 {
		spans := randomSpans(rng, base, 150)
		for j := range spans {
			spans[j].Room = "command-center"
		}
		c := candidate(t)
		c.Start = base.Add(time.Duration(rng.IntN(14*96)) * 15 * time.Minute)
		c.End = c.Start.Add(time.Duration(1+rng.IntN(16)) * 30 * time.Minute)
		c.Exclude = int64(1 + rng.IntN(150))
		var cal Calendar = NewSchedule(spans)
		if i%2 == 1 {
			cal = sloppyCalendar(spans)
		}
		got := Suggest(c, cal, rules, testNow(t))
		if len(got) < 3 {
			t.Fatalf("case %d: only %d suggestions", i, len(got))
		}
		checkSuggestions(t, got, spans, c, rules)
	}
}

func TestCheckWithSloppyCalendar(t *testing.T) {
	c := candidate(t)
	spans := []Busy{
		booked(1, "A", c.End, c.End.Add(time.Hour)), // back to back: no conflict
		booked(2, "B", c.Start.Add(-30*time.Minute), c.Start.Add(30*time.Minute)),
	}
	rep := Check(c, sloppyCalendar(spans), testRules(t), testNow(t))
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].RequestID != 2 {
		t.Errorf("conflicts %+v", rep.Conflicts)
	}
}

func checkSuggestions(t *testing.T, got []Slot, spans []Busy, c Candidate, rules Rules) {
	t.Helper()
	p := newPolicy(rules)
	for i, s := range got {
		if s.End.Sub(s.Start) != c.End.Sub(c.Start) || s.Start.Before(c.Start) || s.Start.Before(p.earliest(testNow(t))) {
			t.Fatalf("suggestion %v: wrong length or too early", s)
		}
		if !p.withinHours(s) || p.closedSpan(s) || s.Start.Minute()%15 != 0 {
			t.Fatalf("suggestion %v: out of hours, closed or off the grid", s)
		}
		if i > 0 && s.Start.Before(got[i-1].End) {
			t.Fatalf("suggestions %v and %v overlap", got[i-1], s)
		}
		for _, b := range spans {
			if b.RequestID == c.Exclude {
				continue
			}
			if b.Start.Before(s.End.Add(rules.Buffer)) && b.End.After(s.Start.Add(-rules.Buffer)) && b.End.After(b.Start) {
				t.Fatalf("suggestion %v collides with %v-%v", s, b.Start, b.End)
			}
		}
	}
}

// bruteSuggest is the definition of the nearest free slots: walk the
// 15-minute grid and take every slot that fits, one after the other.
func bruteSuggest(c Candidate, spans []Busy, rules Rules, now time.Time) []Slot {
	p := newPolicy(rules)
	length, last := c.End.Sub(c.Start), p.day(now).add(p.HorizonDays)
	var out []Slot
	for t := p.roundUp(later(c.Start, p.earliest(now))); len(out) < p.suggestions() && p.day(t).key() <= last.key(); {
		s := Slot{Start: t, End: t.Add(length)}
		if p.withinHours(s) && !p.closedSpan(s) && !collides(s, spans, c.Exclude, p.Buffer) {
			out = append(out, s)
			t = s.End
			continue
		}
		t = t.Add(slotStep)
	}
	return out
}

func collides(s Slot, spans []Busy, exclude int64, buffer time.Duration) bool {
	for _, b := range spans {
		if b.RequestID != exclude && b.End.After(b.Start) && b.Start.Before(s.End.Add(buffer)) && b.End.After(s.Start.Add(-buffer)) {
			return true
		}
	}
	return false
}

func TestSuggestFindsTheNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	base := wib(t, 2026, 11, 26, 0, 0)
	for i := range 100 {
		rules := testRules(t)
		rules.Buffer = time.Duration(rng.IntN(3)) * 15 * time.Minute
		rules.Suggestions = 3 + rng.IntN(5)
		if i%3 == 0 {
			rules.Open, rules.Close = 0, 0 // no hours: slots may cross midnight, not into a closed day
		}
		spans := randomSpans(rng, base, 100+rng.IntN(200))
		for j := range spans {
			spans[j].Room = "command-center"
		}
		c := candidate(t)
		c.Start = base.Add(time.Duration(rng.IntN(20*96)) * slotStep)
		c.End = c.Start.Add(time.Duration(1+rng.IntN(24)) * slotStep)
		c.Exclude = int64(rng.IntN(50))
		got, want := Suggest(c, NewSchedule(spans), rules, testNow(t)), bruteSuggest(c, spans, rules, testNow(t))
		if !slices.EqualFunc(got, want, func(a, b Slot) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }) {
			t.Fatalf("case %d: got %v\nwant %v", i, starts(got), starts(want))
		}
	}
}

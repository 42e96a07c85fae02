package booking

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckOverlap(t *testing.T) {
	dec1 := func(h, m int) time.Time { return wib(t, 2026, 12, 1, h, m) }
	tests := []struct {
		name      string
		busy      Busy
		buffer    time.Duration
		exclude   int64
		conflicts int
		pending   int
		inText    string
	}{
		{"back to back before, no buffer", booked(7, "Rapat", dec1(8, 0), dec1(10, 0)), 0, 0, 0, 0, ""},
		{"back to back after, no buffer", booked(7, "Rapat", dec1(12, 0), dec1(14, 0)), 0, 0, 0, 0, ""},
		{"back to back with a buffer", booked(7, "Rapat", dec1(12, 0), dec1(14, 0)), 15 * time.Minute, 0, 1, 0,
			`Bentrok dengan pemakaian yang telah disetujui "Rapat" pada 01-12-2026 12:00-14:00 WIB (termasuk jeda persiapan 15 menit).`},
		{"exactly the buffer apart", booked(7, "Rapat", dec1(12, 15), dec1(14, 0)), 15 * time.Minute, 0, 0, 0, ""},
		{"overlapping", booked(7, "Rapat", dec1(11, 0), dec1(13, 0)), 0, 0, 1, 0,
			`Bentrok dengan pemakaian yang telah disetujui "Rapat" pada 01-12-2026 11:00-13:00 WIB.`},
		{"inside", booked(7, "", dec1(10, 30), dec1(11, 0)), 0, 0, 1, 0, "disetujui pada 01-12-2026 10:30-11:00 WIB."},
		{"external event", Busy{Room: "command-center", ExternalID: "g1", Title: "Zoom Bupati",
			Kind: BusyExternal, Start: dec1(9, 0), End: dec1(10, 30)}, 0, 0, 1, 0, `acara di kalender bersama "Zoom Bupati"`},
		{"itself, excluded", booked(7, "Rapat", dec1(10, 0), dec1(12, 0)), 0, 7, 0, 0, ""},
		{"another room", Busy{Room: "aula", RequestID: 8, Kind: BusyBooking, Start: dec1(10, 0), End: dec1(12, 0)},
			0, 0, 0, 0, ""},
		{"pending only warns", Busy{Room: "command-center", RequestID: 9, Title: "Sosialisasi", Kind: BusyPending,
			Start: dec1(11, 0), End: dec1(12, 0)}, 0, 0, 0, 1, `permohonan lain ("Sosialisasi") yang masih diproses untuk 01-12-2026 11:00-12:00 WIB`},
		{"pending itself, excluded", Busy{Room: "command-center", RequestID: 9, Kind: BusyPending,
			Start: dec1(11, 0), End: dec1(12, 0)}, 0, 9, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rules := candidate(t), testRules(t)
			c.Exclude, rules.Buffer = tt.exclude, tt.buffer
			rep := Check(c, NewSchedule([]Busy{tt.busy}), rules, testNow(t))
			if len(rep.Conflicts) != tt.conflicts || len(rep.Pending) != tt.pending || len(rep.Warnings) != tt.pending {
				t.Fatalf("conflicts %+v, pending %+v", rep.Conflicts, rep.Warnings)
			}
			if len(rep.Violations) != 0 || rep.Available() != (tt.conflicts == 0) {
				t.Errorf("violations %+v", rep.Violations)
			}
			msg := ""
			if tt.conflicts > 0 {
				c := rep.Conflicts[0]
				msg = c.Message
				if c.RequestID != tt.busy.RequestID || c.Title != tt.busy.Title || !c.Occurrence.Equal(dec1(10, 0)) {
					t.Errorf("conflict %+v does not name %+v", c, tt.busy)
				}
				if v, ok := rep.Refusal(); !ok || v.Code != CodeOverlap || v.Message != msg {
					t.Errorf("Refusal() = %+v", v)
				}
			}
			if tt.pending > 0 {
				msg = rep.Warnings[0].Message
			}
			if !strings.Contains(msg, tt.inText) {
				t.Errorf("message %q lacks %q", msg, tt.inText)
			}
		})
	}
}

func TestCheckRecurringConflictOnThirdOccurrence(t *testing.T) {
	c := candidate(t) // Tuesdays from 1 December, 10:00-12:00
	c.Recurrence = "FREQ=WEEKLY;COUNT=5"
	third := wib(t, 2026, 12, 15, 10, 0)
	cal := NewSchedule([]Busy{
		booked(7, "Rapat Koordinasi", third.Add(time.Hour), third.Add(3*time.Hour)),
		{Room: "command-center", RequestID: 9, Kind: BusyPending, Start: third, End: third.Add(time.Hour)},
		{Room: "command-center", RequestID: 9, Kind: BusyPending, Start: third.AddDate(0, 0, 7), End: third.AddDate(0, 0, 7).Add(time.Hour)},
	})
	rep := Check(c, cal, testRules(t), testNow(t))
	if len(rep.Conflicts) != 1 || !rep.Conflicts[0].Occurrence.Equal(third) || rep.Conflicts[0].RequestID != 7 {
		t.Fatalf("conflicts %+v", rep.Conflicts)
	}
	if len(rep.Pending) != 2 || len(rep.Warnings) != 1 || !rep.Warnings[0].Occurrence.Equal(third) {
		t.Errorf("one warning for the pending request, naming both occurrences: %+v %+v", rep.Warnings, rep.Pending)
	}
	if len(rep.Suggestions) < 3 || rep.Suggestions[0].Start.Before(third) {
		t.Errorf("suggestions %+v should start from the third occurrence", rep.Suggestions)
	}
}

func TestCheckRecurringGroupsViolations(t *testing.T) {
	c := candidate(t) // Fridays from 4 December: the 25th is a holiday
	c.Start, c.End = wib(t, 2026, 12, 4, 16, 0), wib(t, 2026, 12, 4, 18, 0)
	c.Recurrence = "FREQ=WEEKLY;COUNT=6"
	rep := Check(c, nil, testRules(t), testNow(t))
	if got := codes(rep.Violations); len(got) != 2 || got[0] != CodeHours || got[1] != CodeClosed {
		t.Fatalf("codes %v", got)
	}
	hours := rep.Violations[0]
	if !hours.Occurrence.Equal(c.Start) || !strings.HasSuffix(hours.Message,
		"Pertemuan yang terkena: 04-12-2026 16:00, 11-12-2026 16:00, 18-12-2026 16:00, dan 3 lainnya.") {
		t.Errorf("hours %+v", hours)
	}
	if closed := rep.Violations[1]; closed.Message != "Ruang tutup pada 25-12-2026." ||
		!closed.Occurrence.Equal(wib(t, 2026, 12, 25, 16, 0)) {
		t.Errorf("closed %+v", closed)
	}
}

func TestCheckRecurringBeyondHorizon(t *testing.T) {
	c := candidate(t)
	c.Recurrence, c.Language = "FREQ=MONTHLY;COUNT=8", "en" // December to July; the horizon ends 24 May
	rep := Check(c, nil, testRules(t), testNow(t))
	if len(rep.Violations) != 1 || rep.Violations[0].Code != CodeHorizon {
		t.Fatalf("violations %+v", rep.Violations)
	}
	want := "A room can be requested at most 180 days ahead (until 24 May 2027). Occurrences affected: 1 Jun 2027 10:00, 1 Jul 2027 10:00."
	if v := rep.Violations[0]; v.Message != want || !v.Occurrence.Equal(wib(t, 2027, 6, 1, 10, 0)) {
		t.Errorf("got %q, want %q", v.Message, want)
	}
	if len(rep.Suggestions) != 0 {
		t.Errorf("no later time cures the horizon: %+v", rep.Suggestions)
	}
}

// TestCheckOverlapMatchesBruteForce compares the conflicts and pending spans
// of recurring and single requests with their definition, on random calendars
// of every kind, through a Schedule, through a sloppy Calendar and through an
// OverlapCalendar that lists ListLimit pending spans and counts the others:
// the lists hold the first ListLimit, the totals count them all.
func TestCheckOverlapMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	base := wib(t, 2026, 11, 28, 0, 0)
	kinds := []BusyKind{BusyBooking, BusyPending, BusyExternal}
	for i := range 300 {
		spans := randomSpans(rng, base, 200)
		for j := range spans {
			spans[j].Room, spans[j].Kind = "command-center", kinds[rng.IntN(3)]
			if rng.IntN(4) == 0 { // a request with several occurrences
				spans[j].RequestID = int64(1 + rng.IntN(10))
			}
			if i%4 < 2 { // ten times denser: windows with more than ListLimit spans
				length := spans[j].End.Sub(spans[j].Start)
				spans[j].Start = base.Add(spans[j].Start.Sub(base) / 10).Truncate(slotStep)
				spans[j].End = spans[j].Start.Add(length)
			}
		}
		rules := Rules{Location: jakarta(t), Buffer: time.Duration(rng.IntN(3)) * 15 * time.Minute}
		c := candidate(t)
		c.Start = base.Add(time.Duration(rng.IntN(10*96)) * slotStep)
		c.End = c.Start.Add(time.Duration(1+rng.IntN(16)) * slotStep)
		c.Exclude = int64(rng.IntN(100))
		if i%2 == 0 {
			c.Recurrence = "FREQ=DAILY;COUNT=5"
		}
		var cal Calendar
		switch i % 3 {
		case 0:
			cal = NewSchedule(spans)
		case 1:
			cal = sloppyCalendar(spans)
		case 2:
			cal = countingCalendar{NewSchedule(spans)}
		}
		rep := Check(c, cal, rules, testNow(t))
		want, warnAt := bruteReport(t, c, spans, rules)
		if got := reportKeys(rep); got != want {
			t.Fatalf("case %d (%T):\ngot  %s\nwant %s", i, cal, got, want)
		}
		if len(rep.Warnings) != len(warnAt) {
			t.Fatalf("case %d: %d warnings, want %d", i, len(rep.Warnings), len(warnAt))
		}
		for j, at := range warnAt {
			if rep.Warnings[j].Message != rep.Pending[at].Message {
				t.Errorf("case %d: warning %d is %q, want the one of pending span %d", i, j, rep.Warnings[j].Message, at)
			}
		}
	}
}

// bruteReport renders the report's lists and totals as their definition
// makes them: every span in the way of an occurrence, occurrence after
// occurrence, each occurrence's spans by start, end and request. warnAt are
// the positions in the listed pending spans of the ones warned about: the
// first listed span of each request, ListLimit at most.
func bruteReport(t *testing.T, c Candidate, spans []Busy, rules Rules) (text string, warnAt []int) {
	slots, err := Expand(c.Start, c.End, c.Recurrence, rules, testNow(t))
	if err != nil {
		t.Fatal(err)
	}
	var hard, soft []Conflict
	for _, s := range slots {
		var in []Busy
		for _, b := range spans {
			if b.RequestID != c.Exclude && b.End.After(b.Start) &&
				b.Start.Before(s.End.Add(rules.Buffer)) && b.End.After(s.Start.Add(-rules.Buffer)) {
				in = append(in, b)
			}
		}
		slices.SortStableFunc(in, BySpan)
		for _, b := range in {
			if b.Kind == BusyPending {
				soft = append(soft, Conflict{Busy: b, Occurrence: s.Start})
			} else {
				hard = append(hard, Conflict{Busy: b, Occurrence: s.Start})
			}
		}
	}
	requests := map[int64]bool{}
	for i, p := range soft {
		if !requests[p.RequestID] && i < ListLimit && len(warnAt) < ListLimit {
			warnAt = append(warnAt, i)
		}
		requests[p.RequestID] = true
	}
	text = fmt.Sprintf("hard %d %s soft %d %s warnings %d", len(hard), conflictKeys(hard[:min(len(hard), ListLimit)]),
		len(soft), conflictKeys(soft[:min(len(soft), ListLimit)]), len(requests))
	return text, warnAt
}

// reportKeys renders rep's lists and totals as bruteReport does.
func reportKeys(rep Report) string {
	return fmt.Sprintf("hard %d %s soft %d %s warnings %d", rep.ConflictsTotal, conflictKeys(rep.Conflicts),
		rep.PendingTotal, conflictKeys(rep.Pending), rep.WarningsTotal)
}

// conflictKeys renders conflicts, in order, as occurrence@request.
func conflictKeys(cs []Conflict) string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = fmt.Sprintf("%s@%d", c.Occurrence.Format("0102T1504"), c.RequestID)
	}
	return strings.Join(keys, ",")
}

// countingCalendar is an OverlapCalendar over a Schedule, as a database
// answers: the first limit pending spans, and the counts.
type countingCalendar struct{ *Schedule }

func (c countingCalendar) Overlap(room string, from, to time.Time, exclude int64, limit int) Overlap {
	return OverlapOf(c.Busy(room, from, to), from, to, exclude, limit)
}

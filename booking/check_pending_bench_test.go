package booking

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// pendingFixture is a calendar where n requests still in the chain ask for
// the same hour, and a candidate for that hour: every pending request is in
// its way.
func pendingFixture(b *testing.B, n int) (Candidate, []Busy, Rules, time.Time) {
	rules, now := testRules(b), testNow(b)
	c := candidate(b)
	spans := make([]Busy, n)
	for i := range spans {
		spans[i] = Busy{Room: "command-center", RequestID: int64(i + 1), Title: fmt.Sprint("Rapat ", i),
			Kind: BusyPending, Start: c.Start, End: c.End}
	}
	return c, spans, rules, now
}

// BenchmarkCheckPending checks a request for an hour that n pending requests
// ask for. On a Schedule the check sorts out every span of the hour; on an
// OverlapCalendar that lists the first ListLimit (as the database does) it
// reads ListLimit spans whatever n. Either way the report formats at most
// ListLimit warnings.
func BenchmarkCheckPending(b *testing.B) {
	for _, n := range []int{0, 10, 100, 1000, 10000} {
		c, spans, rules, now := pendingFixture(b, n)
		cals := []struct {
			name string
			cal  Calendar
		}{{"schedule", NewSchedule(spans)}, {"listed", listedCalendar{spans: spans}}}
		for _, k := range cals {
			b.Run(fmt.Sprintf("%s/pending=%d", k.name, n), func(b *testing.B) {
				if rep := Check(c, k.cal, rules, now); rep.PendingTotal != n || len(rep.Warnings) != min(n, ListLimit) {
					b.Fatalf("%d pending, %d warnings", rep.PendingTotal, len(rep.Warnings))
				}
				runtime.GC()
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					Check(c, k.cal, rules, now)
				}
			})
		}
	}
}

// listedCalendar answers Overlap as a database does for spans that all
// overlap the window: the first limit of them, and their count, at no cost
// per span.
type listedCalendar struct{ spans []Busy }

func (l listedCalendar) Busy(room string, from, to time.Time) []Busy { return l.spans }

func (l listedCalendar) Overlap(room string, from, to time.Time, exclude int64, limit int) Overlap {
	if limit < 0 {
		limit = len(l.spans)
	}
	return Overlap{Pending: l.spans[:min(limit, len(l.spans))], PendingTotal: len(l.spans), PendingRequests: len(l.spans)}
}

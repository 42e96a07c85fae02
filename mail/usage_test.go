package mail

import (
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// report files r's usage report as the vidcon team, with note: the hours
// kept, 18 present, the computer damaged.
func (e *env) report(r booking.Request, note string) {
	e.t.Helper()
	e.clock.advance(2 * time.Minute)
	u := &booking.Usage{Start: r.Start.Add(5 * time.Minute), End: r.End.Add(-5 * time.Minute), Attendance: 18,
		Equipment: []booking.UsedItem{{Name: "computer", Condition: booking.ConditionBroken, Note: "Layar berkedip"}},
		Problems:  "Listrik padam <5 menit>"}
	if _, err := e.off.Act(e.t.Context(), r.ID, booking.Act{Action: booking.ActionReport, Note: note, Usage: u,
		Actor: e.off.ActorFor(e.users["vidcon"])}); err != nil {
		e.t.Fatalf("report: %v", err)
	}
}

// TestUsageBlock: the emails up the chain list the usage report, each part
// on its line, escaped in the HTML; a report without fields (filed before
// they existed) gives no block.
func TestUsageBlock(t *testing.T) {
	r := booking.Request{ID: 12, Start: time.Date(2026, 12, 10, 2, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 10, 4, 0, 0, 0, time.UTC)}
	u := &booking.Usage{Start: r.Start, End: r.End, Attendance: 18, Problems: "Listrik padam <5 menit>",
		Equipment: []booking.UsedItem{{Name: "computer", Condition: booking.ConditionBroken, Note: "Layar\nberkedip"}}}
	e := newEnv(t)
	for _, c := range []struct {
		history []booking.Transition
		want    int
	}{
		{[]booking.Transition{{Action: booking.ActionReport, Usage: u}}, 1},
		{[]booking.Transition{{Action: booking.ActionReport, Note: "Hadir 20 orang"}}, 0},
		{[]booking.Transition{{Action: booking.ActionPrepare, Readiness: []booking.ReadyItem{{Name: "computer", Note: "rusak"}}},
			{Action: booking.ActionReport, Usage: u}}, 2},
	} {
		j := &job{r: r, history: c.history}
		s := e.mailer.usageSections(locale.For("id"), j, EventClosed)
		if len(s) != c.want {
			t.Fatalf("%d sections, want %d: %+v", len(s), c.want, s)
		}
		if c.want == 0 {
			continue
		}
		l := &letter{Lang: "id", Subject: "x", Name: "Kepala", Sections: s}
		text, html, err := l.render()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Jumlah hadir: 18 orang", "computer: Rusak (Layar berkedip)", "Kendala: Listrik padam <5 menit>"} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
		if !strings.Contains(html, "Kendala: Listrik padam &lt;5 menit&gt;") {
			t.Errorf("html:\n%s", html)
		}
	}
	if s := e.mailer.usageSections(locale.For("id"), &job{r: r, history: []booking.Transition{{Action: booking.ActionReport, Usage: u}}}, EventApproved); s != nil {
		t.Errorf("an approval lists the report: %+v", s)
	}
}

package office

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// TestSubmitBusyHourListsTheFirst submits 15 requests for the same hour: each
// is accepted with a warning for every earlier one, the report listing the
// first booking.ListLimit and counting them all, in the submission's view and
// in the live view.
func TestSubmitBusyHourListsTheFirst(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	hour := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
	var last Submitted
	for i := range 15 {
		r := request(hour)
		r.Title = fmt.Sprint("Rapat ", i)
		sub, err := off.Submit(ctx, r, "", nil)
		if err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
		if got := sub.Report.WarningsTotal; got != i {
			t.Fatalf("submission %d: %d warnings in all, want %d", i, got, i)
		}
		last = sub
	}
	rep := last.Report
	if len(rep.Pending) != booking.ListLimit || len(rep.Warnings) != booking.ListLimit ||
		rep.PendingTotal != 14 || rep.WarningsTotal != 14 || !rep.Available() {
		t.Fatalf("report: %d pending of %d, %d warnings of %d", len(rep.Pending), rep.PendingTotal,
			len(rep.Warnings), rep.WarningsTotal)
	}
	if rep.Pending[0].Title != "Rapat 0" || rep.Pending[9].Title != "Rapat 9" {
		t.Errorf("listed %q..%q, want the earliest first", rep.Pending[0].Title, rep.Pending[9].Title)
	}
	first, err := off.View(ctx, last.Request.ID-14)
	if err != nil {
		t.Fatal(err)
	}
	if r := first.Report; len(r.Warnings) != booking.ListLimit || r.WarningsTotal != 14 || r.PendingTotal != 14 {
		t.Errorf("live view of the first: %d warnings of %d, %d pending", len(r.Warnings), r.WarningsTotal, r.PendingTotal)
	}
}

// TestSubmitRecurringOverBusyHour: a weekly request whose first occurrence
// falls on an hour 12 others ask for, and every occurrence on a weekly series
// still in the chain, counts each request once.
func TestSubmitRecurringOverBusyHour(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	hour := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
	for range 12 {
		if _, err := off.Submit(ctx, request(hour), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	weekly := request(hour)
	weekly.Recurrence = "FREQ=WEEKLY;COUNT=3"
	for range 2 { // a series in the chain, then the candidate
		sub, err := off.Submit(ctx, weekly, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r := sub.Report; r.PendingTotal == 15 && (r.WarningsTotal != 13 || len(r.Pending) != booking.ListLimit) {
			t.Errorf("report: %d pending of %d, %d warnings in all; want 13", len(r.Pending), r.PendingTotal, r.WarningsTotal)
		}
	}
	v, err := off.View(ctx, 14)
	if err != nil {
		t.Fatal(err)
	}
	if r := v.Report; r.PendingTotal != 15 || r.WarningsTotal != 13 {
		t.Errorf("live report: %d pending, %d warnings; want 15, 13", r.PendingTotal, r.WarningsTotal)
	}
}

// TestSubmittedViewIsTheView: the view a submission returns is the one View
// reads after it, when nothing else happened in between.
func TestSubmittedViewIsTheView(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	hour := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
	if _, err := off.Submit(ctx, request(hour), "", nil); err != nil {
		t.Fatal(err)
	}
	weekly := request(hour.Add(time.Hour))
	weekly.Recurrence = "FREQ=WEEKLY;COUNT=2"
	for _, key := range []string{"k", "k"} { // the second is a replay
		sub, err := off.Submit(ctx, weekly, key, []byte("body"))
		if err != nil {
			t.Fatal(err)
		}
		read, err := off.View(ctx, sub.Request.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := viewSummary(sub.View), viewSummary(read); got != want {
			t.Errorf("replayed %v:\n got %s\nwant %s", sub.Replayed, got, want)
		}
	}
}

// viewSummary renders what a view shows, times as instants.
func viewSummary(v View) string {
	s := fmt.Sprintf("request %d %s %s; occurrences", v.Request.ID, v.Request.Status, v.Request.Start.UTC())
	for _, o := range v.Occurrences {
		s += fmt.Sprint(" ", o.Start.UTC(), "-", o.End.UTC())
	}
	s += fmt.Sprintf("; report %d/%d conflicts %d/%d warnings", len(v.Report.Conflicts), v.Report.ConflictsTotal,
		len(v.Report.Warnings), v.Report.WarningsTotal)
	for _, w := range v.Report.Warnings {
		s += " " + w.Message
	}
	for _, h := range v.History {
		s += fmt.Sprint("; ", h.ID, " ", h.Action, " ", h.At.UTC())
	}
	return s + fmt.Sprintf("; %d deliveries", len(v.Deliveries))
}

// TestSubmitRefusedNamesPending: a request refused for an approved booking
// carries the full conflict report: the booking, the pending requests for
// the same time and free slots.
func TestSubmitRefusedNamesPending(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	hour := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
	for range 3 {
		if _, err := off.Submit(ctx, request(hour), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	approved := request(hour.Add(time.Hour))
	approved.UID = NewUID()
	tr := booking.Submitted(&approved, hour.AddDate(0, 0, -7), nil)
	approved.Status = booking.StatusApproved // stored as approved, past the chain
	if _, _, err := off.opt.Store.Submit(ctx, store.Submission{Request: &approved, Transition: tr}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := off.Submit(ctx, request(hour), "", nil)
	var re *RuleError
	if !errors.As(err, &re) {
		t.Fatalf("Submit: %v, want a refusal", err)
	}
	if r := re.Report; r.ConflictsTotal != 1 || r.WarningsTotal != 3 || len(r.Warnings) != 3 || len(r.Suggestions) == 0 {
		t.Errorf("refusal: %d conflicts, %d warnings (%d listed), %d suggestions", r.ConflictsTotal,
			r.WarningsTotal, len(r.Warnings), len(r.Suggestions))
	}
}

package office

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// view reads request id's view, failing the test on an error.
func view(t *testing.T, off *Office, id int64) View {
	t.Helper()
	v, err := off.View(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSubmitBusyHourListsTheFirst submits 15 requests for the same hour: each
// is accepted with a warning for every other, the report listing the first
// booking.ListLimit and counting them all.
func TestSubmitBusyHourListsTheFirst(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	hour := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
	var ids []int64
	for i := range 15 {
		r := request(hour)
		r.Title = fmt.Sprint("Rapat ", i)
		sub, err := off.Submit(ctx, r, "", nil)
		if err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
		if got := view(t, off, sub.Request.ID).Report.WarningsTotal; got != i {
			t.Fatalf("submission %d: %d warnings in all, want %d", i, got, i)
		}
		ids = append(ids, sub.Request.ID)
	}
	rep := view(t, off, ids[14]).Report
	if len(rep.Pending) != booking.ListLimit || len(rep.Warnings) != booking.ListLimit ||
		rep.PendingTotal != 14 || rep.WarningsTotal != 14 || !rep.Available() {
		t.Fatalf("report: %d pending of %d, %d warnings of %d", len(rep.Pending), rep.PendingTotal,
			len(rep.Warnings), rep.WarningsTotal)
	}
	if rep.Pending[0].Title != "Rapat 0" || rep.Pending[9].Title != "Rapat 9" {
		t.Errorf("listed %q..%q, want the earliest first", rep.Pending[0].Title, rep.Pending[9].Title)
	}
	if r := view(t, off, ids[0]).Report; len(r.Warnings) != booking.ListLimit || r.WarningsTotal != 14 {
		t.Errorf("the first: %d warnings of %d, want 10 of 14", len(r.Warnings), r.WarningsTotal)
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
	var last Submitted
	for range 2 { // a series in the chain, then the candidate
		var err error
		if last, err = off.Submit(ctx, weekly, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if r := view(t, off, last.Request.ID).Report; r.PendingTotal != 15 || r.WarningsTotal != 13 ||
		len(r.Pending) != booking.ListLimit {
		t.Errorf("report: %d pending of %d, %d warnings in all; want 10 of 15, 13", len(r.Pending),
			r.PendingTotal, r.WarningsTotal)
	}
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

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// weekly submits a weekly series of four from start in room, approved.
func weekly(t *testing.T, s Store, uid, room string, start time.Time) (booking.Request, []booking.Slot) {
	t.Helper()
	r := testRequest(uid, room, start, 2*time.Hour)
	r.Recurrence = "FREQ=WEEKLY;COUNT=4"
	var occ []booking.Slot
	for i := range 4 {
		s := start.AddDate(0, 0, 7*i)
		occ = append(occ, booking.Slot{Start: s, End: s.Add(2 * time.Hour)})
	}
	return submitTest(t, s, r, booking.StatusApproved, occ...), occ
}

func TestFeedEntriesWindowAndRoom(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		a := submitTest(t, s, testRequest("a", "cc", at(1, 9, 0), time.Hour), booking.StatusSubmitted)
		b := submitTest(t, s, testRequest("b", "hall", at(2, 9, 0), time.Hour), booking.StatusCancelled)
		series, _ := weekly(t, s, "c", "cc", at(3, 9, 0))
		submitTest(t, s, testRequest("late", "cc", at(28, 9, 0), time.Hour), booking.StatusApproved)

		got := feedIDs(t, s, at(1, 0, 0), at(20, 0, 0), "")
		if want := []int64{a.ID, b.ID, series.ID}; !equalIDs(got, want) {
			t.Errorf("all rooms: got %v, want %v", got, want)
		}
		if got := feedIDs(t, s, at(1, 0, 0), at(20, 0, 0), "cc"); !equalIDs(got, []int64{a.ID, series.ID}) {
			t.Errorf("room cc: got %v", got)
		}
		// Only the series' last occurrence (the 24th) overlaps this window.
		if got := feedIDs(t, s, at(24, 10, 0), at(25, 0, 0), ""); !equalIDs(got, []int64{series.ID}) {
			t.Errorf("last occurrence: got %v", got)
		}
		list, err := s.FeedEntries(ctx, at(1, 0, 0), at(20, 0, 0), "cc")
		if err != nil {
			t.Fatal(err)
		}
		if e := list[1]; !e.Last.Equal(at(24, 9, 0)) || len(e.Exceptions) != 0 || e.Request.ContactEmail == "" {
			t.Errorf("series entry: last %v, exceptions %v", e.Last, e.Exceptions)
		}
	})
}

func feedIDs(t *testing.T, s Store, from, to time.Time, room string) []int64 {
	t.Helper()
	list, err := s.FeedEntries(t.Context(), from, to, room)
	if err != nil {
		t.Fatalf("FeedEntries: %v", err)
	}
	var ids []int64
	for _, e := range list {
		ids = append(ids, e.Request.ID)
	}
	return ids
}

func TestChangeOccurrence(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		series, occ := weekly(t, s, "w", "cc", at(1, 9, 0))
		change := func(c OccurrenceChange, check OccurrenceCheck) (booking.Request, error) {
			return s.ChangeOccurrence(ctx, series.ID, c, check)
		}
		r, err := change(OccurrenceChange{Original: occ[1].Start, Remove: true, At: at(1, 12, 0),
			UserID: 0, Actor: "Sekretaris", Role: booking.RoleSecretary, Note: "libur"}, nil)
		if err != nil || r.Sequence != series.Sequence+1 || !r.UpdatedAt.Equal(at(1, 12, 0)) {
			t.Fatalf("remove: %v, sequence %d, updated %v", err, r.Sequence, r.UpdatedAt)
		}
		hist, _ := s.History(ctx, series.ID)
		last := hist[len(hist)-1]
		if last.Action != booking.ActionReschedule || last.From != r.Status || last.To != r.Status ||
			last.Actor != "Sekretaris" || last.Note != "libur" || !last.At.Equal(at(1, 12, 0)) {
			t.Fatalf("the change is not in the history: %+v", last)
		}
		moved := OccurrenceChange{Original: occ[2].Start, Start: at(16, 13, 0), End: at(16, 15, 0), At: at(1, 13, 0)}
		if _, err := change(moved, nil); err != nil {
			t.Fatalf("move: %v", err)
		}
		// A moved occurrence is found again by its original start, and moves again.
		moved.Start, moved.End = at(17, 13, 0), at(17, 15, 0)
		if _, err := change(moved, nil); err != nil {
			t.Fatalf("move again: %v", err)
		}
		if _, err := change(OccurrenceChange{Original: occ[1].Start, Remove: true}, nil); !errors.Is(err, ErrNoOccurrence) {
			t.Errorf("remove twice: %v, want ErrNoOccurrence", err)
		}
		if _, err := s.ChangeOccurrence(ctx, 999, OccurrenceChange{Original: occ[0].Start, Remove: true}, nil); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown request: %v", err)
		}
		refused := errors.New("refused")
		if _, err := change(OccurrenceChange{Original: occ[3].Start, Remove: true}, func(context.Context, *booking.Request, Calendar) error {
			return refused
		}); err != refused {
			t.Errorf("check error: %v", err)
		}
		checkExceptions(t, s, series.ID, occ)
		checkBusyAfterChange(t, s, occ)
	})
}

// checkExceptions wants occurrence 1 removed and 2 moved to the 17th.
func checkExceptions(t *testing.T, s Store, id int64, occ []booking.Slot) {
	t.Helper()
	list, err := s.FeedEntries(t.Context(), at(1, 0, 0), at(31, 0, 0), "")
	if err != nil || len(list) != 1 {
		t.Fatalf("FeedEntries: %v %d", err, len(list))
	}
	e := list[0]
	if e.Request.Sequence != 3 || !e.Last.Equal(occ[3].Start) {
		t.Errorf("sequence %d, last %v", e.Request.Sequence, e.Last)
	}
	want := []Exception{
		{Original: occ[1].Start, Removed: true, Start: occ[1].Start, End: occ[1].End},
		{Original: occ[2].Start, Start: at(17, 13, 0), End: at(17, 15, 0)},
	}
	if len(e.Exceptions) != len(want) {
		t.Fatalf("exceptions %+v, want %+v", e.Exceptions, want)
	}
	for i, x := range e.Exceptions {
		w := want[i]
		if !x.Original.Equal(w.Original) || x.Removed != w.Removed || !x.Start.Equal(w.Start) || !x.End.Equal(w.End) {
			t.Errorf("exception %d: %+v, want %+v", i, x, w)
		}
	}
}

// checkBusyAfterChange: a removed occurrence takes no time, a moved one its new time.
func checkBusyAfterChange(t *testing.T, s Store, occ []booking.Slot) {
	t.Helper()
	busy, err := s.Busy(t.Context(), "cc", at(1, 0, 0), at(31, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var starts []time.Time
	for _, b := range busy {
		starts = append(starts, b.Start)
	}
	want := []time.Time{occ[0].Start, at(17, 13, 0), occ[3].Start}
	if len(starts) != len(want) {
		t.Fatalf("busy %v, want %v", starts, want)
	}
	for i := range want {
		if !starts[i].Equal(want[i]) {
			t.Errorf("busy %d: %v, want %v", i, starts[i], want[i])
		}
	}
}

func TestFeedStampMoves(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		stamp := func() string {
			v, err := s.FeedStamp(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		empty := stamp()
		r := submitTest(t, s, testRequest("a", "cc", at(1, 9, 0), time.Hour), booking.StatusSubmitted)
		added := stamp()
		if added == empty || stamp() != added {
			t.Fatalf("stamp: empty %q, added %q", empty, added)
		}
		// A transition at the very same instant still moves it (the sequence).
		act := booking.Act{Action: booking.ActionForward, Actor: booking.Actor{Name: "s",
			Roles: []booking.Role{booking.RoleSecretary}}, At: r.UpdatedAt}
		var since time.Time
		if _, err := s.Act(t.Context(), r.ID, apply(act, &since)); err != nil {
			t.Fatal(err)
		}
		if stamp() == added {
			t.Error("stamp unchanged by a transition")
		}
	})
}

func TestFeedTokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		u := &booking.User{Email: "a@x.id", Name: "A", Grants: []booking.Grant{{Role: booking.RoleSecretary}}, CreatedAt: at(1, 0, 0)}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		h1, h2 := sha256.Sum256([]byte("one")), sha256.Sum256([]byte("two"))
		if _, err := s.UserByFeedToken(ctx, h1[:]); !errors.Is(err, ErrNotFound) {
			t.Errorf("before: %v", err)
		}
		if err := s.SetFeedToken(ctx, u.ID, h1[:]); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByFeedToken(ctx, h1[:])
		if err != nil || got.ID != u.ID || len(got.Grants) != 1 {
			t.Fatalf("by token: %+v %v", got, err)
		}
		if err := s.SetFeedToken(ctx, u.ID, h2[:]); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByFeedToken(ctx, h1[:]); !errors.Is(err, ErrNotFound) {
			t.Errorf("old token after rotation: %v", err)
		}
		if _, err := s.UserByFeedToken(ctx, nil); !errors.Is(err, ErrNotFound) {
			t.Errorf("empty hash: %v", err)
		}
		if err := s.SetFeedToken(ctx, 999, h1[:]); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
		if bytes.Equal(h1[:], h2[:]) {
			t.Fatal("hashes equal")
		}
	})
}

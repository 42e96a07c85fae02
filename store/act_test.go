package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// apply is an ActFunc that takes act through the SOP and records when fn was
// told the step began.
func apply(act booking.Act, since *time.Time) ActFunc {
	return func(_ context.Context, r *booking.Request, turnSince time.Time, _ Calendar) (booking.Transition, error) {
		*since = turnSince
		return booking.Apply(r, act, turnSince, booking.DefaultStandards())
	}
}

func TestActChain(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		sec := booking.User{Email: "sec@example.id", Name: "Sec", Grants: []booking.Grant{{Role: booking.RoleSecretary}}}
		if err := s.CreateUser(ctx, &sec); err != nil {
			t.Fatal(err)
		}
		r := testRequest("uid-1", "cc", at(20, 9, 0), time.Hour)
		first := submitTest(t, s, r, booking.StatusSubmitted)
		actor := booking.Actor{UserID: sec.ID, Name: sec.Name, Roles: []booking.Role{booking.RoleSecretary}}
		var since time.Time
		forwardAt := first.CreatedAt.Add(3*time.Minute + 7)
		got, err := s.Act(ctx, first.ID, apply(booking.Act{Action: booking.ActionForward, Actor: actor, At: forwardAt}, &since))
		if err != nil {
			t.Fatal(err)
		}
		if !since.Equal(first.CreatedAt) {
			t.Errorf("turnSince %v, want the submission's time %v", since, first.CreatedAt)
		}
		if got.Status != booking.StatusForwarded || got.Sequence != 1 || !got.UpdatedAt.Equal(forwardAt) {
			t.Errorf("after forward: %+v", got)
		}
		stored, err := s.Request(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameRequest(t, stored, got)

		cancelAt := forwardAt.Add(time.Minute)
		if _, err := s.Act(ctx, first.ID, apply(booking.Act{Action: booking.ActionCancel, Actor: actor,
			Note: "batal", At: cancelAt}, &since)); err != nil {
			t.Fatal(err)
		}
		if !since.Equal(forwardAt) {
			t.Errorf("turnSince %v, want the forward's time %v", since, forwardAt)
		}
		history, err := s.History(ctx, first.ID)
		if err != nil || len(history) != 3 {
			t.Fatalf("History: %+v, %v", history, err)
		}
		want := []booking.Action{booking.ActionSubmit, booking.ActionForward, booking.ActionCancel}
		for i, h := range history {
			if h.Action != want[i] {
				t.Errorf("history[%d] = %s, want %s", i, h.Action, want[i])
			}
		}
		fw := history[1]
		if fw.UserID != sec.ID || fw.Role != booking.RoleSecretary || fw.From != booking.StatusSubmitted ||
			fw.To != booking.StatusForwarded || fw.Took != 3*time.Minute+7 || fw.Standard != 5*time.Minute ||
			!fw.At.Equal(forwardAt) {
			t.Errorf("forward transition: %+v", fw)
		}
		if history[2].Note != "batal" || history[2].To != booking.StatusCancelled {
			t.Errorf("cancel transition: %+v", history[2])
		}
	})
}

func TestActRefusals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s Store) {
		ctx := t.Context()
		first := submitTest(t, s, testRequest("uid-1", "cc", at(20, 9, 0), time.Hour), booking.StatusSubmitted)
		refused := errors.New("refused")
		_, err := s.Act(ctx, first.ID, func(_ context.Context, r *booking.Request, _ time.Time, _ Calendar) (booking.Transition, error) {
			r.Status = booking.StatusApproved
			return booking.Transition{}, refused
		})
		if err != refused {
			t.Errorf("Act: %v, want fn's error unchanged", err)
		}
		_, err = s.Act(ctx, first.ID, func(_ context.Context, r *booking.Request, _ time.Time, _ Calendar) (booking.Transition, error) {
			r.Room = "elsewhere"
			return booking.Transition{Action: booking.ActionForward, At: at(2, 9, 0)}, nil
		})
		if err == nil {
			t.Error("Act moved the request to another room")
		}
		stored, err := s.Request(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameRequest(t, stored, first)
		if h, _ := s.History(ctx, first.ID); len(h) != 1 {
			t.Errorf("history after refused acts: %+v", h)
		}
	})
}

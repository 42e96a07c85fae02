package office

import (
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

var wib = time.FixedZone("WIB", 7*3600)

// testOffice is an office over a fresh SQLite file with a clock the test moves.
func testOffice(t *testing.T) (*Office, *atomic.Pointer[time.Time]) {
	t.Helper()
	st, err := store.Open(t.Context(), "sqlite", filepath.Join(t.TempDir(), "ccroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var clock atomic.Pointer[time.Time]
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, wib)
	clock.Store(&now)
	rules := booking.Rules{Location: wib, LeadDays: 3, Open: 7 * time.Hour, Close: 18 * time.Hour,
		MinDuration: 15 * time.Minute, MaxDuration: 12 * time.Hour, HorizonDays: 365, Suggestions: 3}
	off := New(Options{Store: st, Rules: rules, Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return *clock.Load() }})
	return off, &clock
}

func request(start time.Time) booking.Request {
	return booking.Request{Room: "command-center", Title: "Rapat", Organization: "Dinkes",
		ContactName: "Budi", ContactEmail: "budi@dinkes.example", Start: start, End: start.Add(2 * time.Hour),
		Participants: 10}
}

// TestExpireOverdue: a request whose start passes while still in the chain
// becomes expired, by the system, with a transition in its history; an
// approved one and one still in the future are left alone.
func TestExpireOverdue(t *testing.T) {
	off, clock := testOffice(t)
	ctx := t.Context()
	early, err := off.Submit(ctx, request(time.Date(2026, 12, 5, 9, 0, 0, 0, wib)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	later, err := off.Submit(ctx, request(time.Date(2026, 12, 9, 9, 0, 0, 0, wib)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	next := time.Date(2026, 12, 5, 9, 0, 0, 0, wib) // the first start, exactly
	clock.Store(&next)
	n, err := off.ExpireOverdue(ctx)
	if err != nil || n != 1 {
		t.Fatalf("expired %d (%v), want 1", n, err)
	}
	v, _ := off.View(ctx, early.Request.ID)
	last := v.History[len(v.History)-1]
	if v.Request.Status != booking.StatusExpired || last.Action != booking.ActionExpire || last.Role != booking.RoleSystem {
		t.Fatalf("status %s, last %+v", v.Request.Status, last)
	}
	if v, _ := off.View(ctx, later.Request.ID); v.Request.Status != booking.StatusSubmitted {
		t.Fatalf("a future request was expired: %s", v.Request.Status)
	}
	if n, _ := off.ExpireOverdue(ctx); n != 0 {
		t.Fatalf("expired again: %d", n)
	}
}

// TestTrackingToken: the token opens its own request only, and survives a
// replayed submission.
func TestTrackingToken(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	a, err := off.Submit(ctx, request(time.Date(2026, 12, 7, 9, 0, 0, 0, wib)), "key-1", []byte("body"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := off.Submit(ctx, request(time.Date(2026, 12, 7, 9, 0, 0, 0, wib)), "key-1", []byte("body"))
	if err != nil || !again.Replayed || again.TrackingToken != a.TrackingToken || again.Request.ID != a.Request.ID {
		t.Fatalf("replay: %+v %v", again, err)
	}
	b, err := off.Submit(ctx, request(time.Date(2026, 12, 8, 9, 0, 0, 0, wib)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.TrackingToken) != 22 { // 128 bits in base64url
		t.Fatalf("token %q", a.TrackingToken)
	}
	if _, err := off.Lookup(ctx, b.Request.ID, a.TrackingToken); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another request with my token: %v", err)
	}
	if v, err := off.Lookup(ctx, a.Request.ID, a.TrackingToken); err != nil || v.Request.ID != a.Request.ID {
		t.Fatalf("own request: %v", err)
	}
}

// TestActingOfficial: a user holding the head's role for some dates may
// dispose within them only.
func TestActingOfficial(t *testing.T) {
	off, clock := testOffice(t)
	ctx := t.Context()
	plt, err := off.AddUser(ctx, NewUser{Email: "plt@diskominfo.example", Name: "Plt. Kadis",
		Grants: []booking.Grant{{Role: booking.RoleVidcon}}})
	if err != nil {
		t.Fatal(err)
	}
	if plt, err = off.Grant(ctx, plt.Email, booking.Grant{Role: booking.RoleHead,
		From: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if off.ActorFor(plt).Holds(booking.RoleHead) {
		t.Fatal("head on 1 December, before the grant")
	}
	d := time.Date(2026, 12, 3, 23, 0, 0, 0, wib)
	clock.Store(&d)
	if !off.ActorFor(plt).Holds(booking.RoleHead) {
		t.Fatal("not head on the grant's last day")
	}
	d = time.Date(2026, 12, 4, 0, 0, 0, 0, wib)
	clock.Store(&d)
	if off.ActorFor(plt).Holds(booking.RoleHead) {
		t.Fatal("still head after the grant")
	}
}

// walk takes request id through the chain up to the secretary's inform.
func walk(t *testing.T, off *Office, id int64) error {
	t.Helper()
	sek := booking.Actor{Name: "Sek", Roles: []booking.Role{booking.RoleSecretary}}
	head := booking.Actor{Name: "Kadis", Roles: []booking.Role{booking.RoleHead}}
	kabid := booking.Actor{Name: "Kabid", Roles: []booking.Role{booking.RoleKabid}}
	for _, a := range []booking.Act{
		{Action: booking.ActionForward, Actor: sek}, {Action: booking.ActionDispose, Actor: head},
		{Action: booking.ActionCheck, Actor: kabid, Decision: booking.DecisionAvailable},
		{Action: booking.ActionRelay, Actor: head}, {Action: booking.ActionInform, Actor: sek},
	} {
		if _, err := off.Act(t.Context(), id, a); err != nil {
			return err
		}
	}
	return nil
}

// TestRecheckReadsStoredOccurrences: the re-check at approval checks the
// occurrences as they are stored, so an occurrence the secretary moved onto
// another booking's time is caught, and a removed one frees its time.
func TestRecheckReadsStoredOccurrences(t *testing.T) {
	off, _ := testOffice(t)
	ctx := t.Context()
	sek := booking.Actor{Name: "Sek", Roles: []booking.Role{booking.RoleSecretary}}
	seriesReq := request(time.Date(2026, 12, 7, 9, 0, 0, 0, wib))
	seriesReq.Recurrence = "FREQ=DAILY;COUNT=3"
	series, err := off.Submit(ctx, seriesReq, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	moved := OccurrenceChange{Original: seriesReq.Start,
		Start: time.Date(2026, 12, 10, 13, 0, 0, 0, wib), End: time.Date(2026, 12, 10, 15, 0, 0, 0, wib)}
	if _, err := off.ChangeOccurrence(ctx, series.Request.ID, moved, sek); err != nil {
		t.Fatal(err)
	}
	other, err := off.Submit(ctx, request(moved.Start), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := walk(t, off, other.Request.ID); err != nil {
		t.Fatal(err)
	}
	var re *RuleError
	if err := walk(t, off, series.Request.ID); !errors.As(err, &re) || re.Code != booking.CodeOverlap {
		t.Fatalf("the moved occurrence collides with an approved booking: got %v, want overlap", err)
	}
	// The old slot of the moved occurrence is free: a request there is not told of a conflict.
	rep, err := off.Check(ctx, booking.Candidate{Room: booking.DefaultRoom(), Start: seriesReq.Start,
		End: seriesReq.End, Participants: 5})
	if err != nil || len(rep.Conflicts) != 0 || len(rep.Warnings) != 0 {
		t.Fatalf("the moved occurrence's old slot is still busy: %+v %v", rep, err)
	}
}

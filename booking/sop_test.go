package booking

import (
	"errors"
	"testing"
	"time"
)

var (
	t0        = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	secretary = Actor{UserID: 1, Name: "Sekretaris", Roles: []Role{RoleSecretary}}
	head      = Actor{UserID: 2, Name: "Kadis", Roles: []Role{RoleHead}}
	kabid     = Actor{UserID: 3, Name: "Kabid", Roles: []Role{RoleKabid}}
	vidcon    = Actor{UserID: 4, Name: "Tim Vidcon", Roles: []Role{RoleVidcon}}
	applicant = Actor{Name: "Pemohon", Roles: []Role{RoleApplicant}}
	system    = Actor{Name: "system", Roles: []Role{RoleSystem}}
	admin     = Actor{UserID: 5, Name: "Admin", Roles: []Role{RoleAdmin}}
)

func newRequest() *Request {
	r := &Request{ID: 7, Start: t0, End: t0.Add(2 * time.Hour)}
	Submitted(r, t0.Add(-5*24*time.Hour), DefaultStandards())
	return r
}

// TestApplyWholeChain walks the ten steps and checks each state, role and the
// measured duration against the standard.
func TestApplyWholeChain(t *testing.T) {
	r := newRequest()
	at := t0.Add(-4 * 24 * time.Hour)
	steps := []struct {
		act  Act
		want Status
		role Role
	}{
		{Act{Action: ActionForward, Actor: secretary}, StatusForwarded, RoleSecretary},
		{Act{Action: ActionDispose, Actor: head}, StatusDisposed, RoleHead},
		{Act{Action: ActionCheck, Actor: kabid, Decision: DecisionAvailable}, StatusChecked, RoleKabid},
		{Act{Action: ActionRelay, Actor: head}, StatusRelayed, RoleHead},
		{Act{Action: ActionInform, Actor: secretary}, StatusApproved, RoleSecretary},
		{Act{Action: ActionPrepare, Actor: kabid}, StatusPrepared, RoleKabid},
	}
	last := at.Add(-time.Minute)
	for i, s := range steps {
		s.act.At = at.Add(time.Duration(i) * 7 * time.Minute)
		tr, err := Apply(r, s.act, last, DefaultStandards())
		if err != nil {
			t.Fatalf("step %s: %v", s.act.Action, err)
		}
		if r.Status != s.want || tr.To != s.want || tr.Role != s.role {
			t.Fatalf("step %s: status %s, transition %+v", s.act.Action, r.Status, tr)
		}
		if tr.Took != s.act.At.Sub(last) || tr.Standard != DefaultStandards()[s.act.Action] {
			t.Fatalf("step %s: took %v standard %v", s.act.Action, tr.Took, tr.Standard)
		}
		last = s.act.At
	}
	if r.Sequence != len(steps) {
		t.Fatalf("sequence %d, want %d", r.Sequence, len(steps))
	}
	after := r.End.Add(time.Hour)
	for _, s := range []struct {
		act  Act
		want Status
	}{
		{Act{Action: ActionReport, Actor: vidcon, Note: "hadir 40, alat baik", At: after,
			Usage: &Usage{Start: r.Start, End: r.End, Attendance: 40}}, StatusReported},
		{Act{Action: ActionClose, Actor: kabid, At: after.Add(time.Minute)}, StatusClosed},
	} {
		if _, err := Apply(r, s.act, last, DefaultStandards()); err != nil || r.Status != s.want {
			t.Fatalf("step %s: %v, status %s", s.act.Action, err, r.Status)
		}
	}
}

func TestApplyRefusals(t *testing.T) {
	early := t0.Add(-4 * 24 * time.Hour)
	tests := []struct {
		name   string
		status Status
		act    Act
		want   error
	}{
		{"head cannot forward", StatusSubmitted, Act{Action: ActionForward, Actor: head}, ErrForbidden},
		{"admin is not in the chain", StatusSubmitted, Act{Action: ActionForward, Actor: admin}, ErrForbidden},
		{"applicant cannot forward", StatusSubmitted, Act{Action: ActionForward, Actor: applicant}, ErrForbidden},
		{"dispose before forward", StatusSubmitted, Act{Action: ActionDispose, Actor: head}, ErrInvalidTransition},
		{"check twice", StatusChecked, Act{Action: ActionCheck, Actor: kabid, Decision: DecisionAvailable}, ErrInvalidTransition},
		{"check needs decision", StatusDisposed, Act{Action: ActionCheck, Actor: kabid}, ErrInvalidAct},
		{"unavailable needs note", StatusDisposed, Act{Action: ActionCheck, Actor: kabid, Decision: DecisionUnavailable}, ErrInvalidAct},
		{"decision only at check", StatusSubmitted, Act{Action: ActionForward, Actor: secretary, Decision: DecisionAvailable}, ErrInvalidAct},
		{"report before the end", StatusPrepared, Act{Action: ActionReport, Actor: vidcon}, ErrInvalidTransition},
		{"cancel a rejected", StatusRejected, Act{Action: ActionCancel, Actor: secretary}, ErrInvalidTransition},
		{"cancel a closed", StatusClosed, Act{Action: ActionCancel, Actor: applicant}, ErrInvalidTransition},
		{"head cannot cancel", StatusSubmitted, Act{Action: ActionCancel, Actor: head}, ErrForbidden},
		{"expire before start", StatusSubmitted, Act{Action: ActionExpire, Actor: system}, ErrInvalidTransition},
		{"staff cannot expire", StatusSubmitted, Act{Action: ActionExpire, Actor: secretary}, ErrForbidden},
		{"no submit through Apply", StatusSubmitted, Act{Action: ActionSubmit, Actor: applicant}, ErrInvalidAct},
		{"unknown action", StatusSubmitted, Act{Action: "approve", Actor: secretary}, ErrInvalidAct},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest()
			r.Status = tt.status
			tt.act.At = early
			before := *r
			_, err := Apply(r, tt.act, early, DefaultStandards())
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if r.Status != before.Status || r.Sequence != before.Sequence {
				t.Fatalf("a refused act changed the request: %+v", r)
			}
		})
	}
}

func TestInformFollowsKabidDecision(t *testing.T) {
	r := newRequest()
	r.Status = StatusDisposed
	at := t0.Add(-3 * 24 * time.Hour)
	acts := []Act{
		{Action: ActionCheck, Actor: kabid, Decision: DecisionUnavailable, Note: "dipakai rapat bupati", At: at},
		{Action: ActionRelay, Actor: head, At: at},
		{Action: ActionInform, Actor: secretary, At: at},
	}
	for _, a := range acts {
		if _, err := Apply(r, a, at, DefaultStandards()); err != nil {
			t.Fatal(err)
		}
	}
	if r.Status != StatusRejected || !r.Status.Final() {
		t.Fatalf("status %s, want rejected", r.Status)
	}
}

func TestCancelAndExpire(t *testing.T) {
	r := newRequest()
	if _, err := Apply(r, Act{Action: ActionCancel, Actor: applicant, At: t0.Add(-time.Hour)}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusCancelled {
		t.Fatalf("status %s", r.Status)
	}
	r = newRequest()
	r.Status = StatusRelayed
	tr, err := Apply(r, Act{Action: ActionExpire, Actor: system, At: t0}, time.Time{}, nil)
	if err != nil || r.Status != StatusExpired || tr.Role != RoleSystem {
		t.Fatalf("expire: %v %s %+v", err, r.Status, tr)
	}
}

func TestGrantActiveOn(t *testing.T) {
	loc := time.FixedZone("WIB", 7*3600)
	g := Grant{Role: RoleHead, From: time.Date(2026, 12, 1, 0, 0, 0, 0, loc), Until: time.Date(2026, 12, 3, 0, 0, 0, 0, loc)}
	u := User{Grants: []Grant{g}}
	cases := map[time.Time]bool{
		time.Date(2026, 11, 30, 16, 59, 0, 0, time.UTC): false, // 23:59 WIB on 30 Nov
		time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC):  true,  // 00:00 WIB on 1 Dec
		time.Date(2026, 12, 3, 16, 59, 0, 0, time.UTC):  true,  // last minute of 3 Dec
		time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC):   false, // 4 Dec
	}
	for at, want := range cases {
		if got := u.HasRole(RoleHead, at, loc); got != want {
			t.Errorf("HasRole at %s = %v, want %v", at, got, want)
		}
	}
}

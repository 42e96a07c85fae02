package booking

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// approvedWithEquipment is a request approved, asking for a computer and a
// sound system.
func approvedWithEquipment() *Request {
	r := newRequest()
	r.Equipment = []Need{{Name: "computer", Count: 2}, {Name: "sound-system", Count: 1}}
	r.Status = StatusApproved
	return r
}

// TestReadyRecordsChecklist: the vidcon team's checklist changes no status,
// is timed against nothing, and is the vidcon team's alone.
func TestReadyRecordsChecklist(t *testing.T) {
	r := approvedWithEquipment()
	at := t0.Add(-time.Hour)
	list := []ReadyItem{{Name: " sound-system ", Ready: true}, {Name: "computer", Ready: false, Note: "  satu unit rusak "}}
	tr, err := Apply(r, Act{Action: ActionReady, Actor: vidcon, At: at, Readiness: list}, at.Add(-time.Hour), DefaultStandards())
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusApproved || tr.From != StatusApproved || tr.To != StatusApproved || tr.Role != RoleVidcon ||
		tr.Took != 0 || tr.Standard != 0 || r.Sequence != 0 {
		t.Fatalf("status %s, transition %+v", r.Status, tr)
	}
	if tr.Readiness[0].Name != "sound-system" || tr.Readiness[1].Note != "satu unit rusak" || list[1].Note != "  satu unit rusak " {
		t.Fatalf("the checklist is not cleaned into a copy: %+v (given %+v)", tr.Readiness, list)
	}
	if ActionReady.InChain() {
		t.Error("ready is in the chain")
	}
	if _, err := Apply(r, Act{Action: ActionReady, Actor: kabid, At: at, Readiness: list}, time.Time{}, nil); !errors.Is(err, ErrForbidden) {
		t.Errorf("the Kabid's checklist: %v, want forbidden", err)
	}
	r.Status = StatusPrepared
	if _, err := Apply(r, Act{Action: ActionReady, Actor: vidcon, At: at, Readiness: list}, time.Time{}, nil); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("a checklist once prepared: %v, want invalid transition", err)
	}
}

// TestRecordRefusals: each missing or wrong part is refused, naming its field.
func TestRecordRefusals(t *testing.T) {
	before, after := t0.Add(-time.Hour), t0.Add(3*time.Hour)
	ok := []ReadyItem{{Name: "computer", Ready: true}, {Name: "sound-system", Ready: true}}
	notReady := []ReadyItem{{Name: "computer", Ready: true}, {Name: "sound-system", Ready: false, Note: "kabel putus"}}
	used := func(f func(*Usage)) *Usage {
		u := &Usage{Start: t0.Add(5 * time.Minute), End: t0.Add(2 * time.Hour), Attendance: 35,
			Equipment: []UsedItem{{Name: "computer", Condition: ConditionGood}, {Name: "sound-system", Condition: ConditionBroken, Note: "mikrofon mati"}}}
		if f != nil {
			f(u)
		}
		return u
	}
	for _, c := range []struct {
		name   string
		status Status
		act    Act
		field  string
	}{
		{"ready without list", StatusApproved, Act{Action: ActionReady, Actor: vidcon, At: before}, "readiness"},
		{"ready missing an item", StatusApproved, Act{Action: ActionReady, Actor: vidcon, At: before, Readiness: ok[:1]}, "readiness"},
		{"ready unknown item", StatusApproved, Act{Action: ActionReady, Actor: vidcon, At: before,
			Readiness: append([]ReadyItem{{Name: "projector", Ready: true}}, ok...)}, "readiness[0].name"},
		{"ready item twice", StatusApproved, Act{Action: ActionReady, Actor: vidcon, At: before,
			Readiness: append(ok, ok[0])}, "readiness[2].name"},
		{"ready not ready without note", StatusApproved, Act{Action: ActionReady, Actor: vidcon, At: before,
			Readiness: []ReadyItem{{Name: "computer", Ready: true}, {Name: "sound-system"}}}, "readiness[1].note"},
		{"prepare not ready without note", StatusApproved, Act{Action: ActionPrepare, Actor: kabid, At: before, Readiness: notReady}, "note"},
		{"item note too long", StatusApproved, Act{Action: ActionReady, Actor: vidcon, At: before,
			Readiness: []ReadyItem{{Name: "computer", Ready: true, Note: strings.Repeat("x", MaxItemNote+1)}, ok[1]}}, "readiness[0].note"},
		{"usage on prepare", StatusApproved, Act{Action: ActionPrepare, Actor: kabid, At: before, Usage: used(nil)}, "usage"},
		{"checklist on forward", StatusSubmitted, Act{Action: ActionForward, Actor: secretary, At: before, Readiness: ok}, "readiness"},
		{"report without usage", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Note: "baik"}, "usage"},
		{"report checklist", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(nil), Readiness: ok}, "readiness"},
		{"no actual start", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Start = time.Time{} })}, "usage.actual_start"},
		{"no actual end", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.End = time.Time{} })}, "usage.actual_end"},
		{"end before start", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.End = u.Start })}, "usage.actual_end"},
		{"end in the future", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.End = after.Add(time.Minute) })}, "usage.actual_end"},
		{"start in the year 1500", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) {
			u.Start = time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)
		})}, "usage.actual_start"},
		{"attendance negative", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Attendance = -1 })}, "usage.attendance"},
		{"equipment missing", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Equipment = u.Equipment[:1] })}, "usage.equipment"},
		{"condition unknown", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Equipment[0].Condition = "good" })}, "usage.equipment[0].condition"},
		{"condition without note", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Equipment[1].Note = " " })}, "usage.equipment[1].note"},
		{"lost without note", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Equipment[0].Condition = ConditionLost })}, "usage.equipment[0].note"},
		{"problems control", StatusPrepared, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: used(func(u *Usage) { u.Problems = "a\x00b" })}, "usage.problems"},
	} {
		r := approvedWithEquipment()
		r.Status = c.status
		_, err := Apply(r, c.act, time.Time{}, nil)
		var ae *ActError
		if !errors.As(err, &ae) || !errors.Is(err, ErrInvalidAct) || ae.Field != c.field || strings.HasPrefix(ae.Message, "!") {
			t.Errorf("%s: %v (%+v), want invalid %s", c.name, err, ae, c.field)
			continue
		}
		if r.Status != c.status {
			t.Errorf("%s: the status moved to %s", c.name, r.Status)
		}
	}
}

// TestRecordsAccepted: a prepare confirming a checklist with an item not
// ready and a note, a prepare with none, and a full usage report.
func TestRecordsAccepted(t *testing.T) {
	r := approvedWithEquipment()
	at := t0.Add(-time.Hour)
	list := []ReadyItem{{Name: "computer", Ready: true}, {Name: "sound-system", Ready: false, Note: "kabel putus"}}
	tr, err := Apply(r, Act{Action: ActionPrepare, Actor: kabid, At: at, Readiness: list, Note: "Pinjam dari Bagian Umum"}, time.Time{}, nil)
	if err != nil || len(tr.Readiness) != 2 || NotReady(tr.Readiness) != 1 || r.Status != StatusPrepared {
		t.Fatalf("prepare: %v %+v", err, tr)
	}
	r2 := approvedWithEquipment()
	if tr, err := Apply(r2, Act{Action: ActionPrepare, Actor: kabid, At: at}, time.Time{}, nil); err != nil || tr.Readiness != nil {
		t.Fatalf("prepare without a checklist: %v %+v", err, tr)
	}
	after := t0.Add(3 * time.Hour)
	u := &Usage{Start: t0.Add(10 * time.Minute), End: t0.Add(2 * time.Hour), Attendance: 0, Problems: "  Listrik padam 5 menit ",
		Equipment: []UsedItem{{Name: "sound-system", Condition: ConditionLost, Note: "mikrofon hilang"}, {Name: "computer", Condition: ConditionGood}}}
	tr, err = Apply(r, Act{Action: ActionReport, Actor: vidcon, At: after, Usage: u}, time.Time{}, nil)
	if err != nil || tr.Usage == nil || tr.Usage.Problems != "Listrik padam 5 menit" || tr.Usage == u || r.Status != StatusReported {
		t.Fatalf("report: %v %+v", err, tr)
	}
	// A request that asked for no equipment: an empty list, or none.
	r3 := newRequest()
	r3.Status = StatusApproved
	if _, err := Apply(r3, Act{Action: ActionReady, Actor: vidcon, At: at}, time.Time{}, nil); err != nil {
		t.Fatalf("ready without equipment: %v", err)
	}
}

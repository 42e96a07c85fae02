// Package report turns the logbook into the reports an office is asked for.
// The SOP compliance report of a month (Compliance) says, for each step of
// the SOP and each official, how many steps were done, how long they took
// (median and 90th percentile) and how many kept to the step's time
// standard; which steps were late; which requests expired undecided; and how
// many requests met the lead time. The web API and pages, the CLI and the
// monthly email all build it here and write it as JSON, CSV or XLSX.
package report

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// Compliance is the SOP compliance report of one month, in the office time
// zone. Durations are in seconds; shares are percentages rounded to one
// decimal, null when nothing was measured.
type Compliance struct {
	Month string    `json:"month"` // 2026-11
	From  time.Time `json:"from"`  // the month's first instant
	To    time.Time `json:"to"`    // the next month's first instant
	// Total is every measured step of the month together.
	Total     Figures        `json:"total"`
	Steps     []StepLine     `json:"steps"`     // one per SOP step, in the SOP's order
	Officials []OfficialLine `json:"officials"` // one per official and role
	Late      []LateStep     `json:"late_steps"`
	Expired   []Expired      `json:"expired"`
	Lead      LeadTime       `json:"lead_time"`

	loc *time.Location
}

// Figures measure a set of steps against their time standards.
type Figures struct {
	Count          int      `json:"count"`
	WithinStandard int      `json:"within_standard"`
	Late           int      `json:"late"`
	SharePercent   *float64 `json:"share_within_percent"` // within / count, %
	MedianSeconds  *float64 `json:"median_seconds"`
	P90Seconds     *float64 `json:"p90_seconds"` // nearest rank
}

// StepLine is one step of the SOP.
type StepLine struct {
	Action          booking.Action `json:"action"`
	Step            string         `json:"step"` // the SOP's number, "4-5"
	StandardSeconds float64        `json:"standard_seconds"`
	Figures
}

// OfficialLine is one official in one role. An acting official (Plt./Plh.,
// a role held for dates) has a line of their own for the role they held
// acting.
type OfficialLine struct {
	UserID int64        `json:"user_id"`
	Name   string       `json:"name"`
	Role   booking.Role `json:"role"`
	Acting bool         `json:"acting"`
	Figures
}

// LateStep is a step that took longer than its standard.
type LateStep struct {
	RequestID       int64          `json:"request_id"`
	Number          string         `json:"number"` // CC-000012
	Title           string         `json:"title"`
	Action          booking.Action `json:"action"`
	Step            string         `json:"step"`
	Actor           string         `json:"actor"`
	Role            booking.Role   `json:"role"`
	Acting          bool           `json:"acting"`
	At              time.Time      `json:"at"`
	TookSeconds     float64        `json:"took_seconds"`
	StandardSeconds float64        `json:"standard_seconds"`
}

// Expired is a request whose start passed before the chain decided it.
type Expired struct {
	RequestID    int64     `json:"request_id"`
	Number       string    `json:"number"`
	Title        string    `json:"title"`
	Organization string    `json:"organization"`
	Start        time.Time `json:"start"`
	ExpiredAt    time.Time `json:"expired_at"`
	// Status is where it stood; Waiting the step nobody took, and by whom.
	Status  booking.Status `json:"status"`
	Waiting booking.Action `json:"waiting_for"`
	Role    booking.Role   `json:"waiting_role"`
}

// LeadTime counts the requests submitted in the month that start no
// earlier than the lead time allows (rules.lead_days, in working days when
// rules.working_days is set), reckoned from the moment each was submitted.
type LeadTime struct {
	LeadDays     int      `json:"lead_days"`
	WorkingDays  bool     `json:"working_days"`
	Submitted    int      `json:"submitted"`
	Met          int      `json:"met"`
	SharePercent *float64 `json:"share_met_percent"`
}

// Measured are the steps whose duration the report measures, in the SOP's
// order: every step of the chain an official takes. The applicant's
// submission is not timed, and a cancellation or an expiry is no step.
func Measured() []booking.Step {
	var out []booking.Step
	for _, s := range booking.Steps {
		if s.Number != "" && s.Action != booking.ActionSubmit {
			out = append(out, s)
		}
	}
	return out
}

// waiting is the step awaited in each state of the chain, and its role.
var waiting = map[booking.Status]booking.Action{
	booking.StatusSubmitted: booking.ActionForward,
	booking.StatusForwarded: booking.ActionDispose,
	booking.StatusDisposed:  booking.ActionCheck,
	booking.StatusChecked:   booking.ActionRelay,
	booking.StatusRelayed:   booking.ActionInform,
}

// Build makes the compliance report of the month that starts at month (any
// instant of it; the month is read in the office zone) from the office's
// logbook.
func Build(ctx context.Context, off *office.Office, month time.Time) (*Compliance, error) {
	loc := off.Location()
	y, m, _ := month.In(loc).Date()
	from := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 1, 0)
	entries, err := off.Logbook(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("compliance report: %w", err)
	}
	users, err := off.Store().Users(ctx)
	if err != nil {
		return nil, fmt.Errorf("compliance report: %w", err)
	}
	return Compute(entries, users, off.Rules(), off.Standards(), from, to), nil
}

// ParseMonth reads YYYY-MM as the first instant of that month in loc.
func ParseMonth(s string, loc *time.Location) (time.Time, error) {
	m, err := time.ParseInLocation("2006-01", s, loc)
	if err != nil || m.Year() < 1900 || m.Year() > 2200 {
		return time.Time{}, fmt.Errorf("%q is not a month from 1900-01 to 2200-12 (want YYYY-MM)", s)
	}
	return m, nil
}

// measure is one measured step.
type measure struct {
	took, standard time.Duration
}

func (x measure) late() bool { return x.standard > 0 && x.took > x.standard }

// Compute makes the report of [from, to) from the month's logbook entries
// and the staff (whose grants tell whether a step was taken acting); std
// are the standards in force, shown for a step nobody took.
//
// A step's duration is the one the logbook records: from the moment it
// became the actor's turn (the previous step) to the act. The usage report
// (step 9) cannot be made before the booking ends, so it is measured from
// the end, as the reminders measure it. A transition does not record
// whether its actor was acting: the report reads it from the user's grants
// as they are now — acting when every grant of that role the user held on
// the day is one with dates (Plt./Plh.).
func Compute(entries []store.LogEntry, users []booking.User, rules booking.Rules, std booking.Standards, from, to time.Time) *Compliance {
	loc := cmp.Or(rules.Location, time.UTC)
	c := &Compliance{Month: from.In(loc).Format("2006-01"), From: from.In(loc), To: to.In(loc), loc: loc,
		Lead: LeadTime{LeadDays: rules.LeadDays, WorkingDays: rules.WorkingDays}}
	byID := map[int64]booking.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	steps := map[booking.Action][]measure{}
	type who struct {
		id     int64
		role   booking.Role
		acting bool
	}
	officials := map[who][]measure{}
	names := map[who]string{}
	var all []measure
	for _, e := range entries {
		switch e.Action {
		case booking.ActionSubmit:
			c.Lead.Submitted++
			if !e.Start.Before(rules.Earliest(e.At)) {
				c.Lead.Met++
			}
			continue
		case booking.ActionExpire:
			a := waiting[e.From]
			var role booking.Role
			if s, ok := booking.StepFor(a); ok {
				role = s.Roles[0]
			}
			c.Expired = append(c.Expired, Expired{RequestID: e.RequestID, Number: booking.Number(e.RequestID),
				Title: e.Title, Organization: e.Organization, Start: e.Start.In(loc), ExpiredAt: e.At.In(loc),
				Status: e.From, Waiting: a, Role: role})
			continue
		}
		step, ok := booking.StepFor(e.Action)
		if !ok || step.Number == "" || e.Action == booking.ActionSubmit {
			continue
		}
		x := measure{took: took(e), standard: e.Standard}
		steps[e.Action] = append(steps[e.Action], x)
		all = append(all, x)
		u, known := byID[e.UserID]
		acting := known && actingAt(u, e.Role, e.At, loc)
		if e.UserID != 0 {
			k := who{e.UserID, e.Role, acting}
			officials[k] = append(officials[k], x)
			names[k] = e.Actor
			if known {
				names[k] = u.Name
			}
		}
		if x.late() {
			c.Late = append(c.Late, LateStep{RequestID: e.RequestID, Number: booking.Number(e.RequestID),
				Title: e.Title, Action: e.Action, Step: step.Number, Actor: cmp.Or(names[who{e.UserID, e.Role, acting}], e.Actor),
				Role: e.Role, Acting: acting, At: e.At.In(loc), TookSeconds: x.took.Seconds(),
				StandardSeconds: x.standard.Seconds()})
		}
	}
	c.Total = figures(all)
	for _, s := range Measured() {
		line := StepLine{Action: s.Action, Step: s.Number, Figures: figures(steps[s.Action]),
			StandardSeconds: std[s.Action].Seconds()}
		if list := steps[s.Action]; len(list) > 0 {
			line.StandardSeconds = list[len(list)-1].standard.Seconds()
		}
		c.Steps = append(c.Steps, line)
	}
	for k, list := range officials {
		c.Officials = append(c.Officials, OfficialLine{UserID: k.id, Name: names[k], Role: k.role,
			Acting: k.acting, Figures: figures(list)})
	}
	slices.SortFunc(c.Officials, func(a, b OfficialLine) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.UserID, b.UserID),
			cmp.Compare(roleOrder(a.Role), roleOrder(b.Role)), boolOrder(a.Acting, b.Acting))
	})
	c.Lead.SharePercent = share(c.Lead.Met, c.Lead.Submitted)
	return c
}

// Location is the office time zone the report's times are in.
func (c *Compliance) Location() *time.Location { return cmp.Or(c.loc, time.UTC) }

// took is how long e's step took; the usage report from the booking's end.
func took(e store.LogEntry) time.Duration {
	if e.Action == booking.ActionReport && e.Took > 0 {
		since := e.At.Add(-e.Took)
		if e.End.After(since) {
			return max(e.At.Sub(e.End), 0)
		}
	}
	return e.Took
}

// actingAt reports whether u held role at t only through a grant with dates.
func actingAt(u booking.User, role booking.Role, t time.Time, loc *time.Location) bool {
	dated := false
	for _, g := range u.Grants {
		if g.Role != role || !g.ActiveOn(t, loc) {
			continue
		}
		if g.From.IsZero() && g.Until.IsZero() {
			return false
		}
		dated = true
	}
	return dated
}

func figures(list []measure) Figures {
	f := Figures{Count: len(list)}
	if len(list) == 0 {
		return f
	}
	durations := make([]time.Duration, len(list))
	for i, x := range list {
		durations[i] = x.took
		if x.late() {
			f.Late++
		} else {
			f.WithinStandard++
		}
	}
	slices.Sort(durations)
	n := len(durations)
	median := durations[n/2]
	if n%2 == 0 {
		median = (durations[n/2-1] + durations[n/2]) / 2
	}
	p90 := durations[int(math.Ceil(0.9*float64(n)))-1]
	f.MedianSeconds, f.P90Seconds = seconds(median), seconds(p90)
	f.SharePercent = share(f.WithinStandard, f.Count)
	return f
}

func seconds(d time.Duration) *float64 {
	s := math.Round(d.Seconds()*1000) / 1000
	return &s
}

// share is part of whole in percent, one decimal; nil when whole is 0.
func share(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	p := math.Round(float64(part)*1000/float64(whole)) / 10
	return &p
}

func roleOrder(r booking.Role) int {
	if i := slices.Index(booking.StaffRoles, r); i >= 0 {
		return i
	}
	return len(booking.StaffRoles)
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

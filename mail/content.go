package mail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// letter writes d's email in the recipient's language.
func (m *Mailer) letter(ctx context.Context, j *job, d delivery) (*letter, error) {
	p := locale.For(d.to.lang)
	r := &j.r
	l := &letter{
		Lang: p.Lang(), Subject: m.subject(p, j, d), Name: oneLine(d.to.name), Signature: m.opt.OfficeName,
	}
	l.Paragraphs = []string{m.intro(p, j, d)}
	if conflictEvents[d.event] {
		l.Paragraphs = m.conflictIntro(p, j, d) // conflict.go
	}
	l.Details = m.details(p, r, d.to.userID != 0)
	l.Details = append(l.Details, m.notes(p, j, d.event)...)
	l.Details = append(l.Details, m.conflictNotes(p, j, d)...)
	l.Sections = append(l.Sections, m.usageSections(p, j, d.event)...)
	l.Sections = append(l.Sections, m.conflictSections(p, j, d)...)
	if err := m.report(ctx, p, j, d, l); err != nil {
		return nil, err
	}
	if d.action != "" {
		l.Actions = append(l.Actions, m.stepLink(p, j, d))
	}
	if d.to.userID != 0 {
		l.Links = append(l.Links, link{Label: p.Get("letter.staff_page"), URL: m.staffURL(r)})
	}
	if d.to.userID == 0 && r.UID != "" && d.event != EventCancelled {
		l.Actions = append(l.Actions, link{Label: p.Get("letter.track"), URL: m.trackingURL(r)})
	}
	return l, nil
}

// subject: "[CC-000012] Rapat Koordinasi – 10-12-2026 – Disposisi ke Kabid".
func (m *Mailer) subject(p *locale.Printer, j *job, d delivery) string {
	step := eventWord(p, d.event)
	if d.event == EventReminder || d.event == EventEscalation {
		step += ": " + j.p.Action.Step(p)
	}
	when := j.r.Start
	if c := j.conflict; c != nil && d.to.userID != 0 {
		when = c.Start // the occurrence in question, for staff
	}
	return p.Get("letter.subject", booking.Number(j.r.ID), oneLine(j.r.Title),
		booking.FormatDate(when, m.off.Location(), p.Lang()), step)
}

// intro is the letter's first paragraph: what happened and what is asked.
func (m *Mailer) intro(p *locale.Printer, j *job, d delivery) string {
	if conflictEvents[d.event] {
		return "" // conflictIntro words these
	}
	r := &j.r
	loc := m.off.Location()
	ref := reference(r)
	second := booking.FormatSpan(r.Start, r.End, loc, p.Lang())
	switch d.event {
	case EventChecked, EventRelayed:
		second = availability(p, r.Decision)
	case EventReminder, EventEscalation:
		second = j.p.Action.Step(p)
	}
	since := waitingSince(j.p.Action, *r, last(j.history))
	std := m.standard(j.p.Action)
	return p.Get("event."+string(d.event)+".intro", ref, second, booking.FormatMoment(since, loc, p.Lang()),
		int(std/time.Minute), j.p.Times)
}

// availability is the Kabid's decision as a letter's sentence says it:
// "tersedia", "unavailable".
func availability(p *locale.Printer, d booking.Decision) string {
	if d == booking.DecisionAvailable {
		return p.Get("letter.available")
	}
	return p.Get("letter.unavailable")
}

// standard is the office's time standard of action a.
func (m *Mailer) standard(a booking.Action) time.Duration {
	return m.off.Standards()[a]
}

// details are the request's particulars; staff also see the contact and
// the letter number.
func (m *Mailer) details(p *locale.Printer, r *booking.Request, staff bool) []detail {
	loc := m.off.Location()
	room := m.off.RoomName(r.Room)
	ds := []detail{
		{p.Get("field.number"), booking.Number(r.ID)},
		{p.Get("field.event"), oneLine(r.Title)},
		{p.Get("field.organization"), oneLine(r.Organization)},
	}
	if staff {
		contact := strings.Join(nonEmpty(oneLine(r.ContactName), r.ContactEmail, oneLine(r.ContactPhone)), ", ")
		ds = append(ds, detail{p.Get("field.applicant"), contact})
	}
	ds = append(ds, detail{p.Get("field.when"), booking.FormatSpan(r.Start, r.End, loc, p.Lang())})
	if r.Recurrence != "" {
		ds = append(ds, detail{p.Get("field.recurrence"), r.Recurrence})
	}
	ds = append(ds, detail{p.Get("field.room"), room}, detail{p.Get("field.participants"), fmt.Sprint(r.Participants)},
		detail{p.Get("field.equipment"), equipment(p, r.Equipment)})
	if staff && r.LetterNumber != "" {
		ds = append(ds, detail{p.Get("field.letter_number"), oneLine(r.LetterNumber)})
	}
	return append(ds, detail{p.Get("field.status"), r.Status.Word(p)})
}

// notes are what the officials wrote that the event passes on: the Kabid's
// decision and note, the usage report, a cancellation's reason.
func (m *Mailer) notes(p *locale.Printer, j *job, ev Event) []detail {
	var ds []detail
	switch ev {
	case EventChecked, EventRelayed, EventRejected:
		if t, ok := find(j.history, booking.ActionCheck); ok {
			ds = append(ds, detail{p.Get("field.decision"), availability(p, t.Decision)})
			if t.Note != "" {
				ds = append(ds, detail{p.Get("field.note"), t.Note})
			}
		}
	case EventReported, EventClosed:
		if t, ok := find(j.history, booking.ActionReport); ok && t.Note != "" {
			ds = append(ds, detail{p.Get("field.report"), t.Note})
		}
		if t, ok := find(j.history, booking.ActionClose); ok && ev == EventClosed && t.Note != "" {
			ds = append(ds, detail{p.Get("field.note"), t.Note})
		}
	case EventCancelled:
		if j.t.Note != "" && j.conflict == nil { // a conflict's reason: conflictNotes
			ds = append(ds, detail{p.Get("field.note"), j.t.Note})
		}
	}
	return ds
}

// report adds the re-check's conflict report for the Kabid, and the free
// alternatives for a rejected applicant.
func (m *Mailer) report(ctx context.Context, p *locale.Printer, j *job, d delivery, l *letter) error {
	if d.event != EventDisposed && d.event != EventRejected {
		return nil
	}
	rep, ok := j.reports[d.to.lang]
	if !ok {
		r := j.r
		r.Language = d.to.lang
		var err error
		if rep, err = m.off.Recheck(ctx, r); err != nil {
			return err
		}
		if j.reports == nil {
			j.reports = map[string]booking.Report{}
		}
		j.reports[d.to.lang] = rep
	}
	loc := m.off.Location()
	if d.event == EventDisposed {
		var items []string
		for _, c := range rep.Conflicts {
			items = append(items, conflictLine(p, c, loc))
		}
		for _, v := range rep.Violations {
			items = append(items, oneLine(v.Message))
		}
		if n := rep.MoreConflicts(); n > 0 {
			items = append(items, p.Get("list.more_conflicts", n))
		}
		if len(items) == 0 {
			items = []string{p.Get("word.none")}
		}
		l.Sections = append(l.Sections, section{p.Get("letter.conflicts"), items})
		if len(rep.Warnings) > 0 {
			var warn []string
			for _, v := range rep.Warnings {
				warn = append(warn, oneLine(v.Message))
			}
			if n := rep.MoreWarnings(); n > 0 {
				warn = append(warn, p.Get("list.more_warnings", n))
			}
			l.Sections = append(l.Sections, section{p.Get("list.warnings"), warn})
		}
	}
	if len(rep.Suggestions) > 0 {
		var free []string
		for _, s := range rep.Suggestions {
			free = append(free, booking.FormatSpan(s.Start, s.End, loc, p.Lang()))
		}
		l.Sections = append(l.Sections, section{p.Get("list.suggestions"), free})
	}
	return nil
}

func conflictLine(p *locale.Printer, c booking.Conflict, loc *time.Location) string {
	if c.Message != "" {
		return oneLine(c.Message)
	}
	return oneLine(c.Title) + ", " + booking.FormatSpan(c.Start, c.End, loc, p.Lang())
}

func equipment(p *locale.Printer, needs []booking.Need) string {
	if len(needs) == 0 {
		return p.Get("word.none")
	}
	var parts []string
	for _, n := range needs {
		if n.Count > 1 {
			parts = append(parts, fmt.Sprintf("%s (%d)", n.Name, n.Count))
		} else {
			parts = append(parts, n.Name)
		}
	}
	return strings.Join(parts, ", ")
}

// find returns the last transition of action a.
func find(h []booking.Transition, a booking.Action) (booking.Transition, bool) {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Action == a {
			return h[i], true
		}
	}
	return booking.Transition{}, false
}

func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

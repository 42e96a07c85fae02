package mail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// letter writes d's email in the recipient's language.
func (m *Mailer) letter(ctx context.Context, j *job, d delivery) (*letter, error) {
	w := wordsFor(d.to.lang)
	r := &j.r
	l := &letter{
		Lang: d.to.lang, Subject: m.subject(w, j, d),
		Greeting: fmt.Sprintf(w.dear, oneLine(d.to.name)), Opening: w.opening,
		Closing: w.closing, Regards: w.regards, Signature: m.signature(),
	}
	l.Paragraphs = []string{m.intro(w, j, d)}
	l.Details = m.details(w, r, d.to.userID != 0)
	l.Details = append(l.Details, m.notes(w, j, d.event)...)
	if err := m.report(ctx, w, j, d, l); err != nil {
		return nil, err
	}
	if d.action != "" {
		l.Actions = append(l.Actions, link{Label: w.actions[d.action], URL: m.actionURL(j, d.to.userID, d.action)})
	}
	if d.to.userID == 0 && r.UID != "" && d.event != EventCancelled {
		l.Actions = append(l.Actions, link{Label: w.track, URL: m.trackingURL(r)})
	}
	return l, nil
}

// subject: "[CC-000012] Rapat Koordinasi – 10-12-2026 – Disposisi ke Kabid".
func (m *Mailer) subject(w *words, j *job, d delivery) string {
	step := w.steps[d.event]
	if d.event == EventReminder || d.event == EventEscalation {
		step += ": " + w.actions[j.p.Action]
	}
	return fmt.Sprintf("[%s] %s – %s – %s", booking.Number(j.r.ID), oneLine(j.r.Title),
		w.date(j.r.Start, m.off.Location()), step)
}

// intro is the letter's first paragraph: what happened and what is asked.
func (m *Mailer) intro(w *words, j *job, d delivery) string {
	r := &j.r
	loc := m.off.Location()
	ref := fmt.Sprintf("%s \u201c%s\u201d", booking.Number(r.ID), oneLine(r.Title))
	second := w.span(r.Start, r.End, loc)
	switch d.event {
	case EventChecked, EventRelayed:
		second = w.unavailable
		if r.Decision == booking.DecisionAvailable {
			second = w.available
		}
	case EventReminder, EventEscalation:
		second = w.actions[j.p.Action]
	}
	since := waitingSince(j.p.Action, *r, last(j.history))
	std := m.standard(j.p.Action)
	return fmt.Sprintf(w.intro[d.event], ref, second, w.moment(since, loc), int(std/time.Minute), j.p.Times)
}

// standard is the office's time standard of action a.
func (m *Mailer) standard(a booking.Action) time.Duration {
	return m.off.Standards()[a]
}

// details are the request's particulars; staff also see the contact and
// the letter number.
func (m *Mailer) details(w *words, r *booking.Request, staff bool) []detail {
	loc := m.off.Location()
	room := m.off.RoomName(r.Room)
	ds := []detail{
		{w.number, booking.Number(r.ID)},
		{w.title, oneLine(r.Title)},
		{w.organization, oneLine(r.Organization)},
	}
	if staff {
		contact := strings.Join(nonEmpty(oneLine(r.ContactName), r.ContactEmail, oneLine(r.ContactPhone)), ", ")
		ds = append(ds, detail{w.applicant, contact})
	}
	ds = append(ds, detail{w.when, w.span(r.Start, r.End, loc)})
	if r.Recurrence != "" {
		ds = append(ds, detail{w.recurrence, r.Recurrence})
	}
	ds = append(ds, detail{w.room, room}, detail{w.participants, fmt.Sprint(r.Participants)},
		detail{w.equipment, equipment(w, r.Equipment)})
	if staff && r.LetterNumber != "" {
		ds = append(ds, detail{w.letterNumber, oneLine(r.LetterNumber)})
	}
	return ds
}

// notes are what the officials wrote that the event passes on: the Kabid's
// decision and note, the usage report, a cancellation's reason.
func (m *Mailer) notes(w *words, j *job, ev Event) []detail {
	var ds []detail
	switch ev {
	case EventChecked, EventRelayed, EventRejected:
		if t, ok := find(j.history, booking.ActionCheck); ok {
			dec := w.unavailable
			if t.Decision == booking.DecisionAvailable {
				dec = w.available
			}
			ds = append(ds, detail{w.decision, dec})
			if t.Note != "" {
				ds = append(ds, detail{w.note, t.Note})
			}
		}
	case EventReported, EventClosed:
		if t, ok := find(j.history, booking.ActionReport); ok {
			ds = append(ds, detail{w.report, t.Note})
		}
		if t, ok := find(j.history, booking.ActionClose); ok && ev == EventClosed && t.Note != "" {
			ds = append(ds, detail{w.note, t.Note})
		}
	case EventCancelled:
		if j.t.Note != "" {
			ds = append(ds, detail{w.note, j.t.Note})
		}
	}
	return ds
}

// report adds the re-check's conflict report for the Kabid, and the free
// alternatives for a rejected applicant.
func (m *Mailer) report(ctx context.Context, w *words, j *job, d delivery, l *letter) error {
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
			items = append(items, conflictLine(w, c, loc))
		}
		for _, v := range rep.Violations {
			items = append(items, oneLine(v.Message))
		}
		if len(items) == 0 {
			items = []string{w.noConflict}
		}
		l.Sections = append(l.Sections, section{w.conflicts, items})
		if len(rep.Warnings) > 0 {
			var warn []string
			for _, v := range rep.Warnings {
				warn = append(warn, oneLine(v.Message))
			}
			l.Sections = append(l.Sections, section{w.warnings, warn})
		}
	}
	if len(rep.Suggestions) > 0 {
		var free []string
		for _, s := range rep.Suggestions {
			free = append(free, w.span(s.Start, s.End, loc))
		}
		l.Sections = append(l.Sections, section{w.suggestions, free})
	}
	return nil
}

func conflictLine(w *words, c booking.Conflict, loc *time.Location) string {
	if c.Message != "" {
		return oneLine(c.Message)
	}
	return oneLine(c.Title) + ", " + w.span(c.Start, c.End, loc)
}

func equipment(w *words, needs []booking.Need) string {
	if len(needs) == 0 {
		return w.none
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

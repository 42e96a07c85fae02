package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// The Kabid's morning digest: on a working day (Monday to Friday, not a
// closed date nor a holiday) with standing conflicts open, from the
// office's opening hour, one job for the date (its dedupe key names it, so
// replicas and restarts enqueue it once). The worker sends each Kabid, in
// their language (Indonesian unless they chose English), the day's
// bookings, the open conflicts with links to their requests, and the steps
// of the chain past their standard; the sent log keeps a retry from sending
// a second copy.

// EventConflictDigest is the Kabid's morning digest.
const EventConflictDigest Event = "conflict_digest"

// digestCatchUp is how long after opening a digest not yet enqueued (no
// replica ran at opening) still is: a morning's.
const digestCatchUp = 3 * time.Hour

// digestPayload is the digest job's JSON: the date it is of, YYYY-MM-DD.
type digestPayload struct {
	Event Event  `json:"event"`
	Date  string `json:"date"`
}

// workingDay reports whether the date of d is Monday to Friday and the
// office is not closed on it (a closed weekday, a closed date, a holiday).
func workingDay(d time.Time, rules booking.Rules) bool {
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !rules.ClosedOn(d)
}

// digestJobs is today's digest job when it is due now, else none.
func (m *Mailer) digestJobs(ctx context.Context, now time.Time) ([]store.Job, error) {
	rules := m.off.Rules()
	day := booking.DateOf(now, m.off.Location())
	opens := day.Add(rules.Open)
	if !workingDay(day, rules) || now.Before(opens) || !now.Before(opens.Add(digestCatchUp)) {
		return nil, nil
	}
	n, err := m.st.CountOpenConflicts(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	date := day.Format(time.DateOnly)
	p, _ := json.Marshal(digestPayload{Event: EventConflictDigest, Date: date}) // strings always encode
	return []store.Job{{Kind: Kind, DedupeKey: "mail:conflict_digest:" + date, Payload: p, RunAt: now, CreatedAt: now}}, nil
}

// digestOf returns the date of a digest job.
func digestOf(sj store.Job) (string, bool) {
	if sj.RequestID != 0 {
		return "", false
	}
	var p digestPayload
	if err := json.Unmarshal(sj.Payload, &p); err != nil || p.Event != EventConflictDigest || p.Date == "" {
		return "", false
	}
	return p.Date, true
}

// digest is what a morning's digest tells.
type digest struct {
	day       time.Time
	bookings  []dayBooking
	conflicts []store.Conflict
	requests  map[int64]booking.Request // of the conflicts
	late      []turn
}

// dayBooking is an occurrence of an approved booking on the digest's day.
type dayBooking struct {
	r    booking.Request
	slot booking.Slot
}

// sendDigest emails date's digest to each Kabid not yet in the sent log;
// nothing when the conflicts closed meanwhile.
func (m *Mailer) sendDigest(ctx context.Context, sj store.Job, date string) error {
	day, err := time.ParseInLocation(time.DateOnly, date, m.off.Location())
	if err != nil {
		return outbox.Permanent(fmt.Errorf("mail: job %d: %w", sj.ID, err))
	}
	dg, err := m.collectDigest(ctx, day)
	if err != nil || len(dg.conflicts) == 0 {
		return err
	}
	ds, perm := m.toRole(ctx, nil, booking.RoleKabid, EventConflictDigest, "")
	if perm != nil && !outbox.IsPermanent(perm) {
		return perm
	}
	out := outcomes{perm: perm}
	for _, d := range ds {
		id := fmt.Sprintf("digest-%s.%s@%s", date, recipientHash(d.to.email), m.domain)
		out.add(m.sendDigestTo(ctx, sj, dg, d.to, id))
	}
	return out.err()
}

// sendDigestTo sends the digest to one Kabid unless the sent log has it.
func (m *Mailer) sendDigestTo(ctx context.Context, sj store.Job, dg *digest, to recipient, id string) error {
	if sent, err := m.st.WasSent(ctx, id); err != nil || sent {
		return err
	}
	msg, err := m.letterMessage(m.digestLetter(dg, to), to, id)
	if err != nil {
		return err
	}
	return m.sendRecorded(ctx, sj.ID, msg, to.email, id, slog.String("event", string(EventConflictDigest)),
		slog.String("date", dg.day.Format(time.DateOnly)))
}

// collectDigest reads the day's bookings, the open conflicts and the late
// steps.
func (m *Mailer) collectDigest(ctx context.Context, day time.Time) (*digest, error) {
	dg := &digest{day: day, requests: map[int64]booking.Request{}}
	var err error
	if dg.conflicts, err = m.st.Conflicts(ctx, store.ConflictFilter{Status: store.ConflictOpen}); err != nil {
		return nil, err
	}
	slices.SortFunc(dg.conflicts, func(a, b store.Conflict) int { return a.Start.Compare(b.Start) })
	for _, c := range dg.conflicts {
		if _, ok := dg.requests[c.RequestID]; ok {
			continue
		}
		if dg.requests[c.RequestID], err = m.st.Request(ctx, c.RequestID); err != nil {
			return nil, err
		}
	}
	if dg.bookings, err = m.dayBookings(ctx, day); err != nil {
		return nil, err
	}
	turns, err := m.waitingTurns(ctx)
	if err != nil {
		return nil, err
	}
	now := m.off.Now()
	for _, t := range turns {
		if _, _, late := m.overdue(t, now); late {
			dg.late = append(dg.late, t)
		}
	}
	return dg, nil
}

// dayBookings are the occurrences of approved bookings on day, by start.
func (m *Mailer) dayBookings(ctx context.Context, day time.Time) ([]dayBooking, error) {
	next := day.AddDate(0, 0, 1)
	list, err := m.st.Requests(ctx, store.Filter{
		Status: []booking.Status{booking.StatusApproved, booking.StatusPrepared, booking.StatusReported},
		From:   day, To: next})
	if err != nil {
		return nil, err
	}
	var out []dayBooking
	for _, r := range list {
		occ, err := m.st.LiveOccurrences(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, o := range occ {
			if o.Start.Before(next) && o.End.After(day) {
				out = append(out, dayBooking{r: r, slot: o.Slot})
			}
		}
	}
	slices.SortFunc(out, func(a, b dayBooking) int { return a.slot.Start.Compare(b.slot.Start) })
	return out, nil
}

// digestLetter is the digest as to reads it.
func (m *Mailer) digestLetter(dg *digest, to recipient) *letter {
	p := locale.For(to.lang)
	date := booking.WeekdayName(dg.day.Weekday(), p.Lang()) + ", " + booking.FormatDate(dg.day, m.off.Location(), p.Lang())
	l := &letter{Lang: p.Lang(), Name: oneLine(to.name), Signature: m.opt.OfficeName,
		Subject:    p.Get("conflictmail.digest.subject", date, len(dg.conflicts)),
		Paragraphs: []string{p.Get("conflictmail.digest.intro", date)}}
	var items []string
	for _, b := range dg.bookings {
		items = append(items, p.Get("conflictmail.digest.booking", m.span(p, b.slot.Start, b.slot.End),
			reference(&b.r), oneLine(b.r.Organization), m.off.RoomName(b.r.Room)))
	}
	l.Sections = append(l.Sections, section{p.Get("conflictmail.digest.bookings"), orNone(p, items)})
	items = nil
	seen := map[int64]bool{}
	for _, c := range dg.conflicts {
		r := dg.requests[c.RequestID]
		j := &job{r: r, conflict: &c}
		items = append(items, p.Get("conflictmail.digest.conflict", reference(&r), m.span(p, c.Start, c.End),
			m.cause(p, j), waitsFor(p, c)))
		if !seen[r.ID] {
			seen[r.ID] = true
			l.Links = append(l.Links, link{Label: p.Get("conflictmail.digest.open", booking.Number(r.ID)), URL: m.staffURL(&r)})
		}
	}
	l.Sections = append(l.Sections, section{p.Get("conflictmail.digest.conflicts"), items})
	items = nil
	for _, t := range dg.late {
		a, since, _ := m.overdue(t, m.off.Now())
		items = append(items, p.Get("conflictmail.digest.late_item", reference(&t.r), a.Step(p), m.moment(p, since),
			int(m.standard(a)/time.Minute)))
	}
	l.Sections = append(l.Sections, section{p.Get("conflictmail.digest.late"), orNone(p, items)})
	return l
}

// waitsFor says whose act an open conflict waits for.
func waitsFor(p *locale.Printer, c store.Conflict) string {
	if c.AwaitsSecretary() {
		return p.Get("conflictmail.digest.waits_secretary", decisionWord(p, c.Decision))
	}
	return p.Get("conflictmail.digest.waits_kabid")
}

// orNone is items, or "none" for an empty list.
func orNone(p *locale.Printer, items []string) []string {
	if len(items) == 0 {
		return []string{p.Get("word.none")}
	}
	return items
}

// letterMessage is l as an email to one recipient, with its Message-ID.
func (m *Mailer) letterMessage(l *letter, to recipient, id string) (*gomail.Msg, error) {
	text, html, err := l.render()
	if err != nil {
		return nil, fmt.Errorf("mail: render %q: %w", l.Subject, err)
	}
	addr, err := recipientAddress(to)
	if err != nil {
		return nil, outbox.Permanent(err)
	}
	msg := m.newMsg(l.Subject, id)
	msg.ToMailAddress(addr)
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return msg, nil
}

// sendRecorded sends msg to addr and records it in the sent log under id;
// the record is written even when a shutdown cancelled ctx meanwhile, or
// the job's next run would send it again.
func (m *Mailer) sendRecorded(ctx context.Context, jobID int64, msg *gomail.Msg, addr, id string, attrs ...any) error {
	if err := m.opt.Sender.Send(ctx, msg); err != nil {
		return fmt.Errorf("mail %s to %s: %w", id, addr, err)
	}
	attrs = append(attrs, slog.String("to", addr), slog.String("message_id", id))
	m.opt.Log.InfoContext(ctx, "mail sent", attrs...)
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return m.st.MarkSent(rec, id, jobID, addr, m.off.Now())
}

package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/report"
	"github.com/pelalawan/ccroom/store"
)

// The monthly SOP compliance report: on the first working day of a month
// (Monday to Friday, not a closed date nor a holiday, in the office time zone), from the
// office's opening hour, the scheduler enqueues one job for the month
// before. Its dedupe key names the month, so every replica and every
// restart enqueues the same job once; the worker sends it, in Indonesian
// with the workbook attached, to each head of office and administrator,
// and the sent log (a Message-ID per month and recipient) keeps a retried
// or re-enqueued job from sending anyone a second copy. A scheduler that
// did not run that day catches up within reportCatchUp days.

// EventComplianceReport is the monthly compliance report.
const EventComplianceReport Event = "compliance_report"

// reportCatchUp is how long after the first working day a report not yet
// enqueued (no replica ran) still is.
const reportCatchUp = 7 * 24 * time.Hour

// reportPayload is the report job's JSON: the month it reports, YYYY-MM.
type reportPayload struct {
	Event Event  `json:"event"`
	Month string `json:"month"`
}

// complianceReportJobs is the job of last month's report when it is due
// now, else none.
func (m *Mailer) complianceReportJobs(now time.Time) []store.Job {
	loc := m.off.Location()
	w := now.In(loc)
	first := FirstWorkingDay(w.Year(), w.Month(), m.off.Rules())
	if now.Before(first.Add(m.off.Rules().Open)) || !now.Before(first.Add(reportCatchUp)) {
		return nil
	}
	month := time.Date(w.Year(), w.Month()-1, 1, 0, 0, 0, 0, loc).Format("2006-01")
	p, _ := json.Marshal(reportPayload{Event: EventComplianceReport, Month: month}) // strings always encode
	return []store.Job{{Kind: Kind, DedupeKey: "mail:compliance_report:" + month, Payload: p, RunAt: now, CreatedAt: now}}
}

// FirstWorkingDay is midnight (in the office zone) of the first day of the
// month that is Monday to Friday and on which rules do not close the office
// (a closed weekday, a closed date, a holiday).
func FirstWorkingDay(year int, month time.Month, rules booking.Rules) time.Time {
	loc := rules.Location
	if loc == nil {
		loc = time.UTC
	}
	d := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	for ; d.Month() == month; d = d.AddDate(0, 0, 1) {
		if workingDay(d, rules) { // digest.go
			return d
		}
	}
	return time.Date(year, month, 1, 0, 0, 0, 0, loc) // a month closed throughout: its first day
}

// complianceReportOf returns the month of a report job.
func complianceReportOf(sj store.Job) (string, bool) {
	if sj.RequestID != 0 {
		return "", false
	}
	var p reportPayload
	if err := json.Unmarshal(sj.Payload, &p); err != nil || p.Event != EventComplianceReport || p.Month == "" {
		return "", false
	}
	return p.Month, true
}

// sendComplianceReport emails the report of month to every head of office
// and administrator not yet in the sent log.
func (m *Mailer) sendComplianceReport(ctx context.Context, sj store.Job, month string) error {
	from, err := report.ParseMonth(month, m.off.Location())
	if err != nil {
		return outbox.Permanent(fmt.Errorf("mail: job %d: %w", sj.ID, err))
	}
	users, err := m.st.Users(ctx)
	if err != nil {
		return err
	}
	now, loc := m.off.Now(), m.off.Location()
	var to []booking.User
	for _, u := range users {
		if u.HasRole(booking.RoleHead, now, loc) || u.HasRole(booking.RoleAdmin, now, loc) {
			to = append(to, u)
		}
	}
	if len(to) == 0 {
		return outbox.Permanent(fmt.Errorf("mail: compliance report %s: no user holds the role head or admin", month))
	}
	var c *report.Compliance
	var xlsx []byte
	var out outcomes
	for _, u := range to {
		id := fmt.Sprintf("report-compliance-%s.%s@%s", month, recipientHash(u.Email), m.domain)
		if sent, err := m.st.WasSent(ctx, id); err != nil || sent {
			out.add(err)
			continue
		}
		if c == nil { // built once, for the first recipient who needs it
			if c, err = report.Build(ctx, m.off, from); err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := c.WriteXLSX(&buf); err != nil {
				return fmt.Errorf("mail: compliance report %s: %w", month, err)
			}
			xlsx = buf.Bytes()
		}
		out.add(m.deliverReport(ctx, sj, u, c, xlsx, id))
	}
	return out.err()
}

// deliverReport sends the report to u and logs it sent.
func (m *Mailer) deliverReport(ctx context.Context, sj store.Job, u booking.User, c *report.Compliance, xlsx []byte, id string) error {
	msg, err := m.reportMessage(u, c, xlsx, id)
	if err != nil {
		return err
	}
	return m.sendRecorded(ctx, sj.ID, msg, u.Email, id, slog.String("event", string(EventComplianceReport)),
		slog.String("month", c.Month)) // digest.go
}

// reportLateListed is how many late steps the letter lists; the workbook
// has them all.
const reportLateListed = 10

// reportMessage is the report's email to u: in Indonesian, as the office
// files its reports, whatever u's own language; the summary in the letter,
// the late steps listed, the workbook attached.
func (m *Mailer) reportMessage(u booking.User, c *report.Compliance, xlsx []byte, id string) (*gomail.Msg, error) {
	p := locale.For(locale.Indonesian)
	loc := c.Location()
	name := report.MonthName(p, c.From)
	lt := &letter{
		Lang: p.Lang(), Subject: p.Get("report_mail.subject", name), Name: oneLine(u.Name), Signature: m.opt.OfficeName,
		Paragraphs: []string{p.Get("report_mail.intro", name, c.FileName("xlsx"))},
		Links:      []link{{Label: p.Get("report_mail.page"), URL: m.opt.BaseURL + "/staff/reports/compliance?month=" + c.Month}},
	}
	summary := c.Tables(p)[0]
	for _, row := range summary.Rows[1:] { // the month is in the subject
		lt.Details = append(lt.Details, detail{Label: row[0].S, Value: row[1].Words(p, loc)})
	}
	if len(c.Late) > 0 {
		s := section{Title: p.Get("report.late")}
		for i, l := range c.Late {
			if i == reportLateListed {
				s.Items = append(s.Items, p.Get("report_mail.more", len(c.Late)-reportLateListed))
				break
			}
			s.Items = append(s.Items, p.Get("report_mail.late_item", l.Number, l.Action.Step(p), oneLine(l.Actor),
				booking.FormatMoment(l.At, loc, p.Lang()),
				report.MinutesWords(p, l.TookSeconds), report.MinutesWords(p, l.StandardSeconds)))
		}
		lt.Sections = append(lt.Sections, s)
	}
	msg, err := m.letterMessage(lt, m.staff(u), id) // digest.go
	if err != nil {
		return nil, err
	}
	if err := msg.AttachReader(c.FileName("xlsx"), bytes.NewReader(xlsx),
		gomail.WithFileContentType(gomail.ContentType(report.TypeXLSX))); err != nil {
		return nil, err
	}
	return msg, nil
}

package web

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/locale"
	ccmail "github.com/pelalawan/ccroom/mail"
	"github.com/pelalawan/ccroom/store"
)

// processStart is when this process started: the status page's uptime.
var processStart = time.Now()

// adminFailedShown is how many failed jobs the status page lists, and
// adminErrorChars how much of each one's last error: with long errors the
// page stays under 50 KB.
const (
	adminFailedShown = 15
	adminErrorChars  = 240
)

// adminRepairWindow is how far back the page counts the Google drift
// repairs.
const adminRepairWindow = 30 * 24 * time.Hour

// adminStatusPage is templates/admin_status.html.
type adminStatusPage struct {
	pageHead
	Message    string
	Error      bool
	FormToken  string
	System     []detail
	Outbox     []detail
	Failed     []failedJobRow
	FailedMore string // "and 12 more", when the list is cut
	Google     []detail
	GoogleNone bool // the database holds no trace of a Google sync
	Mail       []detail
}

// failedJobRow is a job failed for good, with its two buttons' actions.
type failedJobRow struct {
	What, RequestLink, RequestNumber string
	Created, Failed, Attempts, Error string
	Retry, Dismiss                   string
}

// buildVersion is ccroom's version as `ccroom version` prints it: the
// module's version stamped in the build ("dev" for a build from a working
// tree), and the commit it was built from.
func buildVersion() string {
	v := "dev"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if m := info.Main.Version; m != "" && m != "(devel)" {
		v = m
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += "+" + s.Value
		}
	}
	return v
}

// showAdminStatus is GET /staff/admin/status.
func (h *handler) showAdminStatus(w http.ResponseWriter, r *http.Request) error {
	u, err := h.adminUser(r)
	if err != nil {
		return err
	}
	page, err := h.newAdminStatusPage(r, u)
	if err != nil {
		return err
	}
	if key, ok := adminMessages[r.URL.Query().Get("msg")]; ok {
		page.Message = locale.For(page.Lang).Get(key)
	}
	return renderPage(w, http.StatusOK, "admin_status", page)
}

// newAdminStatusPage reads every figure of the status page.
func (h *handler) newAdminStatusPage(r *http.Request, u booking.User) (*adminStatusPage, error) {
	ctx := r.Context()
	head := h.staffHead(r, u, "admin.status.title", "admin")
	head.Other = "/staff/admin/status?lang=" + otherLang(head.Lang)
	lang := head.Lang
	p, loc, now := locale.For(lang), h.loc(), h.office.Now()
	moment := func(t time.Time) string {
		if t.IsZero() {
			return p.Get("admin.never")
		}
		return booking.FormatMoment(t, loc, lang)
	}
	ago := func(t time.Time) string {
		if t.IsZero() {
			return p.Get("admin.never")
		}
		return p.Get("admin.ago", moment(t), duration(p, now.Sub(t)))
	}
	page := &adminStatusPage{pageHead: head, FormToken: head.Staff.FormToken}

	applied, latest, err := h.store.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	page.System = []detail{
		{p.Get("admin.status.version"), buildVersion()},
		{p.Get("admin.status.schema"), p.Get("admin.status.schema_of", applied, latest)},
		{p.Get("admin.status.driver"), h.store.Driver()},
		{p.Get("admin.status.uptime"), p.Get("admin.status.since", duration(p, time.Since(processStart)),
			moment(processStart))},
		{p.Get("admin.status.now"), moment(now)},
	}

	out, err := h.store.Outbox(ctx, now)
	if err != nil {
		return nil, err
	}
	oldest := p.Get("word.none")
	if j := out.Oldest; j != nil {
		oldest = p.Get("admin.outbox.oldest_job", jobWhat(p, *j), ago(j.CreatedAt), j.Attempts)
	}
	page.Outbox = []detail{
		{p.Get("admin.outbox.pending"), p.Get("admin.outbox.pending_of", out.Pending, out.Due)},
		{p.Get("admin.outbox.oldest"), oldest},
		{p.Get("admin.outbox.failed"), strconv.Itoa(out.Failed)},
		{p.Get("admin.outbox.done"), strconv.Itoa(out.Done)},
	}

	failed, err := h.store.FailedJobs(ctx, adminFailedShown)
	if err != nil {
		return nil, err
	}
	for _, j := range failed {
		row := failedJobRow{What: kindWord(p, j.Kind), Created: moment(j.CreatedAt), Failed: moment(j.DoneAt),
			Attempts: strconv.Itoa(j.Attempts), Error: clip(j.LastError, adminErrorChars),
			Retry:   "/staff/admin/jobs/" + strconv.FormatInt(j.ID, 10) + "/retry",
			Dismiss: "/staff/admin/jobs/" + strconv.FormatInt(j.ID, 10) + "/dismiss"}
		if j.RequestID != 0 {
			row.RequestNumber, row.RequestLink = booking.Number(j.RequestID), staffRequestPath(j.RequestID)
		}
		page.Failed = append(page.Failed, row)
	}
	if more := out.Failed - len(failed); more > 0 {
		page.FailedMore = p.Get("admin.failed.more", more)
	}

	g, err := h.store.GoogleSync(ctx, now.Add(-adminRepairWindow))
	if err != nil {
		return nil, err
	}
	pushes, err := h.store.JobStats(ctx, google.Kind)
	if err != nil {
		return nil, err
	}
	page.GoogleNone = g.LastImport.IsZero() && g.LastRepair.IsZero() && pushes == (store.JobStats{})
	page.Google = []detail{
		{p.Get("admin.google.import"), ago(g.LastImport)},
		{p.Get("admin.google.push"), ago(pushes.LastDone)},
		{p.Get("admin.google.backlog"), p.Get("admin.google.backlog_of", pushes.Pending, pushes.Failed)},
		{p.Get("admin.google.repairs"), p.Get("admin.google.repairs_of", g.Repairs, moment(g.LastRepair))},
	}

	mails, err := h.store.JobStats(ctx, ccmail.Kind)
	if err != nil {
		return nil, err
	}
	last := p.Get("admin.mail.none")
	switch m, err := h.store.LastSentMail(ctx); {
	case err == nil:
		last = p.Get("admin.mail.last_of", m.Recipient, ago(m.SentAt))
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	page.Mail = []detail{
		{p.Get("admin.mail.last"), last},
		{p.Get("admin.google.backlog"), p.Get("admin.google.backlog_of", mails.Pending, mails.Failed)},
	}
	return page, nil
}

// kindWord words a job's kind: "Email", "Google Calendar".
func kindWord(p *locale.Printer, kind string) string {
	if key := "admin.kind." + kind; p.Has(key) {
		return p.Get(key)
	}
	return kind
}

// jobWhat words a job: its kind, and the request it is for.
func jobWhat(p *locale.Printer, j store.Job) string {
	kind := kindWord(p, j.Kind)
	if j.RequestID == 0 {
		return kind
	}
	return p.Get("admin.kind.for", kind, booking.Number(j.RequestID))
}

// retryAdminJob is POST /staff/admin/jobs/{id}/retry: a job failed for
// good runs again now, its attempts counted afresh.
func (h *handler) retryAdminJob(w http.ResponseWriter, r *http.Request) error {
	u, err := h.adminPost(r)
	if err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	if err := h.office.RetryJob(r.Context(), id); err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "admin: job retried", slog.String("by", u.Email), slog.Int64("job", id))
	return adminBack(w, r, "/staff/admin/status", "retried")
}

// dismissAdminJob is POST /staff/admin/jobs/{id}/dismiss: a job failed
// for good is deleted, without running.
func (h *handler) dismissAdminJob(w http.ResponseWriter, r *http.Request) error {
	u, err := h.adminPost(r)
	if err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	if err := h.store.DismissFailedJob(r.Context(), id); err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "admin: job dismissed", slog.String("by", u.Email), slog.Int64("job", id))
	return adminBack(w, r, "/staff/admin/status", "dismissed")
}

package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// inboxLimit is how many requests a list of the inbox shows; it counts
// the rest.
const inboxLimit = 20

// upcomingDays is how far ahead "Akan datang" looks.
const upcomingDays = 14

// inboxPage is the staff's inbox (templates/staff_inbox.html): what waits
// for the reader, the rest of the chain, the bookings ahead, and the search
// form with, once used, its results in place of the lists.
type inboxPage struct {
	pageHead
	Sections []inboxSection
	Search   searchForm
	Results  *inboxSection
}

// inboxSection is one list of the inbox.
type inboxSection struct {
	ID, Title, Empty string
	Rows             []inboxRow
	More             string // how many more there are, when the list is cut
}

// inboxRow is a request as a list of the inbox shows it.
type inboxRow struct {
	Link, Number, Title, Organization, When, Status string
	Age                                             string // time in the current step against its standard
	Late, Recurring                                 bool
}

// showInbox is GET /staff: the inbox of the signed-in member of staff, or
// the results of its search (?q=, status=, month=).
func (h *handler) showInbox(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	head := h.staffHead(r, u, "nav.inbox", "inbox")
	head.Other = sameWithLang(r, otherLang(head.Lang))
	p := locale.For(head.Lang)
	page := &inboxPage{pageHead: head, Search: newSearchForm(p, r.URL.Query())}
	now := h.office.Now()
	if page.Search.active() {
		page.Results, err = h.searchResults(r, p, &page.Search, now)
	} else {
		page.Sections, err = h.inboxSections(r, p, h.office.ActorFor(u), now)
	}
	if err != nil {
		return err
	}
	return renderPage(w, http.StatusOK, "staff_inbox", page)
}

// inboxSections are the inbox's three lists for actor at now, after the
// standing conflicts that wait for them, if any.
func (h *handler) inboxSections(r *http.Request, p *locale.Printer, actor booking.Actor, now time.Time) ([]inboxSection, error) {
	mine, others := turnsOf(actor, h.office.Standards(), now)
	upcoming := store.InboxQuery{Turns: []store.Turn{{Status: booking.StatusApproved}, {Status: booking.StatusPrepared}},
		From: now, To: now.AddDate(0, 0, upcomingDays), Order: store.ByStart, Limit: inboxLimit}
	lists := []struct {
		id string
		q  store.InboxQuery
	}{
		{"waiting", store.InboxQuery{Turns: mine, Order: store.ByDue, Limit: inboxLimit}},
		{"in_process", store.InboxQuery{Turns: others, Order: store.ByDue, Limit: inboxLimit}},
		{"upcoming", upcoming},
	}
	out := make([]inboxSection, 0, len(lists)+1)
	if sec, ok, err := h.conflictSection(r.Context(), p, actor, now); err != nil {
		return nil, err
	} else if ok {
		out = append(out, sec) // first, when a conflict waits
	}
	for _, l := range lists {
		sec := inboxSection{ID: l.id, Title: p.Get("staff.section." + l.id), Empty: p.Get("staff.empty." + l.id)}
		if len(l.q.Turns) > 0 { // no turn (a user with no role in the chain): nothing is theirs
			rows, total, err := h.store.Inbox(r.Context(), l.q)
			if err != nil {
				return nil, err
			}
			h.fillSection(p, &sec, rows, total, now, l.id != "upcoming")
		}
		out = append(out, sec)
	}
	return out, nil
}

// fillSection words rows into sec, with their step's age when withAge.
func (h *handler) fillSection(p *locale.Printer, sec *inboxSection, rows []store.InboxRow, total int, now time.Time, withAge bool) {
	loc, std := h.loc(), h.office.Standards()
	sec.Rows = make([]inboxRow, len(rows))
	for i, row := range rows {
		sec.Rows[i] = inboxRow{
			Link: staffRequestPath(row.ID), Number: booking.Number(row.ID), Title: row.Title,
			Organization: row.Organization, When: booking.FormatSpan(row.Start, row.End, loc, p.Lang()),
			Status: row.Status.Word(p), Recurring: row.Recurring,
		}
		if step, ok := nextStep(row.Status); ok && withAge {
			sec.Rows[i].Age, sec.Rows[i].Late = stepAge(p, row.Since, now, std[step.Action])
		}
	}
	if n := total - len(rows); n > 0 {
		sec.More = p.Get("staff.more", n)
	}
}

// searchForm is the inbox's search, as typed.
type searchForm struct {
	Q, Status, Month string
	Statuses         []option
	MonthError       string
}

// option is a choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// newSearchForm reads the search from the query string.
func newSearchForm(p *locale.Printer, q url.Values) searchForm {
	f := searchForm{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Month: strings.TrimSpace(q.Get("month"))}
	f.Statuses = []option{{Value: "", Label: p.Get("staff.search.any_status")}}
	for _, st := range booking.Statuses {
		f.Statuses = append(f.Statuses, option{Value: string(st), Label: st.Word(p), Selected: f.Status == string(st)})
	}
	return f
}

// active says whether a search was asked for.
func (f *searchForm) active() bool { return f.Q != "" || f.Status != "" || f.Month != "" }

// numberShape is a request's number as people type it: CC-000012, cc12, 12.
var numberShape = regexp.MustCompile(`^(?i:cc-?)?0*([0-9]{1,15})$`)

// query is the search as the store asks it; false with MonthError set
// when the month cannot be read.
func (f *searchForm) query(p *locale.Printer, loc *time.Location) (store.InboxQuery, bool) {
	q := store.InboxQuery{Order: store.ByStartDesc, Limit: inboxLimit}
	if m := numberShape.FindStringSubmatch(f.Q); m != nil {
		q.ID, _ = strconv.ParseInt(m[1], 10, 64)
		if q.ID == 0 {
			q.ID = -1 // CC-000000: no request has it
		}
	} else {
		q.Text = f.Q
	}
	for _, o := range f.Statuses {
		if o.Selected {
			q.Turns = []store.Turn{{Status: booking.Status(o.Value)}}
		}
	}
	if f.Month != "" {
		from, to, err := parseMonth(f.Month, loc)
		if err != nil {
			f.MonthError = p.Get("staff.search.month_error")
			return q, false
		}
		q.From, q.To = from, to
	}
	return q, true
}

// searchResults runs the search of f.
func (h *handler) searchResults(r *http.Request, p *locale.Printer, f *searchForm, now time.Time) (*inboxSection, error) {
	sec := &inboxSection{ID: "results", Title: p.Get("staff.section.results"), Empty: p.Get("staff.empty.results")}
	q, ok := f.query(p, h.loc())
	if !ok {
		return sec, nil
	}
	rows, total, err := h.store.Inbox(r.Context(), q)
	if err != nil {
		return nil, err
	}
	h.fillSection(p, sec, rows, total, now, true)
	return sec, nil
}

// sameWithLang is the request's page in lang, its query kept.
func sameWithLang(r *http.Request, lang string) string {
	q := r.URL.Query()
	q.Set("lang", lang)
	q.Del("done")
	return r.URL.Path + "?" + q.Encode()
}

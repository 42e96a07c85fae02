package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	calendar "google.golang.org/api/calendar/v3"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
	"github.com/pelalawan/ccroom/config"
)

const regentCalendar = "c_commandcenter@group.calendar.google.com"

// regentPoll is the import's interval: the shortest the config allows.
const regentPoll = 10 * time.Second

// TestRegentsVisit (issue 12, the regent's visit end to end): a booking is
// approved; then the regent's office puts a visit into the shared Google
// Calendar over it. Within one poll there is one standing conflict and one
// email to the Kabid, and no second one however many polls see it. The
// Kabid, from the link in that email, moves the booking to the first
// alternative; the secretary, from the link in hers, carries it out. The
// applicant's email carries an invitation at the new time with a higher
// SEQUENCE; the public feed and Google show the new time; the logbook holds
// each act. The daemon runs in this process with the fake Calendar API and
// a real SMTP server.
func TestRegentsVisit(t *testing.T) {
	d, fake, sink := startSynced(t)

	// An approved booking, three weeks ahead, 09:00-11:00.
	day := time.Now().In(wib).AddDate(0, 0, 21)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, wib)
	applicant := "sekretariat@dinkes.example.go.id"
	r := d.submit(map[string]any{
		"room": "command-center", "title": "Rapat Koordinasi Stunting", "organization": "Dinas Kesehatan",
		"contact_name": "Budi Santoso", "contact_email": applicant, "contact_phone": "081234567890",
		"start": start.Format(time.RFC3339), "end": start.Add(2 * time.Hour).Format(time.RFC3339),
		"participants": 30, "visibility": "public",
	})
	d.act(r.ID, booking.RoleSecretary, "forward", "", "", "forwarded")
	d.act(r.ID, booking.RoleHead, "dispose", "", "", "disposed")
	d.act(r.ID, booking.RoleKabid, "check", "available", "Jadwal kosong", "checked")
	d.act(r.ID, booking.RoleHead, "relay", "", "", "relayed")
	approved := d.act(r.ID, booking.RoleSecretary, "inform", "", "", "approved")
	approvedInvite := waitFor(t, "the applicant's approval with its invitation", 20*time.Second, func() (*ical.Event, bool) {
		return inviteTo(t, sink, applicant, "REQUEST", approved.Sequence)
	})
	waitFor(t, "the booking pushed to Google", 20*time.Second, func() (calendar.Event, bool) {
		return googleEvent(fake, r.UID)
	})

	// The regent's office creates the visit in Google, 10:00-12:00.
	fake.Add(regentCalendar, calendar.Event{Summary: "Kunjungan Bupati",
		Start: &calendar.EventDateTime{DateTime: start.Add(time.Hour).Format(time.RFC3339)},
		End:   &calendar.EventDateTime{DateTime: start.Add(3 * time.Hour).Format(time.RFC3339)}})
	added := time.Now()
	conflicts := waitFor(t, "one standing conflict", regentPoll+10*time.Second, func() ([]apiConflict, bool) {
		list := d.conflicts("open")
		return list, len(list) > 0
	})
	found := time.Since(added)
	kabidMail := waitFor(t, "the Kabid's email", 15*time.Second, func() (sunkMessage, bool) {
		ms := messagesTo(sink, "kabid@diskominfo.example.go.id", "Konflik jadwal")
		return first(ms)
	})
	c := conflicts[0]
	if len(conflicts) != 1 || c.RequestID != r.ID || c.Code != "overlap" || !strings.Contains(c.Cause, "Kunjungan Bupati") ||
		len(c.Suggestions) == 0 {
		t.Fatalf("conflicts %+v", conflicts)
	}
	t.Logf("the conflict was found %v after the event was added (poll interval %v)", found.Round(time.Second), regentPoll)
	// More polls see the same event: still one conflict, one email.
	time.Sleep(regentPoll + 2*time.Second)
	if list := d.conflicts("open"); len(list) != 1 {
		t.Fatalf("after another poll: %d open conflicts", len(list))
	}
	if ms := messagesTo(sink, "kabid@diskominfo.example.go.id", "Konflik jadwal"); len(ms) != 1 {
		t.Fatalf("the Kabid got %d conflict emails, want 1", len(ms))
	}

	// The Kabid opens the link and moves the booking to the first alternative.
	alt := c.Suggestions[0]
	page := d.openLink(linkIn(t, kabidMail))
	choice := firstAlternative(t, page.body)
	d.postLink(page, url.Values{"choice": {choice}, "note": {"Ruang dipakai kunjungan Bupati"}})
	secMail := waitFor(t, "the secretary's email", 15*time.Second, func() (sunkMessage, bool) {
		return first(messagesTo(sink, "secretary@diskominfo.example.go.id", "Keputusan Kabid"))
	})
	page = d.openLink(linkIn(t, secMail))
	d.postLink(page, url.Values{})

	// The applicant: an invitation at the new time, SEQUENCE higher.
	moved := d.get(r.ID)
	if !moved.Start.Equal(alt.Start) || !moved.End.Equal(alt.End) || moved.Status != "approved" || moved.Sequence <= approved.Sequence {
		t.Fatalf("after the move: %+v; want %v-%v, sequence above %d", moved, alt.Start, alt.End, approved.Sequence)
	}
	ev := waitFor(t, "the applicant's updated invitation", 20*time.Second, func() (*ical.Event, bool) {
		return inviteTo(t, sink, applicant, "REQUEST", moved.Sequence)
	})
	if got, err := ev.DateTimeStart(wib); err != nil || !got.Equal(alt.Start) {
		t.Fatalf("the invitation starts %v (%v), want %v", got, err, alt.Start)
	}
	if ev.Props.Get(ical.PropUID).Value != approvedInvite.Props.Get(ical.PropUID).Value {
		t.Fatal("the updated invitation has another UID: calendars would add a second event")
	}
	// The public feed and Google show the new time.
	feed := d.do("GET", "/feeds/public.ics", nil)
	if !strings.Contains(string(feed.body), "DTSTART;TZID=Asia/Jakarta:"+alt.Start.In(wib).Format("20060102T150405")) {
		t.Fatalf("the public feed does not show the new time %v:\n%s", alt.Start, feed.body)
	}
	waitFor(t, "Google at the new time", 20*time.Second, func() (calendar.Event, bool) {
		g, ok := googleEvent(fake, r.UID)
		if !ok || g.Start == nil {
			return g, false
		}
		at, err := time.Parse(time.RFC3339, g.Start.DateTime)
		return g, err == nil && at.Equal(alt.Start)
	})
	// The logbook (of this month: the acts are of today) holds each act.
	log := d.do("GET", "/api/v1/logbook?month="+time.Now().In(wib).Format("2006-01"), nil, d.as(booking.RoleSecretary)...)
	for _, act := range []string{"conflict", "decide_conflict", "reschedule"} {
		if !bytes.Contains(log.body, []byte(`"action":"`+act+`"`)) {
			t.Fatalf("the logbook lacks %s:\n%s", act, log.body)
		}
	}
	if list := d.conflicts("resolved"); len(list) != 1 || list[0].Resolution != "moved" {
		t.Fatalf("resolved conflicts %+v", list)
	}
}

// TestRegentsVisitCalledOff (issue 12, proof "Self-resolving"): the visit
// is put into Google over an approved booking, then deleted there: the
// conflict closes by itself within a poll, and the Kabid, told of the
// conflict once, is told once that it closed.
func TestRegentsVisitCalledOff(t *testing.T) {
	d, fake, sink := startSynced(t)
	day := time.Now().In(wib).AddDate(0, 0, 14)
	start := time.Date(day.Year(), day.Month(), day.Day(), 13, 0, 0, 0, wib)
	r := d.submit(map[string]any{
		"room": "command-center", "title": "Bimtek Aplikasi", "organization": "Bappeda",
		"contact_name": "Rina", "contact_email": "rina@bappeda.example.go.id",
		"start": start.Format(time.RFC3339), "end": start.Add(2 * time.Hour).Format(time.RFC3339),
		"participants": 20, "visibility": "public",
	})
	for _, s := range []struct {
		role                   booking.Role
		action, decision, want string
	}{
		{booking.RoleSecretary, "forward", "", "forwarded"}, {booking.RoleHead, "dispose", "", "disposed"},
		{booking.RoleKabid, "check", "available", "checked"}, {booking.RoleHead, "relay", "", "relayed"},
		{booking.RoleSecretary, "inform", "", "approved"},
	} {
		d.act(r.ID, s.role, s.action, s.decision, "", s.want)
	}
	ev := fake.Add(regentCalendar, calendar.Event{Summary: "Kunjungan Bupati",
		Start: &calendar.EventDateTime{DateTime: start.Format(time.RFC3339)},
		End:   &calendar.EventDateTime{DateTime: start.Add(time.Hour).Format(time.RFC3339)}})
	waitFor(t, "the conflict", regentPoll+10*time.Second, func() ([]apiConflict, bool) {
		list := d.conflicts("open")
		return list, len(list) == 1
	})
	fake.Remove(regentCalendar, ev.Id)
	closed := waitFor(t, "the conflict closed by itself", regentPoll+10*time.Second, func() ([]apiConflict, bool) {
		list := d.conflicts("resolved")
		return list, len(list) == 1
	})
	if closed[0].Resolution != "vanished" || len(d.conflicts("open")) != 0 {
		t.Fatalf("resolved %+v", closed)
	}
	kabid := "kabid@diskominfo.example.go.id"
	waitFor(t, "the Kabid told it closed", 15*time.Second, func() (sunkMessage, bool) {
		return first(messagesTo(sink, kabid, "selesai dengan sendirinya"))
	})
	time.Sleep(regentPoll + 2*time.Second) // another poll
	var found []sunkMessage
	for _, m := range messagesTo(sink, kabid, "Konflik jadwal") {
		if strings.HasSuffix(m.subject, "Konflik jadwal") {
			found = append(found, m)
		}
	}
	told := messagesTo(sink, kabid, "selesai dengan sendirinya")
	if len(found) != 1 || len(told) != 1 {
		t.Fatalf("the Kabid got %d conflict emails and %d closing emails, want 1 and 1", len(found), len(told))
	}
}

// startSynced runs the daemon with Google sync on the fake Calendar API
// (polled every regentPoll) and email through a real SMTP server.
func startSynced(t *testing.T) (*running, *googletest.Server, *mailSink) {
	t.Helper()
	fake := googletest.New()
	t.Cleanup(fake.Close)
	sink := newMailSink(t, "")
	sink.acceptAll()
	d := startDaemonWith(t, func(cfg *config.Config) {
		cfg.Google = config.Google{Enabled: true, CalendarID: regentCalendar, Endpoint: fake.Endpoint(),
			PollInterval: regentPoll, ShowTentative: false}
		port, _ := strconv.Atoi(sink.port)
		cfg.Mail.SMTP = config.SMTP{Host: "127.0.0.1", Port: port, TLS: "none", Timeout: 10 * time.Second}
		cfg.Mail.From = "Command Center <cc@diskominfo.example.go.id>"
	})
	return d, fake, sink
}

// apiConflict is a standing conflict as the API returns it.
type apiConflict struct {
	ID          int64     `json:"id"`
	RequestID   int64     `json:"request_id"`
	Code        string    `json:"code"`
	Cause       string    `json:"cause"`
	Status      string    `json:"status"`
	Resolution  string    `json:"resolution"`
	Suggestions []apiSlot `json:"suggestions"`
}

// conflicts lists the standing conflicts of status, as the Kabid.
func (d *running) conflicts(status string) []apiConflict {
	d.t.Helper()
	res := d.do("GET", "/api/v1/conflicts?status="+status, nil, d.as(booking.RoleKabid)...)
	var list []apiConflict
	if err := json.Unmarshal(res.body, &list); err != nil || res.status != http.StatusOK {
		d.t.Fatalf("GET /api/v1/conflicts: %d %s (%v)", res.status, res.body, err)
	}
	return list
}

// waitFor polls ready until it reports true, or fails the test after limit.
func waitFor[T any](t *testing.T, what string, limit time.Duration, ready func() (T, bool)) T {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		v, ok := ready()
		if ok {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func first(ms []sunkMessage) (sunkMessage, bool) {
	if len(ms) == 0 {
		return sunkMessage{}, false
	}
	return ms[0], true
}

// messagesTo returns the messages for rcpt whose subject holds subject.
func messagesTo(sink *mailSink, rcpt, subject string) []sunkMessage {
	var out []sunkMessage
	for _, m := range sink.messages() {
		if strings.EqualFold(m.rcpt, rcpt) && strings.Contains(m.subject, subject) {
			out = append(out, m)
		}
	}
	return out
}

// googleEvent is ccroom's event of the request with uid in the fake.
func googleEvent(fake *googletest.Server, uid string) (calendar.Event, bool) {
	for _, ev := range fake.Events(regentCalendar) {
		if ev.Status != "cancelled" && ev.ExtendedProperties != nil && strings.Contains(ev.Id, strings.ToLower(strings.Map(alnum, uid))) {
			return ev, true
		}
	}
	return calendar.Event{}, false
}

func alnum(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// inviteTo finds an invitation of method with SEQUENCE seq in an email to rcpt.
func inviteTo(t *testing.T, sink *mailSink, rcpt, method string, seq int) (*ical.Event, bool) {
	t.Helper()
	for _, m := range sink.messages() {
		if !strings.EqualFold(m.rcpt, rcpt) {
			continue
		}
		for _, cal := range calendarsIn(t, m.raw) {
			if cal.Props.Get(ical.PropMethod) == nil || cal.Props.Get(ical.PropMethod).Value != method {
				continue
			}
			for _, ev := range cal.Events() {
				if p := ev.Props.Get(ical.PropSequence); p != nil && p.Value == strconv.Itoa(seq) {
					return &ev, true
				}
			}
		}
	}
	return nil, false
}

// calendarsIn decodes every text/calendar part of a raw message.
func calendarsIn(t *testing.T, raw []byte) []*ical.Calendar {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("message: %v", err)
	}
	var out []*ical.Calendar
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		ct, params, err := mime.ParseMediaType(first1(h["Content-Type"]))
		if err != nil {
			return
		}
		switch {
		case strings.HasPrefix(ct, "multipart/"):
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		case ct == "text/calendar" || ct == "application/ics":
			data, err := io.ReadAll(decodeTransfer(first1(h["Content-Transfer-Encoding"]), body))
			if err != nil {
				t.Fatalf("calendar part: %v", err)
			}
			cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
			if err != nil {
				t.Fatalf("calendar part does not parse: %v\n%s", err, data)
			}
			out = append(out, cal)
		}
	}
	walk(msg.Header, msg.Body)
	return out
}

func first1(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

var linkPattern = regexp.MustCompile(`https?://[^\s"<>]+/act/[A-Za-z0-9_\-.]+`)

// linkIn finds the signed link in a message's text.
func linkIn(t *testing.T, m sunkMessage) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.raw))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		ct, params, _ := mime.ParseMediaType(first1(h["Content-Type"]))
		if strings.HasPrefix(ct, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		}
		if ct == "text/plain" {
			b, _ := io.ReadAll(decodeTransfer(first1(h["Content-Transfer-Encoding"]), body))
			text.Write(b)
		}
	}
	walk(msg.Header, msg.Body)
	link := linkPattern.FindString(text.String())
	if link == "" {
		t.Fatalf("no signed link in %q:\n%s", m.subject, text.String())
	}
	return link
}

// linkPage is the page a signed link opened: its address and its form.
type linkPage struct {
	url  string
	body []byte
}

// openLink GETs a signed link's page.
func (d *running) openLink(link string) linkPage {
	d.t.Helper()
	res, err := http.Get(link)
	if err != nil {
		d.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		d.t.Fatalf("GET %s: %d\n%s", link, res.StatusCode, b)
	}
	return linkPage{url: link, body: b}
}

var hiddenPattern = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// postLink posts the page's form with its hidden fields and values, and
// wants the answer to be a success (200 after redirects).
func (d *running) postLink(p linkPage, values url.Values) {
	d.t.Helper()
	for _, m := range hiddenPattern.FindAllSubmatch(p.body, -1) {
		values.Set(string(m[1]), htmlUnescape(string(m[2])))
	}
	req, err := http.NewRequest("POST", p.url, strings.NewReader(values.Encode()))
	if err != nil {
		d.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", d.base)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		d.t.Fatalf("POST %s: %d\n%s", p.url, res.StatusCode, b)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

var choicePattern = regexp.MustCompile(`<input type="radio" name="choice" value="([^"]+)"`)

// firstAlternative is the value of the decision form's first alternative.
func firstAlternative(t *testing.T, page []byte) string {
	t.Helper()
	for _, m := range choicePattern.FindAllSubmatch(page, -1) {
		if v := string(m[1]); v != "keep" && v != "cancel" && v != "other" {
			return htmlUnescape(v)
		}
	}
	t.Fatalf("no alternative on the decision page:\n%s", page)
	return ""
}

// decodeTransfer undoes a part's Content-Transfer-Encoding.
func decodeTransfer(enc string, r io.Reader) io.Reader {
	switch strings.ToLower(enc) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

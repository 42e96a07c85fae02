package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/mail"
	"github.com/pelalawan/ccroom/outbox"
)

// mailbox is a real SMTP server in-process (go-smtp) that keeps every
// message it receives, with the mail worker that sends to it: the outbox of
// the env's store, run by hand (deliver).
type mailbox struct {
	t      *testing.T
	worker *outbox.Worker
	mu     sync.Mutex
	got    []letterGot
}

// letterGot is one message: its recipients and its raw text.
type letterGot struct {
	to   []string
	text string
}

func (e *env) mailbox() *mailbox {
	t := e.t
	mb := &mailbox{t: t}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailboxSession{mb: mb}, nil }))
	srv.Domain, srv.AllowInsecureAuth, srv.ErrorLog = "localhost", true, quietSMTP{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	p, _ := strconv.Atoi(port)
	m, err := mail.New(mail.Options{
		Office: e.office,
		Sender: &mail.SMTP{Config: config.SMTP{Host: host, Port: p, TLS: "none", Timeout: 5 * time.Second}},
		Mail:   config.Mail{From: "Diskominfo Pelalawan <ccroom@diskominfo.example.go.id>", Language: "id"},
		// The links start with the test server's address, so they open there.
		BaseURL: e.server.URL, Calendar: ical.Options{Domain: "ccroom.example"}, Log: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	mb.worker = &outbox.Worker{Store: e.store, Kind: mail.Kind, Handle: m.Handle, Now: e.clock.Now,
		Log: slog.New(slog.DiscardHandler)}
	return mb
}

// deliver runs the mail worker until no job is due and returns what the
// server received meanwhile.
func (mb *mailbox) deliver() []letterGot {
	mb.t.Helper()
	for range 20 {
		n, err := mb.worker.RunOnce(context.Background())
		if err != nil {
			mb.t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	mb.mu.Lock()
	defer mb.mu.Unlock()
	got := mb.got
	mb.got = nil
	return got
}

type mailboxSession struct {
	mb *mailbox
	to []string
}

func (s *mailboxSession) Reset()                               { s.to = nil }
func (s *mailboxSession) Logout() error                        { return nil }
func (s *mailboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailboxSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// Undo quoted-printable's soft line breaks, so a link reads whole.
	text := strings.ReplaceAll(string(raw), "=\r\n", "")
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.got = append(s.mb.got, letterGot{to: s.to, text: text})
	return nil
}

type quietSMTP struct{}

func (quietSMTP) Printf(string, ...any) {}
func (quietSMTP) Println(...any)        {}

// linkPath finds the sign-in link's path in an email.
func linkPath(t *testing.T, base string, m letterGot) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(base) + `(/login/link/[A-Za-z0-9_.-]+)`)
	got := re.FindStringSubmatch(m.text)
	if got == nil {
		t.Fatalf("no sign-in link in the email:\n%s", m.text)
	}
	return got[1]
}

// askLink posts the /login page's "email me a link" form.
func (v *visitor) askLink(email string) response {
	v.e.t.Helper()
	page := v.get("/login")
	return v.post("/login/link", url.Values{"form_token": {linkFormToken(v.e.t, page.body)}, "email": {email}})
}

// linkFormToken is the form token of the /login page's second form.
func linkFormToken(t *testing.T, page []byte) string {
	t.Helper()
	i := bytes.Index(page, []byte(`action="/login/link"`))
	if i < 0 {
		t.Fatalf("the page has no link form:\n%s", page)
	}
	return hiddenField(t, page[i:], "form_token")
}

// TestSigninByEmailedLink: POST /login/link emails a link (through the
// outbox and a real SMTP conversation); its GET shows a button and signs no
// one in; its POST signs in once; a second use, an expired link and a forged
// one are refused with a page that offers a new link; an unknown email gets
// the same answer and no email.
func TestSigninByEmailedLink(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		mb := e.mailbox()
		v := e.visitor()
		head := "head@diskominfo.example.go.id"
		known := v.askLink(head)
		unknown := v.askLink("nobody@diskominfo.example.go.id")
		for name, res := range map[string]response{"known": known, "unknown": unknown} {
			if res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?msg=sent" {
				t.Fatalf("POST /login/link (%s email): %d %q", name, res.status, res.header.Get("Location"))
			}
		}
		if !bytes.Equal(known.body, unknown.body) {
			t.Errorf("the answers differ:\n%s\n%s", known.body, unknown.body)
		}
		if sent := v.get("/login?msg=sent"); !strings.Contains(string(sent.body), "tautan masuk telah dikirim") {
			t.Errorf("/login?msg=sent does not say the link was sent:\n%s", sent.body)
		}
		got := mb.deliver()
		if len(got) != 1 || len(got[0].to) != 1 || got[0].to[0] != head {
			t.Fatalf("emails %+v, want one to %s", got, head)
		}
		if !strings.Contains(got[0].text, "Subject: Tautan masuk ccroom") {
			t.Errorf("subject:\n%s", got[0].text)
		}
		path := linkPath(t, e.server.URL, got[0])

		// GET shows a button, and acts not.
		browser := e.visitor()
		page := browser.get(path)
		if page.status != http.StatusOK || !strings.Contains(string(page.body), `action="`+path+`"`) ||
			!strings.Contains(string(page.body), "Masuk sekarang") {
			t.Fatalf("GET %s: %d\n%s", path, page.status, page.body)
		}
		if page.header.Get("Cache-Control") != "no-store" || page.header.Get("Set-Cookie") != "" {
			t.Errorf("GET of the link: Cache-Control %q, Set-Cookie %q", page.header.Get("Cache-Control"), page.header.Get("Set-Cookie"))
		}
		if res := browser.get("/staff/account"); res.status != http.StatusSeeOther {
			t.Fatalf("after GET of the link, /staff/account: %d (signed in by a GET)", res.status)
		}
		if again := browser.get(path); again.status != http.StatusOK {
			t.Fatalf("a second GET of the link: %d (a GET used it)", again.status)
		}
		// A POST without the page's form token: refused, the link unused.
		if res := browser.post(path, url.Values{}); res.status != http.StatusForbidden {
			t.Errorf("POST of the link without a form token: %d", res.status)
		}
		// POST signs in.
		res := browser.post(path, url.Values{"form_token": {hiddenField(t, page.body, "form_token")}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff" {
			t.Fatalf("POST %s: %d %q\n%s", path, res.status, res.header.Get("Location"), res.body)
		}
		if acc := browser.get("/staff/account"); acc.status != http.StatusOK || !strings.Contains(string(acc.body), head) {
			t.Fatalf("signed in by the link, /staff/account: %d", acc.status)
		}
		// The same link again: used.
		other := e.visitor()
		if gone := other.get(path); gone.status != http.StatusGone || !strings.Contains(string(gone.body), "sudah dipakai") ||
			!strings.Contains(string(gone.body), `action="/login/link"`) {
			t.Errorf("GET of a used link: %d\n%s", gone.status, gone.body)
		}
		res = other.post(path, url.Values{"form_token": {hiddenField(t, page.body, "form_token")}})
		if res.status != http.StatusGone || other.cookie() != "" && other.get("/staff/account").status == http.StatusOK {
			t.Errorf("a second POST of the link: %d", res.status)
		}

		// Expired: 16 minutes after it was asked for.
		if res := e.visitor().askLink(head); res.status != http.StatusSeeOther {
			t.Fatalf("second POST /login/link: %d", res.status)
		}
		got = mb.deliver()
		if len(got) != 1 {
			t.Fatalf("%d emails for the second link", len(got))
		}
		late := linkPath(t, e.server.URL, got[0])
		lateVisitor := e.visitor()
		fresh := lateVisitor.get(late)
		e.clock.advance(16 * time.Minute)
		if gone := lateVisitor.get(late); gone.status != http.StatusGone || !strings.Contains(string(gone.body), "kedaluwarsa") {
			t.Errorf("GET of an expired link: %d\n%s", gone.status, gone.body)
		}
		res = lateVisitor.post(late, url.Values{"form_token": {hiddenField(t, fresh.body, "form_token")}})
		if res.status != http.StatusGone || !strings.Contains(string(res.body), "kedaluwarsa") {
			t.Errorf("POST of an expired link: %d", res.status)
		}
		if lateVisitor.get("/staff/account").status != http.StatusSeeOther {
			t.Error("an expired link signed in")
		}
		// Forged.
		forged := strings.TrimSuffix(path, path[len(path)-3:]) + "AAA"
		if res := e.visitor().get(forged); res.status != http.StatusBadRequest || !strings.Contains(string(res.body), "tidak sah") {
			t.Errorf("GET of a forged link: %d\n%s", res.status, res.body)
		}
		if res := e.visitor().get("/login/link/garbage"); res.status != http.StatusBadRequest {
			t.Errorf("GET /login/link/garbage: %d", res.status)
		}
		if got := mb.deliver(); len(got) != 0 {
			t.Errorf("%d more emails", len(got))
		}
		// Recorded: three links asked for (two emailed, one to an unknown
		// email), one used, the uses that failed.
		all, err := e.store.Signins(t.Context(), day(1, 1, 0, 0), day(12, 31, 0, 0), 0)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, s := range all {
			count[fmt.Sprintf("%s %v", s.Method, s.OK)]++
		}
		if count["link_request true"] != 2 || count["link_request false"] != 1 || count["link true"] != 1 ||
			count["link false"] < 1 || count["password true"]+count["password false"] != 0 {
			t.Errorf("recorded %v", count)
		}
	})
}

// TestSigninLinkLimits: an account gets at most 5 links in 15 minutes
// (a sixth request reads the same and sends nothing), an address may ask
// 20 times; requests are not failures, so the last link emailed still signs
// in, and so does a link after five wrong passwords.
func TestSigninLinkLimits(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	mb := e.mailbox()
	v := e.visitor()
	for i := range signinMaxPerAccount + 1 {
		if res := v.askLink("kabid@diskominfo.example.go.id"); res.status != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i+1, res.status)
		}
	}
	got := mb.deliver()
	if len(got) != signinMaxPerAccount {
		t.Fatalf("%d emails, want %d", len(got), signinMaxPerAccount)
	}
	e.setPassword("kabid")
	for range signinMaxPerAccount {
		v.login("kabid", "not-the-password")
	}
	path := linkPath(t, e.server.URL, got[len(got)-1])
	page := v.get(path)
	res := v.post(path, url.Values{"form_token": {hiddenField(t, page.body, "form_token")}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff" {
		t.Fatalf("the last link after 6 requests and 5 wrong passwords: %d %q", res.status, res.header.Get("Location"))
	}
	v = e.visitor() // another browser, the same address
	for i := range signinMaxPerAddress - signinMaxPerAccount - 1 {
		if res := v.askLink(fmt.Sprintf("nobody%d@diskominfo.example.go.id", i)); res.status != http.StatusSeeOther {
			t.Fatalf("request %d from the address: %d", i, res.status)
		}
	}
	res = v.askLink("head@diskominfo.example.go.id")
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Fatalf("request %d from one address: %d Retry-After %q", signinMaxPerAddress+1, res.status, res.header.Get("Retry-After"))
	}
	if got := mb.deliver(); len(got) != 0 {
		t.Errorf("%d emails past the limits", len(got))
	}
	if res := v.post("/login/link", url.Values{"email": {"kabid@diskominfo.example.go.id"}}); res.status != http.StatusForbidden {
		t.Errorf("no form token: %d", res.status)
	}
}

// TestSigninLinkNotStaff: a user who holds no role today is told the
// same and gets no email.
func TestSigninLinkNotStaff(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	mb := e.mailbox()
	if res := e.visitor().askLink("former@diskominfo.example.go.id"); res.status != http.StatusSeeOther {
		t.Fatalf("POST /login/link: %d", res.status)
	}
	if got := mb.deliver(); len(got) != 0 {
		t.Errorf("a former member of staff got %d emails", len(got))
	}
	// A link signed for them anyway (their role ended after it was sent).
	u, err := e.store.UserByEmail(t.Context(), "former@diskominfo.example.go.id")
	if err != nil {
		t.Fatal(err)
	}
	token := e.office.SignSignin(e.office.NewSigninLink(u.ID))
	if res := e.visitor().get("/login/link/" + token); res.status != http.StatusBadRequest {
		t.Errorf("a former member's link: %d", res.status)
	}
}

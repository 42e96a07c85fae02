package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// smtpd is a real SMTP server in-process (go-smtp) that keeps what it
// receives. It can refuse with 451 for a number of attempts, and refuse some
// recipients for good with 550.
type smtpd struct {
	addr string

	mu        sync.Mutex
	received  []*received
	tempFails int             // MAIL FROM attempts still to refuse with 451
	reject    map[string]bool // recipients refused with 550
}

// received is one message as the server got it, parsed.
type received struct {
	to      []string
	header  mail.Header
	subject string
	parts   map[string]string // media type -> decoded body (first of each)
	params  map[string]map[string]string
	files   map[string][]byte // attachment file name -> content
}

func newSMTPD(t *testing.T) *smtpd {
	t.Helper()
	d := &smtpd{reject: map[string]bool{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{d: d}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = nopLogger{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return d
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

func (d *smtpd) failNext(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.tempFails = n
}

// take returns what arrived since the last take.
func (d *smtpd) take() []*received {
	d.mu.Lock()
	defer d.mu.Unlock()
	got := d.received
	d.received = nil
	return got
}

type session struct {
	d  *smtpd
	to []string
}

func (s *session) Reset()        { s.to = nil }
func (s *session) Logout() error { return nil }

func (s *session) Mail(string, *smtp.MailOptions) error {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	if s.d.tempFails > 0 {
		s.d.tempFails--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	if s.d.reject[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parseMessage(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparsable: " + err.Error()}
	}
	m.to = s.to
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	s.d.received = append(s.d.received, m)
	return nil
}

// parseMessage reads a message with net/mail and mime/multipart.
func parseMessage(raw []byte) (*received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m := &received{header: msg.Header, parts: map[string]string{}, params: map[string]map[string]string{},
		files: map[string][]byte{}}
	m.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return nil, err
	}
	return m, m.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"),
		msg.Header.Get("Content-Disposition"), msg.Body)
}

// walk decodes one entity, descending into multiparts.
func (m *received) walk(ctype, cte, disp string, body io.Reader) error {
	media, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"),
				p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(cte) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if d, dp, err := mime.ParseMediaType(disp); err == nil && d == "attachment" {
		m.files[dp["filename"]] = data
		return nil
	}
	if _, seen := m.parts[media]; !seen {
		text := string(data)
		if media != "text/calendar" {
			text = strings.ReplaceAll(text, "\r\n", "\n")
		}
		m.parts[media], m.params[media] = text, params
	}
	return nil
}

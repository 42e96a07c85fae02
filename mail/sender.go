package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/outbox"
)

// Sender delivers one message. An error made by outbox.Permanent means the
// server refused it for good (5xx); any other error is worth a retry.
type Sender interface {
	Send(ctx context.Context, msg *gomail.Msg) error
}

// NewSender is the sender cfg asks for: SMTP when mail.smtp.host is set,
// else .eml files under data_dir/mail.
func NewSender(cfg *config.Config, log *slog.Logger) Sender {
	if cfg.Mail.SMTP.Enabled() {
		return &SMTP{Config: cfg.Mail.SMTP}
	}
	return &Files{Dir: filepath.Join(cfg.DataDir, "mail"), Log: log}
}

// SMTP sends through a mail server with go-mail: STARTTLS, TLS or none, with
// authentication when a username is set, every connection and command
// bounded by the timeout. Each message opens its own connection.
type SMTP struct {
	Config config.SMTP
}

// Send implements Sender.
func (s *SMTP) Send(ctx context.Context, msg *gomail.Msg) error {
	c, err := gomail.NewClient(s.Config.Host, s.options()...)
	if err != nil {
		return outbox.Permanent(fmt.Errorf("smtp: %w", err))
	}
	return classify(c.DialAndSendWithContext(ctx, msg))
}

func (s *SMTP) options() []gomail.Option {
	cfg := s.Config
	opts := []gomail.Option{gomail.WithPort(cfg.Port)}
	if cfg.Timeout > 0 {
		opts = append(opts, gomail.WithTimeout(cfg.Timeout))
	}
	switch cfg.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	return opts
}

// classify marks a server's permanent refusal (a 5xx reply to the message)
// as permanent; 4xx replies and connection errors stay retryable.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *gomail.SendError
	if errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
		return outbox.Permanent(fmt.Errorf("smtp: %w", err))
	}
	return fmt.Errorf("smtp: %w", err)
}

// Files writes each message as an .eml file named after its Message-ID and
// logs it: the embedded default, so a new installation shows its email.
type Files struct {
	Dir string
	Log *slog.Logger
}

// Send implements Sender.
func (f *Files) Send(ctx context.Context, msg *gomail.Msg) error {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	path := filepath.Join(f.Dir, fileName(msg.GetMessageID())+".eml")
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o640); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if f.Log != nil {
		subject := msg.GetGenHeader(gomail.HeaderSubject)
		f.Log.InfoContext(ctx, "mail written to a file (no SMTP configured)", slog.String("file", path),
			slog.Any("to", msg.GetToString()), slog.Any("subject", subject))
	}
	return nil
}

// fileName keeps the letters, digits and ".-_@" of a Message-ID.
func fileName(id string) string {
	id = strings.Trim(id, "<>")
	b := []byte(id)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-_@", c) >= 0
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "message"
	}
	return string(b)
}

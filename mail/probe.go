package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/locale"
)

// SendTest sends a short test message to address through s, from cfg's
// mail.from, in cfg's language: `ccroom mail test`.
func SendTest(ctx context.Context, s Sender, cfg config.Mail, to string, now time.Time) error {
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return fmt.Errorf("mail.from %q: %w", cfg.From, err)
	}
	if _, err := mail.ParseAddress(to); err != nil {
		return fmt.Errorf("--to %q: %w", to, err)
	}
	p := locale.For(cfg.Language)
	l := &letter{Lang: p.Lang(), Subject: "[ccroom] " + p.Get("letter.test.subject"), Name: to,
		Signature: from.Name, Paragraphs: []string{p.Get("letter.test.body")}}
	text, html, err := l.render()
	if err != nil {
		return err
	}
	random := make([]byte, 8)
	_, _ = rand.Read(random)
	_, domain, _ := strings.Cut(from.Address, "@")
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	if err := msg.To(to); err != nil {
		return fmt.Errorf("--to %q: %w", to, err)
	}
	msg.Subject(l.Subject)
	msg.SetMessageIDWithValue("test." + hex.EncodeToString(random) + "@" + domain)
	msg.SetDateWithValue(now)
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return s.Send(ctx, msg)
}

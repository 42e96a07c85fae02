package browser

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestApplicantPage: the applicant opens the tracking link of the receipt
// on a phone, sees the status in words on a page that fits the screen,
// taps "Batalkan permohonan" and sees the request cancelled, which the API
// confirms.
func TestApplicantPage(t *testing.T) {
	needChromium(t)
	s := startSite(t)
	ctx := phone(t)
	id, token := s.submit("Rapat Koordinasi Stunting")

	page := fmt.Sprintf("%s/requests/%d?token=%s", s.base, id, token)
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(page))
	if err != nil {
		t.Fatalf("open the page: %v", err)
	}
	if res.Status != http.StatusOK {
		t.Fatalf("the page answered %d", res.Status)
	}
	if got := text(t, ctx, "#status"); !strings.Contains(got, "Diajukan") {
		t.Errorf("status shown: %q, want Diajukan", got)
	}
	if got := text(t, ctx, "h1"); !strings.Contains(got, fmt.Sprintf("CC-%06d", id)) {
		t.Errorf("heading %q lacks the request's number", got)
	}
	fitsPhone(t, ctx, "applicant page")

	res, err = chromedp.RunResponse(ctx,
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Batalkan permohonan"]`)))
	if err != nil {
		t.Fatalf("tap Batalkan permohonan: %v", err)
	}
	if res.Status != http.StatusOK || !strings.Contains(res.URL, "done=cancelled") {
		t.Fatalf("after the tap: %d %s", res.Status, res.URL)
	}
	if got := text(t, ctx, "#status"); !strings.Contains(got, "Dibatalkan") {
		t.Errorf("status after cancel: %q, want Dibatalkan", got)
	}
	if got := text(t, ctx, "#message"); !strings.Contains(got, "dibatalkan") {
		t.Errorf("message after cancel: %q", got)
	}
	gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#cancel") === null`))
	if err != nil || !gone {
		t.Errorf("the cancel form is still there (%v)", err)
	}
	fitsPhone(t, ctx, "applicant page after cancel")

	m := s.api("GET", fmt.Sprintf("/api/v1/requests/%d?token=%s", id, token), nil, http.StatusOK)
	if m["status"] != "cancelled" {
		t.Errorf("API status after cancel: %v", m["status"])
	}
}

// TestActionLinkPage: the secretary opens the signed link of the email the
// daemon wrote for them, on a phone; the page fits, the button forwards the
// request, the page says so, and the API shows the request moved on.
func TestActionLinkPage(t *testing.T) {
	needChromium(t)
	s := startSite(t)
	ctx := phone(t)
	id, _ := s.submit("Bimbingan Teknis SPBE")

	link := actionLink(t, s, "secretary@diskominfo.example.go.id")
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(link)); err != nil {
		t.Fatalf("open the link: %v", err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Bimbingan Teknis SPBE") {
		t.Errorf("the page does not show the request:\n%s", got)
	}
	fitsPhone(t, ctx, "action page")
	styled(t, ctx, "button", "backgroundColor", "rgb(11, 83, 148)")

	res, err := chromedp.RunResponse(ctx,
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Teruskan ke Kepala Dinas"]`)))
	if err != nil {
		t.Fatalf("tap the button: %v", err)
	}
	if res.Status != http.StatusOK {
		t.Fatalf("the step answered %d", res.Status)
	}
	if got := text(t, ctx, ".msg"); !strings.Contains(got, "Terima kasih") ||
		!strings.Contains(got, "Diteruskan ke Kepala Dinas") || strings.Contains(got, "forwarded") {
		t.Errorf("message after the step: %q, want the new status in words", got)
	}
	fitsPhone(t, ctx, "action page after the step")

	m := s.api("GET", fmt.Sprintf("/api/v1/requests/%d", id), nil, http.StatusOK,
		"Authorization", "Bearer "+s.tokens["secretary"])
	if m["status"] != "forwarded" {
		t.Errorf("API status after the step: %v, want forwarded", m["status"])
	}
}

// TestSubscribePage: /feeds fits a phone, offers the webcal:// link and
// shows the QR code (an image that loaded).
func TestSubscribePage(t *testing.T) {
	needChromium(t)
	s := startSite(t)
	ctx := phone(t)
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(s.base+"/feeds")); err != nil {
		t.Fatalf("open /feeds: %v", err)
	}
	fitsPhone(t, ctx, "subscribe page")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(document.querySelector('a[href^="webcal://"]') || {}).href || ""`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "webcal://" + strings.TrimPrefix(s.base, "http://") + "/feeds/public.ics"; href != want {
		t.Errorf("webcal link %q, want %q", href, want)
	}
	w, err := chromedp.Run(ctx, chromedp.Poll[int](
		`(() => { const i = document.querySelector('img[src$="/feeds/public.png"]'); return i && i.complete && i.naturalWidth; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("the QR code did not load: %v", err)
	}
	if w <= 0 {
		t.Errorf("QR code naturalWidth %d", w)
	}
}

// actionLink waits (up to 10 s) for the daemon's .eml file to the address
// and returns the signed /act/ link in it.
func actionLink(t *testing.T, s *site, to string) string {
	t.Helper()
	return mailLink(t, s, to, `/act/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
}

// mailLink waits (up to 15 s) for the newest .eml file the daemon wrote to
// the address (under data_dir/mail: no SMTP is configured) with a link to
// the site whose path matches pathRE, and returns that link.
func mailLink(t *testing.T, s *site, to, pathRE string) string {
	t.Helper()
	dir := filepath.Join(s.cfg.DataDir, "mail")
	re := regexp.MustCompile(regexp.QuoteMeta(s.base) + pathRE)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		var link string
		var newestAt time.Time
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			m, err := mail.ReadMessage(bytes.NewReader(raw))
			if err != nil || !strings.Contains(m.Header.Get("To"), to) {
				continue
			}
			fi, err := os.Stat(f)
			if err != nil || !fi.ModTime().After(newestAt) {
				continue
			}
			body, err := decodedText(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
			if err != nil {
				t.Fatalf("read %s: %v", f, err)
			}
			if l := re.FindString(body); l != "" {
				link, newestAt = l, fi.ModTime()
			}
		}
		if link != "" {
			return link
		}
	}
	t.Fatalf("no email to %s with a link %s in %s after 15 s\n%s", to, pathRE, dir, s.logs)
	return ""
}

// decodedText is every text part of a MIME entity, decoded and joined.
func decodedText(contentType, encoding string, body io.Reader) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out strings.Builder
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return out.String(), nil
			}
			if err != nil {
				return out.String(), err
			}
			s, err := decodedText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			if err != nil {
				return out.String(), err
			}
			out.WriteString(s)
			out.WriteString("\n")
		}
	}
	if !strings.HasPrefix(mt, "text/") {
		return "", nil
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // it skips line breaks
	}
	b, err := io.ReadAll(body)
	return string(b), err
}
